"""Little-Parks oscillation of the critical temperature of a thin-walled cylinder (or ring).

A thin-walled superconducting cylinder of radius R threaded by flux Φ must keep its fluxoid
quantized: the order parameter winds n times, and its kinetic energy shifts the GL transition by

    ΔTc/Tc = −(ξ(0)/R)²·(n − Φ/Φ0)²,    Φ0 = h/2e,

where ξ(0) is the GL coherence length extrapolated to T = 0 (ξ(T) = ξ(0)/√(1 − T/Tc)). Near Tc
the system picks the winding that minimises the shift, n = round(Φ/Φ0), so Tc(Φ) is a row of
parabolic scallops of period Φ0 with maxima Tc at integer Φ/Φ0 and the largest suppression
(ξ(0)/R)²/4 at half-integer Φ/Φ0. Sign convention: ΔTc ≤ 0, a suppression.

Sources: W. A. Little and R. D. Parks, Phys. Rev. Lett. 9, 9 (1962); M. Tinkham,
*Introduction to Superconductivity*, 2nd ed., §4.8.1; docs/physics/superconductors.rst. Valid for a
wall thinner than ξ(T) and λ(T) and for (ξ(0)/R)² ≪ 1. SI: lengths in m, temperatures in K;
flux in Φ0.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.critical import check_positive
from currentkit.units import FLUX_QUANTUM_SUPERCONDUCTING


def _flux(flux: npt.ArrayLike) -> npt.NDArray[np.float64]:
    f = np.asarray(flux, dtype=float)
    if not np.all(np.isfinite(f)):
        raise ParameterError("flux", flux, "finite flux value(s) in units of Φ0 = h/2e")
    return f


def best_winding(flux: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """Winding n = round(Φ/Φ0) that minimises (n − Φ/Φ0)² (ties at half flux go to even n)."""
    return np.rint(_flux(flux)).astype(np.int64)


def tc_shift(flux: npt.ArrayLike, xi0: float, radius: float) -> npt.NDArray[np.float64]:
    """Relative shift ΔTc/Tc = −(ξ(0)/R)² min_n (n − Φ/Φ0)² (dimensionless, ≤ 0).

    Parameters
    ----------
    flux
        Φ/Φ0 with Φ0 = h/2e (float or array).
    xi0
        ξ(0) in m.
    radius
        Cylinder radius R in m.
    """
    f = _flux(flux)
    x0 = float(check_positive("xi0", xi0, "m"))
    r = float(check_positive("radius", radius, "m"))
    return -((x0 / r) ** 2) * (best_winding(f) - f) ** 2


def max_suppression(xi0: float, radius: float) -> float:
    """Largest relative suppression (ξ(0)/R)²/4, reached at Φ = (n + ½)Φ0."""
    x0 = float(check_positive("xi0", xi0, "m"))
    r = float(check_positive("radius", radius, "m"))
    return (x0 / r) ** 2 / 4


def little_parks(
    flux: npt.ArrayLike, critical_temperature: float, xi0: float, radius: float
) -> xr.Dataset:
    """Tc(Φ) = Tc·(1 + ΔTc/Tc) on a flux grid, as a Dataset with units.

    Parameters
    ----------
    flux
        1-d grid of Φ/Φ0 (Φ0 = h/2e).
    critical_temperature
        Zero-field Tc in K.
    xi0
        ξ(0) in m.
    radius
        Cylinder radius R in m; (ξ(0)/R)² < 1 is required (the formula is first order in it).

    Returns
    -------
    xarray.Dataset
        On dim ``flux``: ``critical_temperature`` (K), ``tc_shift`` ΔTc/Tc (1) and ``winding``
        n (1); attrs ``flux_quantum`` (Wb) and ``period`` (Φ0, always 1).
    """
    f = np.atleast_1d(_flux(flux))
    if f.ndim != 1:
        raise ParameterError("flux", flux, "a 1-d grid of Φ/Φ0")
    tc = float(check_positive("critical_temperature", critical_temperature, "K"))
    shift = tc_shift(f, xi0, radius)  # validates xi0 and radius
    if not radius > xi0:
        raise ParameterError("radius", radius, f"R > ξ(0) = {xi0} m")

    ds = xr.Dataset(
        {
            "critical_temperature": labelled(tc * (1 + shift), "flux", "K",
                                             "critical temperature Tc(Φ)"),
            "tc_shift": labelled(shift, "flux", "1", "ΔTc/Tc"),
            "winding": labelled(best_winding(f), "flux", "1", "fluxoid winding n"),
        },
        coords={"flux": labelled(f, "flux", "Phi0", "applied flux Φ/Φ0")},
        attrs={"flux_quantum": FLUX_QUANTUM_SUPERCONDUCTING, "period": 1.0},
    )
    params = {"critical_temperature": tc, "xi0": xi0, "radius": radius}
    return with_provenance(ds, params)
