"""Interacting rings by exact diagonalization: free limits, an independent Fock-space build,
Hellmann-Feynman, gauge invariance, small-cluster closed forms, validation and datasets."""

from __future__ import annotations

import math
from functools import reduce

import numpy as np
import pytest
from benches.fock_lanczos import FockSector
from hypothesis import given, settings
from hypothesis import strategies as st

import currentkit as ck
from currentkit import results
from currentkit.errors import ParameterError
from currentkit.rings import InteractingRing, LatticeRing, persistent_current
from currentkit.rings.interacting.exact import check_memory, ground_state, spectrum_dataset

# Round-off of a Lanczos/dense ground state and of summing ~L single-particle energies.
EXACT = 1e-10


def _annihilators(modes: int) -> list[np.ndarray]:
    """Jordan-Wigner c_m on 2^modes states (mode 0 leftmost), written from scratch."""
    z, a, eye = np.diag([1.0, -1.0]), np.array([[0.0, 1.0], [0.0, 0.0]]), np.eye(2)
    return [reduce(np.kron, [z] * m + [a] + [eye] * (modes - m - 1)) for m in range(modes)]


def _fock_ground(
    sites: int, counts: tuple[int, ...], interaction: float, phi: float, *,
    potential: np.ndarray | None = None, one_bond: bool = False,
) -> float:
    """E0 of t-V (one count) or Hubbard (two counts) from the full Fock-space matrix.

    ``one_bond``: the whole twist e^{iφ} on the bond L−1 → 0 (another gauge); else e^{iφ/L}
    on every bond as in the library.
    """
    spins = len(counts)
    c = _annihilators(sites * spins)
    pot = np.zeros(sites) if potential is None else potential
    n = [ci.T @ ci for ci in c]
    dim = 2 ** (sites * spins)
    h = np.zeros((dim, dim), dtype=complex)
    for s in range(spins):
        for j in range(sites):
            k = (j + 1) % sites
            phase = (np.exp(1j * phi) if k == 0 else 1.0) if one_bond else np.exp(1j * phi / sites)
            hop = -phase * c[s * sites + k].T @ c[s * sites + j]
            h += hop + hop.conj().T + pot[j] * n[s * sites + j]
            if spins == 1:
                h += interaction * n[j] @ n[k]
    if spins == 2:
        for j in range(sites):
            h += interaction * n[j] @ n[sites + j]
    numbers = [sum(np.diag(n[s * sites + j]) for j in range(sites)) for s in range(spins)]
    keep = np.all([np.isclose(numbers[s], counts[s]) for s in range(spins)], axis=0)
    return float(np.linalg.eigvalsh(h[np.ix_(keep, keep)])[0])


@pytest.mark.parametrize("electrons", [3, 4])
def test_free_spinless_matches_lattice_ring(electrons: int) -> None:
    # V = 0: the many-body ring must reproduce independent fermions for odd and even N (this is
    # what fixes the fermion-parity boundary condition), energies and currents to round-off.
    flux = np.linspace(-0.5, 0.5, 9)
    ours = persistent_current(InteractingRing(8, electrons), flux)
    ref = persistent_current(LatticeRing(8), flux, electrons=electrons)
    np.testing.assert_allclose(ours["free_energy"], ref["free_energy"], rtol=0, atol=EXACT)
    np.testing.assert_allclose(ours["current"], ref["current"], rtol=0, atol=EXACT)


@pytest.mark.parametrize("electrons", [3, 4, (2, 2)])
def test_free_hubbard_is_two_spin_copies(electrons: int | tuple[int, int]) -> None:
    # U = 0: the spinful ring is two independent spin species; LatticeRing(spin=True) fills the
    # spin-degenerate levels, and the lowest state has S_z = 0 or 1/2 as our split does.
    flux = np.linspace(0.0, 0.5, 6)
    ring = InteractingRing(6, electrons, model="hubbard")
    ours = persistent_current(ring, flux)
    ref = persistent_current(LatticeRing(6, spin=True), flux, electrons=ring.total_electrons)
    np.testing.assert_allclose(ours["free_energy"], ref["free_energy"], rtol=0, atol=EXACT)
    np.testing.assert_allclose(ours["current"], ref["current"], rtol=0, atol=EXACT)


@pytest.mark.parametrize(("sites", "counts", "interaction", "disordered"), [
    (7, (3,), 1.3, False), (8, (4,), -0.7, True), (3, (2, 1), 2.5, False), (4, (2, 2), 4.0, True)
])
def test_against_independent_fock_space_build(
    sites: int, counts: tuple[int, ...], interaction: float, disordered: bool
) -> None:
    # An explicit Jordan-Wigner Fock matrix (2^(L·g) states, built in this file) and the own
    # matrix-free kernel must give the library's E0 to round-off, clean (momentum sectors) and
    # disordered (one N sector), t-V and Hubbard.
    rng = np.random.default_rng(7)
    pot = rng.uniform(-1.0, 1.0, sites) if disordered else None
    model = "t-V" if len(counts) == 1 else "hubbard"
    electrons = counts[0] if len(counts) == 1 else (counts[0], counts[1])
    ring = InteractingRing(sites, electrons, interaction=interaction, model=model,
                           potential=pot)
    flux = np.array([0.0, 0.13, 0.41])
    energy, _ = ground_state(ring, flux)
    sector = FockSector(sites, counts[0], counts[1] if len(counts) == 2 else None)
    diag = sector.diagonal(np.zeros(sites) if pot is None else pot,
                           interaction if model == "t-V" else 0.0,
                           interaction if model == "hubbard" else 0.0)
    for f, e in zip(flux, energy, strict=True):
        phi = 2 * math.pi * f
        assert e == pytest.approx(_fock_ground(sites, counts, interaction, phi, potential=pot),
                                  abs=EXACT)
        eye = np.eye(sector.dimension, dtype=complex)
        h = np.array([sector.hop(col, -np.exp(1j * phi / sites)) for col in eye]).T + np.diag(diag)
        assert e == pytest.approx(np.linalg.eigvalsh(h)[0], abs=EXACT)


def test_gauge_invariance_twist_on_one_bond() -> None:
    # The twist e^{iφ} on one bond is a gauge transform of e^{iφ/L} on every bond: same E0.
    ring = InteractingRing(6, 3, interaction=2.0)
    flux = np.array([0.07, 0.3, 0.5])
    energy, _ = ground_state(ring, flux)
    for f, e in zip(flux, energy, strict=True):
        assert e == pytest.approx(_fock_ground(6, (3,), 2.0, 2 * math.pi * f, one_bond=True),
                                  abs=EXACT)


@pytest.mark.parametrize("model", ["t-V", "hubbard"])
def test_hellmann_feynman_equals_finite_difference(model: str) -> None:
    # I = −∂E0/∂φ from ⟨∂H/∂φ⟩ against a central difference with h = 1e-4 in φ: the stencil's
    # error is h²·E'''/6 ~ 1e-9, rounding ε|E0|/h ~ 1e-11, so 1e-7 is safe and still sharp.
    ring = InteractingRing(8, 4, interaction=1.5, model=model)  # type: ignore[arg-type]
    flux = np.array([0.11, 0.27])
    step = 1e-4 / (2 * math.pi)
    _, current = ground_state(ring, flux)
    up, _ = ground_state(ring, flux + step)
    down, _ = ground_state(ring, flux - step)
    np.testing.assert_allclose(current, -(up - down) / (2e-4), rtol=0, atol=1e-7)


def test_two_site_hubbard_closed_form() -> None:
    # L = 2, one ↑ and one ↓: both bonds join sites 0 and 1, so t_eff = 2t·cos(φ/2) and
    # E0 = U/2 − √(U²/4 + 4t_eff²) (the Hubbard dimer), exact to round-off.
    u = 3.0
    flux = np.array([0.0, 0.2, 0.45])
    energy, _ = ground_state(InteractingRing(2, (1, 1), interaction=u, model="hubbard"), flux)
    t_eff = 2 * np.cos(np.pi * flux)
    np.testing.assert_allclose(energy, u / 2 - np.sqrt(u**2 / 4 + 4 * t_eff**2), atol=EXACT)


def test_current_is_periodic_and_odd() -> None:
    # Φ0-periodicity and I(−Φ) = −I(Φ) (time reversal) of a clean interacting ring; round-off.
    ring = InteractingRing(7, 3, interaction=1.0)
    flux = np.array([0.1, 0.35])
    current = persistent_current(ring, np.concatenate([flux, flux + 1, -flux]))["current"].values
    np.testing.assert_allclose(current[2:4], current[:2], atol=EXACT)
    np.testing.assert_allclose(current[4:], -current[:2], atol=EXACT)


def test_spectrum_sectors_make_the_ground_state() -> None:
    # The ground energy is the lowest level of all momentum sectors; the sawtooth's jump at
    # f = 1/2 (odd N) is a crossing of two sectors' lowest levels (degenerate there).
    ring = InteractingRing(8, 3, interaction=1.0)
    ds = spectrum_dataset(ring, [0.25, 0.5], levels=2)
    results.check_conventions(ds)
    assert ds.sizes["momentum"] == 8
    lowest = ds["energy"].isel(level=0)
    energy, _ = ground_state(ring, np.array([0.25, 0.5]))
    np.testing.assert_allclose(lowest.min("momentum"), energy, atol=EXACT)
    gaps = lowest.values - energy[:, None]
    assert np.count_nonzero(gaps[0] < EXACT) == 1  # f = 1/4: one sector holds the ground state
    assert np.count_nonzero(gaps[1] < EXACT) == 2  # f = 1/2: two sectors cross


def test_dataset_conventions() -> None:
    ds = ck.rings.persistent_current(InteractingRing(6, 3, interaction=1.0), [0.0, 0.25])
    results.check_conventions(ds)
    assert ds["current"].attrs["units"] == "e*t/hbar" and ds.attrs["electrons"] == 3


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"sites": 1, "electrons": 0}, "sites"),
    ({"sites": 6, "electrons": 7}, "electrons"),
    ({"sites": 6, "electrons": -1}, "electrons"),
    ({"sites": 4, "electrons": 9, "model": "hubbard"}, "electrons"),
    ({"sites": 4, "electrons": (5, 0), "model": "hubbard"}, "electrons"),
    ({"sites": 4, "electrons": 2, "model": "XXZ"}, "model"),
    ({"sites": 4, "electrons": 2, "hopping": 0.0}, "hopping"),
    ({"sites": 4, "electrons": 2, "interaction": math.nan}, "interaction"),
    ({"sites": 4, "electrons": 2, "potential": np.zeros(3)}, "potential"),
    ({"sites": 4, "electrons": 2, "potential": np.array([0, 1, math.inf, 0])}, "potential"),
])
def test_bad_input_is_refused(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(ParameterError, match=name):
        InteractingRing(**kwargs)  # type: ignore[arg-type]


def test_persistent_current_options_refused() -> None:
    ring = InteractingRing(4, 2)
    for kwargs in ({"mu": 0.0}, {"electrons": 3}, {"temperature": 0.1}, {"method": "bands"}):
        with pytest.raises(ParameterError):
            persistent_current(ring, [0.1], **kwargs)  # type: ignore[arg-type]


def test_memory_estimate_refuses_large_rings() -> None:
    # L = 40 at half filling: C(40, 20)/40 ≈ 3.4e9 states — far beyond any machine here.
    ring = InteractingRing(40, 20, interaction=1.0)
    assert ring.sector_dimension() == math.ceil(math.comb(40, 20) / 40)
    with pytest.raises(ParameterError, match="GiB"):
        check_memory(ring)
    check_memory(InteractingRing(10, 5), available=2**30)  # 252/10 states: fine


@pytest.mark.parametrize("electrons", [4, 5])
def test_free_fermion_momenta_hold_the_ground_state(electrons: int) -> None:
    # The shortcut momenta="free" (used by drude_weight and for large rings) must find the same
    # ground state as a search of all L sectors, for attraction, repulsion and a CDW-side V.
    flux = np.linspace(-0.5, 0.5, 5)
    for v in (-1.5, 1.0, 3.0):
        ring = InteractingRing(10, electrons, interaction=v)
        every = ground_state(ring, flux)
        free = ground_state(ring, flux, "free")
        np.testing.assert_allclose(free[0], every[0], rtol=0, atol=EXACT)
        np.testing.assert_allclose(free[1], every[1], rtol=0, atol=EXACT)


@settings(max_examples=12, deadline=None)
@given(sites=st.integers(3, 7), filling=st.floats(0.0, 1.0), interaction=st.floats(-3.0, 3.0),
       f=st.floats(-0.45, 0.45), disordered=st.booleans())
def test_flux_symmetries_property(
    sites: int, filling: float, interaction: float, f: float, disordered: bool
) -> None:
    # Any t-V ring, clean or disordered: E0 is Φ0-periodic and even in Φ, so I is odd (time
    # reversal); round-off only.
    electrons = round(filling * sites)
    pot = np.random.default_rng(sites).uniform(-1, 1, sites) if disordered else None
    ring = InteractingRing(sites, electrons, interaction=interaction, potential=pot)
    energy, current = ground_state(ring, np.array([f, f + 1.0, -f]))
    np.testing.assert_allclose(energy[1:], energy[0], atol=EXACT)
    np.testing.assert_allclose(current[1], current[0], atol=EXACT)
    np.testing.assert_allclose(current[2], -current[0], atol=EXACT)


def test_spectrum_of_an_interacting_ring_gives_the_ground_state() -> None:
    # ck.rings.spectrum dispatches to the many-body levels per momentum sector; the lowest level
    # over all sectors is the ground state of persistent_current (same diagonalization: 1e-12)
    from currentkit.rings import spectrum

    ring = InteractingRing(8, 3, interaction=1.0)
    flux = np.array([0.0, 0.2, 0.4])
    levels = spectrum(ring, flux, levels=2)
    assert levels["energy"].dims == ("flux", "momentum", "level")
    ground = levels["energy"].min(dim=("momentum", "level")).to_numpy()
    np.testing.assert_allclose(ground, persistent_current(ring, flux)["free_energy"], atol=1e-12)
