"""Tight-binding rings (rings/lattice.py, rings/models.py) against closed forms and each other.

Lattice units t = a = ħ = e = k_B = 1; φ = 2πf; a level's current is i_n = −∂E_n/∂φ in e·t/ħ.
H = −t Σ_j (e^{iφ/L} c†_{j+1}c_j + h.c.) − t⊥ Σ_⟨m m'⟩ c†_{j,m}c_{j,m'} + Σ ε_{m,j} n_{j,m}.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit import units
from currentkit.errors import ParameterError
from currentkit.rings import ContinuumRing, LatticeRing, persistent_current
from currentkit.rings.free import lattice


def clean_1d(sites: int, phi: float, hopping: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """E_k = −2t cos((2πk − φ)/L) and i_k = −∂E_k/∂φ = (2t/L) sin((2πk − φ)/L)."""
    q = (2 * np.pi * np.arange(sites) - phi) / sites
    return -2 * hopping * np.cos(q), 2 * hopping / sites * np.sin(q)


def pairs(energies: np.ndarray, currents: np.ndarray) -> np.ndarray:
    """(E, i) pairs sorted by energy then current (a canonical order for comparing sets)."""
    order = np.lexsort((np.round(currents, 9), np.round(energies, 9)))
    return np.column_stack([energies[order], currents[order]])


PHIS = [0.0, 0.37, np.pi / 2, np.pi, 2.9, -1.3, 2 * np.pi + 0.4]


@pytest.mark.parametrize("sites", [3, 4, 7, 12])
@pytest.mark.parametrize("gauge", ["bond", "uniform"])
def test_clean_1d_spectrum_closed_form(sites: int, gauge: str) -> None:
    ring = LatticeRing(sites, hopping=1.3)
    for phi in PHIS:
        h = lattice.hamiltonian(ring, phi, gauge)
        np.testing.assert_allclose(h, h.conj().T, rtol=0, atol=0)  # Hermitian by construction
        expected = np.sort(clean_1d(sites, phi, 1.3)[0])
        # dense eigvalsh of an L×L matrix: backward error ~L·1e-16·‖H‖ ≤ 1e-14
        np.testing.assert_allclose(np.linalg.eigvalsh(h), expected, rtol=0, atol=1e-12)


def test_hamiltonian_layout_and_gauges() -> None:
    # bond gauge: H_{0,L−1} = −t·e^{iφ} on the closing bond, −t elsewhere;
    # uniform gauge: H_{j+1,j} = −t·e^{iφ/L} on every bond.
    ring = LatticeRing(5, hopping=0.8)
    phi = 0.9
    hb = lattice.hamiltonian(ring, phi, "bond")
    assert hb[0, 4] == pytest.approx(-0.8 * np.exp(1j * phi), abs=1e-15)
    assert hb[4, 0] == pytest.approx(-0.8 * np.exp(-1j * phi), abs=1e-15)
    assert hb[2, 1] == -0.8
    hu = lattice.hamiltonian(ring, phi, "uniform")
    for j in range(5):
        assert hu[(j + 1) % 5, j] == pytest.approx(-0.8 * np.exp(1j * phi / 5), abs=1e-15)


@pytest.mark.parametrize("sites", [4, 9])
def test_dense_level_currents_match_clean_closed_form(sites: int) -> None:
    ring = LatticeRing(sites)
    flux = np.array([0.03, 0.21, 0.44, 0.61, 0.97])  # away from f = 0, 1/2 (k, −k degenerate)
    e_dense, i_dense = lattice.levels(ring, flux, method="dense")
    e_exact, i_exact = lattice.levels(ring, flux, method="exact")
    for row, f in enumerate(flux):
        e_ref, i_ref = clean_1d(sites, 2 * np.pi * f)
        # Hellmann-Feynman with eigenvectors accurate to ~1e-15/gap: 1e-12 ample
        np.testing.assert_allclose(pairs(e_dense[row], i_dense[row]), pairs(e_ref, i_ref),
                                   rtol=0, atol=1e-12)
        np.testing.assert_allclose(pairs(e_exact[row], i_exact[row]), pairs(e_ref, i_ref),
                                   rtol=0, atol=1e-13)


def test_dense_level_currents_equal_finite_difference_disordered() -> None:
    rng = np.random.default_rng(12)
    ring = LatticeRing(10, potential=rng.uniform(-1.5, 1.5, 10))
    h = 1e-5
    for f in (0.07, 0.23, 0.4, 0.81):
        e, i = lattice.levels(ring, np.array([f]), method="dense")
        e_plus = np.sort(lattice.levels(ring, np.array([f + h]), method="dense")[0][0])
        e_minus = np.sort(lattice.levels(ring, np.array([f - h]), method="dense")[0][0])
        order = np.argsort(e[0])
        assert np.min(np.diff(e[0][order])) > 1e-3  # non-degenerate: levels keep their order
        fd = -(e_plus - e_minus) / (2 * h * 2 * np.pi)  # i = −∂E/∂φ, φ = 2πf
        # central difference in f: truncation (2πh)²/6·∂³E/∂φ³ ≲ 1e-9·(1/gap²) ~ 1e-8;
        # rounding 1e-16·4/(4π·1e-5) ≈ 1e-11
        np.testing.assert_allclose(i[0][order], fd, rtol=0, atol=1e-8)


@pytest.mark.parametrize(
    ("channels", "transverse", "modes"),
    [
        (3, "open", lambda m, tp: -2 * tp * np.cos(np.pi * np.arange(1, m + 1) / (m + 1))),
        (4, "periodic", lambda m, tp: -2 * tp * np.cos(2 * np.pi * np.arange(m) / m)),
        (5, "periodic", lambda m, tp: -2 * tp * np.cos(2 * np.pi * np.arange(m) / m)),
    ],
)
def test_multichannel_clean_strip_closed_form(channels: int, transverse: str, modes) -> None:
    # E = ε⊥_m − 2t cos((2πk − φ)/L) + ε0: open strip ε⊥_m = −2t⊥cos(πm/(M+1)), m = 1…M;
    # cylinder ε⊥_m = −2t⊥cos(2πm/M). A uniform on-site energy ε0 = 0.3 shifts everything.
    sites, tp, onsite = 6, 0.7, 0.3
    ring = LatticeRing(sites, channels=channels, transverse_hopping=tp, transverse=transverse,
                       potential=np.full(sites, onsite))
    for phi in (0.0, 0.8, 2.2, np.pi):
        band, _ = clean_1d(sites, phi)
        expected = np.sort((modes(channels, tp)[:, None] + band[None, :]).ravel() + onsite)
        got = np.linalg.eigvalsh(lattice.hamiltonian(ring, phi))
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        # the exact levels of the library agree as well (clean, uniform potential)
        e_exact, i_exact = lattice.levels(ring, np.array([phi / (2 * np.pi)]), method="exact")
        np.testing.assert_allclose(np.sort(e_exact[0]), expected, rtol=0, atol=1e-13)
        e_dense, i_dense = lattice.levels(ring, np.array([phi / (2 * np.pi)]), method="dense")
        # degenerate modes mix in the dense eigenvectors; only per-energy sums of i are basis
        # independent, so compare the total and the current-weighted energy
        assert i_dense.sum() == pytest.approx(i_exact.sum(), abs=1e-12)
        assert (i_dense * e_dense).sum() == pytest.approx((i_exact * e_exact).sum(), abs=1e-12)


CLEAN_RINGS = [
    LatticeRing(7),
    LatticeRing(8),
    LatticeRing(9, channels=3, transverse_hopping=0.7),
    LatticeRing(8, channels=4, transverse="periodic", transverse_hopping=0.6),
    LatticeRing(7, spin=True),
]


@pytest.mark.parametrize("ring", CLEAN_RINGS, ids=["L7", "L8", "strip3", "cyl4", "spin"])
@pytest.mark.parametrize(
    "options",
    [
        {"electrons": 5},
        {"electrons": 4},
        {"electrons": 4, "temperature": 0.1},
        {"electrons": 3, "temperature": 1.0},
        {"mu": -0.3},
        {"mu": 0.45, "temperature": 0.2},
    ],
    ids=["N5", "N4", "N4-T0.1", "N3-T1", "mu", "mu-T"],
)
def test_dense_equals_exact_persistent_current(ring: LatticeRing, options: dict) -> None:
    flux = np.linspace(-0.5, 0.5, 11)  # includes the degenerate points f = 0 and ±1/2
    exact = persistent_current(ring, flux, method="exact", **options)
    dense = persistent_current(ring, flux, method="dense", **options)
    # Dense eigenvalues carry ~1e-15 errors; degenerate groups enter only through their sums,
    # which are basis independent: rounding only (1e-10 asked).
    np.testing.assert_allclose(dense["current"], exact["current"], rtol=0, atol=1e-10)
    name = "free_energy" if "electrons" in options else "grand_potential"
    np.testing.assert_allclose(dense[name], exact[name], rtol=0, atol=1e-10)


def test_lattice_ring_reduces_to_continuum_at_low_filling() -> None:
    # L = 400 sites of a = 1 nm, t = 1 eV, N = 5 (odd): the continuum ring of radius La/2π and
    # band mass m* = ħ²/(2ta²). Level by level, sin(q) = q − q³/6 + …: the lattice current
    # falls short of the continuum one by the band curvature. For N = 5 (ℓ = −2…2) at flux f
    # the sum gives, exactly at leading order, I_lat/I_cont − 1 = −(2π/L)²(6 + f²)/6, bounded
    # by (k_F a)²/6 = (πN/L)²/6 for |f| ≤ 1/2.
    sites, n = 400, 5
    lu = units.LatticeUnits(hopping_ev=1.0, spacing=1e-9)
    cont = ContinuumRing(radius=sites * 1e-9 / (2 * math.pi), mass=lu.band_mass,
                         charge=-sc.e)
    f = np.array([-0.45, -0.3, -0.12, -0.02, 0.02, 0.12, 0.3, 0.45])
    i_lat = persistent_current(LatticeRing(sites), f, electrons=n)["current"].values * lu.current
    i_cont = persistent_current(cont, f, electrons=n)["current"].values
    deviation = i_lat / i_cont - 1
    bound = (math.pi * n / sites) ** 2 / 6
    assert np.all(np.abs(deviation) <= bound)
    leading = -((2 * math.pi / sites) ** 2) * (6 + f**2) / 6
    # next order is q⁵/120 relative to q³/6, i.e. ~(k_F a)²/20 ≈ 1e-4 of the deviation: 1e-3
    np.testing.assert_allclose(deviation, leading, rtol=1e-3)
    # the same holds for the energies of the filled band bottom: E_lat + 2tN ≈ E_cont
    e_lat = persistent_current(LatticeRing(sites), f, electrons=n)["free_energy"].values
    e_cont = persistent_current(cont, f, electrons=n)["free_energy"].values
    np.testing.assert_allclose((e_lat + 2 * n) * lu.energy, e_cont, rtol=bound)


@pytest.mark.parametrize("electrons", [2, 6, 10])  # N/2 odd
def test_spin_doubles_the_current_of_half_the_electrons(electrons: int) -> None:
    flux = np.linspace(-0.45, 0.45, 10)
    spinless = LatticeRing(11)
    spinful = LatticeRing(11, spin=True)
    half = persistent_current(spinless, flux, electrons=electrons // 2)["current"].values
    both = persistent_current(spinful, flux, electrons=electrons)["current"].values
    # two identical copies, each holding N/2 (odd: diamagnetic) at T = 0: exact up to rounding
    np.testing.assert_allclose(both, 2 * half, rtol=1e-12, atol=1e-14)
    assert np.all(np.sign(both[flux > 0.01]) == -1)  # N/2 odd → diamagnetic
    # grand canonical: the two species are independent at any T
    gc1 = persistent_current(spinless, flux, mu=-0.7, temperature=0.3)["current"].values
    gc2 = persistent_current(spinful, flux, mu=-0.7, temperature=0.3)["current"].values
    np.testing.assert_allclose(gc2, 2 * gc1, rtol=1e-12, atol=1e-14)


def test_disordered_ring_uses_dense_and_is_odd() -> None:
    rng = np.random.default_rng(3)
    ring = LatticeRing(9, potential=rng.uniform(-1, 1, 9))
    assert not ring.is_clean
    flux = np.array([0.1, 0.27, 0.38])
    auto = persistent_current(ring, flux, electrons=4)["current"].values
    dense = persistent_current(ring, flux, electrons=4, method="dense")["current"].values
    np.testing.assert_array_equal(auto, dense)
    back = persistent_current(ring, -flux, electrons=4)["current"].values
    np.testing.assert_allclose(back, -auto, rtol=0, atol=1e-13)  # real potential: I(−f) = −I(f)


# ------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"sites": 2}, "sites"),
        ({"sites": 0}, "sites"),
        ({"sites": 5.0}, "sites"),
        ({"sites": True}, "sites"),
        ({"sites": 5, "channels": 0}, "channels"),
        ({"sites": 5, "channels": 2, "transverse": "periodic"}, "channels"),
        ({"sites": 5, "transverse": "twisted"}, "transverse"),
        ({"sites": 5, "potential": np.zeros(4)}, "potential"),
        ({"sites": 5, "channels": 2, "potential": np.zeros((3, 5))}, "potential"),
        ({"sites": 5, "potential": np.array([0, 0, np.nan, 0, 0])}, "potential"),
        ({"sites": 5, "potential": np.array([0, 0, np.inf, 0, 0])}, "potential"),
        ({"sites": 5, "hopping": -1.0}, "hopping"),
        ({"sites": 5, "hopping": 0.0}, "hopping"),
        ({"sites": 5, "hopping": np.nan}, "hopping"),
        ({"sites": 5, "transverse_hopping": np.inf}, "transverse_hopping"),
        ({"sites": 5, "statistics": "anyon"}, "statistics"),
        ({"sites": 5, "statistics": "boson", "spin": True}, "spin"),
    ],
)
def test_lattice_ring_validation(kwargs: dict, name: str) -> None:
    with pytest.raises(ParameterError, match=rf"^{name}=") as info:
        LatticeRing(**kwargs)
    assert info.value.name == name


def test_potential_is_frozen_and_broadcast() -> None:
    pot = np.arange(5.0)
    ring = LatticeRing(5, channels=2, potential=pot)
    assert ring.potential.shape == (2, 5)
    pot[0] = 99.0  # the ring keeps its own copy
    assert ring.potential[0, 0] == 0.0
    with pytest.raises(ValueError, match="read-only"):
        ring.potential[0, 0] = 1.0
    assert ring.states == 10 and LatticeRing(5, spin=True).states == 10


def test_more_electrons_than_states() -> None:
    with pytest.raises(ParameterError, match=r"^electrons="):
        persistent_current(LatticeRing(4), [0.1], electrons=5)


def test_method_exact_on_disordered_ring() -> None:
    ring = LatticeRing(5, potential=np.array([0.0, 0.1, 0.0, 0.0, 0.0]))
    with pytest.raises(ParameterError, match=r"^method="):
        lattice.levels(ring, np.array([0.1]), method="exact")
