"""Transport vs circulating split of a 2D current: a synthetic field with known parts."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.magnetization import harmonic_extension, strip_split, transport_split
from currentkit.results import check_conventions

LX, W, CURRENT, A, M0 = 2.0, 1.0, 0.7, 0.3, 0.5


def synthetic(n: int) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """J = ∇×((ψ_h + M)ẑ) with ψ_h = I y/W + A sin(πy/W) cosh(π(x − L/2)/W)/cosh(πL/2W)
    (I = CURRENT; harmonic, 0 on the bottom edge, I on the top: the current I enters unevenly
    through the left lead and leaves through the right one) and M = M0 sin(πx/L) sin(πy/W)
    (zero on the boundary). Returns J, h, M and the transport current on a (2n − 1) × n grid."""
    x, y = np.linspace(0, LX, 2 * n - 1), np.linspace(0, W, n)
    xx, yy = np.meshgrid(x, y, indexing="ij")
    k, c = np.pi / W, np.cosh(np.pi * LX / (2 * W))
    tx = CURRENT / W + A * k * np.cos(k * yy) * np.cosh(k * (xx - LX / 2)) / c
    ty = -A * k * np.sin(k * yy) * np.sinh(k * (xx - LX / 2)) / c
    mx = M0 * np.sin(np.pi * xx / LX) * np.pi / W * np.cos(np.pi * yy / W)
    my = -M0 * np.pi / LX * np.cos(np.pi * xx / LX) * np.sin(np.pi * yy / W)
    m = M0 * np.sin(np.pi * xx / LX) * np.sin(np.pi * yy / W)
    return np.stack([tx + mx, ty + my]), float(y[1] - y[0]), m, np.stack([tx, ty])


def test_recovers_the_magnetization_and_transport_parts() -> None:
    errors = []
    for n in (41, 81):
        j, h, m, transport = synthetic(n)
        ds = transport_split(j, h)
        check_conventions(ds)
        errors.append(float(np.abs(ds["magnetization"].values - m).max()) / M0)
        # the trapezoid path integral is exact for the net current between the edges
        assert ds.attrs["transport_total"] == pytest.approx(CURRENT, rel=1e-12)
        inner = (slice(None), slice(1, -1), slice(1, -1))
        err_t = np.abs(ds["transport_current"].values[inner] - transport[inner]).max()
        assert err_t < 20 * h**2 * np.abs(transport).max()  # central differences, O(h²)
        np.testing.assert_allclose(ds["transport_current"] + ds["circulating_current"], j,
                                   rtol=0, atol=1e-14)
    # trapezoid + 5-point Laplacian: O(h²); measured 6.9e-4 and 1.7e-4
    assert errors[0] < 2e-3 and errors[0] / errors[1] == pytest.approx(4, rel=0.1)


def test_magnetization_current_carries_nothing_through_any_cut() -> None:
    j, h, _, _ = synthetic(41)
    ds = transport_split(j, h)
    circ = ds["circulating_current"].values
    # ∫ J_x dy over every vertical cut (trapezoid): the circulating part is O(h²) of the scale
    flows = np.trapezoid(circ[0], dx=h, axis=1)
    assert np.abs(flows).max() < 5e-3 * M0
    assert np.abs(np.trapezoid(j[0], dx=h, axis=1) - CURRENT).max() < 1e-12


def test_pure_transport_has_no_magnetization() -> None:
    _, h, _, transport = synthetic(41)
    ds = transport_split(transport, h)
    assert float(np.abs(ds["magnetization"]).max()) < 1e-3 * CURRENT


def test_harmonic_extension_reproduces_a_harmonic_polynomial() -> None:
    x, y = np.linspace(0, 1, 11), np.linspace(0, 2, 21)
    xx, yy = np.meshgrid(x, y, indexing="ij")
    u = xx**2 - yy**2 + 3 * xx * yy  # harmonic, and the 5-point stencil is exact on quadratics
    boundary = u.copy()
    boundary[1:-1, 1:-1] = 0.0
    np.testing.assert_allclose(harmonic_extension(boundary, 0.1), u, rtol=0, atol=1e-12)


def test_strip_split() -> None:
    m, t, total = strip_split(np.array([1.0, 0.0, 0.0, -1.0, 0.4]))
    assert total == pytest.approx(0.4)
    np.testing.assert_allclose(t, 0.08)
    np.testing.assert_allclose(m, [0, 0.92, 0.84, 0.76, -0.32, 0], atol=1e-15)


def test_bad_input() -> None:
    with pytest.raises(ParameterError, match="shape"):
        transport_split(np.zeros((3, 5, 5)), 1.0)
    with pytest.raises(ParameterError, match="non-finite"):
        transport_split(np.full((2, 5, 5), np.nan), 1.0)
    with pytest.raises(ParameterError, match="spacing"):
        transport_split(np.zeros((2, 5, 5)), -1.0)
