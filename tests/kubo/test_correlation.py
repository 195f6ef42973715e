"""FFT correlations against direct sums; running integrals against the AR(1) closed form."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.kubo import (
    autocorrelation,
    correlation,
    cross_correlation,
    green_kubo_integral,
    running_integral,
)
from currentkit.kubo.correlation import as_series

from .conftest import ar1, ar1_integral


def direct(x: np.ndarray, y: np.ndarray, lags: int) -> np.ndarray:
    n = x.shape[0]
    return np.array([np.sum(x[: n - k] * y[k:], axis=0) / (n - k) for k in range(lags + 1)])


def test_fft_correlation_equals_the_direct_unbiased_sum() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal((700, 2)), rng.standard_normal((700, 2))
    # the same sums in another order: agreement to rounding (a few ulp × √N)
    np.testing.assert_allclose(cross_correlation(x, y), direct(x, y, 699), rtol=0, atol=1e-13)
    np.testing.assert_allclose(autocorrelation(x[:, 0], 50), direct(x, x, 50)[:, 0],
                               rtol=0, atol=1e-13)


def test_blocked_correlation_of_long_series_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3000, 1))
    monkeypatch.setattr(correlation, "BLOCKED_ABOVE", 100)
    monkeypatch.setattr(correlation, "_BLOCK", 256)  # many blocks, lag 40 crosses each seam
    np.testing.assert_allclose(autocorrelation(x, 40), direct(x, x, 40), rtol=0, atol=1e-13)


def test_running_integral_of_the_exact_ar1_correlation() -> None:
    tau, lags = 7.0, 400
    exact_acf = np.exp(-np.arange(lags + 1) / tau)
    # trapezoid of a^k to lag 400 = 57τ: the tail e^{-57} is far below rounding
    assert running_integral(exact_acf, 1.0)[-1] == pytest.approx(ar1_integral(tau), rel=1e-12)
    assert running_integral(2 * exact_acf, 0.5)[-1] == pytest.approx(ar1_integral(tau),
                                                                     rel=1e-12)


def test_direct_green_kubo_on_ar1_data() -> None:
    tau = 5.0
    x = ar1(np.random.default_rng(5), 200_000, tau)
    gk = green_kubo_integral(x, 1.0, max_lag=int(20 * tau))
    # statistical error of ∫C to 20τ from 3 × 200 000 samples: √(2·20τ·2τ²/(3N))... ≈ 2 %;
    # 6 % is 3σ
    assert gk[-1] == pytest.approx(ar1_integral(tau), rel=0.06)


def test_bad_series_and_timestep() -> None:
    with pytest.raises(ParameterError, match="row 2, column 1"):
        autocorrelation(np.array([[0.0, 1], [1, 2], [3, np.nan], [4, 5]]))
    huge = np.full((8, 1), 1e308)  # finite, though their sum overflows: accepted
    assert np.isfinite(autocorrelation(huge / 1e160, 2)).all()
    assert correlation.as_series(huge) is not None
    with pytest.raises(ParameterError, match="timestep"):
        running_integral(np.ones(4), 0.0)
    with pytest.raises(ParameterError, match="max_lag"):
        autocorrelation(np.ones(10), 10)


def test_text_is_refused_with_the_parameter_named() -> None:
    with pytest.raises(ParameterError) as info:
        as_series("abc")  # type: ignore[arg-type]
    assert info.value.name == "series"
