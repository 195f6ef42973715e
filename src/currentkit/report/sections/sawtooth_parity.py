"""The T = 0 sawtooth of N free electrons: parity effects, I ∝ N, and the lattice at low filling.

Spinless: I = −2I0·saw(f − c), saw(y) = y − round(y), I0 = e·v_F/L, v_F = ħπN/(m_eL), c = 0 for
N odd (diamagnetic: I < 0 for small f > 0) and c = 1/2 for N even (paramagnetic). Spin-1/2: two
species of ⌈N/2⌉ and ⌊N/2⌋ electrons, so the rule runs on N mod 4 (N ≡ 2: diamagnetic, N ≡ 0:
paramagnetic, N odd: one of each, a half period). Sign convention I = −∂E/∂Φ, f = Φ/Φ0, Φ0 = h/e.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, rings, units
from currentkit.report.section import Row, Section

NAME = "sawtooth_parity"
#: Ring radius R (m).
RADIUS = 1e-6
#: Lattice check: L sites, N electrons, t = 1 eV, a = 1 nm.
LATTICE_SITES, LATTICE_ELECTRONS = 400, 5
LATTICE_UNITS = units.LatticeUnits(hopping_ev=1.0, spacing=1e-9)
#: Distance from f = ±1/2 of the grid edge used for the peak-to-peak amplitude.
EDGE = 1e-6


def unit_current(electrons: float, mass: float, circumference: float) -> float:
    """I0 = e·v_F/L (A) of one species of ``electrons`` with v_F = ħπN/(mL)."""
    v_f = units.HBAR * math.pi * electrons / (mass * circumference)
    return units.ELEMENTARY_CHARGE * v_f / circumference


def closed_form(flux: np.ndarray, electrons: int, spin: bool, mass: float = units.ELECTRON_MASS,
                radius: float = RADIUS) -> np.ndarray:
    """T = 0 sawtooth (A) of N electrons, spinless or spin-1/2 (species ⌈N/2⌉ and ⌊N/2⌋)."""
    species = [(electrons + 1) // 2, electrons // 2] if spin else [electrons]
    total = np.zeros_like(flux, dtype=float)
    for n in species:
        if n:
            y = flux - (0.0 if n % 2 else 0.5)
            total -= 2 * unit_current(n, mass, 2 * math.pi * radius) * (y - np.round(y))
    return total


def _current(ring: rings.ContinuumRing | rings.LatticeRing, flux: object, n: int) -> np.ndarray:
    return rings.persistent_current(ring, flux, electrons=n)["current"].to_numpy()


def _figure(folder: Path, flux: np.ndarray, curves: dict[tuple[int, bool], np.ndarray]) -> str:
    fig, axes = plotting.new_figure(2, width=5.0, height=3.8)
    styles = {5: ("C0", "-"), 6: ("C3", "--"), 10: ("C0", "-"), 12: ("C3", "--"), 11: ("C2", ":")}
    for (n, spin), current in curves.items():
        ax = axes[1] if spin else axes[0]
        i0 = unit_current(n / (2 if spin else 1), units.ELECTRON_MASS, 2 * math.pi * RADIUS)
        parity = f"N mod 4 = {n % 4}" if spin else ("odd" if n % 2 else "even")
        color, style = styles[n]
        ax.plot(*plotting.break_jumps(flux, current / i0), color=color, ls=style, lw=1.6,
                label=f"N = {n} ({parity})")
    for ax, title in zip(axes, ("spinless", "spin-1/2 (two species)"), strict=True):
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.set_xlabel(plotting.flux_label())
        ax.set_xticks(np.arange(-1.0, 1.01, 0.5))
        ax.set_ylabel(r"$I/I_0$,  $I_0 = e v_F/L$ (per species)")
        ax.set_title(f"T = 0 sawtooth, {title}, R = 1 µm")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=3, fontsize=8,
                  frameon=False)
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Sawtooth parity and scaling rows, and the lattice ring against the continuum."""
    ring, spin_ring = rings.ContinuumRing(RADIUS), rings.ContinuumRing(RADIUS, spin=True)
    length = 2 * math.pi * RADIUS
    flux = np.linspace(-1.0, 1.0, 801)
    cases = [(5, False), (6, False), (10, True), (12, True), (11, True)]
    curves = {(n, s): _current(spin_ring if s else ring, flux, n) for n, s in cases}
    off_jumps = np.arange(-1.0, 1.0, 1 / 200) + 1 / 400
    worst = max(
        float(np.max(np.abs(_current(spin_ring if s else ring, off_jumps, n)
                            - closed_form(off_jumps, n, s)))) / unit_current(n, units.ELECTRON_MASS,
                                                                            length)
        for n, s in cases
    )
    edge = _current(ring, [0.5 - EDGE, -0.5 + EDGE], 5)
    i0 = unit_current(5, units.ELECTRON_MASS, length)
    quarter = {(n, s): float(_current(spin_ring if s else ring, [0.25], n)[0]) for n, s in cases}
    i0_spin = {n: unit_current(n / 2, units.ELECTRON_MASS, length) for n in (10, 12)}
    lat = rings.LatticeRing(LATTICE_SITES)
    lat_si = float(_current(lat, [0.25], LATTICE_ELECTRONS)[0]) * LATTICE_UNITS.current
    lat_radius = LATTICE_SITES * LATTICE_UNITS.spacing / (2 * math.pi)
    lat_theory = float(closed_form(np.array([0.25]), LATTICE_ELECTRONS, False,
                                   LATTICE_UNITS.band_mass, lat_radius)[0])
    k_f_a = math.pi * LATTICE_ELECTRONS / LATTICE_SITES
    rows = (
        Row("peak-to-peak ΔI = max I − min I, N = 5 spinless", float(edge.max() - edge.min()),
            2 * i0, "A", 1e-5, note="theory 2e·v_F/L; the grid stops 10⁻⁶ before the jumps"),
        Row("sawtooth_amplitude(ring, 5) (library helper)", rings.sawtooth_amplitude(ring, 5), i0,
            "A", 1e-12, note="theory e·v_F/L, v_F = ħπN/(m_eL); rounding only"),
        Row("I(1/4)/I0, N = 5 spinless (odd: diamagnetic)", quarter[(5, False)] / i0, -0.5, "1",
            1e-9, note="−2·saw(1/4) = −1/2"),
        Row("I(1/4)/I0, N = 6 spinless (even: paramagnetic)",
            quarter[(6, False)] / unit_current(6, units.ELECTRON_MASS, length), 0.5, "1", 1e-9,
            note="−2·saw(1/4 − 1/2) = +1/2"),
        Row("I(1/4)/I0, N = 10 spin-1/2 (N mod 4 = 2)", quarter[(10, True)] / i0_spin[10], -1.0,
            "1", 1e-9, note="two diamagnetic species of 5"),
        Row("I(1/4)/I0, N = 12 spin-1/2 (N mod 4 = 0)", quarter[(12, True)] / i0_spin[12], 1.0,
            "1", 1e-9, note="two paramagnetic species of 6"),
        Row("I(1/4; N = 15)/I(1/4; N = 5), spinless", float(_current(ring, [0.25], 15)[0])
            / quarter[(5, False)], 3.0, "1", 1e-9, note="I ∝ N at fixed R"),
        Row("max |I − closed form|/I0 off the jumps, all five cases", worst, 0.0, "1", 1e-9,
            check="absolute", note="closed form written in this section; rounding only"),
        Row(f"lattice ring L = {LATTICE_SITES}, N = {LATTICE_ELECTRONS}, t = 1 eV, a = 1 nm: "
            "I(1/4) vs continuum with m = ħ²/(2ta²)", lat_si, lat_theory, "A", k_f_a**2 / 6,
            note=f"tolerance (k_F a)²/6 = {k_f_a**2 / 6:.3g}: band curvature, sin q ≈ q − q³/6"),
    )
    intro = (
        "N free electrons on a clean ring at T = 0 fill the N lowest levels E_ℓ = ε0(ℓ + f)². "
        "For N odd the Fermi sea is symmetric and I = −2I0·f for |f| < 1/2 (diamagnetic), with "
        "I0 = e·v_F/L; for N even the last electron has a choice, the sawtooth is shifted by "
        "half a flux quantum and the response at small flux is paramagnetic. The amplitude "
        "grows with N at fixed R (I ∝ v_F ∝ N). With spin, the two species hold ⌈N/2⌉ and "
        "⌊N/2⌋ electrons: N ≡ 2 (mod 4) is diamagnetic, N ≡ 0 paramagnetic, and for N odd a "
        "diamagnetic and a paramagnetic sawtooth add to a curve of nearly half the period."
        "\n\n"
        "The last row sets the tight-binding ring (E_k = −2t cos((2πk − φ)/L), units t = a = "
        "ħ = e = 1, converted to amperes for t = 1 eV, a = 1 nm) beside the continuum closed "
        "form for the band mass m = ħ²/(2ta²) and the same circumference; they differ by the "
        "band curvature, at most (k_F a)²/6 in relative terms."
    )
    return Section(title="Sawtooth and parity of N free electrons (T = 0)", intro=intro,
                   figures=(_figure(folder, flux, curves),), rows=rows)
