"""Grid operators against closed forms and vector identities."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit import grid
from currentkit.errors import ParameterError


def periodic_axis(n: int, length: float = 2 * np.pi) -> tuple[np.ndarray, float]:
    h = length / n
    return np.arange(n) * h, h


def test_spectral_derivative_is_exact_for_band_limited_fields() -> None:
    x, h = periodic_axis(32)
    f = np.sin(3 * x) + 0.5 * np.cos(7 * x)
    exact = 3 * np.cos(3 * x) - 3.5 * np.sin(7 * x)
    d = grid.derivative(f, 0, h, method="spectral", periodic=True)
    # modes |k| ≤ 7 < 16 are resolved exactly; only FFT rounding remains (~1e-14 of max|f'|)
    np.testing.assert_allclose(d, exact, atol=1e-12)


def test_central_difference_converges_at_second_order() -> None:
    errors = []
    for n in (32, 64, 128):
        x = np.linspace(0.0, 1.0, n)
        h = x[1] - x[0]
        d = grid.derivative(np.exp(2 * x), 0, h)  # open ends: one-sided second order
        errors.append(np.max(np.abs(d - 2 * np.exp(2 * x))))
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    # the leading error term is O(h²): halving h divides it by 4 (order 2 within 0.15)
    np.testing.assert_allclose(orders, 2.0, atol=0.15)


def test_periodic_central_difference_closed_form() -> None:
    x, h = periodic_axis(50)
    d = grid.derivative(np.sin(x), 0, h, periodic=True)
    # central difference of sin is exactly cos(x)·sin(h)/h
    np.testing.assert_allclose(d, np.cos(x) * np.sin(h) / h, atol=1e-13)


def test_gradient_divergence_laplacian_of_gaussian() -> None:
    x, h = periodic_axis(48, 20.0)
    x = x - 10.0
    xx, yy = np.meshgrid(x, x, indexing="ij")
    f = np.exp(-(xx**2 + yy**2) / 2)
    lap = grid.divergence(grid.gradient(f, h, method="spectral", periodic=True), h,
                          method="spectral", periodic=True)
    # ∇²e^{−r²/2} = (r² − 2)e^{−r²/2}; the Gaussian is band-limited to ~1e-13 on this grid
    np.testing.assert_allclose(lap, (xx**2 + yy**2 - 2) * f, atol=1e-10)


@pytest.mark.parametrize("method", ["central", "spectral"])
def test_vector_identities_hold_to_rounding(method: str) -> None:
    rng = np.random.default_rng(1)
    n = 16
    h = (0.3, 0.5, 0.7)
    phi = rng.normal(size=(n, n, n))
    a = rng.normal(size=(3, n, n, n))
    kw = {"method": method, "periodic": True}
    # the discrete operators commute, so curl∘grad = 0 and div∘curl = 0 exactly up to rounding
    assert np.max(np.abs(grid.curl(grid.gradient(phi, h, **kw), h, **kw))) < 1e-11
    assert np.max(np.abs(grid.divergence(grid.curl(a, h, **kw), h, **kw))) < 1e-11


def test_curl_is_right_handed() -> None:
    x, h = periodic_axis(24)
    x0, x1, _ = np.meshgrid(x, x, x, indexing="ij")
    # v = (−x1, x0, 0)-like rotation about x2, periodic version: v = (−sin x1, sin x0, 0)
    v = np.stack([-np.sin(x1), np.sin(x0), np.zeros_like(x0)])
    c = grid.curl(v, h, method="spectral", periodic=True)
    np.testing.assert_allclose(c[2], np.cos(x0) + np.cos(x1), atol=1e-12)
    np.testing.assert_allclose(c[:2], 0.0, atol=1e-12)
    c2 = grid.curl(v[:2, :, :, 0], h, method="spectral", periodic=True)
    np.testing.assert_allclose(c2, c[2][:, :, 0], atol=1e-12)


def test_stream_function_current_is_divergence_free_and_has_curl() -> None:
    x, h = periodic_axis(32)
    xx, yy = np.meshgrid(x, x, indexing="ij")
    psi = np.sin(xx) * np.cos(2 * yy)
    j = grid.curl_of_stream(psi, h, method="spectral", periodic=True)
    kw = {"method": "spectral", "periodic": True}
    assert np.max(np.abs(grid.divergence(j, h, **kw))) < 1e-12
    # ∇×(∇×ψẑ) = −∇²ψ ẑ, ∇²ψ = −5ψ here
    np.testing.assert_allclose(grid.curl(j, h, **kw), 5 * psi, atol=1e-11)


def test_coordinates() -> None:
    xs, ys = grid.coordinates((3, 2), (0.5, 2.0), origin=(1.0, -1.0))
    np.testing.assert_array_equal(xs, [1.0, 1.5, 2.0])
    np.testing.assert_array_equal(ys, [-1.0, 1.0])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: grid.gradient(np.zeros((4, 4)), (1.0, 2.0, 3.0)), "spacing"),
        (lambda: grid.gradient(np.zeros((4, 4)), -1.0), "spacing"),
        (lambda: grid.gradient(np.zeros((4, 4)), float("nan")), "spacing"),
        (lambda: grid.gradient(np.zeros(8), 1.0, method="spectral"), "method"),
        (lambda: grid.gradient(np.zeros(8), 1.0, method="fourier"), "method"),  # type: ignore
        (lambda: grid.divergence(np.zeros((3, 4, 4)), 1.0), "v"),
        (lambda: grid.derivative(np.zeros(2), 0, 1.0), "f"),
        (lambda: grid.curl_of_stream(np.zeros(5), 1.0), "psi"),
    ],
)
def test_bad_input_names_the_parameter(call, name: str) -> None:
    with pytest.raises(ParameterError) as info:
        call()
    assert info.value.name == name
