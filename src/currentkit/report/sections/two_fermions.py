"""Two spinless electrons on a 1 µm ring: the Pauli principle makes the current paramagnetic.

With E_ℓ = ε0(ℓ + f)² (electron, f = Φ/Φ0, Φ0 = h/e), the two lowest levels for 0 < f < 1 are
ℓ = 0 and ℓ = −1, so E = ε0[f² + (1 − f)²] and I = −∂E/∂Φ = +eħ(1 − 2f)/(2πm_eR²), periodic
with Φ0. At f → 0⁺ the current is the full unit eħ/(2πm_eR²): a finite current for an
infinitesimal flux, because the second electron must sit in ℓ = ±1 (seed problem 518012).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from currentkit import plotting, rings, units
from currentkit.report.section import Row, Section

NAME = "two_fermions"
#: Ring radius R (m).
RADIUS = 1e-6
#: Small flux at which I(f → 0⁺) is sampled (kept far above the degeneracy tolerance).
SMALL_FLUX = 1e-6


def closed_form(flux: np.ndarray) -> np.ndarray:
    """I(f) = eħ(1 − 2{f})/(2πm_eR²) (A), {f} = f − ⌊f⌋, for two spinless electrons.

    Valid off the integers, where the two degenerate ground states ℓ = ±1 make it jump.
    """
    unit = units.ELEMENTARY_CHARGE * units.HBAR / (2 * math.pi * units.ELECTRON_MASS * RADIUS**2)
    frac = flux - np.floor(flux)
    return unit * (1 - 2 * frac)


def _figure(folder: Path, flux: np.ndarray, current: np.ndarray) -> str:
    fig, ax = plotting.new_figure(width=6.0, height=3.8)
    ax.plot(*plotting.break_jumps(flux, current * 1e12), color="C0", lw=1.6,
            label="computed (N = 2, T = 0)")
    for start in (-1.0, 0.0, 1.0):
        f = np.linspace(start + 0.01, start + 0.99, 12)
        ax.plot(f, closed_form(f) * 1e12, "o", ms=3.5, mfc="none", color="C3",
                label=r"$e\hbar(1 - 2f)/(2\pi m_e R^2)$" if start == 0.0 else None)
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel(plotting.flux_label())
    ax.set_ylabel("persistent current I [pA]")
    ax.set_title("two spinless electrons, R = 1 µm")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8,
              frameon=False)
    ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """I(Φ) of N = 2 spinless electrons beside the closed form on 0 < f < 1."""
    ring = rings.ContinuumRing(RADIUS)
    flux = np.linspace(-1.0, 2.0, 601)
    computed = rings.persistent_current(ring, flux, electrons=2)["current"].to_numpy()
    inner = np.linspace(0.0, 1.0, 201)[1:-1]
    inside = rings.persistent_current(ring, inner, electrons=2)["current"].to_numpy()
    unit = float(closed_form(np.array([0.0]))[0])
    worst = float(np.max(np.abs(inside - closed_form(inner)))) / unit
    edge = rings.persistent_current(ring, [SMALL_FLUX, 0.0, -SMALL_FLUX], electrons=2)
    i_plus, i_zero, i_minus = (float(v) for v in edge["current"].to_numpy())
    rows = (
        Row("I(f → 0⁺), sampled at f = 10⁻⁶", i_plus, float(closed_form(np.array([SMALL_FLUX]))[0]),
            "A", 1e-9, note="closed form eħ(1 − 2f)/(2πm_eR²) at the same f; rounding only"),
        Row("max |I − closed form| on 0 < f < 1 (199 points), in units of eħ/(2πm_eR²)", worst,
            0.0, "1", 1e-12, check="absolute", note="rounding only"),
        Row("jump I(0⁺) − I(0⁻) at zero flux", i_plus - i_minus,
            float(closed_form(np.array([SMALL_FLUX]))[0] - closed_form(np.array([-SMALL_FLUX]))[0]),
            "A", 1e-9, note="closed form 2eħ(1 − 2f)/(2πm_eR²) at f = 10⁻⁶; rounding only"),
        Row("I(f = 0), the mean over the degenerate ground states ℓ = ±1", i_zero / unit, 0.0,
            "eħ/(2πm_eR²)", 1e-12, check="absolute", note="odd in f: I(−f) = −I(f)"),
    )
    intro = (
        "Two spinless electrons on a ring of radius 1 µm (Pauli example). Without flux the "
        "first electron takes ℓ = 0 and the second must take ℓ = +1 or ℓ = −1. An infinitesimal "
        "flux lifts that degeneracy, E_ℓ = ε0(ℓ + Φ/Φ0)², and the second electron settles in "
        "ℓ = −1: for 0 < Φ/Φ0 < 1 the energy is ε0[f² + (1 − f)²] and the current "
        "I = −∂E/∂Φ = +eħ(1 − 2f)/(2πm_eR²), positive (paramagnetic) and finite, "
        "eħ/(2πm_eR²) = 2.95 pA, already at f → 0⁺. One electron alone would only give a current "
        "proportional to the flux."
        "\n\n"
        "Line: the library's canonical T = 0 current; circles: the closed form, written "
        "independently in this section and repeated with period Φ0."
    )
    return Section(title="Two fermions: a finite current at infinitesimal flux", intro=intro,
                   figures=(_figure(folder, flux, computed),), rows=rows)
