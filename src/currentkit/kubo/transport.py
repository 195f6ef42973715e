"""``transport_coefficient``: a Green-Kubo coefficient with its error bar, as a Dataset.

coefficient = prefactor × ∫0^∞ ⟨x_a(0) x_a(t)⟩_a dt (average over the l columns), estimated by
cepstral analysis (:mod:`currentkit.kubo.cepstral`), optionally with the extra currents
projected out (:mod:`currentkit.kubo.multicomponent`). Beside the estimate the Dataset holds the
direct route for inspection: the component-averaged autocorrelation (unbiased 1/(N − k)
estimator) and its running trapezoid integral (of the plain current, not of the projected
one; from the first :data:`ACF_SAMPLES` samples at most), and the spectral side: the
bias-corrected log-periodogram on [0, f*] and its cepstral filter with P* coefficients.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import xarray as xr

from currentkit.kubo.cepstral import cepstral_analysis
from currentkit.kubo.correlation import as_series, autocorrelation, check_timestep
from currentkit.results import labelled, with_provenance

#: Lags of the stored autocorrelation: at least this many samples …
MIN_LAGS = 1000
#: … and this many resampling blocks (≈ correlation times).
LAGS_PER_BLOCK = 50
#: The displayed ACF and running integral use at most the first this many samples (a
#: diagnostic; the coefficient always uses the whole series).
ACF_SAMPLES = 1 << 18


def transport_coefficient(series: np.ndarray, timestep: float, prefactor: float = 1.0,
                          extra_currents: Sequence[np.ndarray] | None = None, *,
                          f_star: float | None = None, p_star: int | None = None,
                          units: str = "prefactor × x² × time",
                          long_name: str = "transport coefficient prefactor × ∫0^∞⟨x(0)x(t)⟩dt",
                          time_units: str = "time unit of timestep",
                          parameters: dict[str, object] | None = None) -> xr.Dataset:
    """Green-Kubo coefficient prefactor × ∫0^∞⟨x(0)x(t)⟩dt ± its standard deviation.

    Parameters
    ----------
    series
        (n_samples, n_components) or 1D current samples (equivalent components, e.g. x, y, z).
    timestep
        Sampling interval Δ of the rows, in ``time_units``.
    prefactor
        Multiplies the integral (e.g. from :func:`currentkit.kubo.green_kubo_prefactor`).
    extra_currents
        Series of the same shape to project out (Bertossa et al. 2019), e.g. the mass current
        of one species for the heat current of a binary mixture.
    f_star, p_star
        Force the resampling frequency f* (1/``time_units``) and the number of cepstral
        coefficients P*; by default both are chosen automatically (and reported).
    units, long_name, time_units
        Metadata of the coefficient and of the time axis.
    parameters
        Extra provenance stored in the ``parameters`` attr (e.g. volume, temperature, file).

    Returns
    -------
    xarray.Dataset
        ``coefficient`` and ``coefficient_std`` (attrs ``units``, ``f_star``, ``P_star``,
        ``P_mean``, ``method``), ``autocorrelation(lag_time)``, ``running_integral(lag_time)``
        (× prefactor), ``log_psd(frequency)``, ``filtered_log_psd(frequency)``, ``aic(cutoff)``
        and ``aic_weight(cutoff)``.
    """
    dt = check_timestep(timestep)
    x = as_series(series)
    res = cepstral_analysis(x, dt, extra_currents=extra_currents, f_star=f_star, p_star=p_star)
    head = x[:ACF_SAMPLES]
    lags = min(head.shape[0] // 2, max(MIN_LAGS, LAGS_PER_BLOCK * res.resample))
    acf = np.zeros(lags + 1)
    for a in range(x.shape[1]):  # one component at a time: memory of one column
        acf += autocorrelation(np.ascontiguousarray(head[:, a]), lags)
    acf /= x.shape[1]
    running = np.zeros_like(acf)
    running[1:] = np.cumsum(0.5 * dt * (acf[1:] + acf[:-1]))
    freq_units = f"1/{time_units}" if " " not in time_units else f"1/({time_units})"
    info: dict[str, Any] = {"f_star": res.f_star, "f_star_units": freq_units, "P_star": res.p_star,
            "P_mean": res.p_mean, "resample": res.resample, "method": res.method,
            "dof": res.dof}
    ds = xr.Dataset(
        {
            "coefficient": labelled(prefactor * res.value, (), units, long_name, **info),
            "coefficient_std": labelled(abs(prefactor) * res.std, (), units,
                                        f"standard deviation of the {long_name}", **info),
            "autocorrelation": labelled(acf, "lag_time", "x² (file units squared)",
                                        "component-averaged autocorrelation ⟨x(0)x(t)⟩"),
            "running_integral": labelled(prefactor * running, "lag_time", units,
                                         "prefactor × running ∫0^t⟨x(0)x(t')⟩dt' "
                                         "(trapezoid, plain current)"),
            "log_psd": labelled(res.log_psd, "frequency", "1",
                                "bias-corrected log-periodogram ln Ŝ(f) − λ (Ŝ in x² × time)"),
            "filtered_log_psd": labelled(res.filtered_log_psd, "frequency", "1",
                                         f"cepstral filter of the log-spectrum, P* = "
                                         f"{res.p_star}"),
            "aic": labelled(res.aic, "cutoff", "1", "Akaike information criterion AIC(P)"),
            "aic_weight": labelled(res.weights, "cutoff", "1", "Akaike weight of P"),
        },
        coords={
            "lag_time": labelled(dt * np.arange(lags + 1), "lag_time", time_units, "lag time t"),
            "frequency": labelled(res.frequencies, "frequency", freq_units, "frequency f"),
            "cutoff": labelled(np.arange(1, res.aic.size + 1), "cutoff", "1",
                               "number of cepstral coefficients kept P"),
        },
    )
    ds.attrs.update(info)
    params: dict[str, object] = {
        "timestep": dt, "prefactor": prefactor, "samples": x.shape[0],
        "components": x.shape[1], "extra_currents": len(extra_currents or ()),
        "f_star_forced": f_star if f_star is not None else "auto",
        "p_star_forced": p_star if p_star is not None else "auto",
        **(parameters or {}),
    }
    return with_provenance(ds, params)
