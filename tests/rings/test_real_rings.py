"""Typical current of real (spinful, dephased, Zeeman-split) diffusive rings in SI units.

Every factor is checked against a closed form or against a direct quadrature of the time
integral ∫dt t⁻³ P_p R_T e^{−t/τ_φ} S(t), written here independently of the library's
Matsubara-sum evaluation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.rings import typical_current_si, typical_harmonics
from currentkit.rings.disorder.random_walk import diffusive_moment
from currentkit.units import BOHR_MAGNETON, BOLTZMANN, ELEMENTARY_CHARGE, HBAR

D, L = 0.01, 2e-6  # m²/s, m: E_c/k_B ≈ 19 mK
EC = HBAR * D / L**2
UNIT = ELEMENTARY_CHARGE * EC / HBAR  # eE_c/ħ (A)


def kelvin(theta: float) -> float:
    """T (K) for k_BT = θE_c."""
    return theta * EC / BOLTZMANN


def quadrature(p: int, theta: float, dephasing: float, spin_factor, cooperon: float = 0.0
               ) -> float:
    """(2/π²)p²∫du u⁻³ P_p(u) R_T(u) e^{−u/τ_φ} ½[S(u) + S(u)e^{−u·cooperon}] in (eE_c/ħ)².

    u = tD/L² (so L = D = 1, E_c = ħ = 1); P_p(u) = (4πu)^{−1/2} e^{−p²/4u}.
    """

    def integrand(u: float) -> float:
        x = math.pi * theta * u
        thermal = 1.0 if x == 0 else (x / math.sinh(x)) ** 2 if x < 300 else 0.0
        ret = math.exp(-p * p / (4 * u)) / math.sqrt(4 * math.pi * u)
        s = spin_factor(u)
        return u**-3 * ret * thermal * math.exp(-u * dephasing) * 0.5 * (
            s + s * math.exp(-u * cooperon))

    peak = p * p / 14
    value = sum(integrate.quad(integrand, a, b, limit=400, epsabs=0, epsrel=1e-11)[0]
                for a, b in ((0, peak), (peak, 20 * peak), (20 * peak, np.inf)))
    return 2 / math.pi**2 * p * p * value


def test_spinless_zero_temperature_is_the_diffuson_exactly():
    ds = typical_current_si(D, L, spin=False, orders=4)
    expected = typical_harmonics(1.0, 4) * UNIT  # E_c = 1 in the lattice function's units
    # same closed form √96 p^{-3/2} E_c/Φ0 by two routes: round-off only
    np.testing.assert_allclose(ds["typical_harmonic"], expected, rtol=1e-12)
    np.testing.assert_allclose(ds["spinless_zero"], expected, rtol=1e-12)
    # SI form 1.559 eD/(p^{3/2}L²) (Riedel and von Oppen): √24/π = 1.5593
    assert float(ds["typical_harmonic"][0]) / (ELEMENTARY_CHARGE * D / L**2) == pytest.approx(
        math.sqrt(24) / math.pi, rel=1e-12)
    check_conventions(ds)


@pytest.mark.parametrize("theta", [0.05, 0.5, 3.0])
def test_spinless_temperature_matches_typical_harmonics(theta):
    ds = typical_current_si(D, L, kelvin(theta), spin=False, orders=3)
    expected = typical_harmonics(1.0, 3, theta) * UNIT
    # same Matsubara sum, independent code; both truncate at e^{-60}
    np.testing.assert_allclose(ds["typical_harmonic"], expected, rtol=1e-10)


def test_spinless_temperature_matches_the_diffusive_time_moment():
    # ⟨I_p²⟩ = (2/π²)e²p²·L·J(pL, T), J = ∫t⁻³R_T P dt from the random-walk module (SI: D in
    # m²/s, X in m, k_BT/ħ in 1/s); its own Matsubara sum, truncated at e^{-60}
    theta = 0.8
    ds = typical_current_si(D, L, kelvin(theta), spin=False, orders=3)
    for p in (1, 2, 3):
        moment = diffusive_moment(D, p * L, theta * EC / HBAR)
        expected = 2 / math.pi**2 * ELEMENTARY_CHARGE**2 * p * p * L * moment
        assert float(ds["typical_harmonic"][p - 1]) ** 2 / UNIT**2 == pytest.approx(
            expected / UNIT**2, rel=1e-10)


def test_spin_doubles_the_amplitude_without_zeeman_or_spin_orbit():
    for theta in (0.0, 0.7):
        spin = typical_current_si(D, L, kelvin(theta), orders=3)
        spinless = typical_current_si(D, L, kelvin(theta), spin=False, orders=3)
        # four equal spin channels: ⟨I²⟩ ×4 exactly
        np.testing.assert_allclose(spin["typical_harmonic"], 2 * spinless["typical_harmonic"],
                                   rtol=1e-12)
        np.testing.assert_allclose(spin["reduction"], 1.0, rtol=1e-12)


@pytest.mark.parametrize("ratio", [0.3, 1.0, 4.0])
def test_dephasing_at_zero_temperature_closed_form(ratio):
    # Laplace: ∫t⁻³g = ½∫s²ĝ with s → s + 1/τ_φ gives e^{−κ}(1 + κ + κ²/3), κ = pL/L_φ
    ds = typical_current_si(D, L, spin=False, dephasing_length=L / ratio, orders=3)
    p = np.arange(1, 4)
    kappa = p * ratio
    factor = np.exp(-kappa) * (1 + kappa + kappa**2 / 3)
    np.testing.assert_allclose(ds["reduction"] ** 2, factor, rtol=1e-12)  # closed form both


def test_high_temperature_is_the_first_matsubara_term():
    theta = 20.0
    ds = typical_current_si(D, L, kelvin(theta), spin=False, orders=2)
    p = np.arange(1, 3)
    leading = 8 * p * theta**2 * np.exp(-p * np.sqrt(2 * math.pi * theta))
    computed = ds["typical_harmonic"].to_numpy() ** 2 / UNIT**2
    # the rest of the sum is the n = 2 term, 2e^{−p(√2−1)√(2πθ)} of the first (2% for p = 1,
    # 2e-4 for p = 2), plus n ≥ 3, (3/2)e^{−p(√3−√2)√(2πθ)} ≤ 0.043 of the n = 2 term
    second = 2 * np.exp(-p * (math.sqrt(2) - 1) * np.sqrt(2 * math.pi * theta))
    np.testing.assert_allclose(computed / leading - 1, second, rtol=0.05)
    assert np.all(computed / leading - 1 > second)  # the n ≥ 3 terms are positive


def test_large_zeeman_field_removes_the_cross_spin_terms():
    # E_Z = 1e4 E_c: cross terms ∝ Re e^{−p√(iω)} ~ e^{−70}; S → 2 of 4: amplitude ×1/√2
    b = 1e4 * EC / (2 * BOHR_MAGNETON)
    ds = typical_current_si(D, L, zeeman_field=b, orders=3)
    np.testing.assert_allclose(ds["reduction"], 1 / math.sqrt(2), rtol=1e-12)
    np.testing.assert_allclose(ds.attrs["zeeman_energy"], 1e4 * EC, rtol=1e-12)


def test_strong_spin_orbit_is_the_symplectic_reduction():
    # only the singlet survives: ⟨I²⟩/4, amplitude /2, the spinless value; insensitive to E_Z
    for b in (0.0, 5.0):
        ds = typical_current_si(D, L, kelvin(0.4), zeeman_field=b, spin_orbit="strong")
        spinless = typical_current_si(D, L, kelvin(0.4), spin=False)
        np.testing.assert_allclose(ds["reduction"], 0.5, rtol=1e-12)
        np.testing.assert_allclose(ds["typical_harmonic"], spinless["typical_harmonic"],
                                   rtol=1e-12)


def test_finite_spin_orbit_interpolates():
    weak = typical_current_si(D, L, spin_orbit=1e3 * L)
    strong = typical_current_si(D, L, spin_orbit=1e-3 * L)
    # L_so = 1e3 L: triplet rate 1e-6 E_c, κ = 1e-3 → change ~ κ, 1e-3 of the triplet share
    np.testing.assert_allclose(weak["reduction"], 1.0, rtol=2e-3)
    # L_so = 1e-3 L: triplet κ = 1e3 → e^{−1000}
    np.testing.assert_allclose(strong["reduction"], 0.5, rtol=1e-12)


def test_field_in_the_metal_kills_the_cooperon():
    # w = 200 nm, 1 T: 1/τ_B = D(eBw/ħ)²/3 ≈ 7e13/s ≫ E_c/ħ: diffuson only, ⟨I²⟩ halved
    ds = typical_current_si(D, L, width=200e-9, field=1.0, orders=2)
    np.testing.assert_allclose(ds["reduction"], 1 / math.sqrt(2), rtol=1e-12)
    rate = D * (ELEMENTARY_CHARGE * 1.0 * 200e-9 / HBAR) ** 2 / 3
    assert ds.attrs["cooperon_field_rate"] == pytest.approx(rate, rel=1e-12)


def test_partial_cooperon_dephasing_closed_form():
    # spinless, T = 0: the diffuson half is intact, the cooperon half carries the T = 0 dephasing
    # form with its own rate γ_B = (eBw/ħ)²L²/3 (units E_c/ħ): ½[1 + e^{−κ}(1 + κ + κ²/3)],
    # κ = p√γ_B; w chosen for γ_B = 2
    gamma = 2.0
    width = math.sqrt(3 * gamma) * HBAR / (ELEMENTARY_CHARGE * 1.0 * L)
    ds = typical_current_si(D, L, spin=False, width=width, field=1.0, orders=3)
    kappa = np.arange(1, 4) * math.sqrt(gamma)
    expected = 0.5 * (1 + np.exp(-kappa) * (1 + kappa + kappa**2 / 3))
    np.testing.assert_allclose(ds["reduction"] ** 2, expected, rtol=1e-12)  # round-off


@pytest.mark.parametrize(
    ("theta", "l_phi", "omega", "l_so", "cooperon"),
    [(0.0, 2.0, 0.0, None, 0.0), (0.5, 1.5, 6.0, None, 0.0), (0.3, np.inf, 3.0, 1.0, 2.0),
     (1.2, 3.0, 0.0, 0.5, 0.0)],
)
def test_time_integral_by_direct_quadrature(theta, l_phi, omega, l_so, cooperon):
    """The library's Laplace/Matsubara evaluation against quad on the time integral."""
    so_rate = 0.0 if l_so is None else 1 / l_so**2

    def spin_factor(u: float) -> float:
        if l_so is None:
            return 2 + 2 * math.cos(omega * u)
        return 1 + math.exp(-so_rate * u) * (1 + 2 * math.cos(omega * u))

    b = omega * EC / (2 * BOHR_MAGNETON)
    width = math.sqrt(3 * cooperon) * HBAR / (ELEMENTARY_CHARGE * L) if cooperon else None
    ds = typical_current_si(D, L, kelvin(theta), dephasing_length=l_phi * L, zeeman_field=b,
                            spin_orbit=None if l_so is None else l_so * L, width=width,
                            field=1.0 if cooperon else None, orders=2)
    for p in (1, 2):
        direct = quadrature(p, theta, 0.0 if l_phi == np.inf else 1 / l_phi**2, spin_factor,
                            cooperon)
        # quad at epsrel 1e-11 on three panels; the sum truncates at e^{−60}
        assert float(ds["typical_harmonic"][p - 1] / UNIT) ** 2 == pytest.approx(direct,
                                                                                 rel=1e-8)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"temperature": -0.1}, "temperature"), ({"diffusion": 0.0}, "diffusion"),
     ({"diffusion": -1.0}, "diffusion"), ({"circumference": 0.0}, "circumference"),
     ({"dephasing_length": 0.0}, "dephasing_length"),
     ({"dephasing_length": -1e-6}, "dephasing_length"),
     ({"zeeman_field": -1.0}, "zeeman_field"), ({"g_factor": 0.0}, "g_factor"),
     ({"spin_orbit": "weak"}, "spin_orbit"), ({"spin_orbit": -1e-6}, "spin_orbit"),
     ({"width": 0.0}, "width"), ({"orders": 0}, "orders"), ({"orders": True}, "orders"),
     ({"spin": False, "zeeman_field": 1.0}, "spin"), ({"temperature": math.nan}, "temperature")],
)
def test_unphysical_parameters_are_refused(kwargs, name):
    args = {"diffusion": D, "circumference": L} | kwargs
    with pytest.raises(ParameterError) as info:
        typical_current_si(**args)
    assert info.value.name == name
