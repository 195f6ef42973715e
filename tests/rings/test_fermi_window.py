"""Canonical current of M-channel rings from the Fermi window (rings/fermi_window.py).

Lattice units ħ = e = k_B = 1, t = 1; I = −∂F/∂φ (e·t/ħ). The reference is thermo.canonical on
the full dense Hellmann-Feynman spectrum (persistent_current(..., method="dense")).
"""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.rings import LatticeRing, persistent_current
from currentkit.rings.current import auto_method
from currentkit.rings.disorder.potentials import anderson_potential
from currentkit.rings.free import lattice
from currentkit.rings.free.fermi_window import canonical_current, count_below

FLUX = np.linspace(0.0, 1.0, 9)


def ring(sites: int, channels: int, width: float, seed: int, **kwargs: object) -> LatticeRing:
    potential = anderson_potential(np.random.default_rng(seed), sites, channels, width)
    return LatticeRing(sites, channels=channels, potential=potential, **kwargs)  # type: ignore[arg-type]


def dense(model: LatticeRing, electrons: int, kT: float, flux: np.ndarray = FLUX) -> np.ndarray:
    ds = persistent_current(model, flux, electrons=electrons, temperature=kT, method="dense")
    return ds["current"].to_numpy()


@pytest.mark.parametrize("transverse", ["open", "periodic"])
def test_inertia_count_equals_dense_count(transverse: str) -> None:
    model = ring(12, 4, 1.5, 1, transverse=transverse)
    for energy in (-3.1, -0.4, 0.7, 2.2):
        exact = [int(np.sum(np.linalg.eigvalsh(lattice.hamiltonian(model, 2 * np.pi * f)) < energy))
                 for f in FLUX]
        np.testing.assert_array_equal(count_below(model, energy, FLUX), exact)


@pytest.mark.parametrize(
    ("sites", "channels", "width", "electrons", "kT", "spin", "transverse"),
    [
        (20, 4, 1.5, 33, 0.0, False, "open"),  # T = 0, odd filling
        (40, 3, 1.0, 60, 0.0, False, "periodic"),
        (25, 4, 2.0, 61, 0.0, True, "open"),  # spin, odd N: a half-filled orbital level
        (30, 4, 1.0, 50, 0.004, False, "open"),  # T > 0: the window must reach 50 k_BT
        (120, 1, 1.0, 41, 0.0, False, "open"),  # a 1D ring, same method
    ],
)
def test_matches_dense(sites: int, channels: int, width: float, electrons: int, kT: float,
                       spin: bool, transverse: str) -> None:
    model = ring(sites, channels, width, sites + channels, spin=spin, transverse=transverse)
    ref = dense(model, electrons, kT)
    # the window levels are exact eigenpairs and the core integral is converged to 1e-12 of its
    # scale: 1e-9 of max|I| leaves room for the dense reference's own round-off (~1e-13)
    np.testing.assert_allclose(canonical_current(model, FLUX, electrons, kT), ref, rtol=0,
                               atol=1e-9 * np.max(np.abs(ref)))


def test_persistent_current_window_and_auto() -> None:
    model = ring(40, 16, 1.0, 7)  # L·M = 640 ≥ the auto threshold
    assert auto_method(model, canonical=True) == "window"
    assert auto_method(model, canonical=False) == "green"
    assert auto_method(ring(200, 1, 1.0, 7), canonical=True) == "bands"
    assert auto_method(ring(200, 1, 1.0, 7), canonical=False) == "transfer"
    assert auto_method(ring(20, 2, 1.0, 7), canonical=True) == "dense"
    assert auto_method(LatticeRing(500, channels=4), canonical=True) == "auto"  # clean: exact
    flux = np.array([0.1, 0.3])
    ds = persistent_current(model, flux, electrons=300)
    assert ds.attrs["method"] == "window" and set(ds.data_vars) == {"current"}
    ref = dense(model, 300, 0.0, flux)
    np.testing.assert_allclose(ds["current"], ref, rtol=0, atol=1e-9 * np.max(np.abs(ref)))


def test_bad_inputs() -> None:
    model = ring(20, 4, 1.0, 3)
    with pytest.raises(ParameterError, match="electrons"):
        canonical_current(model, FLUX, 0)
    with pytest.raises(ParameterError, match="electrons"):
        canonical_current(model, FLUX, 81)
    with pytest.raises(ParameterError, match="temperature"):
        canonical_current(model, FLUX, 10, -1.0)
    with pytest.raises(ParameterError, match="flux"):
        canonical_current(model, np.array([0.1, np.inf]), 10)
    with pytest.raises(ParameterError, match="statistics"):
        canonical_current(LatticeRing(20, channels=4, statistics="boson"), FLUX, 10)
    with pytest.raises(ParameterError, match="method"):
        persistent_current(model, FLUX, mu=0.0, method="window")
