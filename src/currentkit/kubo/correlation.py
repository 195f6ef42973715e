"""Time correlations by FFT, running Green-Kubo integrals and the direct Green-Kubo estimate.

Conventions
-----------
A series is an array ``(n_samples, n_components)`` sampled every Δ (``timestep``). The
correlation of components a, b at lag k ≥ 0 is estimated without bias as

    C_ab(kΔ) = (1/(N − k)) Σ_{n=0}^{N−k−1} x_a(n) x_b(n + k)          (the 1/(N − k) estimator),

computed by a zero-padded FFT (length ≥ 2N, so the circular correlation equals the linear one):
O(N log N) instead of O(N²). The running Green-Kubo integral is the trapezoid

    I(kΔ) = Δ [C(0)/2 + C(Δ) + … + C((k−1)Δ) + C(kΔ)/2],

and a Green-Kubo coefficient is prefactor × I(t → ∞) averaged over the l equivalent (e.g.
Cartesian) components: σ = (1/(3Vk_BT)) ∫0^∞ ⟨J(0)·J(t)⟩dt is prefactor 1/(Vk_BT) times the
component average of ∫0^∞⟨J_a(0)J_a(t)⟩dt (docs/physics/particles.rst). The direct integral needs a
plateau to be read off by eye; :mod:`currentkit.kubo.cepstral` gives the estimate with an error
bar.
"""

from __future__ import annotations

import numpy as np
from scipy import fft as sfft

from currentkit.errors import ParameterError, positive_real


def as_series(series: np.ndarray, name: str = "series") -> np.ndarray:
    """``series`` as a float64 array (n_samples, n_components); a 1D array is one component.

    Raises
    ------
    ParameterError
        If it has more than two dimensions, fewer than 4 samples, or NaN/inf (the first bad row
        and column are named).
    """
    try:
        x = np.asarray(series, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(name, type(series).__name__, "an array of numbers") from None
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise ParameterError(name, f"array of shape {x.shape}", "a 1D or 2D array "
                             "(n_samples, n_components)")
    if x.shape[0] < 4 or x.shape[1] < 1:
        raise ParameterError(name, f"array of shape {x.shape}", "at least 4 samples and 1 "
                             "component")
    with np.errstate(over="ignore", invalid="ignore"):
        total = x.sum()
    if np.isfinite(total):  # one pass without a mask; a NaN or inf anywhere spoils the sum
        return x
    bad = ~np.isfinite(x)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ParameterError(name, f"{x[row, col]} at row {row}, column {col}",
                             "finite numbers only")
    return x  # finite, but the sum overflowed


def check_timestep(timestep: float) -> float:
    """``timestep`` as a positive finite float, or :class:`ParameterError`."""
    return positive_real("timestep", timestep, "a positive, finite sampling interval")


def _max_lag(n: int, max_lag: int | None) -> int:
    if max_lag is None:
        return n - 1
    if isinstance(max_lag, bool) or not 0 <= int(max_lag) < n:
        raise ParameterError("max_lag", max_lag, f"an integer in [0, {n - 1}]")
    return int(max_lag)


def cross_correlation(x: np.ndarray, y: np.ndarray, max_lag: int | None = None) -> np.ndarray:
    """Unbiased cross-correlation C_xy(k) = ⟨x(n) y(n + k)⟩, k = 0 … max_lag, per component.

    Parameters
    ----------
    x, y
        Series of the same shape (n_samples,) or (n_samples, n_components).
    max_lag
        Largest lag in samples (default N − 1).

    Returns
    -------
    numpy.ndarray
        Shape (max_lag + 1,) for 1D inputs, else (max_lag + 1, n_components); the estimator
        divides by N − k (module docstring).
    """
    one_d = np.ndim(x) == 1
    a, b = as_series(x, "x"), as_series(y, "y")
    if a.shape != b.shape:
        raise ParameterError("y", f"shape {b.shape}", f"the shape of x, {a.shape}")
    n = a.shape[0]
    lag = _max_lag(n, max_lag)
    if n > BLOCKED_ABOVE and lag < n // 8:
        corr = np.column_stack([_blocked(a[:, c], b[:, c], lag) for c in range(a.shape[1])])
    else:
        size = sfft.next_fast_len(n + lag + 1, real=True)
        fa = sfft.rfft(a, size, axis=0)
        fb = fa if y is x else sfft.rfft(b, size, axis=0)
        corr = sfft.irfft(np.conj(fa) * fb, size, axis=0)[: lag + 1]
    corr /= (n - np.arange(lag + 1))[:, None]
    return corr[:, 0] if one_d else corr


#: Series longer than this are correlated block by block (memory bounded by a block).
BLOCKED_ABOVE = 1 << 20
_BLOCK = 1 << 18


def _blocked(a: np.ndarray, b: np.ndarray, lag: int) -> np.ndarray:
    """Σ_n a(n) b(n + k), k ≤ lag, by blocks of a against the overlapping segments of b.

    Exact (overlap-add): block [s, s + B) of a meets b on [s, s + B + lag); each pair is a
    zero-padded FFT of length ≥ 2B + lag, so memory stays O(B + lag) whatever N is.
    """
    n = a.size
    block = max(_BLOCK, lag)
    size = sfft.next_fast_len(2 * block + lag + 1, real=True)
    out = np.zeros(lag + 1)
    for start in range(0, n, block):
        fa = sfft.rfft(a[start:start + block], size)
        fb = sfft.rfft(b[start:start + block + lag], size)
        out += sfft.irfft(np.conj(fa) * fb, size)[: lag + 1]
    return out


def autocorrelation(x: np.ndarray, max_lag: int | None = None) -> np.ndarray:
    """Unbiased autocorrelation C(k) = ⟨x(n) x(n + k)⟩ (see :func:`cross_correlation`)."""
    return cross_correlation(x, x, max_lag)


def running_integral(corr: np.ndarray, timestep: float) -> np.ndarray:
    """Trapezoid running integral I(kΔ) = ∫0^{kΔ} C(t) dt along axis 0 (I(0) = 0)."""
    dt = check_timestep(timestep)
    c = np.asarray(corr, dtype=np.float64)
    out = np.zeros_like(c)
    out[1:] = np.cumsum(0.5 * dt * (c[1:] + c[:-1]), axis=0)
    return out


def green_kubo_integral(series: np.ndarray, timestep: float, max_lag: int | None = None,
                        prefactor: float = 1.0) -> np.ndarray:
    """prefactor × running ∫0^t ⟨x_a(0)x_a(t')⟩dt' averaged over the components a.

    Parameters
    ----------
    series
        (n_samples, n_components) or 1D, sampled every ``timestep``.
    timestep
        Δ in the time unit of the result (the integral has units of x² × time × prefactor).
    max_lag
        Largest lag in samples (default N/2: beyond, fewer than half the data enter each lag).
    prefactor
        E.g. 1/(V k_B T) for σ with J = Σ q_i v_i (docs/physics/particles.rst).

    Returns
    -------
    numpy.ndarray
        The running integral at lags 0 … max_lag (shape (max_lag + 1,)).
    """
    x = as_series(series)
    lag = x.shape[0] // 2 if max_lag is None else max_lag
    corr = autocorrelation(x, lag)
    return prefactor * running_integral(corr, timestep).mean(axis=1)
