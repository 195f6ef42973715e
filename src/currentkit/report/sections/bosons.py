"""Bosons against fermions at T = 0: the condensate sawtooth N·i_0(Φ).

N spinless bosons of charge −e on a ring all occupy the lowest level, so I = N·i_0(f) with
i_0(f) = −eħ·saw(f)/(2πm_eR²), saw(y) = y − round(y): diamagnetic for every N, amplitude
N·eħ/(4πm_eR²) at f → 1/2⁻. Spinless fermions give the same curve for N odd (a symmetric Fermi
sea has Σ(ℓ + f) = N·f) but the opposite, paramagnetic, sign for N even. Sign convention
I = −∂E/∂Φ, f = Φ/Φ0, Φ0 = h/e.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, rings, units
from currentkit.report.section import Row, Section

NAME = "bosons"
#: Ring radius R (m).
RADIUS = 1e-6
#: Distance from f = ±1/2 of the grid edge used for the amplitude.
EDGE = 1e-6


def condensate(flux: np.ndarray, particles: int) -> np.ndarray:
    """I = N·i_0(f) = −N·eħ·saw(f)/(2πm_eR²) (A), all bosons in the lowest level."""
    unit = units.ELEMENTARY_CHARGE * units.HBAR / (2 * math.pi * units.ELECTRON_MASS * RADIUS**2)
    return -particles * unit * (flux - np.round(flux))


def amplitude(particles: int) -> float:
    """N·eħ/(4πm_eR²) (A): |I| of the condensate at f → 1/2⁻."""
    return particles * units.ELEMENTARY_CHARGE * units.HBAR / (
        4 * math.pi * units.ELECTRON_MASS * RADIUS**2)


def _current(ring: rings.ContinuumRing, flux: np.ndarray | list[float], n: int) -> np.ndarray:
    return rings.persistent_current(ring, flux, electrons=n)["current"].to_numpy()


def _figure(folder: Path, flux: np.ndarray, curves: dict[tuple[str, int], np.ndarray]) -> str:
    fig, axes = plotting.new_figure(2, width=5.0, height=3.8)
    for ax, n in zip(axes, (5, 6), strict=True):
        ax.plot(*plotting.break_jumps(flux, curves[("boson", n)] / amplitude(n)), color="C0",
                lw=2.6, alpha=0.6, label=f"{n} bosons")
        ax.plot(*plotting.break_jumps(flux, curves[("fermion", n)] / amplitude(n)), color="C3",
                lw=1.3, ls="--", label=f"{n} spinless fermions")
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.set_xlabel(plotting.flux_label())
        ax.set_xticks(np.arange(-1.0, 1.01, 0.5))
        ax.set_ylabel(r"$I\,/\,(N e\hbar/4\pi m_e R^2)$")
        ax.set_title(f"N = {n} ({'odd' if n % 2 else 'even'}), T = 0, R = 1 µm")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=2, fontsize=8,
                  frameon=False)
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Boson condensate sawtooth against the closed form and against fermions."""
    ring = rings.ContinuumRing(RADIUS)
    bose = rings.ContinuumRing(RADIUS, statistics="boson")
    flux = np.linspace(-1.0, 1.0, 801)
    curves = {(kind, n): _current(bose if kind == "boson" else ring, flux, n)
              for kind in ("boson", "fermion") for n in (5, 6)}
    off_jumps = np.arange(-1.0, 1.0, 1 / 200) + 1 / 400
    worst = max(float(np.max(np.abs(_current(bose, off_jumps, n) - condensate(off_jumps, n))))
                / amplitude(n) for n in (5, 6, 12))
    same = float(np.max(np.abs(_current(bose, off_jumps, 5) - _current(ring, off_jumps, 5))))
    edge = _current(bose, [0.5 - EDGE, -0.5 + EDGE], 6)
    b6, b12, f6 = (float(_current(r, [0.25], n)[0]) for r, n in ((bose, 6), (bose, 12), (ring, 6)))
    rows = (
        Row("amplitude max |I| of 6 bosons (grid up to f = 1/2 − 10⁻⁶)",
            float(np.max(np.abs(edge))), amplitude(6), "A", 1e-5,
            note="theory N·eħ/(4πm_eR²); sampling 10⁻⁶ before the jump costs 2·10⁻⁶"),
        Row("max |I − N·i_0(f)| / (N·eħ/4πm_eR²), N = 5, 6, 12 bosons, off the jumps", worst,
            0.0, "1", 1e-12, check="absolute", note="closed form written in this section"),
        Row("I(1/4; 12 bosons) / I(1/4; 6 bosons)", b12 / b6, 2.0, "1", 1e-12,
            note="the condensate current is ∝ N"),
        Row("max |I_bosons − I_fermions| / (N·eħ/4πm_eR²), N = 5 (odd)", same / amplitude(5),
            0.0, "1", 1e-12, check="absolute", note="symmetric Fermi sea: Σ(ℓ + f) = N·f"),
        Row("I_fermions(1/4) / I_bosons(1/4), N = 6 (even)", f6 / b6, -1.0, "1", 1e-12,
            note="fermions paramagnetic (+I0/2), bosons diamagnetic (−N·eħ/8πm_eR²)"),
    )
    intro = (
        "At T = 0 bosons condense in the lowest level, ℓ = 0 for |Φ/Φ0| < 1/2, so the current is "
        "N times that of one particle: I = N·i_0 = −N·eħ(Φ/Φ0)/(2πm_eR²), a diamagnetic "
        "sawtooth of amplitude N·eħ/(4πm_eR²) for every N. Fermions must stack into a Fermi "
        "sea: for N odd its current happens to be identical (the sea is symmetric and Σ(ℓ + f) "
        "= N·f), but for N even the top fermion's choice makes the response paramagnetic, the "
        "opposite sign. Lines: the library's canonical T = 0 currents; the table checks them "
        "against the closed forms written in this section."
    )
    return Section(title="Bosons against fermions: the condensate sawtooth", intro=intro,
                   figures=(_figure(folder, flux, curves),), rows=rows)
