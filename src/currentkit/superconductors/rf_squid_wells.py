"""Classical rf SQUID: the metastable fluxoid wells of U(φ) and the hysteresis they cause.

U(φ) = −E_J cos φ + ½E_L(φ − 2πf)² (GHz, f = Φ/Φ0, Φ0 = h/2e), β_L = E_J/E_L = 2πL I_c/Φ0. Each
minimum is a fluxoid state n (φ near 2πn) carrying the loop current
I = −∂U/∂Φ = (2π/Φ0)E_L(φ − 2πf) = −I_c sin φ (the junction's current; sign: I = −∂E/∂Φ_ext).
Well n exists while |f − n| < δ = φ_s/2π, φ_s = arccos(−1/β_L) + √(β_L² − 1) (β_L > 1); for
β_L ≤ 1 there is one well at every flux.

Sweeping the flux slowly (overdamped junction, no thermal or quantum escape) the state follows
its well until the well vanishes and then drops into the next, n → n ± 1. That is the same
winding loop as :func:`~currentkit.superconductors.phase_slips.sweep_hysteresis` with jumps at
|Φ − nΦ0| = δΦ0: its ring model is reused for the windings, while the currents are the rf
SQUID's own −I_c sin φ_n(f), not (nΦ0 − Φ)/L: the junction takes up part of the phase.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.junction import (
    JOULE_PER_GHZ,
    critical_current_of,
    flux_grid,
    inductance_of,
)
from currentkit.superconductors.phase_slips import sweep_hysteresis
from currentkit.superconductors.rf_squid import RfSquid
from currentkit.units import FLUX_QUANTUM_SUPERCONDUCTING


def classical_wells(squid: RfSquid, flux: npt.ArrayLike,
                    windings: npt.ArrayLike | None = None) -> xr.Dataset:
    """Minima of U(φ) at each flux: which fluxoid wells exist, their phase, energy and current.

    Parameters
    ----------
    squid
        The circuit (only E_J and E_L matter classically).
    flux
        Applied flux Φ/Φ0, finite.
    windings
        Fluxoid numbers n to examine (default: every n that can exist on the grid).

    Returns
    -------
    xarray.Dataset
        ``count(flux)``: the number of wells; on (flux, winding): ``phase`` φ_n (rad, NaN where
        well n does not exist), ``energy`` U(φ_n) (GHz) and ``current`` −I_c sin φ_n (nA).
        attrs: ``beta_L`` and ``spinodal_offset`` δ (Φ0).
    """
    if not isinstance(squid, RfSquid):
        raise ParameterError("squid", type(squid).__name__, "an RfSquid")
    fluxes = flux_grid(flux)
    delta = squid.spinodal_offset
    if windings is None:
        reach = min(delta, 0.5 + squid.beta_L / (2 * math.pi) + 1)
        windings = np.arange(math.floor(fluxes.min() - reach), math.ceil(fluxes.max() + reach) + 1)
    wind = np.asarray(windings, dtype=int)
    phase = np.full((fluxes.size, wind.size), np.nan)
    for i, f in enumerate(fluxes):
        if squid.beta_L <= 1:  # one well; attribute it to the nearest winding
            p = squid.well_phase(float(f), 0)
            k = np.flatnonzero(wind == round(p / (2 * math.pi)))
            phase[i, k] = p
            continue
        for j, n in enumerate(wind):
            if abs(f - n) < delta:
                phase[i, j] = squid.well_phase(float(f), int(n))
    energy = -squid.EJ * np.cos(phase) + 0.5 * squid.EL * (phase - 2 * math.pi * fluxes[:, None])**2
    ic_na = critical_current_of(squid.EJ) * 1e9 if squid.EJ > 0 else 0.0
    current = -ic_na * np.sin(phase)
    ds = xr.Dataset(
        {"count": labelled(np.sum(np.isfinite(phase), axis=1), ("flux",), "1",
                       "number of metastable wells"),
         "phase": labelled(phase, ("flux", "winding"), "rad", "junction phase φ_n at the minimum"),
         "energy": labelled(energy, ("flux", "winding"), "GHz", "well energy U(φ_n)/h"),
         "current": labelled(current, ("flux", "winding"), "nA", "loop current −I_c sin φ_n")},
        coords={"flux": labelled(fluxes, ("flux",), "Phi0", "applied flux Φ/Φ0"),
                "winding": labelled(wind, ("winding",), "1", "fluxoid number n")},
        attrs={"beta_L": squid.beta_L, "spinodal_offset": delta,
               "flux_quantum": FLUX_QUANTUM_SUPERCONDUCTING},
    )
    return with_provenance(ds, {"squid": squid})


def rf_squid_hysteresis(squid: RfSquid, flux_start: float, flux_stop: float, *,
                        points: int = 801) -> xr.Dataset:
    """Classical flux sweep up and down: windings, jumps and the rf SQUID's loop current.

    Requires β_L > 1 (metastable wells; then δ > 1/2). The windings and jumps come from
    :func:`~currentkit.superconductors.phase_slips.sweep_hysteresis` called with the
    critical current δΦ0/L (its jumps sit at ``|Φ − nΦ0| = I_c L``, here δΦ0); ``current_up`` and
    ``current_down`` (A) are replaced by −I_c sin φ_n(f) of the rf SQUID.
    """
    if not isinstance(squid, RfSquid):
        raise ParameterError("squid", type(squid).__name__, "an RfSquid")
    delta = squid.spinodal_offset
    if not squid.beta_L > 1:
        raise ParameterError("squid", squid, f"β_L = E_J/E_L > 1 for hysteresis (β_L = "
                             f"{squid.beta_L:.4g})")
    inductance = inductance_of(squid.EL)
    ds = sweep_hysteresis(delta * FLUX_QUANTUM_SUPERCONDUCTING / inductance, inductance,
                          flux_start, flux_stop, points=points)
    ic = critical_current_of(squid.EJ)
    flux = ds["flux"].to_numpy()
    for branch in ("up", "down"):
        wind = ds[f"winding_{branch}"].to_numpy()
        phases = np.array([squid.well_phase(float(f), int(n)) for f, n in zip(flux, wind,
                                                                               strict=True)])
        ds[f"current_{branch}"] = labelled(-ic * np.sin(phases), ("flux",), "A",
                                           f"loop current −I_c sin φ_n, {branch} sweep")
    ds.attrs.update(beta_L=squid.beta_L, critical_current=ic, inductance=inductance,
                    josephson_energy_joule=squid.EJ * JOULE_PER_GHZ)
    return with_provenance(ds, {"squid": squid, "flux_start": flux_start,
                                "flux_stop": flux_stop, "points": points})
