"""One bond-current convention across packages: entry [a, b] = J_{a→b} (from a to b)."""

from __future__ import annotations

import math

import numpy as np

import currentkit as ck


def _ring(n: int, phi: float) -> np.ndarray:
    """Tight-binding ring, hopping t = 1 with the Peierls phase φ/n per bond (ψ_{j+1} ← ψ_j)."""
    h = np.zeros((n, n), dtype=complex)
    for j in range(n):
        h[(j + 1) % n, j] = -np.exp(1j * phi / n)
        h[j, (j + 1) % n] = -np.exp(-1j * phi / n)
    return h


def test_waves_and_magnetization_bond_currents_agree_on_one_state() -> None:
    rng = np.random.default_rng(11)
    n = 7
    h = _ring(n, 0.3) + np.diag(rng.uniform(-0.5, 0.5, n))
    psi = rng.normal(size=n) + 1j * rng.normal(size=n)
    psi /= np.linalg.norm(psi)
    waves = ck.waves.bond_currents(h, psi)
    # the same state as a one-particle density matrix G_ij = ψ_i* ψ_j
    g = ck.magnetization.density_matrix(psi[:, None], np.array([1.0]))
    lattice = ck.magnetization.bond_currents(h, g)
    # the same formula evaluated twice: round-off only (entries are O(1))
    np.testing.assert_allclose(lattice, waves, rtol=0, atol=1e-14)
    assert np.abs(waves).max() > 1e-2  # a generic state carries currents on its bonds
    # and the transposed convention would not pass: the matrix is antisymmetric, not symmetric
    assert np.abs(lattice - waves.T).max() > 1e-2


def test_the_entry_from_a_to_b_is_positive_for_a_wave_moving_from_a_to_b() -> None:
    n, k = 8, 2 * math.pi / 8
    h = _ring(n, 0.0)
    psi = np.exp(1j * k * np.arange(n)) / math.sqrt(n)  # moves towards larger j for k > 0
    g = ck.magnetization.density_matrix(psi[:, None], np.array([1.0]))
    expected = 2 * math.sin(k) / n  # group velocity 2t sin k over N sites, t = ħ = 1
    for currents in (ck.waves.bond_currents(h, psi), ck.magnetization.bond_currents(h, g)):
        assert abs(currents[0, 1] - expected) < 1e-14  # round-off of O(1) entries
        assert abs(currents[1, 0] + expected) < 1e-14
        # continuity for a stationary state: the inflow Σ_a J_{a→b} into every site vanishes
        assert np.abs(currents.sum(axis=0)).max() < 1e-14
