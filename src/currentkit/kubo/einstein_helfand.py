"""Einstein-Helfand route: transport coefficients from the growth of an integrated current.

With D(t) = ∫0^t J(t')dt' (for the electric current, D = Σ_i q_i r_i(t) with unwrapped
positions: the dipole of the cell), stationarity gives

    ⟨[D(t + s) − D(t)]²⟩ = 2 ∫0^s (s − u) C(u) du  →  2s ∫0^∞ C(u)du − 2∫0^∞ u C(u)du,

so half the long-time slope of the mean-square displacement (MSD) of D per component is the
Green-Kubo integral ∫0^∞ C dt: σ = lim ⟨|Σ q_i Δr_i(t)|²⟩/(6Vk_BTt) in docs/physics/particles.rst is
prefactor 1/(V k_B T) times half the slope of the component-averaged MSD. The MSD over all time
origins, MSD(k) = (1/(N − k)) Σ_n [D(n + k) − D(n)]², is computed in O(N log N) as
S(k) − 2 A(k), with A the (unbiased) autocorrelation of D by FFT and S(k) the running sums of
D². The slope is a least-squares line through MSD on the fit window (
N/1000 … N/100 lags by default: beyond the correlation time for a series long enough to be
worth analysing, and short enough that the MSD at those lags is still well averaged).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError, integer
from currentkit.kubo.correlation import as_series, autocorrelation, check_timestep
from currentkit.results import labelled, with_provenance


def mean_square_displacement(displacement: np.ndarray, max_lag: int) -> np.ndarray:
    """Component-averaged MSD(k) = (1/(N − k)) Σ_n [D(n + k) − D(n)]², k = 0 … max_lag."""
    d = as_series(displacement, "displacement")
    n = d.shape[0]
    max_lag = integer("max_lag", max_lag, minimum=1, maximum=n - 1, what="lags of the fit")
    k = np.arange(max_lag + 1)
    sq = d**2
    csum = np.concatenate([np.zeros((1, d.shape[1])), np.cumsum(sq, axis=0)])
    total = csum[-1]
    # Σ_{n=0}^{N−k−1} D(n)² + Σ_{n=k}^{N−1} D(n)²
    s = csum[n - k] + (total - csum[k])
    acf = autocorrelation(d, max_lag)  # already divided by N − k
    msd = s / (n - k)[:, None] - 2 * acf
    return msd.mean(axis=1)


def einstein_helfand(displacement: np.ndarray, timestep: float, prefactor: float = 1.0, *,
                     fit_range: tuple[float, float] | None = None,
                     time_units: str = "time unit of timestep",
                     units: str = "prefactor × x² × time") -> xr.Dataset:
    """prefactor × (slope of the component-averaged MSD of ``displacement``)/2.

    Parameters
    ----------
    displacement
        D(t) = ∫J dt sampled every ``timestep``, (n_samples, n_components) or 1D (e.g. the cell
        dipole Σ q_i r_i from unwrapped positions).
    timestep
        Δ in ``time_units``.
    prefactor
        E.g. 1/(V k_B T) for σ (docs/physics/particles.rst).
    fit_range
        (t_min, t_max) of the linear fit in ``time_units`` (default N/1000 … N/100 lags).

    Returns
    -------
    xarray.Dataset
        ``coefficient`` (prefactor × slope/2, its fit window in attrs) and ``msd(lag_time)``.
    """
    dt = check_timestep(timestep)
    d = as_series(displacement, "displacement")
    n = d.shape[0]
    if fit_range is None:
        lo, hi = max(1, n // 1000), max(2, n // 100)
    else:
        lo, hi = round(fit_range[0] / dt), round(fit_range[1] / dt)
        if not 0 <= lo < hi < n:
            raise ParameterError("fit_range", fit_range, f"0 ≤ t_min < t_max < {n * dt:g}")
    msd = mean_square_displacement(d, hi)
    lags = np.arange(lo, hi + 1) * dt
    slope, _ = np.polyfit(lags, msd[lo:], 1)
    value = prefactor * slope / 2
    ds = xr.Dataset(
        {
            "coefficient": labelled(value, (), units,
                                    "Einstein-Helfand prefactor × (d MSD/dt)/2",
                                    fit_start=lo * dt, fit_stop=hi * dt),
            "msd": labelled(msd, "lag_time", "x² × time² (file units)",
                            "component-averaged mean-square displacement of ∫J dt"),
        },
        coords={"lag_time": labelled(dt * np.arange(hi + 1), "lag_time", time_units,
                                     "lag time")},
    )
    return with_provenance(ds, {"timestep": dt, "prefactor": prefactor, "samples": n,
                                "fit_range": [lo * dt, hi * dt]})
