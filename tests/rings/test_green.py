"""Closing-bond Green-function current of M-channel rings (rings/green.py) against the level sums.

Lattice units ħ = e = k_B = 1, energies in units of the hopping t; φ = 2πf and
I = −∂Ω/∂φ = Σ_n f(E_n − μ)·i_n with i_n = −∂E_n/∂φ (e·t/ħ). The reference is
thermo.grand_canonical on dense (Hellmann-Feynman) or closed-form levels from rings/lattice.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ConvergenceError, ParameterError
from currentkit.rings import LatticeRing
from currentkit.rings.free import lattice, thermo
from currentkit.rings.free.green import closing_bond_current
from currentkit.rings.free.transfer import matsubara_current

FLUX = np.linspace(-0.5, 1.0, 13)
#: Relative agreement asked of the Matsubara sum (its own tolerance is 1e-12 of max|I|).
REL = 1e-10
#: Absolute floor: the dense reference sums L·M terms of size ~t/L, each from eigenvectors with
#: round-off ε·‖H‖ ~ 1e-15·t, so it is itself uncertain by ~1e-15…1e-14·t; where I is
#: exponentially small (L·k_BT ≫ v_F, e.g. L = 40, k_BT = 0.2 gives I ~ 5e-9) that dominates.
#: Measured disagreement there is ≲ 1e-15, so 1e-13 leaves margin yet is far below every I tested.
FLOOR = 1e-13
MUS = [-2.5, -1.2, 0.3, 1.9]  # inside the bands (±2t ± transverse modes) and near an edge


def dense_reference(ring: LatticeRing, flux: np.ndarray, mu: float, kT: float) -> np.ndarray:
    energies, currents = lattice.levels(ring, flux, method="dense")
    return thermo.grand_canonical(energies, currents, mu, kT).current


def make_ring(
    sites: int, channels: int, transverse: str, width: float, spin: bool, seed: int
) -> LatticeRing:
    rng = np.random.default_rng(seed)
    pot = rng.uniform(-width / 2, width / 2, (channels, sites)) if width else None
    return LatticeRing(
        sites,
        channels=channels,
        transverse_hopping=0.8,
        transverse=transverse,  # type: ignore[arg-type]
        potential=pot,
        spin=spin,
    )


# (M, L, transverse, k_BT): L·k_BT ≲ 12 t so that I stays well above the reference's floor.
CASES = [
    (1, 41, "open", 0.1),
    (2, 20, "open", 0.3),
    (2, 55, "open", 0.05),
    (3, 30, "periodic", 0.2),
    (3, 47, "open", 0.08),
    (4, 24, "periodic", 0.3),
    (4, 80, "open", 0.02),
]


@pytest.mark.parametrize("channels,sites,transverse,kT", CASES)
@pytest.mark.parametrize("width", [0.0, 1.5])
@pytest.mark.parametrize("spin", [False, True])
def test_matches_dense_diagonalisation(
    channels: int, sites: int, transverse: str, kT: float, width: float, spin: bool
) -> None:
    ring = make_ring(sites, channels, transverse, width, spin, seed=sites + channels)
    energies, currents = lattice.levels(ring, FLUX, method="dense")
    for mu in MUS:
        ref = thermo.grand_canonical(energies, currents, mu, kT).current
        got = closing_bond_current(ring, FLUX, mu, kT)
        # REL: both sides are accurate to ~1e-12 of max|I|; FLOOR: the reference's round-off
        np.testing.assert_allclose(got, ref, rtol=0, atol=REL * np.max(np.abs(ref)) + FLOOR)


def test_hopping_not_one() -> None:
    """t ≠ 1 enters the recursion as t² gL and the closing bond as t; odd L checks the sign."""
    rng = np.random.default_rng(5)
    for hopping in (0.7, 1.6):
        ring = LatticeRing(
            33, channels=2, hopping=hopping, potential=rng.uniform(-0.5, 0.5, (2, 33))
        )
        for mu in (-1.1 * hopping, 0.4 * hopping):
            ref = dense_reference(ring, FLUX, mu, 0.1 * hopping)
            got = closing_bond_current(ring, FLUX, mu, 0.1 * hopping)
            # as above; the reference's round-off floor scales with t
            atol = REL * np.max(np.abs(ref)) + FLOOR * hopping
            np.testing.assert_allclose(got, ref, rtol=0, atol=atol)


@pytest.mark.parametrize("sites", [40, 41])
def test_one_channel_matches_transfer_matrix(sites: int) -> None:
    rng = np.random.default_rng(sites)
    ring = LatticeRing(sites, potential=rng.uniform(-1.0, 1.0, sites), spin=True)
    for mu, kT in ((-1.3, 0.05), (0.2, 0.1), (1.8, 0.02)):
        a = closing_bond_current(ring, FLUX, mu, kT)
        b = matsubara_current(ring, FLUX, mu, kT)
        # two independent evaluations of the same sum, each to 1e-12 of max|I|: 1e-11 is
        # their combined truncation plus round-off (no dense reference floor involved here)
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-11 * np.max(np.abs(b)) + 1e-16)


def test_periodic_and_odd() -> None:
    ring = make_ring(36, 3, "periodic", 1.0, False, seed=3)
    f = np.linspace(0.0, 1.0, 17)
    base = closing_bond_current(ring, f, 0.4, 0.08)
    scale = float(np.max(np.abs(base)))
    # I(φ + 2π) = I(φ): e^{iφ} changes by round-off only (~1e-15 relative), far below 1e-12
    np.testing.assert_allclose(closing_bond_current(ring, f + 1.0, 0.4, 0.08), base,
                               rtol=0, atol=1e-12 * scale)
    np.testing.assert_allclose(closing_bond_current(ring, f - 3.0, 0.4, 0.08), base,
                               rtol=0, atol=1e-12 * scale)
    # I(−φ) = −I(φ) (real H⁰: time reversal); same round-off argument
    np.testing.assert_allclose(closing_bond_current(ring, -f, 0.4, 0.08), -base,
                               rtol=0, atol=1e-12 * scale)
    # I(0) = I(π) = 0 by the same symmetry, up to round-off
    assert abs(base[0]) <= 1e-12 * scale and abs(base[8]) <= 1e-12 * scale


def test_long_ring_matches_closed_form() -> None:
    """L = 10⁴, M = 2, k_BT ≈ 1.6·ħv_F/(πL): no NaN from the exponentially small corners."""
    ring = LatticeRing(10_000, channels=2)
    f = np.linspace(0.0, 0.5, 9)
    for mu, kT in ((0.3, 1e-4), (-1.6, 2e-4)):
        got = closing_bond_current(ring, f, mu, kT)
        assert np.all(np.isfinite(got))
        energies, currents = lattice.levels(ring, f, method="exact")
        ref = thermo.grand_canonical(energies, currents, mu, kT).current
        # the closed-form reference sums 2·10⁴ terms of size ~t/L: round-off ~1e-16·t, and
        # I ~ 1e-4 t here, so 1e-8 relative is loose for both sides (measured ~4e-12)
        np.testing.assert_allclose(got, ref, rtol=0, atol=1e-8 * np.max(np.abs(ref)))


def test_bad_inputs() -> None:
    ring = LatticeRing(20, channels=2)
    for kT in (-0.1, float("nan"), float("inf")):
        with pytest.raises(ParameterError, match="temperature"):
            closing_bond_current(ring, FLUX, 0.0, kT)
    for mu in (float("nan"), float("inf")):
        with pytest.raises(ParameterError, match="mu"):
            closing_bond_current(ring, FLUX, mu, 0.1)
    with pytest.raises(ParameterError, match="statistics"):
        closing_bond_current(LatticeRing(20, channels=2, statistics="boson"), FLUX, -5.0, 0.1)
    with pytest.raises(ParameterError, match="tol"):
        closing_bond_current(ring, FLUX, 0.0, 0.1, tol=0.0)
    with pytest.raises(ParameterError, match="flux"):
        closing_bond_current(ring, np.array([0.1, np.nan]), 0.0, 0.1)
    # a temperature so low that the frequency cap is hit: a clear error, not a hang
    with pytest.raises(ConvergenceError, match="converge"):
        closing_bond_current(LatticeRing(3), FLUX, 0.3, 1e-9)


def test_persistent_current_method_green_matches_dense() -> None:
    """The API route: method="green" equals the dense grand-canonical current (M = 3 strip)."""
    from currentkit.rings import persistent_current

    rng = np.random.default_rng(5)
    ring = LatticeRing(24, channels=3, potential=rng.uniform(-0.5, 0.5, (3, 24)))
    flux = np.linspace(0.0, 1.0, 7)
    fast = persistent_current(ring, flux, mu=-0.4, temperature=0.05, method="green")
    dense = persistent_current(ring, flux, mu=-0.4, temperature=0.05, method="dense")
    scale = float(np.max(np.abs(dense["current"])))
    # both exact up to round-off: 1e-10 of the scale, as in the direct tests above
    np.testing.assert_allclose(fast["current"], dense["current"], rtol=0, atol=1e-10 * scale)
