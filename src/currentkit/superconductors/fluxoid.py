"""Fluxoid states of a superconducting ring: currents and energies of each winding number.

Fluxoid quantization around the ring: Φ_ext + L·I = n·Φ0, with Φ0 = h/2e, L = L_g + L_k and the
winding number n of the order-parameter phase. Hence
I_n = (nΦ0 − Φ_ext)/L and E_n = L·I_n²/2 = (nΦ0 − Φ_ext)²/(2L),
and I_n = −∂E_n/∂Φ_ext (the convention I = −∂F/∂Φ of the package). SI units: A, J, H, Wb.
"""

from __future__ import annotations

import logging
import math

import numpy as np
import xarray as xr

from currentkit import units
from currentkit.errors import ParameterError
from currentkit.results import labelled, with_provenance
from currentkit.superconductors.ring import Ring

logger = logging.getLogger(__name__)


def _total_inductance(ring: Ring | float, temperature: float) -> float:
    if isinstance(ring, Ring):
        return ring.inductance(temperature).total
    if isinstance(ring, int | float) and not isinstance(ring, bool):
        if not (math.isfinite(ring) and ring > 0):
            raise ParameterError("ring", ring, "a Ring or a positive inductance in henry")
        return float(ring)
    raise ParameterError("ring", ring, "a Ring or a positive inductance in henry")


def ground_winding(flux: np.ndarray | float) -> np.ndarray:
    """The winding number n that minimises E_n = (nΦ0 − Φ_ext)²/(2L): the integer nearest f.

    ``flux`` is f = Φ_ext/Φ0 (Φ0 = h/2e). At half-integer f, where E_n and E_{n+1} cross, the
    lower n is returned: n = ⌈f − 1/2⌉, as in :func:`fluxoid_states`.
    """
    f = np.asarray(flux, dtype=float)
    if not np.all(np.isfinite(f)):
        raise ParameterError("flux", flux, "finite values in units of Φ0 = h/2e")
    return np.ceil(f - 0.5).astype(int)


def fluxoid_states(
    ring: Ring | float,
    flux: np.ndarray,
    windings: np.ndarray,
    temperature: float = 0.0,
) -> xr.Dataset:
    """Current and energy of each fluxoid state of ``ring`` versus the applied flux.

    Parameters
    ----------
    ring
        A :class:`Ring` (its total inductance L_g + L_k at ``temperature`` is used), or a total
        inductance L in henry.
    flux
        Applied flux f = Φ_ext/Φ0 in units of Φ0 = h/2e, shape (F,). Φ_ext is along +z.
    windings
        Winding numbers n, shape (N,).
    temperature
        T (K), below Tc; enters through λ(T) in L_k.

    Returns
    -------
    xarray.Dataset
        ``current(winding, flux)`` (A), I_n = (nΦ0 − Φ_ext)/L, positive counter-clockwise seen
        from +z (so a positive current adds flux along +z); ``energy(winding, flux)`` (J),
        E_n = (nΦ0 − Φ_ext)²/(2L); and, over the given windings, ``ground_winding(flux)``, the n
        of lowest E_n (the lower n at a degeneracy), with its ``ground_current`` and
        ``ground_energy``. attrs: ``flux_quantum`` (Wb), ``inductance`` (H).
    """
    inductance = _total_inductance(ring, temperature)
    f = np.asarray(flux, dtype=float)
    if f.ndim != 1 or f.size == 0 or not np.all(np.isfinite(f)):
        raise ParameterError("flux", flux, "a non-empty 1-D array of finite values (units of Φ0)")
    allowed = "a non-empty 1-D array of distinct integers"
    try:
        n_raw = np.asarray(windings, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ParameterError("windings", windings, allowed) from exc
    if (
        n_raw.ndim != 1
        or n_raw.size == 0
        or not np.all(np.isfinite(n_raw))
        or not np.all(n_raw == np.round(n_raw))
        or np.unique(n_raw).size != n_raw.size
    ):
        raise ParameterError("windings", windings, allowed)
    n = n_raw.astype(int)
    phi0 = units.FLUX_QUANTUM_SUPERCONDUCTING
    offset = (n[:, None] - f[None, :]) * phi0  # nΦ0 − Φ_ext (Wb)
    current = offset / inductance
    energy = offset**2 / (2 * inductance)
    order = np.argsort(n, kind="stable")
    lowest = order[np.argmin(energy[order], axis=0)]  # first minimum in increasing n: lower n
    ground_n = n[lowest]
    cols = np.arange(f.size)
    ds = xr.Dataset(
        {
            "current": labelled(current, ("winding", "flux"), "A",
                                "fluxoid-state current (counter-clockwise from +z)"),
            "energy": labelled(energy, ("winding", "flux"), "J", "fluxoid-state energy"),
            "ground_winding": labelled(ground_n, "flux", "1",
                                       "winding number of the ground state"),
            "ground_current": labelled(current[lowest, cols], "flux", "A",
                                       "ground-state current (counter-clockwise from +z)"),
            "ground_energy": labelled(energy[lowest, cols], "flux", "J", "ground-state energy"),
        },
        coords={
            "winding": labelled(n, "winding", "1", "fluxoid winding number n"),
            "flux": labelled(f, "flux", "Phi0", "applied flux Φ_ext/Φ0", flux_quantum=phi0),
        },
        attrs={"flux_quantum": phi0, "inductance": inductance},
    )
    parameters = {
        "ring": ring if isinstance(ring, Ring) else {"inductance": inductance},
        "temperature": temperature,
    }
    return with_provenance(ds, parameters)
