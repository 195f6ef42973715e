"""Interior poles, near couplings and the far background (rings/free/interior_poles.py).

Lattice units, t = 1. Reference: dense eigh of the interior slices 1…L−2 (its eigenvalues, and
w_k = −t·(u_k on the first and last interior slice)).
"""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.free import fermi_window, interior_poles, lattice
from currentkit.rings.free.boundary_levels import boundary_spectrum, levels_by_index
from currentkit.rings.free.interior_poles import couplings, interior, near_poles
from currentkit.rings.free.lattice import slice_blocks


def ring(sites: int, channels: int, width: float, seed: int, **kwargs: object) -> LatticeRing:
    potential = anderson_potential(np.random.default_rng(seed), sites, channels, width)
    return LatticeRing(sites, channels=channels, potential=potential, **kwargs)  # type: ignore[arg-type]


def dense_interior(model: LatticeRing) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues and boundary couplings w_k (columns) of the interior by dense eigh."""
    blocks = slice_blocks(model)[1:-1]
    m = model.channels
    size = blocks.shape[0] * m
    h = np.zeros((size, size))
    for j, b in enumerate(blocks):
        h[j * m:(j + 1) * m, j * m:(j + 1) * m] = b
    idx = np.arange(size - m)
    h[idx + m, idx] = h[idx, idx + m] = -model.hopping
    values, vectors = np.linalg.eigh(h)
    return values, -model.hopping * np.concatenate([vectors[:m], vectors[size - m:]])


@pytest.mark.parametrize(("channels", "transverse"), [(4, "open"), (5, "periodic"), (1, "open")])
def test_poles_and_near_couplings_equal_eigh(channels: int, transverse: str) -> None:
    model = ring(60, channels, 1.5, channels, transverse=transverse)
    inner = interior(slice_blocks(model)[1:-1], model.hopping)
    values, w = dense_interior(model)
    # both are backward stable: eigenvalues agree to a few ε·‖H‖
    np.testing.assert_allclose(inner.poles, values, rtol=0, atol=1e-13)
    ks = np.arange(values.size // 3, values.size // 3 + 25)
    found = couplings(inner, ks)
    assert found is not None
    # w_k w_kᵀ (free of the sign of u_k): eigenvector round-off ε·‖H‖/gap, gaps here ≥ 1e-3
    np.testing.assert_allclose(found[:, None, :] * found[None, :, :],
                               w[:, None, ks] * w[None, :, ks], rtol=0, atol=1e-12)


@pytest.mark.parametrize("channels", [3, 6])
def test_far_background_equals_the_far_poles_of_eigh(channels: int) -> None:
    model = ring(80, channels, 1.0, 11 * channels)
    inner = interior(slice_blocks(model)[1:-1], model.hopping)
    values, w = dense_interior(model)
    lo, hi = values[values.size // 2 - 10], values[values.size // 2 + 10]
    near = near_poles(inner, lo, hi)
    assert near is not None and near.background is not None
    stop = near.start + near.poles.size
    assert near.start > 0 and stop < values.size  # far poles on both sides
    far = np.r_[0:near.start, stop:values.size]
    energies = np.linspace(lo, hi, 41)
    outer = w[:, None, :] * w[None, :, :]  # (2M, 2M, K)
    expected = np.einsum("ijk,ek->eij", outer[..., far], 1 / (energies[:, None] - values[far]))
    slope = np.einsum("ijk,ek->eij", outer[..., far], -1 / (energies[:, None] - values[far]) ** 2)
    r = 2 * channels
    scale = np.max(np.abs(expected))
    # the Chebyshev series is converged to 1e-17 of F; the rest is the round-off of the
    # resolvent recursion and of the eigh reference, well inside 1e-12 of |F|
    np.testing.assert_allclose(near.background.value(energies).reshape(-1, r, r), expected,
                               rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(near.background.slope(energies).reshape(-1, r, r), slope, rtol=0,
                               atol=1e-11 * np.max(np.abs(slope)))  # one derivative: ×10
    # the whole sum, near poles included, between poles
    mid = 0.5 * (values[near.start + 5:stop - 5] + values[near.start + 6:stop - 4])
    mid = mid[(mid > lo) & (mid < hi)]
    total = np.einsum("ijk,ek->eij", outer, 1 / (mid[:, None] - values))
    # near a pole the sum is as sensitive as dS/dE: the two solvers' poles differ by ~ε·‖H‖
    # (1e-13 allowed), times Σ_k |w_k|²/(E − ε_k)², on top of 1e-12 of the sum's scale
    sensitivity = np.sum(np.sum(w ** 2, axis=0) / (mid[:, None] - values) ** 2, axis=1)
    error = np.max(np.abs(near.value(mid).reshape(-1, r, r) - total), axis=(1, 2))
    assert np.all(error <= 1e-12 * np.max(np.abs(total)) + 1e-13 * sensitivity)


def test_near_set_is_a_window_and_levels_stay_exact() -> None:
    model = ring(70, 4, 1.5, 2)
    spec = boundary_spectrum(model)
    assert spec is not None
    flux = np.array([0.05, 0.3])
    first = np.array([130, 131])
    found, slopes, failed = levels_by_index(spec, 2 * np.pi * flux, first, 10)
    assert not np.any(failed)
    near = spec.near[-1]
    assert near.background is not None and near.poles.size < spec.poles.size // 2
    energies, currents = lattice.levels(model, flux, method="dense")
    order = np.argsort(energies, axis=1)
    energies = np.take_along_axis(energies, order, 1)
    currents = np.take_along_axis(currents, order, 1)
    for row, start in enumerate(first):
        # exact roots of the exact S: round-off only (64 ε·bound and the dense reference)
        np.testing.assert_allclose(found[row], energies[row, start:start + 10], rtol=0,
                                   atol=1e-12)
        np.testing.assert_allclose(slopes[row], currents[row, start:start + 10], rtol=0,
                                   atol=1e-10 * np.max(np.abs(currents)))


def test_interior_above_the_old_dense_limit_matches_lanczos() -> None:
    model = ring(1100, 4, 1.0, 3)  # interior (L − 2)·M = 4392 sites, more than 4096
    spec = boundary_spectrum(model)
    assert spec is not None
    flux, k = 0.21, 10
    phi = 2 * np.pi * flux
    reference, ref_currents = fermi_window._window(model, phi, 0.3, k)  # shift-invert Lanczos
    # index of the lowest of them: Sylvester's count just below it
    below = int(fermi_window.count_below(model, float(reference[0]) - 1e-9, np.array([flux]))[0])
    found, slopes, failed = levels_by_index(spec, np.array([phi]), np.array([below]), k)
    assert not failed[0]
    # Lanczos converges the eigenpairs to ~1e-13 here; our roots are exact to round-off
    np.testing.assert_allclose(found[0], reference, rtol=0, atol=1e-10)
    np.testing.assert_allclose(slopes[0], ref_currents, rtol=0,
                               atol=1e-8 * np.max(np.abs(ref_currents)))


def test_failed_inverse_iteration_falls_back_and_stays_exact(
        monkeypatch: pytest.MonkeyPatch) -> None:
    model = ring(30, 4, 1.0, 9)
    monkeypatch.setattr(interior_poles, "_RESIDUAL", 0.0)  # no residual is accepted
    spec = boundary_spectrum(model)
    assert spec is not None
    flux = np.array([0.1, 0.35])
    _, _, failed = levels_by_index(spec, 2 * np.pi * flux, np.array([50, 50]), 8)
    assert np.all(failed)
    ref = persistent_current(model, flux, electrons=101, temperature=0.003,
                             method="dense")["current"].to_numpy()
    # every flux point then takes the whole spectrum: the same dense levels
    np.testing.assert_allclose(fermi_window.canonical_current(model, flux, 101, 0.003), ref,
                               rtol=0, atol=1e-10 * np.max(np.abs(ref)))


def test_currents_next_to_weakly_coupled_poles_equal_dense() -> None:
    # L = 200, W = 2.5: many interior states localised away from the boundary, whose levels sit
    # very close to their weakly coupled pole, where S varies fast: the eigenvectors must be
    # taken at the converged roots themselves (at the last Newton iterate: errors of 4.6e-9)
    model = ring(200, 2, 2.5, 1)
    flux = np.array([0.1, 0.27])
    energies, currents = lattice.levels(model, flux, method="dense")
    order = np.argsort(energies, axis=1)
    energies = np.take_along_axis(energies, order, 1)
    currents = np.take_along_axis(currents, order, 1)
    spec = boundary_spectrum(model)
    assert spec is not None
    first, k = 160, 80
    found, slopes, failed = levels_by_index(spec, 2 * np.pi * flux, np.array([first, first]), k)
    assert not np.any(failed)
    np.testing.assert_allclose(found, energies[:, first:first + k], rtol=0, atol=1e-12)
    # measured 1.6e-12 of max|i_n|: round-off of S's eigenvectors and of the dense reference
    np.testing.assert_allclose(slopes, currents[:, first:first + k], rtol=0,
                               atol=1e-10 * np.max(np.abs(currents)))
