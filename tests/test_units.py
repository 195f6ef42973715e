"""Constants, flux quanta and unit conversions of :mod:`currentkit.units`.

Reference values are CODATA numbers (via :mod:`scipy.constants`, the only allowed source) or
textbook values quoted to a stated number of digits; each tolerance matches the digits quoted.
Every ``pytest.approx`` states ``abs=0``: its default absolute tolerance, 1e-12, would swamp
SI values such as 4e-15 Wb.
"""

from __future__ import annotations

import math

import pytest
from scipy import constants as sc

from currentkit import units
from currentkit.errors import ParameterError


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("PLANCK", sc.h),
        ("HBAR", sc.hbar),
        ("ELEMENTARY_CHARGE", sc.e),
        ("ELECTRON_MASS", sc.m_e),
        ("BOLTZMANN", sc.k),
        ("MU_0", sc.mu_0),
        ("ELECTRONVOLT", sc.eV),
        ("HARTREE", sc.physical_constants["Hartree energy"][0]),
    ],
)
def test_constants_are_scipy_codata(name: str, expected: float) -> None:
    # The constants must be scipy's objects, not retyped digits: exact equality.
    assert getattr(units, name) == expected


def test_flux_quanta() -> None:
    # h and e are exact in the SI since 2019; 4.135668e-15 Wb is quoted to 7 digits, so 1e-7.
    assert units.FLUX_QUANTUM_NORMAL == pytest.approx(4.135668e-15, rel=1e-7, abs=0)
    # h/2e must be exactly half of h/e up to one rounding of the division (2 ulp).
    assert units.FLUX_QUANTUM_SUPERCONDUCTING == pytest.approx(
        units.FLUX_QUANTUM_NORMAL / 2, rel=4e-16, abs=0)
    # scipy carries the superconducting quantum as a CODATA entry of its own.
    assert units.FLUX_QUANTUM_SUPERCONDUCTING == pytest.approx(
        sc.physical_constants["mag. flux quantum"][0], rel=1e-15, abs=0)
    # flux_quantum(q) = h/|q|: the same for an electron and a positron, halved for a pair.
    assert units.flux_quantum(-sc.e) == units.flux_quantum(sc.e) == units.FLUX_QUANTUM_NORMAL
    assert units.flux_quantum(2 * sc.e) == pytest.approx(
        units.FLUX_QUANTUM_SUPERCONDUCTING, rel=4e-16, abs=0)


def test_atomic_unit_of_current() -> None:
    # e·E_h/ħ = 6.623618237e-3 A quoted to 10 digits (CODATA 2018 and 2022 agree there): 1e-9.
    assert units.ATOMIC_UNIT_OF_CURRENT == pytest.approx(6.623618237e-3, rel=1e-9, abs=0)
    # The same number rebuilt from its definition e·E_h/ħ; CODATA rounds each entry at ~1e-12.
    assert units.ATOMIC_UNIT_OF_CURRENT == pytest.approx(
        sc.e * units.HARTREE / sc.hbar, rel=1e-11, abs=0
    )


def test_current_from_count_half_milliampere() -> None:
    # 0.5 mA is 3.12e15 electrons per second (PHYSICS.md §3, quoted to 3 digits: 1e-3).
    assert units.carriers_per_second(0.5e-3) == pytest.approx(3.12e15, rel=1e-3, abs=0)
    # I = N·e/t is the inverse: two roundings at most (4e-16).
    n = units.carriers_per_second(0.5e-3)
    assert units.current_from_count(n, 1.0) == pytest.approx(0.5e-3, rel=4e-16, abs=0)
    # Twice the electrons in twice the time is the same current (exact arithmetic in binary).
    assert units.current_from_count(2 * n, 2.0) == units.current_from_count(n, 1.0)
    # A carrier of charge −e gives a negative current.
    assert units.current_from_count(n, 1.0, charge=-sc.e) == pytest.approx(
        -0.5e-3, rel=4e-16, abs=0
    )


def test_field_for_flux_electron_ring() -> None:
    # PHYSICS.md ✓: Φ0 = h/e through a ring of R = 1 µm needs B = 1.316424 mT (7 digits: 1e-6).
    b = units.field_for_flux(units.FLUX_QUANTUM_NORMAL, 1e-6)
    assert b == pytest.approx(1.316424e-3, rel=1e-6, abs=0)
    # B·πR² gives the flux back (a product and a quotient: a few ulp).
    assert b * math.pi * 1e-12 == pytest.approx(units.FLUX_QUANTUM_NORMAL, rel=1e-15, abs=0)


def test_kelvin_to_joule() -> None:
    # k_B·T is one multiplication: exact to rounding.
    assert units.kelvin_to_joule(300.0) == pytest.approx(300.0 * sc.k, rel=1e-16, abs=0)


def test_lattice_units_one_electronvolt() -> None:
    lu = units.LatticeUnits(hopping_ev=1.0, spacing=1e-10)
    # e·t/ħ for t = 1 eV is e²/ħ·(1 V) = 2π/R_K·(1 V), R_K = h/e² the von Klitzing constant;
    # built from another CODATA entry, so equal to the last few ulp (1e-14).
    r_k = sc.physical_constants["von Klitzing constant"][0]
    assert lu.current == pytest.approx(2 * math.pi / r_k, rel=1e-14, abs=0)
    assert lu.current == pytest.approx(2.434134e-4, rel=1e-6, abs=0)  # 7 digits quoted
    assert lu.energy == sc.eV
    assert lu.time == pytest.approx(sc.hbar / sc.eV, rel=1e-16, abs=0)
    # t/k_B for 1 eV is 11604.518 K (the electronvolt-kelvin relation, 8 digits quoted).
    assert lu.temperature == pytest.approx(11604.518, rel=1e-7, abs=0)
    assert lu.temperature == pytest.approx(
        sc.physical_constants["electron volt-kelvin relationship"][0], rel=1e-15, abs=0)


def test_lattice_band_mass() -> None:
    # m* = ħ²/(2ta²). ħ²/(2m_e) = 3.80998 eV·Å² (= Ry·a0²), so for t = 1 eV, a = 1 Å
    # m*/m_e = 3.80998; built here from the Rydberg energy and Bohr radius (CODATA entries,
    # mutually consistent to ~1e-12).
    lu = units.LatticeUnits(hopping_ev=1.0, spacing=1e-10)
    rydberg_ev = sc.physical_constants["Rydberg constant times hc in eV"][0]
    bohr_angstrom = sc.physical_constants["Bohr radius"][0] * 1e10
    assert lu.band_mass / sc.m_e == pytest.approx(rydberg_ev * bohr_angstrom**2, rel=1e-11, abs=0)
    assert lu.band_mass / sc.m_e == pytest.approx(3.80998, rel=1e-5, abs=0)  # 6 digits quoted
    # m* ∝ 1/(t a²): doubling t and a divides it by 8 (powers of two are exact).
    other = units.LatticeUnits(hopping_ev=2.0, spacing=2e-10)
    assert other.band_mass == pytest.approx(lu.band_mass / 8, rel=1e-15, abs=0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: units.LatticeUnits(hopping_ev=0.0), "hopping_ev"),
        (lambda: units.LatticeUnits(hopping_ev=-1.0), "hopping_ev"),
        (lambda: units.LatticeUnits(hopping_ev=math.nan), "hopping_ev"),
        (lambda: units.LatticeUnits(hopping_ev=math.inf), "hopping_ev"),
        (lambda: units.LatticeUnits(spacing=0.0), "spacing"),
        (lambda: units.LatticeUnits(spacing=-1e-10), "spacing"),
        (lambda: units.LatticeUnits(spacing=math.nan), "spacing"),
        (lambda: units.flux_quantum(0.0), "charge"),
        (lambda: units.flux_quantum(math.nan), "charge"),
        (lambda: units.flux_quantum(math.inf), "charge"),
        (lambda: units.field_for_flux(1e-15, 0.0), "radius"),
        (lambda: units.field_for_flux(1e-15, -1e-6), "radius"),
        (lambda: units.field_for_flux(1e-15, math.nan), "radius"),
        (lambda: units.current_from_count(10.0, 0.0), "seconds"),
        (lambda: units.current_from_count(10.0, -1.0), "seconds"),
    ],
)
def test_bad_inputs_name_the_parameter(call, name: str) -> None:
    with pytest.raises(ParameterError, match=rf"^{name}=") as info:
        call()
    assert info.value.name == name
    # ParameterError is a ValueError, so generic callers can catch it.
    assert isinstance(info.value, ValueError)
