"""Zeros of the current: two plane waves, two box states, stagnation points in 2D."""

from __future__ import annotations

import math

import numpy as np
import pytest

import currentkit as ck
from currentkit.errors import ParameterError


def test_two_plane_waves_current_and_its_zeros_at_the_density_nodes() -> None:
    k1, k2, p0, t = 1.0, 3.0, 0.4, 0.7
    length = 2 * math.pi  # two periods of the beat (k2 − k1 = 2)
    x = np.linspace(0, length, 4097)
    psi = ck.waves.two_plane_waves(x, t, k1=k1, k2=k2, phase=p0)
    j = ck.waves.probability_current(psi, x[1] - x[0])[0]
    phi = (k2 - k1) * x - (k2**2 - k1**2) / 2 * t + p0
    closed = (k1 + k2) * (1 + np.cos(phi))
    # central differences: relative error (kh)²/6 ≈ 1e-5 at k = 3, h = 2π/4096
    np.testing.assert_allclose(j, closed, rtol=0, atol=3e-5 * closed.max())
    zeros = ck.waves.current_zeros_1d(closed, x)
    # density nodes φ = π (mod 2π), moving at (ω2 − ω1)/(k2 − k1) = (k1 + k2)/2
    nodes = (np.pi - p0 + (k2**2 - k1**2) / 2 * t + 2 * np.pi * np.arange(-3, 4)) / (k2 - k1)
    nodes = np.sort(nodes[(nodes >= 0) & (nodes <= length)])
    assert zeros.size == nodes.size == 2
    # touching zeros located by a parabola through 3 samples: error O(h²)·|j'''|/|j''| ≈ 1e-7
    np.testing.assert_allclose(zeros, nodes, atol=1e-6)
    rho = np.abs(psi) ** 2
    assert np.all(rho[np.searchsorted(x, zeros)] < 1e-5)  # the zeros are density nodes


def test_box_states_current_closed_form_and_zero_times() -> None:
    c1, c2 = 0.6, 0.8
    x = np.linspace(0, 1, 2001)
    omega = 3 * math.pi**2 / 2
    for t in (0.05, 0.13, 0.3):
        psi = ck.waves.box_superposition(x, t, c1=c1, c2=c2)
        j = ck.waves.probability_current(psi, x[1] - x[0])[0]
        closed = c1 * c2 * 4 * math.pi * np.sin(math.pi * x) ** 3 * math.sin(omega * t)
        # central differences, k = 2π, h = 5e-4: relative (kh)²/6 ≈ 2e-6; the one-sided
        # edges are second order too
        np.testing.assert_allclose(j, closed, rtol=0, atol=1e-5)
    # the current vanishes everywhere at t = nπ/ω21 = n·0.2122066
    assert math.pi / omega == pytest.approx(0.2122066, abs=5e-8)
    for n in (1, 2, 3):
        psi = ck.waves.box_superposition(x, n * math.pi / omega, c1=c1, c2=c2)
        j = ck.waves.probability_current(psi, x[1] - x[0])[0]
        assert np.abs(j).max() < 1e-12  # ψ is then real up to a global phase


def test_simple_zeros_by_sign_change() -> None:
    x = np.linspace(0, 10, 1001)
    zeros = ck.waves.current_zeros_1d(np.sin(x), x)
    # linear interpolation between samples: error ≤ h²·max|f''|/8/|f'| ≈ 1.3e-5
    np.testing.assert_allclose(zeros, np.pi * np.arange(4), atol=2e-5)
    assert ck.waves.current_zeros_1d(2 + np.sin(x), x).size == 0


def test_2d_stagnation_points_of_a_vortex_pair() -> None:
    # ψ = (z − a)(z̄ − b̄)·e^{−|z|²/8}: vortices +1 at a, −1 at b; j vanishes at both (index +1
    # each: the flow circulates around a vortex whatever its sense) and at saddles (index −1)
    n, h = 121, 0.1
    x = h * np.arange(n) - 6.0
    xx, yy = np.meshgrid(x, x, indexing="ij")
    z = xx + 1j * yy
    a, b = 1.03 + 0.51j, -1.27 - 0.33j
    psi = (z - a) * np.conj(z - b) * np.exp(-np.abs(z) ** 2 / 8)
    j = ck.waves.probability_current(psi, h)
    pos, index = ck.waves.current_zeros_2d(j, h, (-6.0, -6.0))
    for target in (a, b):
        d = np.hypot(pos[:, 0] - target.real, pos[:, 1] - target.imag)
        k = int(np.argmin(d))
        # bilinear root inside the plaquette: O(h²) from the curvature of j near the node
        assert d[k] < 0.02 and index[k] == 1
    assert set(index.tolist()) <= {-1, 1}


def test_zero_finder_bad_input() -> None:
    with pytest.raises(ParameterError):
        ck.waves.current_zeros_1d(np.zeros(10), np.arange(10.0))
    with pytest.raises(ParameterError):
        ck.waves.current_zeros_1d(np.ones(10), np.arange(9.0))
    with pytest.raises(ParameterError):
        ck.waves.current_zeros_2d(np.ones((3, 4, 4)))
    with pytest.raises(ParameterError):
        ck.waves.box_superposition(np.array([1.5]), c1=1.0, c2=0.0)
