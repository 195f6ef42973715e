"""The Born persistent random walk and its winding-resolved return probability (random_walk.py).

Each step of the ballistic theory is checked on its own: the walk's rates and long-time D against
the Born estimate, the residue formula against the telegraph closed form (one channel) and
against a Monte-Carlo simulation of the walk (three channels), its long-time limit against the
diffusion kernel, and the s quadrature against the diffusive closed forms at T = 0 and T > 0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.rings import born_estimate
from currentkit.rings.disorder import random_walk as rw


def test_walk_rates_and_diffusion_constant_are_born() -> None:
    for channels, energy, width in ((1, 0.5, 1.0), (6, 0.3, 1.5), (12, -0.9, 2.0)):
        walk = rw.persistent_walk(energy, width, channels)
        born = born_estimate(energy, width, channels)
        n = born.open_channels
        # same formula evaluated twice: round-off only
        np.testing.assert_allclose(walk.rates[:n], born.rates, rtol=1e-12)
        np.testing.assert_allclose(walk.rates[n:], born.rates, rtol=1e-12)
        assert walk.diffusion_constant == pytest.approx(born.diffusion_constant, rel=1e-12)
        # detailed balance with π ∝ 1/v: Γπ = 0 (probability is conserved and π stationary)
        assert np.max(np.abs(walk.generator @ walk.weights)) < 1e-13 * np.max(walk.rates)
        assert np.max(np.abs(walk.generator.sum(axis=0))) < 1e-13 * np.max(walk.rates)


def test_one_channel_is_the_telegraph_kernel() -> None:
    walk = rw.persistent_walk(0.5, 1.0, 1)
    velocity = float(walk.velocities[0])
    flip = float(walk.gain[1, 0])
    # backscattering is half of the golden-rule rate 1/τ (the other half is forward)
    assert flip == pytest.approx(walk.rates[0] / 2, rel=1e-14)
    s = np.geomspace(1e-4, 3.0, 9)
    for distance in (3.0, 40.0):
        exact = rw.telegraph_return_laplace(velocity, flip, distance, s)
        # closed form vs a 1×1 even-sector eigenproblem: round-off
        np.testing.assert_allclose(walk.return_laplace(distance, s, connected=False), exact,
                                   rtol=1e-13)
        # the general 2×2 form: its Cholesky inverse loses digits as s/γ → 0 (2e-12 at 1e-4)
        np.testing.assert_allclose(walk._residues(s, distance), exact, rtol=1e-11)


def test_long_times_reproduce_the_diffusion_kernel() -> None:
    walk = rw.persistent_walk(0.3, 1.5, 8)
    d, ell = walk.diffusion_constant, born_estimate(0.3, 1.5, 8).mean_free_path
    distance = 100 * ell
    s = np.array([1e-4, 1e-3]) * d / distance**2
    # corrections are O(sτ) and O(ℓ/X) relative: 1e-3 here
    np.testing.assert_allclose(walk.return_laplace(distance, s, connected=False),
                               rw.diffusive_return_laplace(d, distance, s), rtol=3e-3)
    assert rw.diffuson_ratio(walk, 200 * ell) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize(("energy", "width", "channels"),
                         [(-0.5, 2.0, 3), (0.3, 1.5, 8), (-0.9, 2.0, 12), (-0.5, 1.5, 48)])
def test_even_sector_equals_the_full_walk(energy: float, width: float, channels: int) -> None:
    walk = rw.persistent_walk(energy, width, channels)
    assert walk.reflection_symmetric
    s = np.geomspace(1e-4, 3.0, 25) * float(np.max(walk.rates))
    for distance in (3.0, 40.0, 300.0):
        # N × N even sector vs the 2N × 2N pencil: the latter's Cholesky inverse carries
        # cond ~ max rate/s ≤ 1e4 times round-off (measured ≤ 3e-12 here)
        np.testing.assert_allclose(walk._even_residues(s, distance),
                                   walk._residues(s, distance), rtol=1e-10)


def _monte_carlo(walk: rw.PersistentWalk, distance: float, s: float, paths: int,
                 rng: np.random.Generator) -> tuple[float, float]:
    """Unbiased estimate of P̂(X, s): Σ over crossings of X of e^{−s t_c}/|u|, per path."""
    n = walk.weights.size
    state = rng.choice(n, size=paths, p=walk.weights)
    x, t, score = np.zeros(paths), np.zeros(paths), np.zeros(paths)
    cumulative = np.cumsum(walk.gain / walk.rates[None, :], axis=0)
    while np.exp(-s * t.min()) > 1e-9:
        u = walk.velocities[state]
        hold = rng.exponential(1 / walk.rates[state])
        x_new = x + u * hold
        crossed = (x - distance) * (x_new - distance) < 0
        t_cross = t + (distance - x) / u
        score += np.where(crossed, np.exp(-s * t_cross) / np.abs(u), 0.0)
        x, t = x_new, t + hold
        draw = rng.random(paths)
        state = np.minimum((draw[None, :] > cumulative[:, state]).sum(axis=0), n - 1)
    return float(score.mean()), float(score.std(ddof=1) / math.sqrt(paths))


def test_residues_agree_with_a_monte_carlo_walk() -> None:
    walk = rw.persistent_walk(-0.5, 2.0, 3)
    ell = born_estimate(-0.5, 2.0, 3).mean_free_path
    rng = np.random.default_rng(7)
    for distance, s in ((2 * ell, 0.05), (5 * ell, 0.02)):
        mean, error = _monte_carlo(walk, distance, s, 20_000, rng)
        exact = float(walk.return_laplace(distance, s, connected=False))
        # statistical: 4 standard errors
        assert abs(mean - exact) < 4 * error, (distance, mean, exact, error)
        assert error < 0.05 * exact  # the check has teeth


def test_a_walk_without_reflection_symmetry_agrees_with_monte_carlo() -> None:
    # speeds 1 (right) and 2 (left), π ∝ 1/|u| = (2/3, 1/3), no drift; detailed balance
    # π₊K₋₊ = π₋K₊₋ with K₋₊ = 0.2 → K₊₋ = 0.4; forward rates make the blocks unequal
    walk = rw.PersistentWalk(np.array([1.0, -2.0]), np.array([[0.1, 0.4], [0.2, 0.3]]),
                             np.array([2 / 3, 1 / 3]))
    assert not walk.reflection_symmetric
    rng = np.random.default_rng(11)
    for distance, s in ((5.0, 0.05), (20.0, 0.02)):
        mean, error = _monte_carlo(walk, distance, s, 20_000, rng)
        exact = float(walk.return_laplace(distance, s, connected=False))
        # statistical: 4 standard errors
        assert abs(mean - exact) < 4 * error, (distance, mean, exact, error)
        assert error < 0.05 * exact  # the check has teeth


@pytest.mark.parametrize("temperature_over_ec", [0.0, 0.3, 3.0])
def test_quadrature_reproduces_the_diffusive_closed_form(temperature_over_ec: float) -> None:
    walk = rw.persistent_walk(0.3, 1.5, 8)
    d = walk.diffusion_constant
    for distance in (40.0, 120.0):
        kt = temperature_over_ec * d / distance**2
        nodes, weights = rw._quadrature(walk, distance, kt)
        numeric = np.sum(weights * rw.diffusive_return_laplace(d, distance, nodes))
        # 8-node Gauss-Legendre on panels of width 0.33 in ln s: 1e-8 relative
        assert numeric == pytest.approx(rw.diffusive_moment(d, distance, kt), rel=1e-7, abs=0)


def test_diffusive_moment_is_the_diffuson_harmonic() -> None:
    # ⟨I_p²⟩ = (2/π²) p² L J(pL, T) equals typical_harmonics (spinless) at T = 0 and T > 0
    from currentkit.rings import typical_harmonics

    d, length = 9.6, 60.0
    ec = d / length**2
    for kt in (0.0, 0.3 * ec, 3 * ec):
        expected = typical_harmonics(ec, 3, kt) ** 2
        ours = [2 / math.pi**2 * p**2 * length * rw.diffusive_moment(d, p * length, kt)
                for p in (1, 2, 3)]
        # the same Matsubara sum written twice; round-off only
        np.testing.assert_allclose(ours, expected, rtol=1e-10)


def test_ballistic_ratio_grows_to_one_with_length() -> None:
    walk = rw.persistent_walk(0.3, 1.5, 8)
    ell = born_estimate(0.3, 1.5, 8).mean_free_path
    ratios = [rw.diffuson_ratio(walk, k * ell) for k in (2.0, 5.0, 10.0, 40.0)]
    assert all(np.diff(ratios) > 0) and ratios[0] < 0.5 < ratios[-1] < 1.0


def test_bad_input() -> None:
    walk = rw.persistent_walk(0.3, 1.5, 4)
    with pytest.raises(ParameterError, match="distance"):
        walk.return_laplace(-1.0, 0.1)
    with pytest.raises(ParameterError, match="s"):
        walk.return_laplace(1.0, np.array([0.1, -0.1]))
    with pytest.raises(ParameterError, match="temperature"):
        rw.thermal_moment(walk, 10.0, -0.1)
    with pytest.raises(ParameterError, match="velocities"):
        rw.PersistentWalk(np.array([1.0, 0.0]), np.zeros((2, 2)), np.array([0.5, 0.5]))
    with pytest.raises(ParameterError, match="weights"):
        rw.PersistentWalk(np.array([1.0, -1.0]), np.zeros((2, 2)), np.array([0.5, 0.6]))
