"""Ring eigenstates: their probability current is the rings package's persistent current."""

from __future__ import annotations

import numpy as np
import pytest

import currentkit as ck
from currentkit.errors import ParameterError


@pytest.mark.parametrize("flux", [0.1, 0.3, -0.45])
def test_continuum_ground_state_current_is_persistent_current(flux: float) -> None:
    # one electron on a 1 µm ring: q·j of ψ_0 = e^{i0θ}/√(2πR) with A = Φ/(2πR) equals
    # I = −∂E/∂Φ of rings.persistent_current (N = 1, T = 0); both exact closed forms, so
    # they agree to round-off of the SI constants (1e-10)
    ring = ck.rings.ContinuumRing(radius=1e-6)
    ds = ck.rings.persistent_current(ring, [flux], electrons=1)
    computed = ck.waves.continuum_ring_current(ring, 0, flux)
    assert computed == pytest.approx(float(ds["current"][0]), rel=1e-10, abs=0)


def test_continuum_excited_levels_match_spectrum_level_currents() -> None:
    # levels ℓ = −2…2 at f = 0.2: the set of q·j equals spectrum's level currents (1e-10)
    ring = ck.rings.ContinuumRing(radius=1e-6)
    spec = ck.rings.spectrum(ring, [0.2], levels=5)
    mine = sorted(ck.waves.continuum_ring_current(ring, ell, 0.2) for ell in range(-2, 3))
    np.testing.assert_allclose(mine, np.sort(spec["level_current"].values[0]), rtol=1e-10)
    # and the PHYSICS.md value: eħ/(2πm_eR²) = 2.952009e-12 A per unit of (ℓ − s·f)
    one = ck.waves.continuum_ring_current(ring, 0, 0.0) - ck.waves.continuum_ring_current(
        ring, 1, 0.0)
    assert one == pytest.approx(2.952009e-12, rel=2e-7, abs=0)  # quoted to 7 digits


def test_atomic_units_agree_with_si() -> None:
    # the same state in atomic units (R in bohr, ħ = m = 1, q = −1) converted with
    # e·E_h/ħ gives the SI current (1e-9: CODATA consistency of the unit values)
    au = ck.waves.ATOMIC
    radius = 1e-6
    ring = ck.rings.ContinuumRing(radius=radius)
    si = ck.waves.continuum_ring_current(ring, 1, 0.25)
    r_au = radius / au.length
    n = 64
    s = np.arange(n) * 2 * np.pi * r_au / n
    psi = np.exp(1j * s / r_au) / np.sqrt(2 * np.pi * r_au)
    a = 0.25 * 2 * np.pi / (2 * np.pi * r_au)  # Φ0 = h/e = 2π in atomic units
    j = ck.waves.probability_current(psi, s[1], vector_potential=[a], method="spectral",
                                     periodic=True)
    assert ck.waves.current_to_amperes(float(j[0].mean())) == pytest.approx(si, rel=1e-9, abs=0)


def test_lattice_bond_currents_equal_hellmann_feynman() -> None:
    # a disordered 1D ring (non-degenerate levels): the bond current of every eigenvector,
    # built here from the uniform-gauge Hamiltonian, equals −∂E_n/∂φ of rings.spectrum
    # (dense diagonalisation in the bond gauge + Hellmann-Feynman); both exact (1e-10)
    rng = np.random.default_rng(7)
    ring = ck.rings.LatticeRing(sites=24, potential=rng.uniform(-1, 1, 24))
    energies, bonds = ck.waves.lattice_ring_currents(ring, 0.17)
    spec = ck.rings.spectrum(ring, [0.17], levels=24, method="dense")
    np.testing.assert_allclose(energies, spec["energy"].values[0], atol=1e-10)
    # stationary states: the same current on every bond (continuity)
    np.testing.assert_allclose(bonds, bonds[:, :1] * np.ones((1, 24)), atol=1e-12)
    np.testing.assert_allclose(bonds[:, 0], spec["level_current"].values[0], atol=1e-10)
    # and the many-body current of N = 9 electrons is the sum over the filled levels
    total = ck.rings.persistent_current(ring, [0.17], electrons=9, method="dense")
    assert bonds[:9, 0].sum() == pytest.approx(float(total["current"][0]), abs=1e-10)


def test_bad_ring_input() -> None:
    with pytest.raises(ParameterError):
        ck.waves.lattice_ring_currents(ck.rings.LatticeRing(sites=6, channels=2), 0.1)
    with pytest.raises(ParameterError):
        ck.waves.continuum_ring_current(ck.rings.ContinuumRing(radius=1e-6), 0, float("nan"))
    with pytest.raises(ParameterError):
        ck.waves.continuum_ring_state(ck.rings.ContinuumRing(radius=1e-6), 1.5, 0.1)  # type: ignore[arg-type]


def test_annulus_current_through_a_cut_on_a_2d_grid() -> None:
    # ψ = R(r)e^{iℓθ} on a 2D grid threaded by a flux tube, A = Φ/(2πr) θ̂ (non-uniform):
    # the current through the cut θ = 0 is ∫ j_θ dr = (ħ(ℓ − s·f)/m) ∫ |R|²/r dr, and for a
    # thin annulus of radius R0 it tends to the ring's I_ℓ = qħ(ℓ − s·f)/(2πmR0²)
    r0, w, ell, f = 10.0, 0.8, 2, 0.3  # atomic units; s = sign(q) = −1
    h = 0.0625
    x = h * np.arange(-288, 289)  # y = 0 and x = 0 are grid lines
    xx, yy = np.meshgrid(x, x, indexing="ij")
    r = np.hypot(xx, yy)
    theta = np.arctan2(yy, xx)
    radial = np.exp(-((r - r0) ** 2) / (2 * w**2))
    psi = radial * np.exp(1j * ell * theta)
    psi /= np.sqrt(np.sum(np.abs(psi) ** 2) * h * h)
    flux = f * 2 * np.pi  # Φ0 = h/e = 2π in atomic units
    safe = np.where(r > 0, r, 1.0)
    a = flux / (2 * np.pi * safe**2) * np.stack([-yy, xx])
    j = ck.waves.probability_current(psi, h, vector_potential=a)
    row = int(np.flatnonzero(x == 0.0)[0])
    cut = float(np.sum(j[1][x > 0, row]) * h)  # j_y on the positive x axis = j_θ at θ = 0
    rr = x[x > 0]
    norm = np.abs(psi[x > 0, row]) ** 2
    closed = (ell + f) * float(np.sum(norm / rr) * h)  # ħ = m = 1, s·f = −f
    # central differences in 2D: O(h²/w²) ≈ 6e-3·(small prefactor); measured 1.7e-5
    assert cut == pytest.approx(closed, rel=1e-4)
    ring = ck.rings.ContinuumRing(radius=r0 * ck.waves.ATOMIC.length)
    level = ck.waves.continuum_ring_current(ring, ell, f)
    # thin-annulus limit: ∫|R|²/r dr = 1/(2πR0²)·(1 + O(w²/R0²)), w²/R0² = 6.4e-3;
    # measured 3.2e-3 (the prefactor is 1/2)
    assert ck.waves.current_to_amperes(cut) == pytest.approx(level, rel=1e-2)
