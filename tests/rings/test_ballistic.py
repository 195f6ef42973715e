"""Typical current from ballistic to diffusive (ballistic.py) and the measured scan (scans.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.rings import (
    LatticeRing,
    anderson_potential,
    ballistic_harmonics,
    born_estimate,
    typical_current_scan,
    typical_harmonics,
)
from currentkit.rings.disorder.scans import flux_sine_harmonics


def test_long_rings_reach_the_diffuson_and_short_ones_fall_below() -> None:
    born = born_estimate(-0.6, 1.5, 8)
    long_ring = LatticeRing(int(150 * born.mean_free_path), channels=8)
    ds = ballistic_harmonics(long_ring, -0.6, 1.5, orders=3)
    check_conventions(ds)
    ec = ds.attrs["thouless_energy"]
    # the diffusive limit is typical_harmonics with the Born D: the same function, round-off
    np.testing.assert_allclose(ds["diffuson_harmonic"], typical_harmonics(ec, 3), rtol=1e-12)
    # at L = 150ℓ the ballistic correction is O(ℓ/L) ≈ 1%
    np.testing.assert_allclose(ds["diffuson_ratio"], 1.0, atol=0.02)
    short = ballistic_harmonics(LatticeRing(int(5 * born.mean_free_path), channels=8), -0.6, 1.5)
    ratio = short["diffuson_ratio"].to_numpy()
    # the ratio depends on pL/ℓ: higher harmonics wind further and are more diffusive
    assert 0.45 < ratio[0] < ratio[1] < ratio[2] < 1.0


def test_ratio_depends_on_p_times_length_only() -> None:
    # harmonic 2 of a ring of L equals harmonic 1 of a ring of 2L (the same X = pL), T = 0
    a = ballistic_harmonics(LatticeRing(30, channels=4), -1.0, 1.5, orders=2)
    b = ballistic_harmonics(LatticeRing(60, channels=4), -1.0, 1.5, orders=1)
    assert float(a["diffuson_ratio"][1]) == pytest.approx(float(b["diffuson_ratio"][0]),
                                                          rel=1e-10)


def test_a_given_diffusion_constant_rescales_the_walk() -> None:
    ring = LatticeRing(40, channels=4)
    born = ballistic_harmonics(ring, -1.0, 1.5)
    d = born.attrs["diffusion_constant"]
    same = ballistic_harmonics(ring, -1.0, 1.5, diffusion_constant=d)
    # the Born D given back: the same walk scaled by 1, round-off
    np.testing.assert_allclose(same["typical_harmonic"], born["typical_harmonic"], rtol=1e-12)
    doubled = ballistic_harmonics(ring, -1.0, 1.5, diffusion_constant=2 * d)
    assert doubled.attrs["born_diffusion_constant"] == d
    assert doubled.attrs["length_over_mean_free_path"] == pytest.approx(
        born.attrs["length_over_mean_free_path"] / 2, rel=1e-12)
    # T = 0: the diffuson harmonics are ∝ E_c = D/L² (closed form)
    np.testing.assert_allclose(doubled["diffuson_harmonic"], 2 * born["diffuson_harmonic"],
                               rtol=1e-12)
    # halved rates at the same velocities stretch space and time by 2: the ratio at L equals
    # the Born walk's at L/2 (exact; the two s quadratures differ, 1e-8 each)
    half = ballistic_harmonics(LatticeRing(20, channels=4), -1.0, 1.5)
    np.testing.assert_allclose(doubled["diffuson_ratio"], half["diffuson_ratio"], rtol=1e-6)
    with pytest.raises(ParameterError, match="diffusion_constant"):
        ballistic_harmonics(ring, -1.0, 1.5, diffusion_constant=0.0)


def test_spin_doubles_every_harmonic() -> None:
    ring = LatticeRing(40, channels=4)
    spin = LatticeRing(40, channels=4, spin=True)
    np.testing.assert_allclose(ballistic_harmonics(spin, -1.0, 1.5)["typical_harmonic"],
                               2 * ballistic_harmonics(ring, -1.0, 1.5)["typical_harmonic"],
                               rtol=1e-12)


def test_bad_input() -> None:
    ring = LatticeRing(40, channels=4)
    with pytest.raises(ParameterError, match="disorder"):
        ballistic_harmonics(ring, -1.0, 0.0)
    with pytest.raises(ParameterError, match="orders"):
        ballistic_harmonics(ring, -1.0, 1.5, orders=0)
    with pytest.raises(ParameterError, match="temperature"):
        ballistic_harmonics(ring, -1.0, 1.5, temperature=-1.0)
    with pytest.raises(ParameterError, match="energy"):
        ballistic_harmonics(ring, 9.0, 1.5)
    dirty = LatticeRing(40, channels=4,
                        potential=anderson_potential(np.random.default_rng(0), 40, 4, 1.0))
    with pytest.raises(ParameterError, match="ring"):
        ballistic_harmonics(dirty, -1.0, 1.5)
    with pytest.raises(ParameterError, match="realizations"):
        typical_current_scan([(4, 1.5, 30, -1.0)], realizations=1)
    with pytest.raises(ParameterError, match="points"):
        typical_current_scan([(4, 1.5, 30)])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match="channels"):
        typical_current_scan([(0, 1.5, 30, -1.0)])
    with pytest.raises(ParameterError, match="flux_points"):
        typical_current_scan([(4, 1.5, 30, -1.0)], orders=4, flux_points=8)
    with pytest.raises(ParameterError, match="energy"):
        typical_current_scan([(4, 1.5, 30, 5.0)])
    with pytest.raises(ParameterError, match="disorder"):
        typical_current_scan([(4, -1.0, 30, -1.0)])
    with pytest.raises(ParameterError, match="diffusion"):
        typical_current_scan([(4, 1.5, 30, -1.0)], diffusion="einstein")  # type: ignore[arg-type]


def test_sine_harmonics_of_a_known_signal() -> None:
    f = np.arange(16) / 16
    signal = 0.3 * np.sin(2 * np.pi * f) - 0.1 * np.sin(6 * np.pi * f) + 0.2 * np.cos(2 * np.pi * f)
    np.testing.assert_allclose(flux_sine_harmonics(signal, 3), [0.3, 0.0, -0.1], atol=1e-14)
    with pytest.raises(ParameterError, match="orders"):
        flux_sine_harmonics(signal, 8)


def test_scan_measures_the_ballistic_theory() -> None:
    """A small ensemble (M = 4 strip, 3 open modes, L ≈ 3ℓ, T = 0.3E_c) against the theory.

    The ratio measured/ballistic must be 1 within 3 standard errors of the std (R = 60:
    ±9% each) plus 10% for the Born ℓ (the Landauer ℓ of these strips agrees with Born to
    ~10%, tests/rings/test_mesoscopic.py); the diffuson itself would be 1.6× too large here.
    """
    ds = typical_current_scan([(4, 1.5, 28, -1.0), (4, 1.5, 90, -1.0)], realizations=60,
                              orders=2, seed=3)
    check_conventions(ds)
    assert ds["diffusive"].to_numpy().tolist() == [1, 0]  # L = 90 > ξ ≈ 75: marked, not dropped
    measured = float(ds["measured"][0, 0])
    error = float(ds["measured_error"][0, 0])
    ballistic = float(ds["ballistic"][0, 0])
    assert abs(measured - ballistic) < 3 * error + 0.1 * ballistic
    assert float(ds["ballistic_ratio"][0, 0]) < 0.7  # and the diffuson would fail
    assert error / measured == pytest.approx(1 / math.sqrt(118), rel=1e-12)


def test_zero_temperature_scan_uses_the_ensemble_potentials() -> None:
    # T = 0 takes the T → 0 Green-function integral on the same potentials as the ensemble
    from currentkit.rings import EnsembleConfig, persistent_current
    from currentkit.rings.disorder.ensemble import realization_potential

    ds = typical_current_scan([(3, 1.5, 12, -0.5)], temperature=0.0, realizations=3, orders=2,
                              flux_points=8, seed=9)
    config = EnsembleConfig(12, channels=3, disorder=1.5, mu=-0.5, flux_points=8,
                            realizations=3, seed=9)
    direct = np.array([persistent_current(config.clean_ring(realization_potential(config, r)),
                                          config.flux(), mu=-0.5, method="dense")["current"]
                       for r in range(3)])
    b = flux_sine_harmonics(direct, 2)
    # Green-function T = 0 quadrature vs dense diagonalisation: 1e-8 relative
    np.testing.assert_allclose(ds["measured"][0], b.std(axis=0, ddof=1), rtol=1e-7)
    np.testing.assert_allclose(ds["mean_harmonic"][0], b.mean(axis=0), rtol=1e-7,
                               atol=1e-9 * float(np.abs(b).max()))
    assert float(ds["temperature"][0]) == 0.0


def test_scan_with_the_landauer_diffusion_constant() -> None:
    from currentkit.rings import measure_transport

    point = [(3, 1.5, 12, -0.5)]
    options = {"temperature": 0.0, "realizations": 3, "orders": 2, "flux_points": 8, "seed": 9}
    born = typical_current_scan(point, **options)  # type: ignore[arg-type]
    landauer = typical_current_scan(point, diffusion="landauer", **options)  # type: ignore[arg-type]
    check_conventions(landauer)
    d = measure_transport(-0.5, 1.5, 3, [3, 6, 9, 12], realizations=3, seed=9).diffusion_constant
    # the walk is rescaled to this D and its D read back: round-off
    assert float(landauer["diffusion_constant"][0]) == pytest.approx(d, rel=1e-12)
    assert landauer.attrs["diffusion"] == "landauer"
    # at T = 0 the same potentials give the same harmonics whatever D the theories take
    np.testing.assert_array_equal(landauer["measured"], born["measured"])
    # and the diffuson is ∝ E_c ∝ D (closed form, T = 0)
    ratio = d / float(born["diffusion_constant"][0])
    np.testing.assert_allclose(landauer["diffuson"], ratio * born["diffuson"], rtol=1e-12)
