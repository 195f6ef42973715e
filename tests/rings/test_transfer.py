"""Matsubara/transfer-matrix grand-canonical current (rings/transfer.py) against the level sums.

Lattice units ħ = e = k_B = 1, energies in units of the hopping where t = 1; φ = 2πf and
I = −∂Ω/∂φ = Σ_n f(E_n − μ)·i_n with i_n = −∂E_n/∂φ (e·t/ħ). The reference is
thermo.grand_canonical on dense (Hellmann-Feynman) or closed-form levels from rings/lattice.py.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pytest

from currentkit.errors import ConvergenceError, ParameterError
from currentkit.rings import LatticeRing
from currentkit.rings.free import lattice, thermo
from currentkit.rings.free.transfer import matsubara_current

FLUX = np.linspace(-0.5, 1.0, 13)
#: Relative agreement asked of the Matsubara sum (its own tolerance is 1e-12 of max|I|).
REL = 1e-10
#: Absolute floor: the dense reference sums L terms of size ~2t/L with round-off ε each, so it is
#: itself uncertain by ~1e-15·t; where I is exponentially small (L·k_BT ≫ v_F) that dominates.
FLOOR = 1e-13


def reference(
    ring: LatticeRing, flux: np.ndarray, mu: float, kT: float, method: Literal["exact", "dense"]
) -> np.ndarray:
    energies, currents = lattice.levels(ring, flux, method=method)
    return thermo.grand_canonical(energies, currents, mu, kT).current


def disordered(sites: int, width: float, seed: int) -> LatticeRing:
    """Anderson ring: ε_j uniform in [−W/2, W/2]."""
    rng = np.random.default_rng(seed)
    return LatticeRing(sites, potential=rng.uniform(-width / 2, width / 2, sites))


# (L, k_BT) pairs with L·k_BT ≲ 15 t, so that I is well above the reference's round-off floor.
CASES = [(30, 0.5), (31, 0.1), (100, 0.1), (101, 0.02), (250, 0.05), (400, 0.02)]
MUS = [-1.95, -1.2, 0.0, 0.3, 1.9, 2.05]  # band edges at ±2t (±2t + disorder), one outside


@pytest.mark.parametrize("sites,kT", CASES)
@pytest.mark.parametrize("width", [0.0, 1.5])
def test_matches_dense_diagonalisation(sites: int, kT: float, width: float) -> None:
    ring = disordered(sites, width, seed=sites) if width else LatticeRing(sites)
    energies, currents = lattice.levels(ring, FLUX, method="dense")
    for mu in MUS:
        ref = thermo.grand_canonical(energies, currents, mu, kT).current
        got = matsubara_current(ring, FLUX, mu, kT)
        np.testing.assert_allclose(got, ref, rtol=0, atol=REL * np.max(np.abs(ref)) + FLOOR)


@pytest.mark.parametrize("hopping", [0.7, 1.6])
@pytest.mark.parametrize("spin", [False, True])
def test_hopping_and_spin(hopping: float, spin: bool) -> None:
    """t ≠ 1 enters T_j as (ε_j − z)/t; spin doubles I. Odd L checks the sign of T_j's entry."""
    rng = np.random.default_rng(7)
    for sites in (40, 41):
        pot = rng.uniform(-0.6, 0.6, sites)
        ring = LatticeRing(sites, hopping=hopping, potential=pot, spin=spin)
        kT = 0.05 * hopping
        for mu in (-1.7 * hopping, 0.2 * hopping, 1.1 * hopping):
            ref = reference(ring, FLUX, mu, kT, "dense")
            got = matsubara_current(ring, FLUX, mu, kT)
            # REL as above; the floor scales with t (the reference's terms are ~2t/L)
            atol = REL * np.max(np.abs(ref)) + FLOOR * hopping
            np.testing.assert_allclose(got, ref, rtol=0, atol=atol)
    spinless = LatticeRing(41, hopping=hopping, potential=pot)
    doubled = LatticeRing(41, hopping=hopping, potential=pot, spin=True)
    # Same arithmetic, times exactly 2 (a power of two: bit-for-bit)
    twice = 2 * matsubara_current(spinless, FLUX, 0.3, 0.05)
    np.testing.assert_array_equal(matsubara_current(doubled, FLUX, 0.3, 0.05), twice)


def test_periodic_and_odd() -> None:
    ring = disordered(60, 1.0, seed=3)
    f = np.linspace(0.0, 1.0, 17)
    current = matsubara_current(ring, f, 0.4, 0.05)
    scale = np.max(np.abs(current))
    assert scale > 1e-4
    # sin/cos of 2π(f ± 1) and of −2πf differ from those of 2πf by round-off only (~1e-15)
    atol = 1e-12 * scale
    np.testing.assert_allclose(matsubara_current(ring, f + 1, 0.4, 0.05), current, atol=atol)
    np.testing.assert_allclose(matsubara_current(ring, f - 3, 0.4, 0.05), current, atol=atol)
    np.testing.assert_allclose(matsubara_current(ring, -f, 0.4, 0.05), -current, atol=atol)
    # I vanishes at f = 0, 1/2, 1 (sin φ = 0 up to round-off 2.4e-16)
    np.testing.assert_allclose(current[[0, 8, 16]], 0.0, atol=1e-14 * scale)


def test_shape_is_kept() -> None:
    ring = LatticeRing(20)
    flux = np.linspace(0.05, 0.45, 6).reshape(2, 3)
    got = matsubara_current(ring, flux, 0.1, 0.1)
    assert got.shape == (2, 3)
    np.testing.assert_array_equal(got.ravel(), matsubara_current(ring, flux.ravel(), 0.1, 0.1))


@pytest.mark.parametrize("mu", [0.0, -1.3, 0.37])
def test_long_ring_against_closed_form(mu: float) -> None:
    """L = 10⁵ at T = 2T*, k_BT* = v_F/(πL): |Δ| ~ e^{L·γ} is far beyond floating range."""
    sites = 10**5
    ring = LatticeRing(sites)
    kT = 2 * (2 * np.sin(np.arccos(-mu / 2))) / (np.pi * sites)
    flux = np.linspace(-0.5, 0.5, 16, endpoint=False)
    got = matsubara_current(ring, flux, mu, kT)
    ref = reference(ring, flux, mu, kT, "exact")
    assert np.all(np.isfinite(got))
    # The closed-form sum adds 10⁵ terms ~2t/L with cancellations: ~1e-10 relative round-off.
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-8 * np.max(np.abs(ref)))


def test_band_insulator_gives_zero_not_nan() -> None:
    """μ far outside the band of a long ring: every term underflows to 0, I = 0 exactly."""
    got = matsubara_current(LatticeRing(10**4), FLUX, 3.0, 0.01)
    assert np.all(got == 0.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"temperature": -0.1},
        {"temperature": float("nan")},
        {"temperature": float("inf")},
        {"mu": float("nan")},
        {"mu": float("inf")},
        {"tol": 0.0},
        {"flux": np.array([0.1, np.nan])},
    ],
)
def test_bad_inputs(kwargs: dict[str, object]) -> None:
    args: dict[str, Any] = {"flux": FLUX, "mu": 0.0, "temperature": 0.1}
    args.update(kwargs)
    with pytest.raises(ParameterError):
        matsubara_current(LatticeRing(10), **args)


def test_bad_rings() -> None:
    with pytest.raises(ParameterError, match="channels"):
        matsubara_current(LatticeRing(10, channels=2), FLUX, 0.0, 0.1)
    with pytest.raises(ParameterError, match="statistics"):
        matsubara_current(LatticeRing(10, statistics="boson"), FLUX, 0.0, 0.1)


def test_unconverged_sum_raises() -> None:
    """A tiny ring at a tiny temperature needs more than MAX_FREQUENCIES terms: clear error."""
    with pytest.raises(ConvergenceError, match="converge"):
        matsubara_current(LatticeRing(3), np.array([0.1]), 0.0, 1e-9)


def test_persistent_current_method_transfer_matches_dense() -> None:
    """The API route: method="transfer" equals the dense grand-canonical current."""
    from currentkit.rings import persistent_current

    ring = LatticeRing(41, potential=np.random.default_rng(11).uniform(-0.75, 0.75, 41))
    flux = np.linspace(0.0, 1.0, 9)
    fast = persistent_current(ring, flux, mu=0.3, temperature=0.05, method="transfer")
    dense = persistent_current(ring, flux, mu=0.3, temperature=0.05, method="dense")
    assert set(fast.data_vars) == {"current"}  # the transfer route yields the current alone
    scale = float(np.max(np.abs(dense["current"])))
    # both are exact up to round-off; 1e-10 of the scale as in the direct tests above
    np.testing.assert_allclose(fast["current"], dense["current"], rtol=0, atol=1e-10 * scale)
    with pytest.raises(ParameterError, match="method"):
        persistent_current(ring, flux, electrons=5, method="transfer")
