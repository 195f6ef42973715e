"""The continuum ring against closed forms, brute force and thermodynamic identities.

Conventions (PHYSICS.md §1, src/currentkit/rings/continuum.py): f = Φ/Φ0 with Φ0 = h/|q|,
E_ℓ = ε0(ℓ − s·f)², ε0 = ħ²/(2mR²), s = sign(q), and I = −∂F/∂Φ. A level's current is
I_ℓ = qħ(ℓ − s·f)/(2πmR²). Reference ring: an electron on R = 1 µm.
SI values are tiny (currents ~1e-12 A, energies ~1e-27 J): every ``pytest.approx`` states its
``abs`` explicitly, since the default 1e-12 would accept almost anything.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import constants as sc
from scipy.optimize import brentq

from currentkit import units
from currentkit.rings import (
    ContinuumRing,
    crossover_temperature,
    flux_harmonics,
    grand_canonical_harmonics,
    ground_state_current,
    persistent_current,
    sawtooth_amplitude,
    spectrum,
)

R = 1e-6
#: Flux points away from every jump of the T = 0 currents (jumps sit at integers and
#: half-integers); two points lie outside the first period to exercise Φ0-periodicity.
GENERIC_FLUX = np.array(
    [-0.88, -0.72, -0.56, -0.45, -0.31, -0.17, -0.03, 0.03, 0.17, 0.31, 0.45, 0.56, 0.72, 0.88,
     1.23, -1.61]
)


def current(ring: ContinuumRing, flux: object, **kwargs: object) -> np.ndarray:
    return persistent_current(ring, flux, **kwargs)["current"].to_numpy()


def closed_levels(ring: ContinuumRing, flux: float, reach: int) -> tuple[np.ndarray, np.ndarray]:
    """E_ℓ and I_ℓ for ℓ = −reach…reach written out from the formulas (spin repeated)."""
    ell = np.arange(-reach, reach + 1)
    kinetic = ell - math.copysign(1.0, ring.charge) * flux
    energy = sc.hbar**2 / (2 * ring.mass * ring.radius**2) * kinetic**2
    level_current = ring.charge * sc.hbar * kinetic / (2 * math.pi * ring.mass * ring.radius**2)
    g = 2 if ring.spin else 1
    return np.repeat(energy, g), np.repeat(level_current, g)


def brute_force(
    energy: np.ndarray, level_current: np.ndarray, particles: int, kT: float, bosons: bool
) -> tuple[float, float]:
    """Canonical current and free energy by summing over every N-particle configuration."""
    combos = (itertools.combinations_with_replacement if bosons else itertools.combinations)(
        range(energy.size), particles
    )
    idx = np.array(list(combos))
    e_conf = energy[idx].sum(axis=1)
    i_conf = level_current[idx].sum(axis=1)
    w = np.exp(-(e_conf - e_conf.min()) / kT)
    z = w.sum()
    return float((w * i_conf).sum() / z), float(e_conf.min() - kT * np.log(z))


# ----------------------------------------------------------------------------- reference numbers


def test_reference_numbers_electron_ring(electron_ring: ContinuumRing) -> None:
    # PHYSICS.md ✓ values; each tolerance is half a unit in the last digit quoted.
    assert electron_ring.level_energy / sc.eV * 1e6 == pytest.approx(0.038100, rel=2e-5, abs=0)
    assert electron_ring.current_unit == pytest.approx(2.952009e-12, rel=2e-7, abs=0)
    assert electron_ring.flux_quantum == pytest.approx(4.135668e-15, rel=2e-7, abs=0)
    assert units.field_for_flux(electron_ring.flux_quantum, R) == pytest.approx(
        1.316424e-3, rel=5e-7, abs=0)
    # ε0 and the current unit are tied: 2ε0/Φ0 = |q|ħ/(2πmR²) (two formulas, a few ulp apart)
    assert 2 * electron_ring.level_energy / electron_ring.flux_quantum == pytest.approx(
        electron_ring.current_unit, rel=1e-14, abs=0)


def test_rotation_flux_reference(electron_ring: ContinuumRing) -> None:
    omega = 2 * math.pi * 1e3
    # |f_eff| = mΩR²/ħ ≈ 5.43e-5 (PHYSICS.md ✓, 3 digits: 1e-3).
    f_eff = electron_ring.rotation_flux(omega)
    assert abs(f_eff) == pytest.approx(5.43e-5, rel=1e-3, abs=0)
    assert abs(f_eff) == pytest.approx(sc.m_e * omega * R**2 / sc.hbar, rel=1e-15, abs=0)
    # Sign: f_eff = s·mΩR²/ħ, s = sign(q). Rotation about +z adds −ΩL_z, which favours ℓ > 0;
    # for an electron (E_ℓ = ε0(ℓ + f)²) that is a negative f, for a positive charge a positive f.
    assert f_eff < 0
    positive = ContinuumRing(radius=R, charge=sc.e)
    assert positive.rotation_flux(omega) == -f_eff
    assert electron_ring.rotation_flux(-omega) == -f_eff


# ------------------------------------------------------------------------------------- spectrum


@pytest.mark.parametrize("charge", [-sc.e, sc.e, 2 * sc.e])
@pytest.mark.parametrize("spin", [False, True])
def test_spectrum_levels_match_closed_form(charge: float, spin: bool) -> None:
    ring = ContinuumRing(radius=R, charge=charge, spin=spin)
    flux = np.array([-1.37, -0.41, 0.13, 0.29, 0.77])  # no degeneracy at the 20th level
    ds = spectrum(ring, flux, levels=20)
    assert ds["energy"].shape == (5, 20)
    for row, f in enumerate(flux):
        energy, level_current = closed_levels(ring, f, reach=30)
        order = np.argsort(energy, kind="stable")[:20]
        # compare as sets of (E, I) pairs: sort both by energy, then by current
        expected = sorted(zip(energy[order], level_current[order], strict=True))
        got = sorted(zip(ds["energy"][row].values, ds["level_current"][row].values, strict=True))
        # Both evaluate ε0(ℓ ∓ f)² and qħ(ℓ ∓ f)/(2πmR²) in double precision in a different
        # order (f reduced to [−1/2, 1/2] in the code): agreement to a few ulp of the largest.
        e_got = np.array([p[0] for p in got])
        i_got = np.array([p[1] for p in got])
        e_exp = np.array([p[0] for p in expected])
        i_exp = np.array([p[1] for p in expected])
        np.testing.assert_allclose(e_got, e_exp, rtol=1e-12, atol=1e-12 * e_exp.max())
        np.testing.assert_allclose(i_got, i_exp, rtol=1e-12,
                                   atol=1e-12 * np.abs(i_exp).max())
    # energies are sorted along "level"
    assert np.all(np.diff(ds["energy"].values, axis=1) >= 0)


@pytest.mark.parametrize("charge", [-sc.e, sc.e])
def test_level_currents_are_minus_dE_dPhi(charge: float) -> None:
    ring = ContinuumRing(radius=R, charge=charge)
    flux = np.array([-0.41, 0.13, 0.29])
    h = 1e-4
    e_plus = spectrum(ring, flux + h, levels=15)["energy"].values
    e_minus = spectrum(ring, flux - h, levels=15)["energy"].values
    got = spectrum(ring, flux, levels=15)["level_current"].values
    fd = -(e_plus - e_minus) / (2 * h * ring.flux_quantum)
    # E_ℓ is quadratic in f, so the central difference has no truncation error; rounding of
    # E ≈ 60 ε0 over 2h gives ~1e-16·60/(2e-4) ≈ 3e-11 relative to the current unit.
    np.testing.assert_allclose(fd, got, rtol=0, atol=1e-9 * ring.current_unit)


# ------------------------------------------------------------ N fermions, T = 0, closed form


@pytest.mark.parametrize("electrons", range(1, 10))
def test_spinless_ground_state_matches_closed_form(
    electron_ring: ContinuumRing, electrons: int
) -> None:
    got = current(electron_ring, GENERIC_FLUX, electrons=electrons)
    expected = ground_state_current(electron_ring, electrons, GENERIC_FLUX)
    scale = 2 * electrons * electron_ring.level_energy / electron_ring.flux_quantum
    # A sum of N level currents against one product: rounding only (1e-10 asked, ~1e-15 seen).
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10 * scale)


@pytest.mark.parametrize("electrons", range(1, 13))
def test_spin_ground_state_matches_closed_form(spin_ring: ContinuumRing, electrons: int) -> None:
    got = current(spin_ring, GENERIC_FLUX, electrons=electrons)
    expected = ground_state_current(spin_ring, electrons, GENERIC_FLUX)
    scale = 2 * electrons * spin_ring.level_energy / spin_ring.flux_quantum
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10 * scale)


def test_closed_form_is_a_sawtooth(electron_ring: ContinuumRing) -> None:
    # The closed form itself against its definition: I = −(2Nε0/Φ0)(f − c − round(f − c)).
    f = np.array([-0.3, 0.2, 0.7, 1.1])
    n = 5
    slope = 2 * n * electron_ring.level_energy / electron_ring.flux_quantum
    np.testing.assert_allclose(
        ground_state_current(electron_ring, n, f), -slope * np.array([-0.3, 0.2, -0.3, 0.1]),
        rtol=1e-13,  # f − round(f) loses a few ulp of f
    )
    np.testing.assert_allclose(
        ground_state_current(electron_ring, n + 1, f),
        -(2 * (n + 1) * electron_ring.level_energy / electron_ring.flux_quantum)
        * np.array([0.2, -0.3, 0.2, -0.4]),
        rtol=1e-13,
    )


@pytest.mark.parametrize("electrons", range(1, 10))
def test_spinless_parity(electron_ring: ContinuumRing, electrons: int) -> None:
    i_small = current(electron_ring, [0.05], electrons=electrons)[0]
    if electrons % 2:
        assert i_small < 0  # odd N: diamagnetic
    else:
        assert i_small > 0  # even N: paramagnetic


@pytest.mark.parametrize("electrons", [2, 4, 6, 8, 10, 12, 14])
def test_spin_parity_runs_on_n_mod_4(spin_ring: ContinuumRing, electrons: int) -> None:
    # N ≡ 2 (mod 4): each spin species holds an odd number → diamagnetic;
    # N ≡ 0 (mod 4): each holds an even number → paramagnetic.
    i_small = current(spin_ring, [0.05], electrons=electrons)[0]
    if electrons % 4 == 2:
        assert i_small < 0
    else:
        assert i_small > 0


@pytest.mark.parametrize("electrons", [1, 3, 7, 21, 101])
def test_odd_n_slope_is_minus_two_i0(electron_ring: ContinuumRing, electrons: int) -> None:
    # N odd, |f| < 1/2: I = −2·I0·f exactly (the filled levels are symmetric about −f),
    # I0 = e·v_F/L with k_F = πN/L.
    i0 = sawtooth_amplitude(electron_ring, electrons)
    v_f = sc.hbar * math.pi * electrons / (2 * math.pi * R) / sc.m_e
    assert i0 == pytest.approx(sc.e * v_f / (2 * math.pi * R), rel=1e-14, abs=0)
    f = np.array([1e-3, 0.01, 0.1, 0.4])
    # Exact linear law. Rounding: the sum of N level currents of size up to N/2 units cancels
    # down to N·f units, so its relative error is ~1e-16·N/(4f) ≤ 3e-12 for f ≥ 1e-3.
    np.testing.assert_allclose(current(electron_ring, f, electrons=electrons) / f, -2 * i0,
                               rtol=1e-10)


def test_current_is_proportional_to_n(electron_ring: ContinuumRing) -> None:
    # Fixed R, N and 3N both odd: the sawtooth slope 2Nε0/Φ0 triples, at every flux.
    f = np.array([-0.45, -0.2, 0.01, 0.3, 0.49])
    for n in (3, 7, 33):
        np.testing.assert_allclose(current(electron_ring, f, electrons=3 * n),
                                   3 * current(electron_ring, f, electrons=n), rtol=1e-10)


def test_two_fermions_pauli_example(electron_ring: ContinuumRing) -> None:
    # One electron in ℓ = 0 and one in ℓ = −1 (electron: E_ℓ = ε0(ℓ + f)²) for 0 < f < 1:
    # I = −e ħ[(0 + f) + (−1 + f)]/(2πmR²) = +|e|ħ(1 − 2f)/(2πm_eR²).
    f = np.array([1e-6, 1e-3, 0.1, 0.25, 0.5, 0.75, 0.9, 1 - 1e-3])
    expected = sc.e * sc.hbar * (1 - 2 * f) / (2 * math.pi * sc.m_e * R**2)
    unit = sc.e * sc.hbar / (2 * math.pi * sc.m_e * R**2)
    # two level currents summed, f reduced modulo 1: rounding only (1e-12 of the unit)
    np.testing.assert_allclose(current(electron_ring, f, electrons=2), expected, rtol=1e-12,
                               atol=1e-12 * unit)
    # non-zero for a small flux: the current jumps from −unit to +unit across f = 0, and at
    # f = 0 itself (two degenerate ground states) the average is zero.
    near = current(electron_ring, [-1e-6, 0.0, 1e-6], electrons=2)
    np.testing.assert_allclose(near, [-unit, 0.0, unit], rtol=1e-5, atol=1e-12 * unit)


@pytest.mark.parametrize("flux", [1e-10, 3e-10])
def test_two_fermions_current_is_nonzero_for_infinitesimal_flux(
    electron_ring: ContinuumRing, flux: float
) -> None:
    # PHYSICS.md §1 (seed problem 518012): the current is non-zero for infinitesimal flux.
    # At f = 1e-10 the two candidate Fermi levels ℓ = ±1 are split by 4f·ε0 = 4e-10 ε0, five
    # orders of magnitude above the rounding of the level energies (~1e-16 × 20 ε0), so the
    # ground state is unique and I = +|e|ħ(1 − 2f)/(2πmR²); averaging the two levels as if
    # degenerate would give zero.
    unit = sc.e * sc.hbar / (2 * math.pi * sc.m_e * R**2)
    got = current(electron_ring, [flux, -flux], electrons=2)
    np.testing.assert_allclose(got, [unit * (1 - 2 * flux), -unit * (1 - 2 * flux)], rtol=1e-9)


@pytest.mark.parametrize("spin", [False, True])
@pytest.mark.parametrize("temperature_ratio", [0.0, 0.7])
def test_charge_sign_does_not_change_many_body_current(spin: bool,
                                                       temperature_ratio: float) -> None:
    # The spectrum as a set is the same for ±q (ℓ → −ℓ), so I(f) is too.
    electron = ContinuumRing(radius=R, spin=spin)
    hole = ContinuumRing(radius=R, charge=sc.e, spin=spin)
    f = np.linspace(-0.9, 0.9, 19) + 0.013
    for n in range(1, 8):
        t = temperature_ratio * crossover_temperature(electron, n)
        a = current(electron, f, electrons=n, temperature=t)
        b = current(hole, f, electrons=n, temperature=t)
        # the same numbers summed in another order: rounding only
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * electron.current_unit * n)


# ------------------------------------------------------------------------------------- bosons


def test_bosons_at_zero_temperature_condense(electron_ring: ContinuumRing) -> None:
    bosons = ContinuumRing(radius=R, statistics="boson")
    f = np.array([-0.4, -0.1, 0.05, 0.3, 0.45, 0.8])
    lowest = -electron_ring.current_unit * (f - np.round(f))  # ℓ nearest −f, q = −e
    for n in (1, 2, 5, 40):
        np.testing.assert_allclose(current(bosons, f, electrons=n), n * lowest, rtol=1e-12)
        # sawtooth amplitude N·eħ/(4πmR²) reached as f → 1/2−; zero at f = 1/2 (two condensates)
        edge = current(bosons, [0.5 - 1e-6, 0.5], electrons=n)
        amplitude = n * sc.e * sc.hbar / (4 * math.pi * sc.m_e * R**2)
        assert edge[0] == pytest.approx(-amplitude, rel=3e-6, abs=0)  # I ∝ (1/2 − 1e-6): 2e-6 short
        assert edge[1] == pytest.approx(0.0, abs=1e-12 * amplitude)


@pytest.mark.parametrize("particles", [2, 3])
@pytest.mark.parametrize("kt_over_eps0", [0.3, 1.0, 2.5])
def test_canonical_bosons_against_enumeration(particles: int, kt_over_eps0: float) -> None:
    ring = ContinuumRing(radius=R, statistics="boson")
    temperature = kt_over_eps0 * ring.level_energy / sc.k
    kt = kt_over_eps0 * ring.level_energy
    f = np.array([0.0, 0.11, 0.37, 0.5, 0.83])
    ds = persistent_current(ring, f, electrons=particles, temperature=temperature)
    # levels up to ε0·reach² ≥ 60 kT above the lowest: the neglected weight is below e^{−60}
    reach = math.ceil(math.sqrt(60 * kt_over_eps0)) + 2
    for row, flux in enumerate(f):
        energy, level_current = closed_levels(ring, flux, reach)
        i_ref, f_ref = brute_force(energy, level_current, particles, kt, bosons=True)
        # The recursion and the enumeration differ by rounding in sums of ~10^3 positive
        # weights: 1e-12 relative to the current unit and to the free-energy scale.
        assert ds["current"].values[row] == pytest.approx(
            i_ref, rel=1e-12, abs=1e-12 * ring.current_unit)
        assert ds["free_energy"].values[row] == pytest.approx(
            f_ref, rel=1e-12, abs=1e-12 * ring.level_energy)


@pytest.mark.parametrize("particles", [1, 2, 3, 4])
def test_canonical_spin_fermions_against_enumeration(particles: int) -> None:
    ring = ContinuumRing(radius=R, spin=True)
    kt = 1.3 * ring.level_energy
    f = np.array([0.0, 0.21, 0.5, 0.64])
    ds = persistent_current(ring, f, electrons=particles, temperature=kt / sc.k)
    reach = 11  # ε0·11² = 93 kT above the Fermi level: neglected weight < e^{−80}
    for row, flux in enumerate(f):
        energy, level_current = closed_levels(ring, flux, reach)
        i_ref, f_ref = brute_force(energy, level_current, particles, kt, bosons=False)
        assert ds["current"].values[row] == pytest.approx(
            i_ref, rel=1e-12, abs=1e-12 * ring.current_unit)
        assert ds["free_energy"].values[row] == pytest.approx(
            f_ref, rel=1e-12, abs=1e-12 * ring.level_energy)


# ----------------------------------------------------------------------------- temperature


N_LARGE = 801  # odd; k_F·R = N/2 ≈ 400, so the linearised-dispersion formulas hold to ~1/N


@pytest.mark.parametrize("ratio", [0.5, 1.0, 2.0])
def test_grand_canonical_harmonics(electron_ring: ContinuumRing, ratio: float) -> None:
    # μ = ε0(N/2)²: k_F·L = πN, the Fermi level midway (in k) between the last filled and the
    # first empty level at f = 0, i.e. ⟨N⟩ = N at T = 0.
    mu = electron_ring.level_energy * (N_LARGE / 2) ** 2
    t_star = crossover_temperature(electron_ring, N_LARGE)
    temperature = ratio * t_star
    f = np.arange(256) / 256
    ds = persistent_current(electron_ring, f, mu=mu, temperature=temperature)
    h = flux_harmonics(ds["current"], orders=3)
    orders = np.arange(1, 4)
    expected = grand_canonical_harmonics(electron_ring, mu, temperature, orders)
    # The formula linearises the dispersion at ±k_F: relative corrections O(1/(k_F R)) and
    # O(k_BT/μ) ~ 1/N, and the sawtooth's 256-point aliasing is below e^{−64} at T ≥ T*/2.
    # Tolerance 2/N of the first harmonic (≈ 2.5e-3; the agreement seen is ~1e-7).
    tol = 2 / N_LARGE * abs(expected[0])
    np.testing.assert_allclose(h["sine"].values, expected, rtol=0, atol=tol)
    # and the closed form itself: b_p = (2I0/πp)(−1)^p x/sinh x for N odd, x = pT/T*
    i0 = sawtooth_amplitude(electron_ring, N_LARGE)
    x = orders * ratio
    np.testing.assert_allclose(
        expected, 2 * i0 / (np.pi * orders) * (-1.0) ** orders * x / np.sinh(x), rtol=1e-9
    )  # cos(p·k_F·L) = cos(pπN) evaluated at a large argument: ~1e-13 off (−1)^p
    # time reversal: no cosine terms; ⟨N⟩ ≈ N
    assert np.max(np.abs(h["cosine"].values)) < 1e-12 * abs(expected[0])
    assert np.all(np.abs(ds["mean_number"].values - N_LARGE) < 1e-3)


def test_grand_canonical_harmonics_with_spin(spin_ring: ContinuumRing) -> None:
    # With spin every level holds two electrons: the harmonics double (g = 2), at the same μ.
    mu = spin_ring.level_energy * (N_LARGE / 2) ** 2
    temperature = crossover_temperature(ContinuumRing(radius=R), N_LARGE)
    f = np.arange(128) / 128
    b = flux_harmonics(persistent_current(spin_ring, f, mu=mu, temperature=temperature)["current"],
                       orders=2)["sine"].values
    expected = grand_canonical_harmonics(spin_ring, mu, temperature, np.array([1, 2]))
    np.testing.assert_allclose(b, expected, rtol=0, atol=2 / N_LARGE * abs(expected[0]))


@pytest.mark.parametrize("electrons", [N_LARGE, N_LARGE - 1])
@pytest.mark.parametrize("ratio", [0.5, 1.0, 2.0, 4.0])
def test_canonical_harmonics_equal_grand_canonical_at_half_temperature(
    electron_ring: ContinuumRing, electrons: int, ratio: float
) -> None:
    # Linearised at ±k_F (bosonisation), ln Z is a theta function of the zero mode J: the
    # grand-canonical ring has two independent chiral sums Σ_n exp(−b(n ∓ f)²), b = πħv_F/(Lk_BT),
    # the canonical one (N fixed, J of fixed parity) a single sum Σ_m exp(−2b(m − f + c)²).
    # Both currents are k_BT∂_Φ ln Z, so I_canonical(T) = I_grand(T/2): the canonical harmonics
    # are b_p·(x/2)/sinh(x/2), and fixing N makes the current *larger* than at fixed μ — the
    # ensembles are not equivalent for the current of a clean ring at any temperature.
    # μ = ε0(N/2)² puts k_F·L = πN, so cos(p·k_F·L) = (−1)^{pN} carries the parity.
    mu = electron_ring.level_energy * (electrons / 2) ** 2
    temperature = ratio * crossover_temperature(electron_ring, electrons)
    f = np.arange(256) / 256
    ds = persistent_current(electron_ring, f, electrons=electrons, temperature=temperature)
    b = flux_harmonics(ds["current"], orders=3)["sine"].values
    half = grand_canonical_harmonics(electron_ring, mu, temperature / 2, np.arange(1, 4))
    # Same O(1/N) curvature corrections as the grand-canonical formula (seen: ≤ 5e-7).
    np.testing.assert_allclose(b, half, rtol=0, atol=2 / N_LARGE * abs(half[0]))
    full = grand_canonical_harmonics(electron_ring, mu, temperature, np.arange(1, 4))
    # fixed N carries more current than fixed μ, by (x/sinh x)/((x/2)/sinh(x/2)) = cosh(x/2)
    np.testing.assert_allclose(b[0] / full[0], math.cosh(ratio / 2), rtol=4 / N_LARGE)


def test_free_energy_ensemble_equivalence(electron_ring: ContinuumRing) -> None:
    # Where the ensembles are equivalent: the free energy (Darwin-Fowler saddle point).
    # F_N = Ω(μ_N) + μ_N·N + (k_BT/2)·ln(2π⟨δN²⟩), μ_N fixed by ⟨N⟩ = N, ⟨δN²⟩ = k_BT ∂N/∂μ.
    # At T = 50 T* (k_BT = 50Δ/π² ≈ 5 mean level spacings Δ, so ⟨δN²⟩ ≈ 5) the neglected
    # terms are the higher cumulants, k_BT·O(κ4/⟨δN²⟩²), with κ4 ∝ the curvature of the
    # density of states (∝ k_BT/μ ~ 1e-2 here) and the discreteness of N, O(e^{−2π²⟨δN²⟩}):
    # ≪ 1e-3 k_BT (seen: ~1e-6 k_BT).
    n = N_LARGE
    temperature = 50 * crossover_temperature(electron_ring, n)
    kt = sc.k * temperature
    f = np.array([0.1, 0.3])
    canonical = persistent_current(electron_ring, f, electrons=n, temperature=temperature)
    eps0 = electron_ring.level_energy
    for row, flux in enumerate(f):
        def grand(mu: float, flux: float = flux):
            return persistent_current(electron_ring, [flux], mu=mu, temperature=temperature)

        mu_n = brentq(lambda m: float(grand(m)["mean_number"][0]) - n,
                      eps0 * ((n - 20) / 2) ** 2, eps0 * ((n + 20) / 2) ** 2,
                      xtol=1e-9 * kt, rtol=1e-15)
        dmu = 1e-3 * kt
        variance = kt * float(grand(mu_n + dmu)["mean_number"][0]
                              - grand(mu_n - dmu)["mean_number"][0]) / (2 * dmu)
        gc = grand(mu_n)
        expected = (float(gc["grand_potential"][0]) + mu_n * n
                    + 0.5 * kt * math.log(2 * math.pi * variance))
        assert float(canonical["free_energy"][row]) == pytest.approx(expected, rel=0,
                                                                     abs=1e-3 * kt)


@pytest.mark.parametrize(("spin", "electrons"), [(False, 5), (False, 8), (True, 7), (True, 10)])
def test_canonical_low_temperature_limit(spin: bool, electrons: int) -> None:
    ring = ContinuumRing(radius=R, spin=spin)
    t = 1e-3 * crossover_temperature(ring, electrons)
    cold = persistent_current(ring, GENERIC_FLUX, electrons=electrons, temperature=t)
    zero = persistent_current(ring, GENERIC_FLUX, electrons=electrons)
    # The nearest excitation at these fluxes is ≥ 0.03·2πħv_F/L ≈ 3 k_BT*, i.e. ≥ 3000 k_BT
    # here: Boltzmann weights e^{−3000}, so only rounding remains.
    scale = electrons * ring.current_unit
    np.testing.assert_allclose(cold["current"], zero["current"], rtol=1e-12, atol=1e-12 * scale)
    # F → E0 up to k_BT·ln(degeneracy) (a spin-degenerate Fermi level holds one electron of two)
    kt = sc.k * t
    degenerate = 2 if spin and electrons % 2 else 1
    np.testing.assert_allclose(cold["free_energy"] + kt * math.log(degenerate),
                               zero["free_energy"], rtol=1e-12)


@pytest.mark.parametrize(("spin", "electrons"), [(False, 9), (False, 10), (True, 7)])
@pytest.mark.parametrize("ratio", [0.5, 2.0])
def test_canonical_current_is_minus_dF_dPhi(spin: bool, electrons: int, ratio: float) -> None:
    # The recursion carries ∂ln Z/∂Φ in forward mode, independently of F itself: a central
    # difference of the returned F checks that derivative path.
    ring = ContinuumRing(radius=R, spin=spin)
    t = ratio * crossover_temperature(ring, electrons)
    f = np.linspace(-0.9, 0.9, 13) + 0.017
    h = 1e-5
    got = persistent_current(ring, f, electrons=electrons, temperature=t)["current"].values
    f_plus = persistent_current(ring, f + h, electrons=electrons, temperature=t)["free_energy"]
    f_minus = persistent_current(ring, f - h, electrons=electrons, temperature=t)["free_energy"]
    fd = -(f_plus.values - f_minus.values) / (2 * h * ring.flux_quantum)
    # Truncation h²/6·∂³I/∂f³: the harmonics b_p ∝ (x_p/p)/sinh(x_p), x_p = p·T/T*, give at
    # T = T*/2 ∂³I ≲ 8π³·Σ_p p³e^{−p/2} ≈ 2e4 × |b_1|, i.e. ≲ 4e-7 of the amplitude for
    # h = 1e-5 (4e-8 seen); rounding |F|·1e-16/h with |F| ≲ 1e2 ε0 → 1e-9 of the current unit.
    # Tolerance 1e-6 of the amplitude.
    scale = np.max(np.abs(got))
    np.testing.assert_allclose(fd, got, rtol=0, atol=1e-6 * scale)
