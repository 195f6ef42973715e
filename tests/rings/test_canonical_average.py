"""The canonical average current: cooperon theory and the number-variance estimate."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.rings import LatticeRing, born_estimate
from currentkit.rings.disorder import canonical_average as ca
from currentkit.rings.disorder import random_walk as rw


def test_diffusive_cooperon_moment() -> None:
    walk = rw.persistent_walk(-0.6, 2.0, 4)
    d = walk.diffusion_constant
    for x in (30.0, 300.0):
        # T = 0: ∫ P̂ ds = 1/X for diffusion; the walk's quadrature with the diffusion kernel
        edges = np.geomspace(1e-12 * d / x**2, 1e4 * d / x**2, 200)
        nodes, weights = rw.gauss_legendre_panels(edges)
        numeric = np.sum(weights * rw.diffusive_return_laplace(d, x, nodes))
        assert numeric * x == pytest.approx(1.0, rel=1e-5)  # the truncation at 1e-12: √ of it
        assert ca.cooperon_moment(None, x, diffusion_constant=d) == 1 / x
        # T > 0: the closed-form Matsubara sum against the T = 0 limit and the thermal scale
        kt = 0.3 * d / x**2
        hot = ca.cooperon_moment(None, x, kt, diffusion_constant=d) * x
        assert 0.4 < hot < 0.7
        # small T tends to 1 as 1 − O(√(T/E_c))
        cold = ca.cooperon_moment(None, x, 1e-3 * d / x**2, diffusion_constant=d) * x
        assert 0.9 < cold < 1.0


def test_walk_cooperon_tends_to_diffusion() -> None:
    walk = rw.persistent_walk(-0.6, 2.0, 4)
    d = walk.diffusion_constant
    ell = born_estimate(-0.6, 2.0, 4).mean_free_path
    x = 300 * ell
    # O(ℓ/X) corrections: 1e-3 at X = 300ℓ
    assert ca.cooperon_moment(walk, x) * x == pytest.approx(1.0, rel=2e-3)
    kt = 0.3 * d / x**2
    assert ca.cooperon_moment(walk, x, kt) == pytest.approx(
        ca.cooperon_moment(None, x, kt, diffusion_constant=d), rel=2e-3)
    # the long-time weight t⁻¹ makes the ballistic correction small already at X = 5ℓ
    assert 0.85 < ca.cooperon_moment(walk, 5 * ell) * 5 * ell < 1.0


def test_diffusive_harmonics_are_two_delta_over_pi_squared() -> None:
    ring = LatticeRing(30, channels=4)
    ds = ca.canonical_average_harmonics(ring, -0.6, 2.0, orders=4)
    check_conventions(ds)
    delta = ds.attrs["level_spacing"]
    born = born_estimate(-0.6, 2.0, 4)
    assert delta == pytest.approx(1 / (30 * born.density_of_states), rel=1e-14)
    # T = 0 diffusive cooperon: b_2p = 2Δ/π² for every p, odd harmonics zero (exact)
    np.testing.assert_allclose(ds["diffusive_harmonic"], [0, 2 * delta / math.pi**2, 0,
                                                          2 * delta / math.pi**2], rtol=1e-12)
    assert ds["average_harmonic"][0] == 0 and ds["average_harmonic"][2] == 0
    assert 0.8 < float(ds["average_harmonic"][1] / ds["diffusive_harmonic"][1]) < 1.0


def test_number_variance_harmonics_against_an_fft() -> None:
    rng = np.random.default_rng(5)
    flux = np.linspace(0, 0.5, 65)
    # levels that move with flux (even in f, period 1) and random offsets
    base = rng.uniform(-3, 3, size=(50, 1, 40))
    slope = rng.normal(size=(50, 1, 40))
    energies = base + 0.4 * slope * np.cos(2 * np.pi * flux)[None, :, None] ** 2
    mus, deltas = np.array([-0.5, 0.5]), np.array([0.2, 0.3])
    ours = ca.number_variance_harmonics(energies, flux, mus, deltas, orders=3)
    # independent: mirror to a full period and take the FFT's cosine coefficients
    full = np.concatenate([energies, energies[:, -2:0:-1]], axis=1)
    expected = np.zeros(3)
    for m, d in zip(mus, deltas, strict=True):
        var = (full < m).sum(axis=2).var(axis=0, ddof=1)
        a = 2 * np.fft.rfft(var).real[1:4] / var.size
        expected += d / 2 * np.arange(1, 4) * a / 2
    # trapezoid on a step function vs the FFT of the same samples: O(1/F) apart
    np.testing.assert_allclose(ours, expected, atol=0.02 * np.max(np.abs(expected)) + 1e-12)


def test_bad_input() -> None:
    with pytest.raises(ParameterError, match="ring"):
        ca.canonical_average_harmonics(LatticeRing(30, channels=4, spin=True), -0.6, 2.0)
    with pytest.raises(ParameterError, match="orders"):
        ca.canonical_average_harmonics(LatticeRing(30, channels=4), -0.6, 2.0, orders=0)
    with pytest.raises(ParameterError, match="energies"):
        ca.number_variance_harmonics(np.zeros((1, 3, 4)), np.linspace(0, 0.5, 3), 0.0, 0.1)
    with pytest.raises(ParameterError, match="flux"):
        ca.number_variance_harmonics(np.zeros((2, 3, 4)), np.array([0, 0.1, 0.5]), 0.0, 0.1)
