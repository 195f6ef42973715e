"""A scatterer's transmission τ(E) and the ring levels it predicts (rings/scattering*.py).

Lattice units t = a = ħ = e = 1; φ = 2πf, I = −∂F/∂φ (e·t/ħ). References: closed forms (one
site; the continuum rectangular barrier), the explicit product of transfer matrices, and dense
diagonalisation of the ring (lattice.levels / persistent_current(method="dense")).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.rings import (
    LatticeRing,
    barrier_potential,
    flux_harmonics,
    impurity_potential,
    persistent_current,
)
from currentkit.rings.free import lattice
from currentkit.rings.scattering.amplitudes import (
    ring_discriminant,
    scatterer_transmission,
    scattering_amplitudes,
)
from currentkit.rings.scattering.ring_levels import (
    ring_levels_from_scattering,
    scattering_current,
    scattering_levels,
    weak_transmission_amplitude,
)

pytestmark = pytest.mark.filterwarnings("error")


#: Energies inside the band, away from its edges.
ENERGIES = np.linspace(-1.95, 1.95, 27)
#: Flux values with the special points f = 0, 1/2 and generic ones.
FLUX = np.array([0.0, 0.03, 0.13, 0.25, 0.37, 0.5, -0.21, 0.71])
#: Asked agreement with dense diagonalisation (the brief): 1e-9 of the bandwidth or of the
#: largest level current; both routes are accurate to ~1e-14 (measured), so this has margin.
REL = 1e-9
#: Round-off floor: |τ|² and phases are built from O(1) products of a few 2×2 matrices.
ROUND = 1e-13


def _ring(potential: np.ndarray, sites: int) -> LatticeRing:
    full = np.zeros(sites)
    full[: potential.size] = potential
    return LatticeRing(sites, potential=full)


def test_single_site_closed_form() -> None:
    for v in (-3.0, -0.2, 0.7, 10.0):
        tau, r = scattering_amplitudes([v], ENERGIES)
        k = np.arccos(-ENERGIES / 2)
        expected = 4 * np.sin(k) ** 2 / (4 * np.sin(k) ** 2 + v * v)
        assert np.max(np.abs(np.abs(tau) ** 2 - expected)) <= ROUND
        assert np.max(np.abs(np.angle(tau) + np.arctan(v / (2 * np.sin(k))))) <= ROUND
        assert np.max(np.abs(np.abs(tau) ** 2 + np.abs(r) ** 2 - 1)) <= ROUND


def test_clean_unitary_and_reciprocal() -> None:
    tau, r = scattering_amplitudes(np.zeros(4), ENERGIES)
    assert np.max(np.abs(tau - 1)) <= ROUND and np.max(np.abs(r)) <= ROUND
    pot = np.random.default_rng(5).uniform(-2, 2, 7)
    ds = scatterer_transmission(pot, ENERGIES)
    assert np.max(np.abs(ds["transmission"] + ds["reflection"] - 1)) <= ROUND
    # reciprocity: τ from the right (the reversed scatterer) equals τ from the left
    back, _ = scattering_amplitudes(pot[::-1], ENERGIES)
    assert np.max(np.abs(back - scattering_amplitudes(pot, ENERGIES)[0])) <= ROUND
    assert ds["transmission"].attrs["units"] == "1"
    assert ds["transmission_phase"].attrs["units"] == "rad" and ds.attrs["complete"] == 1


@pytest.mark.parametrize(("height", "width"), [(0.05, 10), (0.02, 20), (0.005, 40)])
def test_barrier_matches_continuum_at_low_filling(height: float, width: int) -> None:
    # continuum mass m = ħ²/(2ta²): ε = E + 2t = tk², barrier height V0, length w·a:
    # T = 1/(1 + V0² sin²(qw)/(4ε(ε − V0))), q = √((ε − V0)/t) (imaginary below the top)
    eps = height * np.array([0.2, 0.5, 0.8, 1.5, 3.0])
    q = np.sqrt((eps - height).astype(complex))
    exact = 1 / (1 + height**2 * np.abs(np.sin(q * width)) ** 2 / (4 * eps * np.abs(eps - height)))
    lattice_t = scatterer_transmission(np.full(width, height), eps - 2)["transmission"].to_numpy()
    # the lattice band E = 2t(1 − cos k) = tk²(1 − k²/12 + …) departs from the parabola at
    # relative order k² = ε/t: measured 0.33·V0 ≤ max ε = 3V0
    assert np.max(np.abs(lattice_t / exact - 1)) <= float(eps.max())


def test_discriminant_equals_transfer_product() -> None:
    pot = np.array([0.5, -1.2, 2.0])
    sites = 37
    energies = np.concatenate([np.linspace(-4.1, -2.05, 5), ENERGIES, np.linspace(2.05, 4.2, 5)])
    ours = ring_discriminant(pot, sites, energies)
    full = np.zeros(sites)
    full[:3] = pot
    direct = []
    for e in energies:
        m = np.eye(2)
        for eps in full:
            m = np.array([[eps - e, -1.0], [1.0, 0.0]]) @ m
        direct.append(np.trace(m))
    ref = np.array(direct)
    # relative to |Δ| (which reaches 1e13 outside the band); products of L = 37 matrices
    assert np.max(np.abs(ours - ref) / np.maximum(1.0, np.abs(ref))) <= 1e-12


def test_levels_obey_the_quantization_condition() -> None:
    # cos(kL + δ) = |τ| cos φ with δ = arg τ, and cos(k(L − w) + δ_s) = |τ| cos φ, δ_s = δ + kw,
    # on the levels of the dense ring inside the band
    pot = np.array([1.5, 0.0, -0.7])
    sites, w = 60, 3
    ring = _ring(pot, sites)
    energies, _ = lattice.levels(ring, FLUX, method="dense")
    for row, f in enumerate(FLUX):
        e = energies[row][np.abs(energies[row]) < 1.99]
        tau, _ = scattering_amplitudes(pot, e)
        k = np.arccos(-e / 2)
        rhs = np.abs(tau) * math.cos(2 * math.pi * f)
        assert np.max(np.abs(np.cos(k * sites + np.angle(tau)) - rhs)) <= 1e-10
        shifted = np.cos(k * (sites - w) + np.angle(tau * np.exp(1j * k * w)))
        assert np.max(np.abs(shifted - rhs)) <= 1e-10  # dense eigenvalues good to ~1e-14


CASES = [
    (30, np.array([0.3])),
    (31, np.array([-5.0])),
    (101, np.array([2.0, 0.0, 1.0])),
    (200, np.array([0.01])),
    (64, np.full(5, 3.0)),
    (45, np.array([-1.0, 2.5, -0.4, 0.8])),
]


@pytest.mark.parametrize(("sites", "pot"), CASES)
def test_levels_match_dense_diagonalisation(sites: int, pot: np.ndarray) -> None:
    ds = ring_levels_from_scattering(pot, sites, FLUX)
    ring = _ring(pot, sites)
    dense_e, dense_i = lattice.levels(ring, FLUX, method="dense")
    order = np.argsort(dense_e, axis=1)
    dense_e = np.take_along_axis(dense_e, order, 1)
    dense_i = np.take_along_axis(dense_i, order, 1)
    energy, current = ds["energy"].to_numpy(), ds["level_current"].to_numpy()
    assert energy.shape == (FLUX.size, sites)
    assert np.max(np.abs(energy - dense_e)) <= REL * float(np.ptp(dense_e))
    assert np.max(np.abs(current - dense_i)) <= REL * float(np.max(np.abs(dense_i)))
    assert ds["level_current"].attrs["units"] == "e*t/hbar"


@pytest.mark.parametrize(("sites", "pot"), CASES)
def test_canonical_current_matches_dense(sites: int, pot: np.ndarray) -> None:
    ring = _ring(pot, sites)
    for electrons in (1, sites // 2, sites // 2 + 1, sites - 1)[: 4 if sites < 100 else 2]:
        ours = scattering_current(pot, sites, FLUX, electrons)
        ref = persistent_current(ring, FLUX, electrons=electrons, method="dense")
        scale = float(np.max(np.abs(ref["current"])))
        assert np.max(np.abs(ours - ref["current"].to_numpy())) <= REL * max(scale, 2 / sites)


def test_library_potentials_and_whole_ring_as_scatterer() -> None:
    # the spectrum does not depend on where the scatterer sits: pass the ring's whole potential
    for sites, pot in ((40, impurity_potential(40, 0.8, site=17)[0]),
                       (41, barrier_potential(41, 1.2, 6)[0])):
        ring = LatticeRing(sites, potential=pot)
        for electrons in (sites // 2, sites // 2 + 1):
            ours = scattering_current(pot, sites, FLUX, electrons)
            ref = persistent_current(ring, FLUX, electrons=electrons, method="dense")["current"]
            assert np.max(np.abs(ours - ref.to_numpy())) <= REL


def test_current_vanishes_at_half_flux_quantum() -> None:
    sites, electrons = 101, 51  # N odd: the clean sawtooth jumps at f = 1/2
    eps = 1e-6
    near = np.array([0.5 - eps, 0.5, 0.5 + eps])
    for v in (0.01, 0.1, 1.0, 10.0):
        current = scattering_current([v], sites, near, electrons)
        assert current[1] == 0.0  # sin φ = 0 exactly at f = 1/2
        # smooth through f = 1/2: the two crossing levels E = ±√(a² + (v_F x/L)²), x = φ − π,
        # half-gap a = V/L to first order (saturating near the level spacing πv_F/L), give
        # |I| ≤ 2π(v_F/L)²ε/a; factor 2 for the other levels' smaller share
        v_f = 2.0  # 2t sin k_F, k_F = πN/L ≈ π/2
        half_gap = min(v, math.pi * v_f / 4) / sites
        assert np.max(np.abs(current)) <= 2 * 2 * math.pi * (v_f / sites) ** 2 * eps / half_gap
    clean = scattering_current([0.0], sites, near, electrons)
    i0 = 2 * math.sin(math.pi * electrons / sites) / sites  # e·v_F/L, k_F = πN/L
    # V = 0: a jump of 2I0 at f = 1/2 (N odd); finite-size: v_F defined at k_F, O(1/L²)
    assert clean[0] == pytest.approx(-i0, rel=1e-3) and clean[2] == pytest.approx(i0, rel=1e-3)
    # N even: continuous (zero) at f = 1/2, the jump moves to f = 0
    even = scattering_current([0.0], sites, np.array([-eps, eps, 0.5 - eps, 0.5 + eps]), 50)
    assert even[0] == pytest.approx(-even[1], rel=1e-9) and abs(even[0]) > 0.9 * i0
    assert max(abs(even[2]), abs(even[3])) <= 4 * math.pi * eps * i0


@pytest.mark.parametrize("sites", [100, 200])
def test_weak_transmission_amplitude_law(sites: int) -> None:
    # |I(f = 1/4)| = v_F|τ(E_F)|/(2(L + ∂δ/∂k)): half the top level's current (Euler sum of the
    # alternating level currents); measured deviations 2.4/L²: tolerance 4/L²
    amplitudes = []
    for v in (5.0, 20.0, 100.0):
        for electrons in (sites // 2, sites // 2 + 1):
            energies, _ = scattering_levels([v], sites, [0.25])
            fermi = 0.5 * (energies[0, electrons - 1] + energies[0, electrons])
            current = scattering_current([v], sites, [0.25], electrons)[0]
            predicted = weak_transmission_amplitude([v], sites, fermi)
            assert abs(current) / predicted == pytest.approx(1.0, abs=4 / sites**2)
            # parity: N odd diamagnetic (I < 0 for 0 < f < 1/2), N even paramagnetic
            assert np.sign(current) == (-1 if electrons % 2 else 1)
        amplitudes.append(predicted)
        tau = abs(scattering_amplitudes([v], fermi)[0])
        # ∝ |τ| ≈ 2t sin k_F/V: |τ| = 2 sin k_F/√(4 sin²k_F + V²) = (2 sin k_F/V)(1 − O(2/V²))
        assert tau == pytest.approx(2 * math.sqrt(1 - fermi**2 / 4) / v, rel=2 / v**2)
    assert amplitudes[0] > amplitudes[1] > amplitudes[2]


def test_first_harmonic_follows_transmission() -> None:
    # weak |τ|: I(f) ≈ I(1/4)·sin φ/√(1 − |τ|²cos²φ), so b_1 = I(1/4)(1 + O(|τ|²))
    sites, electrons, samples = 100, 51, 64
    flux = np.arange(samples) / samples
    for v in (20.0, 100.0):
        current = scattering_current([v], sites, flux, electrons)
        da = xr.DataArray(current, dims="flux", coords={"flux": flux}, attrs={"units": "e*t/hbar"})
        b1 = float(flux_harmonics(da, orders=1)["sine"][0])
        assert b1 / current[samples // 4] == pytest.approx(1.0, abs=(2 / v) ** 2)


def _euler_tolerance(pot: np.ndarray, sites: int, fermi: float) -> float:
    """s²/4 + 16/L², s = ∂ln|τ|/∂E·πv_F/L the change of ln|τ| from one level to the next.

    The alternating sum of level currents c_m ∝ e^{s·m} is c(E_F)/(2 cosh(s/2)) against the
    law's c(E_F)/2: relative error s²/8; doubled to cover v(E) and ∂δ/∂k. The higher Euler
    terms are O((π/L)²) with a filling-dependent prefactor: measured ≤ 10/L² off half filling.
    """
    tau = np.abs(scattering_amplitudes(pot, [fermi - 1e-5, fermi + 1e-5])[0])
    slope = (math.log(tau[1]) - math.log(tau[0])) / 2e-5
    spacing = math.pi * math.sqrt(4 - fermi**2) / sites
    return (slope * spacing) ** 2 / 4 + 16 / sites**2


def test_barrier_amplitude_against_barrier_transmission() -> None:
    # w = 5 sites, heights up to 4t: |τ(E_F)| from 1 down to 5e-4 (10 sites × 3t: 1.4e-6)
    sites, electrons = 200, 51
    previous = math.inf
    for width, height in ((5, 0.3), (5, 1.0), (5, 2.0), (5, 3.0), (5, 4.0), (10, 3.0)):
        pot = np.full(width, height)
        energies, _ = scattering_levels(pot, sites, [0.25])
        fermi = 0.5 * (energies[0, electrons - 1] + energies[0, electrons])
        current = abs(scattering_current(pot, sites, [0.25], electrons)[0])
        law = weak_transmission_amplitude(pot, sites, fermi)
        assert current / law == pytest.approx(1.0, abs=_euler_tolerance(pot, sites, fermi))
        assert current < previous
        previous = current


def test_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="energy"):
        scattering_amplitudes([1.0], [2.0])
    with pytest.raises(ParameterError, match="potential"):
        scatterer_transmission([], [0.0])
    with pytest.raises(ParameterError, match="potential"):
        scatterer_transmission([np.nan], [0.0])
    with pytest.raises(ParameterError, match="hopping"):
        scatterer_transmission([1.0], [0.0], hopping=0.0)
    with pytest.raises(ParameterError, match="sites"):
        scattering_levels(np.ones(5), 4, [0.1])
    with pytest.raises(ParameterError, match="electrons"):
        scattering_current([1.0], 10, [0.1], 11)


def test_transmission_equals_the_recursive_green_function_landauer_value() -> None:
    """Two algorithms for one number: transfer matrices between plane waves (scattering) and the
    Landauer Tr[Γ G Γ G†] of a one-channel strip with exact lead self-energies (mesoscopic)."""
    from currentkit.rings.disorder import mesoscopic

    potential = np.random.default_rng(5).uniform(-1.5, 1.5, 9)
    for energy in (-1.7, -0.4, 0.3, 1.2):
        landauer = float(np.squeeze(mesoscopic.landauer_transmission(potential[None, :], energy)))
        ours = float(scatterer_transmission(potential, [energy])["transmission"][0])
        # both exact: agreement to round-off of a 9-site product (measured ~1e-15)
        assert ours == pytest.approx(landauer, rel=1e-11, abs=1e-14)
