"""Rotation as an effective flux: a ring spinning at Ω behaves as one threaded by Φ_eff.

In the frame co-rotating with the ring the Hamiltonian gains −ΩL_z, and
ε0ℓ² − ħΩℓ = ε0(ℓ − mΩR²/ħ)² − const: the levels are those of an Aharonov-Bohm ring with
s·f_eff = mΩR²/ħ (s = sign(q) = −1 for electrons, so f_eff = −m_eΩR²/ħ for Ω > 0 about +z).
The current is the one measured relative to the ring. For N odd and |f_eff| < 1/2 the electrons
keep ℓ = −n…n, stay at rest in the laboratory and move at −ΩR relative to the ring, so
I = −qNΩ/(2π) = +eNΩ/(2π) exactly, whatever R and m.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, rings, units
from currentkit.report.section import Row, Section, quoted_tolerance

NAME = "rotation"
#: Ring radius R (m), electrons N (odd), rotation Ω = 2π·1 kHz (rad/s).
RADIUS, ELECTRONS, OMEGA = 1e-6, 101, 2 * math.pi * 1e3
#: Quoted value (docs: physics/rings) of |f_eff| for R = 1 µm, Ω = 2π·1 kHz (its digits set
#: the tolerance).
F_EFF_QUOTED = "5.43e-5"


def rotation_flux(omega: np.ndarray | float) -> np.ndarray:
    """f_eff = s·m_eΩR²/ħ for an electron (s = −1)."""
    return -units.ELECTRON_MASS * np.asarray(omega, dtype=float) * RADIUS**2 / units.HBAR


def closed_form(omega: np.ndarray | float) -> np.ndarray:
    """I(Ω) = −2I0·saw(f_eff) (A) for N odd, I0 = e·v_F/L, saw(y) = y − round(y)."""
    length = 2 * math.pi * RADIUS
    i0 = units.ELEMENTARY_CHARGE * units.HBAR * math.pi * ELECTRONS / (
        units.ELECTRON_MASS * length**2)
    y = rotation_flux(omega)
    return -2 * i0 * (y - np.round(y))


def _figure(folder: Path, omega: np.ndarray, current: np.ndarray, period: float) -> str:
    fig, ax = plotting.new_figure(width=6.5, height=3.9)
    mhz = omega / (2 * math.pi) / 1e6
    ax.plot(*plotting.break_jumps(mhz, current * 1e12), color="C0", lw=1.6,
            label=f"computed, N = {ELECTRONS}, Φ = 0")
    marks = np.linspace(omega[0], omega[-1], 25)
    ax.plot(marks / (2 * math.pi) / 1e6, closed_form(marks) * 1e12, "o", ms=3.5, mfc="none",
            color="C3", label=r"$-2I_0\,\mathrm{saw}(f_\mathrm{eff})$")
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel(r"rotation frequency $\Omega/2\pi$ [MHz]")
    ax.set_ylabel("current relative to the ring I [pA]")
    ax.set_title(f"electron ring R = 1 µm; one flux quantum per Ω/2π = {period / 2e6 / math.pi:.2f}"
                 " MHz")
    scale = float(rotation_flux(2 * math.pi * 1e6))
    top = ax.secondary_xaxis("top", functions=(lambda x: x * scale, lambda f: f / scale))
    top.set_xlabel(r"effective flux $f_\mathrm{eff} = -m_e\Omega R^2/\hbar$")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8,
              frameon=False)
    ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """f_eff, rotating ring against flux-threaded ring, I(Ω) against the closed form."""
    ring = rings.ContinuumRing(RADIUS)
    f_eff = ring.rotation_flux(OMEGA)
    flux = np.linspace(-0.5, 0.5, 101)
    spun = rings.persistent_current(ring, flux, electrons=ELECTRONS, rotation=OMEGA)
    threaded = rings.persistent_current(ring, flux + f_eff, electrons=ELECTRONS)
    scale = float(np.max(np.abs(threaded["current"])))
    worst = float(np.max(np.abs(spun["current"].to_numpy() - threaded["current"].to_numpy())))
    period = units.HBAR / (units.ELECTRON_MASS * RADIUS**2)  # Ω giving |f_eff| = 1
    omega = np.linspace(-1.25 * period, 1.25 * period, 801)
    current = np.array([float(rings.persistent_current(ring, [0.0], electrons=ELECTRONS,
                                                       rotation=w)["current"][0])
                        for w in omega])
    at_khz = float(spun["current"].sel(flux=0.0))
    quarter = float(rings.persistent_current(ring, [0.0], electrons=ELECTRONS,
                                             rotation=period / 4)["current"][0])
    rows = (
        Row("|f_eff| = |rotation_flux(Ω)| at Ω = 2π·1 kHz", abs(f_eff),
            float(abs(rotation_flux(OMEGA))), "1", 1e-12,
            note="closed form m_eΩR²/ħ written in this section; rounding only"),
        Row("|f_eff| against the quoted value", abs(f_eff), float(F_EFF_QUOTED), "1",
            quoted_tolerance(F_EFF_QUOTED),
            note="docs: physics/rings; half a unit in the last quoted digit"),
        Row("max |I_rotating(f) − I_AB(f + f_eff)| / max |I|, f ∈ [−1/2, 1/2]", worst / scale, 0.0,
            "1", 1e-12, check="absolute", note="rotation is exactly a flux; rounding only"),
        Row(f"I at Φ = 0, Ω = 2π·1 kHz, N = {ELECTRONS}", at_khz,
            units.ELEMENTARY_CHARGE * ELECTRONS * OMEGA / (2 * math.pi), "A", 1e-9,
            note="−qNΩ/2π: the Fermi sea at rest in the lab moves at −ΩR relative to the ring"),
        Row("I at Φ = 0, Ω = ħ/(4m_eR²) (f_eff = −1/4)", quarter,
            float(closed_form(period / 4)), "A", 1e-9, note="−2I0·saw(−1/4) = +I0/2"),
    )
    intro = (
        "A ring of radius 1 µm holding N = 101 electrons rotates at Ω about its axis, with no "
        "magnetic flux. In the co-rotating frame the Hamiltonian gains −ΩL_z, which completes "
        "the square of the levels exactly as a flux does: the rotating ring is an "
        "Aharonov-Bohm ring at f_eff = −m_eΩR²/ħ (the sign is that of the electron's charge). "
        f"At Ω = 2π·1 kHz, |f_eff| = {abs(f_eff):.4g}, so one flux quantum needs "
        f"Ω/2π = {period / (2 * math.pi) / 1e6:.2f} MHz. The current, measured relative to "
        "the ring, is the sawtooth of the flux-threaded ring; within the first branch it is "
        "+eNΩ/2π: the electrons stay at rest while the ring turns beneath them."
        "\n\n"
        "Line: the library's current at Φ = 0 for a range of Ω spanning two periods of f_eff; "
        "circles: the closed form −2I0·saw(f_eff), written in this section."
    )
    return Section(title="Rotation: an effective flux mΩR²/ħ", intro=intro,
                   figures=(_figure(folder, omega, current, period),), rows=rows)
