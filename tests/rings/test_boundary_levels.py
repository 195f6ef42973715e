"""Levels of M-channel rings from the boundary Schur complement (rings/free/boundary_levels.py).

Lattice units, t = 1. References: dense diagonalisation of H(φ) with Hellmann-Feynman currents
(lattice.levels(..., method="dense")), and the dense level counts below each interior pole.
"""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.free import boundary_levels, fermi_window, lattice
from currentkit.rings.free.boundary_levels import boundary_spectrum, levels_by_index

FLUX = np.array([0.0, 0.07, 0.25, 0.43, 0.5])


def ring(sites: int, channels: int, width: float, seed: int, **kwargs: object) -> LatticeRing:
    potential = anderson_potential(np.random.default_rng(seed), sites, channels, width)
    return LatticeRing(sites, channels=channels, potential=potential, **kwargs)  # type: ignore[arg-type]


def dense_sorted(model: LatticeRing, flux: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    energies, currents = lattice.levels(model, flux, method="dense")
    order = np.argsort(energies, axis=1)
    return np.take_along_axis(energies, order, 1), np.take_along_axis(currents, order, 1)


@pytest.mark.parametrize(
    ("sites", "channels", "width", "transverse", "first"),
    [
        (30, 3, 1.0, "open", [0, 10, 40, 60, 77]),  # from the band bottom
        (40, 4, 2.0, "periodic", [100, 80, 60, 40, 148]),  # to the band top
        (25, 1, 1.5, "open", [3, 5, 7, 9, 11]),  # one channel: the telegraph-like 2×2 case
        (16, 6, 3.0, "open", [40, 40, 41, 42, 43]),  # strong disorder, short ring
    ],
)
def test_levels_and_currents_equal_dense(sites: int, channels: int, width: float,
                                         transverse: str, first: list[int]) -> None:
    model = ring(sites, channels, width, sites * channels, transverse=transverse)
    energies, currents = dense_sorted(model, FLUX)
    spec = boundary_spectrum(model)
    assert spec is not None
    count = 12
    found, slopes, failed = levels_by_index(spec, 2 * np.pi * FLUX, np.array(first), count)
    assert not np.any(failed)
    scale = np.max(np.abs(currents))
    for row, start in enumerate(first):
        # the roots are exact to the round-off of S (64 ε·bound) and of the dense reference
        np.testing.assert_allclose(found[row], energies[row, start:start + count], rtol=0,
                                   atol=1e-12)
        # Hellmann-Feynman on S: round-off of the eigenvectors, relative to the largest current
        np.testing.assert_allclose(slopes[row], currents[row, start:start + count], rtol=0,
                                   atol=1e-10 * scale)


def test_guess_changes_nothing_but_the_work() -> None:
    model = ring(30, 4, 1.5, 7)
    spec = boundary_spectrum(model)
    assert spec is not None
    phis, first = 2 * np.pi * FLUX, np.full(FLUX.size, 50)
    plain = levels_by_index(spec, phis, first, 10)
    guess = plain[0] + 1e-4 * np.random.default_rng(1).standard_normal(plain[0].shape)
    guessed = levels_by_index(spec, phis, first, 10, guess)
    np.testing.assert_allclose(guessed[0], plain[0], rtol=0, atol=1e-13)
    np.testing.assert_allclose(guessed[1], plain[1], rtol=0, atol=1e-11)


def test_pole_counts_equal_dense_counts() -> None:
    model = ring(20, 3, 1.5, 3)
    spec = boundary_spectrum(model)
    assert spec is not None
    poles = np.arange(spec.poles.size)
    near = boundary_levels._near(spec, 0, poles.size)
    assert near is not None
    for f in FLUX:
        counts = boundary_levels._pole_counts(spec, near, np.full(poles.size, 2 * np.pi * f),
                                              poles)
        levels = np.linalg.eigvalsh(lattice.hamiltonian(model, 2 * np.pi * f))
        np.testing.assert_array_equal(counts, np.searchsorted(levels, spec.poles))


@pytest.mark.parametrize("transverse", ["open", "periodic"])
def test_degenerate_levels_are_refused_and_the_window_method_stays_exact(transverse: str) -> None:
    model = LatticeRing(30, channels=4, transverse=transverse)
    spec = boundary_spectrum(model)
    assert spec is not None
    found, _, failed = levels_by_index(spec, 2 * np.pi * FLUX, np.full(FLUX.size, 30), 12)
    # at f = 0 and 1/2 levels ±k are degenerate (and the cylinder's interior poles too): refused
    assert failed[0] and failed[-1]
    energies, _ = dense_sorted(model, FLUX)
    for row in np.flatnonzero(~failed):  # where accepted, exact
        np.testing.assert_allclose(found[row], energies[row, 30:42], rtol=0, atol=1e-12)
    for kT in (0.0, 0.01):
        ref = persistent_current(model, FLUX, electrons=37, temperature=kT,
                                 method="dense")["current"].to_numpy()
        ours = fermi_window.canonical_current(model, FLUX, 37, kT)
        # a degenerate group at E_F is filled equally in both (the T → 0⁺ limit)
        np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-10 * np.max(np.abs(ref)))


def test_large_interior_falls_back_to_lanczos(monkeypatch: pytest.MonkeyPatch) -> None:
    model = ring(40, 3, 1.0, 5)
    monkeypatch.setattr(boundary_levels, "INTERIOR_LIMIT", 10)
    assert boundary_spectrum(model) is None
    flux = np.linspace(0.05, 0.45, 5)
    ref = persistent_current(model, flux, electrons=50, temperature=0.004,
                             method="dense")["current"].to_numpy()
    np.testing.assert_allclose(fermi_window.canonical_current(model, flux, 50, 0.004), ref,
                               rtol=0, atol=1e-9 * np.max(np.abs(ref)))
