"""Aharonov-Bohm spectrum of an electron on a ring of radius 1 µm.

The levels E_ℓ(Φ) = ε0(ℓ + f)², ε0 = ħ²/(2m_eR²), f = Φ/Φ0, Φ0 = h/e (electron charge −e, so
s = sign(q) = −1 in E_ℓ = ε0(ℓ − s·f)²) are parabolas repeated with period Φ0; a level's current
is i_ℓ = −∂E_ℓ/∂Φ = −eħ(ℓ + f)/(2πm_eR²). The table compares the scales read off the library's
spectrum with the reference values quoted in the project's physics reference (docs:
physics/rings), each allowed to deviate by half a unit in its last quoted digit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from currentkit import plotting, rings, units
from currentkit.report.section import Row, Section, quoted_tolerance

NAME = "aharonov_bohm"
#: Ring radius R (m).
RADIUS = 1e-6
#: Reference values quoted in docs: physics/rings (as text: their digits set the tolerance).
EPSILON0_UEV = "0.038100"
CURRENT_UNIT_A = "2.952009e-12"
FLUX_QUANTUM_WB = "4.135668e-15"
FIELD_MT = "1.316424"
MICRO_EV = 1e-6 * units.ELECTRONVOLT


def _closed_form_levels(flux: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` lowest E_ℓ = ħ²(ℓ + f)²/(2m_eR²) (J) per flux point, sorted."""
    eps0 = units.HBAR**2 / (2 * units.ELECTRON_MASS * RADIUS**2)
    ell = np.arange(-count - 2, count + 3)
    return np.sort(eps0 * (ell[None, :] + flux[:, None]) ** 2, axis=1)[:, :count]


def _figure(folder: Path, flux: np.ndarray, energy: np.ndarray, current: np.ndarray,
            field_per_quantum: float) -> str:
    fig, (left, right) = plotting.new_figure(2, width=5.0, height=3.8)
    left.plot(flux, energy / MICRO_EV, color="C0", lw=1.2)
    left.set_xlabel(plotting.flux_label())
    left.set_ylabel(r"single-electron energy $E_\ell$ [µeV]")
    left.set_title(r"levels $E_\ell = \varepsilon_0(\ell + \Phi/\Phi_0)^2$, R = 1 µm")
    right.plot(*plotting.break_jumps(flux, current * 1e12), color="C3", lw=1.4)
    right.axhline(0.0, color="0.6", lw=0.6)
    right.set_xlabel(plotting.flux_label())
    right.set_ylabel("ground-state current I [pA]")
    right.set_title(r"one electron: $I = -\partial E_0/\partial\Phi$")
    for ax in (left, right):
        top = ax.secondary_xaxis("top", functions=(lambda f: f * field_per_quantum * 1e3,
                                                   lambda b: b / (field_per_quantum * 1e3)))
        top.set_xlabel("field B [mT]")
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def build(folder: Path) -> Section:
    """Spectrum and one-electron current of the 1 µm ring; scales against quoted values."""
    ring = rings.ContinuumRing(RADIUS)
    flux = np.linspace(-1.5, 1.5, 601)
    ds = rings.spectrum(ring, flux, levels=7)
    one = rings.persistent_current(ring, flux, electrons=1)
    at_zero = rings.spectrum(ring, [0.0], levels=3)  # E = 0, ε0, ε0 (ℓ = 0, ±1)
    eps0 = float(at_zero["energy"].isel(flux=0, level=1))
    current_unit = abs(float(at_zero["level_current"].isel(flux=0, level=1)))
    phi0 = float(ds["flux"].attrs["flux_quantum"])
    field = units.field_for_flux(phi0, RADIUS)
    closed = _closed_form_levels(flux, 7)
    worst = float(np.max(np.abs(ds["energy"].to_numpy() - closed))) / eps0
    rows = (
        Row("ε0 = E_{±1}(Φ = 0) from the spectrum", eps0 / MICRO_EV, float(EPSILON0_UEV),
            "µeV", quoted_tolerance(EPSILON0_UEV),
            note="quoted ħ²/(2m_eR²) (docs: physics/rings); tolerance: half a unit in its "
            "last digit"),
        Row("current unit |i_{±1}(Φ = 0)| = eħ/(2πm_eR²)", current_unit, float(CURRENT_UNIT_A),
            "A", quoted_tolerance(CURRENT_UNIT_A), note="quoted value (docs: physics/rings); "
            "half a unit in the last digit"),
        Row("flux quantum Φ0 = h/e (flux coordinate attrs)", phi0, float(FLUX_QUANTUM_WB), "Wb",
            quoted_tolerance(FLUX_QUANTUM_WB), note="quoted value (docs: physics/rings); half a "
            "unit in the last digit"),
        Row("field B = Φ0/(πR²) threading one flux quantum", field * 1e3, float(FIELD_MT), "mT",
            quoted_tolerance(FIELD_MT),
            note="quoted value (docs: physics/rings); half a unit in the last digit"),
        Row("max |E_n − ε0(ℓ + f)²|/ε0 over 7 levels, f ∈ [−1.5, 1.5]", worst, 0.0, "1", 1e-12,
            check="absolute", note="closed form from scipy.constants; rounding only"),
    )
    intro = (
        "An electron (charge −e, mass m_e) on a ring of radius R = 1 µm threaded by a flux Φ has "
        "the levels E_ℓ = ε0(ℓ + Φ/Φ0)² with ε0 = ħ²/(2m_eR²) and Φ0 = h/e: parabolas centred "
        "on Φ = −ℓΦ0, so the spectrum as a whole is periodic in Φ with period Φ0 although no "
        "field acts on the electron (Aharonov-Bohm). A level carries the current i_ℓ = "
        "−∂E_ℓ/∂Φ = −eħ(ℓ + Φ/Φ0)/(2πm_eR²); the ground state of one electron gives the "
        "sawtooth on the right, jumping where two parabolas cross at half-integer Φ/Φ0."
        "\n\n"
        "The scales ε0, the current unit, Φ0 and the field that threads one flux quantum are "
        "read off the computed spectrum and set beside the values quoted in the physics reference "
        "(docs: physics/rings); each may deviate by half a unit in the last quoted digit."
    )
    return Section(title="Aharonov-Bohm levels of a 1 µm ring", intro=intro,
                   figures=(_figure(folder, flux, ds["energy"].to_numpy(),
                                    one["current"].to_numpy(), field),),
                   rows=rows)
