"""Per-band roots of Δ(E) = 2cos φ (rings/bands.py) against dense diagonalisation.

Lattice units t = ħ = e = 1; φ = 2πf and i_n = −∂E_n/∂φ (e·t/ħ). The reference is
lattice.levels(method="dense") (eigh + Hellmann-Feynman) and thermo.canonical on its levels.
The cases span wide, nearly touching bands (W = 0.1–0.5, avoided crossings), localized narrow
ones (W = 3–5) and the clean ring (bands touching exactly), L even and odd.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from numpy.polynomial import chebyshev

from currentkit.errors import ParameterError
from currentkit.rings import LatticeRing
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.free import bands, lattice, thermo
from currentkit.rings.free.bands import band_edges, band_levels, canonical_current

pytestmark = pytest.mark.filterwarnings("error")

#: Flux values including the degenerate points f = 0 and f = 1/2 (band edges).
FLUX = np.array([0.0, 0.05, 0.13, 0.25, 0.37, 0.5, -0.21, 0.71])
#: Relative agreement asked (energies relative to the bandwidth, currents to max|i_n|).
REL = 1e-10
#: Absolute floor for currents: dense Hellmann-Feynman carries round-off ~1e-16·t in every
#: i_n, while localized levels (W = 5, L ≥ 100) have true currents ~e^{−L/ξ} far below that.
FLOOR = 1e-13


def disordered(length: int, width: float, seed: int, spin: bool = False) -> LatticeRing:
    rng = np.random.default_rng(seed)
    return LatticeRing(length, potential=rng.uniform(-width / 2, width / 2, length), spin=spin)


CASES = [(length, width) for length in (20, 21, 64, 101, 300) for width in (0.5, 2.0, 5.0)] + [
    (length, width) for length in (200, 201) for width in (0.1, 1.0, 3.0)]


@pytest.mark.parametrize(("length", "width"), CASES)
def test_levels_and_currents_match_dense(length: int, width: float) -> None:
    ring = disordered(length, width, seed=length + int(10 * width))
    energies, currents = band_levels(ring, FLUX, length)
    dense_e, dense_i = lattice.levels(ring, FLUX, method="dense")
    bandwidth = float(np.ptp(dense_e))
    assert np.max(np.abs(energies - dense_e)) <= REL * bandwidth
    # f = 0, 1/2: levels may be degenerate (basis-dependent currents); there both routes give
    # a current that vanishes (Kramers-like symmetry φ → −φ) up to round-off
    generic = np.abs(FLUX - np.round(FLUX)) % 0.5 != 0
    scale = float(np.max(np.abs(dense_i)))
    assert np.max(np.abs(currents - dense_i)[generic]) <= REL * scale + FLOOR
    assert np.max(np.abs(currents[~generic])) <= FLOOR
    assert np.max(np.abs(dense_i[~generic])) <= FLOOR


@pytest.mark.parametrize(("length", "width", "spin"),
                         [(20, 0.5, False), (31, 2.0, True), (120, 1.0, False), (121, 5.0, True)])
def test_canonical_zero_temperature_matches_dense(length: int, width: float, spin: bool) -> None:
    ring = disordered(length, width, seed=7 * length, spin=spin)
    dense_e, dense_i = lattice.levels(ring, FLUX, method="dense")
    for electrons in (1, length // 2, length // 2 + 1, ring.states - 1):
        ours = canonical_current(ring, FLUX, electrons)
        ref = thermo.canonical(dense_e, dense_i, electrons, 0.0).current
        assert np.max(np.abs(ours - ref)) <= REL * float(np.max(np.abs(dense_i))) + FLOOR


@pytest.mark.parametrize(("length", "width", "spin", "kt"),
                         [(80, 1.0, False, 0.05), (150, 0.1, True, 0.02), (151, 3.0, False, 0.2)])
def test_canonical_positive_temperature_matches_dense(length: int, width: float, spin: bool,
                                                      kt: float) -> None:
    ring = disordered(length, width, seed=length + 3, spin=spin)
    dense_e, dense_i = lattice.levels(ring, FLUX, method="dense")
    electrons = length // 2 + 1
    ours = canonical_current(ring, FLUX, electrons, kt)
    ref = thermo.canonical(dense_e, dense_i, electrons, kt).current
    # number projection adds only positive terms: the levels' 1e-10 carries over to I
    assert np.max(np.abs(ours - ref)) <= REL * float(np.max(np.abs(dense_i))) + FLOOR


def test_chebyshev_coefficients_interpolate_at_lobatto_nodes() -> None:
    """The DCT-I coefficients reproduce the data at x_k = cos(πk/m) (numpy's chebval)."""
    m = 16
    nodes = np.cos(np.pi * np.arange(m + 1) / m)
    values = np.exp(nodes) * np.sin(3 * nodes) + nodes**m
    coef = bands._coefficients(values[None, :])[0]
    # an interpolant of degree m through m + 1 points: exact up to round-off ~1e-15 of max|f|
    np.testing.assert_allclose(chebyshev.chebval(nodes, coef), values, rtol=0, atol=1e-14)
    # a polynomial of degree m is its own interpolant: x^m = 2^{1−m} T_m + lower terms
    top = bands._coefficients(nodes[None, :] ** m)[0]
    assert top[-1] == pytest.approx(2.0 ** (1 - m), rel=1e-12)  # round-off ~1e-15 relative


def test_newton_fallback_matches_dense(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bands whose interpolant does not converge by MAX_DEGREE use Newton on the recursion."""
    ring = disordered(64, 0.3, seed=5)
    monkeypatch.setattr(bands, "MAX_DEGREE", bands.FIRST_DEGREE)
    onsite = bands._onsite(ring)
    zero, pi = band_edges(ring, 64)
    _, left = bands._fit_bands(onsite, 0.5 * (zero + pi), 0.5 * np.abs(pi - zero), 50)
    assert left.size > 10  # wide bands need m ≈ 16–32: most fall back at m = 4
    energies, currents = band_levels(ring, FLUX, 64)
    dense_e, dense_i = lattice.levels(ring, FLUX, method="dense")
    generic = np.abs(FLUX - np.round(FLUX)) % 0.5 != 0
    # the same 1e-10 as the interpolants: Newton converges to ~4ε of the energy scale
    assert np.max(np.abs(energies - dense_e)) <= REL * float(np.ptp(dense_e))
    scale = float(np.max(np.abs(dense_i)))
    assert np.max(np.abs(currents - dense_i)[generic]) <= REL * scale + FLOOR


@pytest.mark.slow
def test_acceptance_ring_levels_match_dense() -> None:
    """Issue #3's ring (L = 2000, W = 1, N = 1000) and a W = 0.2 one: every level and I."""
    flux = np.array([0.13])  # one generic flux: dense L = 2000 costs ~2 s per point
    for width in (1.0, 0.2):
        ring = LatticeRing(2000, potential=anderson_potential(np.random.default_rng(2024), 2000,
                                                              1, width))
        energies, currents = band_levels(ring, flux, 1002)
        dense_e, dense_i = lattice.levels(ring, flux, method="dense")
        order = np.argsort(dense_e, axis=1, kind="stable")[:, :1002]
        dense_e = np.take_along_axis(dense_e, order, axis=1)
        dense_i = np.take_along_axis(dense_i, order, axis=1)
        assert np.max(np.abs(energies - dense_e)) <= REL * 4.0  # bandwidth ≈ 4t + W
        scale = float(np.max(np.abs(dense_i)))
        # per level: dense round-off ~1e-16 e·t/ħ is the FLOOR; localized currents ~1e-10 sit
        # above it, so the relative accuracy of the W = 1 levels is checked too
        assert np.max(np.abs(currents - dense_i)) <= REL * scale + FLOOR
        ours = thermo.canonical(energies, currents, 1000, 0.0).current
        ref = thermo.canonical(dense_e, dense_i, 1000, 0.0).current
        # I ~ 1e-10 (W = 1) to 1e-3 (W = 0.2): the sum of ~1000 dense round-offs ~1e-16 each
        # bounds the agreement in absolute terms
        assert np.max(np.abs(ours - ref)) <= REL * float(np.max(np.abs(ref))) + 1e-14


@pytest.mark.parametrize("length", [30, 31, 200])
def test_clean_ring_matches_closed_form(length: int) -> None:
    ring = LatticeRing(length)
    exact_e, exact_i = lattice.levels(ring, FLUX, method="exact")
    order = np.argsort(exact_e, axis=1, kind="stable")
    exact_e = np.take_along_axis(exact_e, order, axis=1)
    exact_i = np.take_along_axis(exact_i, order, axis=1)
    energies, currents = band_levels(ring, FLUX, length)
    assert np.max(np.abs(energies - exact_e)) <= REL * 4.0
    # generic flux: no degeneracies, every level's current matches; the clean-ring currents near
    # band touchings come from Δ' → 0, still 1e-10 accurate because sin φ is not small there
    generic = np.abs(FLUX - np.round(FLUX)) % 0.5 != 0
    assert np.max(np.abs(currents - exact_i)[generic]) <= REL * 2.0 / length * 2
    for electrons in (length // 2, length // 2 + 1, length - 3):
        ours = canonical_current(ring, FLUX, electrons)
        ref = thermo.canonical(exact_e, exact_i, electrons, 0.0).current
        # the closed form's degenerate partners differ by ~1e-16 (cos round-off), so they fall in
        # one group on both sides; the tolerance is relative to I0 ~ 2t/L
        assert np.max(np.abs(ours - ref)) <= REL * 2.0 / length + FLOOR


def test_long_localized_ring_against_banded_eigensolver() -> None:
    length, count = 20_000, 50
    ring = disordered(length, 2.0, seed=11)
    flux = np.array([0.0, 0.17, -0.17, 0.5])
    energies, currents = band_levels(ring, flux, count)
    assert np.all(np.isfinite(energies)) and np.all(np.isfinite(currents))
    assert np.all(np.diff(energies, axis=1) >= 0)
    zero, pi = band_edges(ring, count)
    assert np.array_equal(energies[0], zero) and np.array_equal(energies[3], pi)
    # a different route for f = 0.17: eig_banded of the complex Hermitian H(φ), reordered
    # 0, L−1, 1, L−2, … to bandwidth 2 (the flux on the closing bond)
    order = np.empty(length, dtype=int)
    order[0::2] = np.arange((length + 1) // 2)
    order[1::2] = length - 1 - np.arange(length // 2)
    pos = np.empty(length, dtype=int)
    pos[order] = np.arange(length)
    band = np.zeros((3, length), dtype=complex)
    assert ring.potential is not None
    band[0] = ring.potential[0][order]
    phi = 2 * np.pi * 0.17
    for j in range(length):
        a, b = pos[(j + 1) % length], pos[j]  # H[a, b] = −t e^{iφ w_j}, bond j → j+1
        value = -np.exp(1j * phi) if j == length - 1 else -1.0 + 0j
        if a > b:
            band[a - b, b] = value
        else:
            band[b - a, a] = np.conj(value)
    ref = scipy.linalg.eig_banded(band, lower=True, eigvals_only=True, select="i",
                                  select_range=(0, count - 1))
    # both are backward stable: errors ~1e-15 of the spectral radius ~3t
    assert np.max(np.abs(energies[1] - ref)) <= REL
    # levels deep in the Lifshitz tail are localized: currents are odd in φ and tiny
    assert np.array_equal(energies[1], energies[2])
    assert np.allclose(currents[1], -currents[2], rtol=1e-12, atol=0.0)
    assert np.max(np.abs(currents)) < 1e-100


def test_rejects_bad_input() -> None:
    with pytest.raises(ParameterError):
        band_levels(LatticeRing(10, channels=2), FLUX, 3)
    with pytest.raises(ParameterError):
        band_levels(LatticeRing(10), FLUX, 11)
    with pytest.raises(ParameterError):
        band_levels(LatticeRing(10), np.array([np.nan]), 2)
    with pytest.raises(ParameterError):
        canonical_current(LatticeRing(10), FLUX, 21)


def test_persistent_current_method_bands_matches_dense() -> None:
    """The API route: method="bands" gives the dense canonical current and free energy."""
    from currentkit.rings import persistent_current

    ring = LatticeRing(61, potential=np.random.default_rng(8).uniform(-0.6, 0.6, 61))
    flux = np.linspace(0.0, 1.0, 9)
    for temperature in (0.0, 0.03):
        fast = persistent_current(ring, flux, electrons=20, temperature=temperature,
                                  method="bands")
        dense = persistent_current(ring, flux, electrons=20, temperature=temperature,
                                   method="dense")
        scale = float(np.max(np.abs(dense["current"])))
        # both exact: 1e-10 of the current scale (root finding converged to ~1e-13 t), and the
        # free energies to 1e-10 t (sums of ~20 levels of size ~2 t)
        np.testing.assert_allclose(fast["current"], dense["current"], rtol=0, atol=1e-10 * scale)
        np.testing.assert_allclose(fast["free_energy"], dense["free_energy"], rtol=0, atol=1e-10)
