"""Exact canonical and grand-canonical filling of independent levels (rings/thermo.py).

Three independent routes to the canonical ensemble are compared: the recursion under test,
brute-force enumeration of every N-particle configuration, and number projection by a discrete
Fourier sum. Currents i_n = −∂ε_n/∂Φ are arbitrary numbers here; the recursion must return
I = k_BT·∂ln Z_N/∂Φ = ⟨Σ_n n_n i_n⟩ for any of them.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.rings.free import thermo

LEVELS = 12


def random_levels(seed: int, rows: int = 4, n: int = LEVELS) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-1.0, 1.0, (rows, n)), rng.normal(size=(rows, n))


def enumerate_canonical(
    energies: np.ndarray, currents: np.ndarray, particles: int, kT: float, bosons: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Current ⟨Σ n_n i_n⟩ and F = −kT ln Z by summing over every configuration, per row."""
    pick = itertools.combinations_with_replacement if bosons else itertools.combinations
    idx = np.array(list(pick(range(energies.shape[1]), particles)), dtype=int).reshape(
        -1, particles
    )
    out_i, out_f = [], []
    for e, i in zip(energies, currents, strict=True):
        e_conf, i_conf = e[idx].sum(axis=1), i[idx].sum(axis=1)
        w = np.exp(-(e_conf - e_conf.min()) / kT)
        out_i.append((w * i_conf).sum() / w.sum())
        out_f.append(e_conf.min() - kT * np.log(w.sum()))
    return np.array(out_i), np.array(out_f)


def fourier_projection(
    energies: np.ndarray, currents: np.ndarray, particles: int, kT: float
) -> tuple[np.ndarray, np.ndarray]:
    """Fermions: Z_N = (1/M)Σ_m e^{−iθ_m N} Π_n(1 + e^{iθ_m}x_n), θ_m = 2πm/M, M > levels.

    x_n = e^{−(ε_n − μ)/kT} with μ in the Fermi gap. Exact for M > number of levels: the
    generating polynomial has degree < M, so no other power aliases onto the N-th. To stay in
    floating range for x_n ≫ 1, each level below μ is rewritten exactly (no truncation) as
    1 + z = z·(1 + 1/z), z = e^{iθ}x: its factor x_n leaves the sum and e^{iθ} shifts N by one.
    The current follows from kT·∂x_n/∂Φ = x_n·i_n differentiated under the sum:
    kT·∂ln(1 + z)/∂Φ = i·z/(1 + z) above μ, and i − i·w/(1 + w), w = 1/z, below.
    """
    n = energies.shape[1]
    m = n + 5
    theta = 2 * np.pi * np.arange(m) / m
    out_i, out_f = [], []
    for e, i in zip(energies, currents, strict=True):
        srt = np.sort(e)
        mu = 0.5 * (srt[particles - 1] + srt[particles]) if particles < n else srt[-1] + kT
        below = e < mu
        log_x = -(e - mu) / kT
        # y = z above μ, y = 1/z below μ; |y| ≤ 1 for every level
        y = np.where(below[None, :],
                     np.exp(-1j * theta)[:, None] * np.exp(-np.where(below, log_x, 0))[None, :],
                     np.exp(1j * theta)[:, None] * np.exp(np.where(below, 0, log_x))[None, :])
        product = np.prod(1 + y, axis=1)
        shift = particles - int(below.sum())
        phase = np.exp(-1j * theta * shift)
        z_n = np.mean(phase * product)
        slope = np.where(below[None, :], i - i * y / (1 + y), i * y / (1 + y)).sum(axis=1)
        dz_n = np.mean(phase * product * slope)
        out_i.append((dz_n / z_n).real)
        log_z = log_x[below].sum() + np.log(z_n.real)
        out_f.append(particles * mu - kT * log_z)
    return np.array(out_i), np.array(out_f)


# ----------------------------------------------------------------------------- canonical, T > 0


@pytest.mark.parametrize("kT", [0.02, 0.1, 0.5, 3.0])
@pytest.mark.parametrize("particles", [1, 2, 5, 6, 11, 12])
def test_canonical_fermions_against_enumeration(kT: float, particles: int) -> None:
    e, i = random_levels(1)
    got = thermo.canonical(e, i, particles, kT)
    ref_i, ref_f = enumerate_canonical(e, i, particles, kT)
    # Both are sums of ≤ 924 positive Boltzmann weights: rounding only. 1e-12 relative to the
    # scales involved (|i| ~ 1, |F| ~ N, kT ln Z ~ kT·7).
    np.testing.assert_allclose(got.current, ref_i, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got.potential, ref_f, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(got.number, particles)


@pytest.mark.parametrize("kT", [0.05, 0.3, 2.0])
@pytest.mark.parametrize("particles", [1, 2, 4])
def test_canonical_bosons_against_enumeration(kT: float, particles: int) -> None:
    e, i = random_levels(2, n=8)
    got = thermo.canonical(e, i, particles, kT, statistics="boson")
    ref_i, ref_f = enumerate_canonical(e, i, particles, kT, bosons=True)
    np.testing.assert_allclose(got.current, ref_i, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got.potential, ref_f, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kT", [0.05, 0.4, 2.0])
@pytest.mark.parametrize("particles", [1, 3, 6, 10])
def test_canonical_fermions_against_fourier_projection(kT: float, particles: int) -> None:
    e, i = random_levels(3, rows=3, n=16)
    got = thermo.canonical(e, i, particles, kT)
    ref_i, ref_f = fourier_projection(e, i, particles, kT)
    # The Fourier sum cancels terms as large as Π(1 + x_n) down to Z_N: its rounding error is
    # ~1e-16·Π(1 + x_n)/Z_N, at most ~1e-13 here (x_n normalised at the Fermi gap). 1e-10.
    np.testing.assert_allclose(got.current, ref_i, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(got.potential, ref_f, rtol=1e-10, atol=1e-10)


def test_canonical_current_is_derivative_of_free_energy() -> None:
    # Levels that depend on a parameter Φ: ε_n(Φ) = a_n + b_n·Φ + c_n·Φ², i_n = −(b_n + 2c_nΦ).
    rng = np.random.default_rng(4)
    a, b, c = rng.uniform(-1, 1, (3, 14))
    phi = np.array([-0.3, 0.0, 0.2, 0.7])
    h = 1e-5

    def levels(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return a + b * p[:, None] + c * p[:, None] ** 2, -(b + 2 * c * p[:, None])

    for kT in (0.05, 0.5):
        got = thermo.canonical(*levels(phi), 5, kT)
        fd = -(thermo.canonical(*levels(phi + h), 5, kT).potential
               - thermo.canonical(*levels(phi - h), 5, kT).potential) / (2 * h)
        # truncation h²·F'''/6 with F''' ~ (|b|/kT)²·|b| ≲ 1e3 → 2e-8; rounding 1e-16·5/1e-5
        np.testing.assert_allclose(got.current, fd, rtol=0, atol=1e-7)


def test_frozen_window_far_levels() -> None:
    # Levels spanning ~1000 kT: a cluster of 12 within ±5 kT of the Fermi gap and 40 levels on
    # each side at ≥ 60 kT. The far levels are held occupied (below) or empty (above); the
    # error of that is < e^{−60}·(number of levels) ≈ 1e-24, far below rounding.
    rng = np.random.default_rng(5)
    kT = 0.01
    below = -rng.uniform(0.6, 5.0, 40)  # 60 to 500 kT below the cluster
    above = rng.uniform(0.6, 5.0, 40)
    cluster = rng.uniform(-0.05, 0.05, 12)
    e = np.concatenate([below, cluster, above])[None, :]
    perm = rng.permutation(e.shape[1])  # the recursion must not rely on the input order
    i = rng.normal(size=e.shape)
    particles = 40 + 6
    got = thermo.canonical(e[:, perm], i[:, perm], particles, kT)
    ref_i, ref_f = enumerate_canonical(cluster[None, :], i[:, 40:52], 6, kT)
    frozen_i = i[0, :40].sum()
    frozen_e = below.sum()
    # Sums of ~50 numbers of size ≤ 5: rounding ~1e-14 absolute.
    np.testing.assert_allclose(got.current, frozen_i + ref_i, rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.potential, frozen_e + ref_f, rtol=0, atol=1e-12)
    # the Fourier projection over all 92 levels agrees too (no window at all there)
    f_i, _ = fourier_projection(e, i, particles, kT)
    np.testing.assert_allclose(got.current, f_i, rtol=0, atol=1e-9)


def test_frozen_window_wide_uniform_spectrum() -> None:
    # 200 equally spaced levels over 1000 kT with N in the middle: only ~20 levels within
    # 50 kT of the gap are active. The Fourier projection (all levels, no window) must agree.
    kT = 1.0
    e = np.linspace(-500.0, 500.0, 200)[None, :] + np.array([[0.0], [1.3], [2.6]])
    rng = np.random.default_rng(6)
    i = rng.normal(size=e.shape)
    got = thermo.canonical(e, i, 100, kT)
    ref_i, ref_f = fourier_projection(e, i, 100, kT)
    # Fourier with 205 points over x_n spanning e^{±500}: cancellations stay at the level of
    # the few active terms because the frozen factors multiply every θ_m alike; 1e-9.
    np.testing.assert_allclose(got.current, ref_i, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got.potential, ref_f, rtol=1e-12)


def test_flux_rows_are_independent() -> None:
    # Each row (flux point) is its own ensemble: the result for a row must not depend on which
    # other rows are computed with it. Row 0 has a wide Fermi gap (levels 0, 1 | 2, 3, N = 2),
    # row 1 a degenerate Fermi level (0 | 1, 1 | 3). At kT = 1e-3 row 0's ground state is
    # unique: F = 0 + 1 = 1 up to e^{−1000}, and I = i_0 + i_1.
    e = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 1.0, 3.0]])
    i = np.array([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 4.0]])
    kT = 1e-3
    together = thermo.canonical(e, i, 2, kT)
    alone = thermo.canonical(e[:1], i[:1], 2, kT)
    assert alone.potential[0] == pytest.approx(1.0, rel=1e-12, abs=0)
    assert together.current[0] == pytest.approx(3.0, rel=1e-12, abs=0)
    assert together.potential[0] == pytest.approx(1.0, rel=1e-12, abs=0)
    # and generally: random rows computed together or one by one
    rng = np.random.default_rng(13)
    e = rng.uniform(-1.0, 1.0, (6, 10)) * rng.uniform(0.01, 1.0, (6, 1))
    i = rng.normal(size=e.shape)
    for kT in (1e-4, 1e-2, 0.3):
        together = thermo.canonical(e, i, 4, kT)
        for row in range(e.shape[0]):
            alone = thermo.canonical(e[row : row + 1], i[row : row + 1], 4, kT)
            # the same sums, possibly over a wider window of negligible terms: rounding only
            assert together.current[row] == pytest.approx(alone.current[0], rel=1e-12,
                                                          abs=1e-12)
            assert together.potential[row] == pytest.approx(alone.potential[0], rel=1e-12,
                                                            abs=1e-12)


# ------------------------------------------------------------------------------ T = 0


def test_zero_temperature_fills_lowest_levels() -> None:
    e, i = random_levels(7)
    for particles in (0, 1, 5, 12):
        got = thermo.canonical(e, i, particles, 0.0)
        order = np.argsort(e, axis=1)[:, :particles]
        np.testing.assert_allclose(got.current, np.take_along_axis(i, order, 1).sum(1),
                                   rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(got.potential, np.take_along_axis(e, order, 1).sum(1),
                                   rtol=1e-14, atol=1e-14)


def test_zero_temperature_half_filled_degenerate_group_averages() -> None:
    # Levels: −2, −1, 0, 0, 0, 0 (a 4-fold degenerate group at 0), 1. With N = 4 the group
    # holds 2 of 4: every member is half occupied → current = i(−2) + i(−1) + mean(group)·2.
    e = np.array([[0.0, -2.0, 0.0, 1.0, 0.0, -1.0, 0.0]])
    i = np.array([[0.3, 1.0, -0.7, 5.0, 1.1, 2.0, -0.2]])
    got = thermo.canonical(e, i, 4, 0.0)
    group = np.array([0.3, -0.7, 1.1, -0.2])
    assert got.current[0] == pytest.approx(1.0 + 2.0 + 2 * group.mean(), rel=1e-14, abs=0)
    assert got.potential[0] == pytest.approx(-3.0, rel=1e-14, abs=0)
    # it is the T → 0⁺ limit of the canonical ensemble
    cold = thermo.canonical(e, i, 4, 1e-3)
    assert cold.current[0] == pytest.approx(got.current[0], rel=1e-12, abs=0)
    # bosons condense into the lowest level; a degenerate lowest group shares them equally
    eb = np.array([[0.5, -1.0, -1.0, 2.0]])
    ib = np.array([[9.0, 1.0, 3.0, 7.0]])
    bosons = thermo.canonical(eb, ib, 3, 0.0, "boson")
    assert bosons.current[0] == pytest.approx(6.0, rel=1e-14, abs=0)


# ----------------------------------------------------------------------------- grand canonical


@pytest.mark.parametrize("kT", [0.01, 0.3, 2.0])
def test_grand_canonical_fermions_direct_sum(kT: float) -> None:
    e, i = random_levels(8)
    mu = 0.13
    got = thermo.grand_canonical(e, i, mu, kT)
    occ = 1.0 / (np.exp((e - mu) / kT) + 1.0)
    # the code uses tanh and logaddexp, this the textbook forms: rounding only
    np.testing.assert_allclose(got.current, (occ * i).sum(1), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got.number, occ.sum(1), rtol=1e-12)
    omega = -kT * np.log1p(np.exp(-(e - mu) / kT)).sum(1)
    np.testing.assert_allclose(got.potential, omega, rtol=1e-12, atol=1e-13)


def test_grand_canonical_fermions_zero_temperature() -> None:
    e = np.array([[-1.0, 0.5, 0.2, -0.3, 0.2]])
    i = np.array([[1.0, 2.0, 3.0, 4.0, 5.0]])
    got = thermo.grand_canonical(e, i, 0.2, 0.0)
    # levels at μ exactly are half filled (T → 0⁺ limit)
    assert got.current[0] == pytest.approx(1.0 + 4.0 + 0.5 * (3.0 + 5.0), rel=1e-15, abs=0)
    assert got.number[0] == pytest.approx(3.0, rel=1e-15, abs=0)
    assert got.potential[0] == pytest.approx((-1.0 - 0.2) + (-0.3 - 0.2), rel=1e-14, abs=0)


def test_grand_canonical_bosons_direct_sum() -> None:
    e, i = random_levels(9)
    mu, kT = -1.2, 0.4
    got = thermo.grand_canonical(e, i, mu, kT, statistics="boson")
    occ = 1.0 / (np.exp((e - mu) / kT) - 1.0)
    np.testing.assert_allclose(got.current, (occ * i).sum(1), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got.number, occ.sum(1), rtol=1e-12)
    np.testing.assert_allclose(got.potential, kT * np.log1p(-np.exp(-(e - mu) / kT)).sum(1),
                               rtol=1e-12)


# ------------------------------------------------------------------------------------ errors


def test_more_fermions_than_states() -> None:
    e, i = random_levels(10)
    with pytest.raises(ParameterError, match=r"^electrons="):
        thermo.canonical(e, i, LEVELS + 1, 0.0)
    with pytest.raises(ParameterError, match=r"^electrons="):
        thermo.canonical(e, i, LEVELS + 1, 0.5)
    # exactly full is fine: every level occupied, at any temperature
    full = thermo.canonical(e, i, LEVELS, 0.5)
    np.testing.assert_allclose(full.current, i.sum(1), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(full.potential, e.sum(1), rtol=1e-13, atol=1e-13)


def test_grand_canonical_bosons_need_mu_below_every_level() -> None:
    e, i = random_levels(11)
    with pytest.raises(ParameterError, match=r"^mu="):
        thermo.grand_canonical(e, i, float(e.min()) + 1e-3, 0.5, statistics="boson")
    with pytest.raises(ParameterError, match=r"^mu="):
        thermo.grand_canonical(e, i, float(e.min()), 0.5, statistics="boson")
    with pytest.raises(ParameterError, match=r"^temperature="):
        thermo.grand_canonical(e, i, float(e.min()) - 1.0, 0.0, statistics="boson")
