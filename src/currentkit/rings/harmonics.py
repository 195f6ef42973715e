"""Flux harmonics of a Φ0-periodic current: I(f) = a_0 + Σ_p [a_p cos(2πpf) + b_p sin(2πpf)].

Harmonic p = 1 is the h/e component of a normal ring, p = 2 the h/2e one. In a time-reversal
symmetric ring I(−f) = −I(f), so only the sine coefficients b_p survive.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.results import labelled


def flux_harmonics(current: xr.DataArray, orders: int = 8) -> xr.Dataset:
    """Fourier coefficients of I(f) sampled on a uniform grid spanning one period.

    Parameters
    ----------
    current
        I with a ``flux`` dimension whose K points are f_0 + k/K, k = 0…K−1 (one period, as
        :func:`persistent_current` returns on ``np.arange(K)/K``). Other dims are kept.
    orders
        Highest harmonic p returned (≤ K/2 − 1, the Nyquist limit).

    Returns
    -------
    xarray.Dataset
        ``sine(…, harmonic)`` = b_p and ``cosine(…, harmonic)`` = a_p for p = 1…orders, and
        ``mean`` = a_0, in the units of ``current``. The coefficients are exact for a band-limited
        I(f); for a sawtooth they carry the aliasing error of K samples.
    """
    if "flux" not in current.dims:
        raise ParameterError("current", f"dims {current.dims}", "a DataArray with a 'flux' dim")
    f = np.asarray(current["flux"], dtype=float)
    k = f.size
    if k < 4 or not np.allclose(np.diff(f), 1.0 / k, rtol=0, atol=1e-9):
        raise ParameterError("flux", f"{k} points from {f[0]:.4g} to {f[-1]:.4g}",
                             "a uniform grid of K ≥ 4 points f_0 + k/K spanning one period")
    if not 1 <= orders < k / 2:
        raise ParameterError("orders", orders, f"1 … {int(np.ceil(k / 2)) - 1} for {k} flux points")
    data = current.transpose(..., "flux").to_numpy()
    coeff = np.fft.rfft(data, axis=-1) / k
    # shift the phase so that coefficients refer to f, not to the sample index
    p = np.arange(coeff.shape[-1])
    coeff = coeff * np.exp(-2j * np.pi * p * f[0])
    units = current.attrs.get("units", "")
    other = tuple(d for d in current.dims if d != "flux")
    harmonic = labelled(np.arange(1, orders + 1), "harmonic", "1",
                        "harmonic order p (period Φ0/p)")
    return xr.Dataset(
        {
            "sine": labelled(-2 * coeff[..., 1 : orders + 1].imag, (*other, "harmonic"), units,
                             "sine coefficient b_p"),
            "cosine": labelled(2 * coeff[..., 1 : orders + 1].real, (*other, "harmonic"), units,
                               "cosine coefficient a_p"),
            "mean": labelled(coeff[..., 0].real, other, units, "mean a_0"),
        },
        coords={"harmonic": harmonic, **{d: current[d] for d in other if d in current.coords}},
    )
