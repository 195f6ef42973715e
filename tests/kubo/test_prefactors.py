"""Unit-style prefactors: the same physical current gives the same κ or σ in every style."""

from __future__ import annotations

import pytest
from scipy import constants as c

from currentkit.errors import ParameterError
from currentkit.kubo import green_kubo_prefactor


def test_metal_equals_si_after_converting_the_data() -> None:
    volume, temperature = 3130.4, 983.2  # Å³, K
    metal = green_kubo_prefactor("thermal", "metal", volume=volume, temperature=temperature)
    si = green_kubo_prefactor("thermal", "si", volume=volume * 1e-30, temperature=temperature)
    # J: 1 eV·Å/ps = e·1e-10/1e-12 J·m/s; dt: 1 ps = 1e-12 s; ∫J²dt scales by both
    j = c.eV * 1e-10 / 1e-12
    assert metal.factor == pytest.approx(si.factor * j**2 * 1e-12, rel=1e-14)
    assert metal.units == "W/(m K)" and si.units == "W/(m K)"
    # and the closed form κ = ∫⟨J J⟩/(V k_B T²) written out for SI
    assert si.factor == pytest.approx(1 / (volume * 1e-30 * c.k * temperature**2), rel=1e-14)


def test_real_is_metal_times_kcal_per_mol_over_ev_squared_per_fs() -> None:
    kw = {"volume": 1000.0, "temperature": 300.0}
    real = green_kubo_prefactor("thermal", "real", **kw)
    metal = green_kubo_prefactor("thermal", "metal", **kw)
    kcal = 0.0433641043  # eV per kcal/mol (NIST value, 10 digits)
    # J_real = (kcal/mol)·Å/fs = kcal·1000 eV·Å/ps; dt_real in fs = 1e-3 ps. The quoted value
    # is known to ±1.2e-9 relative, squared ±2.4e-9, and the tables' CODATA editions differ in
    # the last digits: 1e-8
    assert real.factor == pytest.approx(metal.factor * (kcal * 1000) ** 2 * 1e-3, rel=1e-8)


def test_electric_metal_and_si() -> None:
    metal = green_kubo_prefactor("electric", "metal", volume=2.0e4, temperature=1100.0)
    # σ = ∫⟨J J⟩/(V k_B T) with J in e·Å/ps
    j = c.e * 1e-10 / 1e-12
    expected = j**2 * 1e-12 / (2.0e4 * 1e-30 * c.k * 1100.0)
    assert metal.factor == pytest.approx(expected, rel=1e-14)
    assert metal.units == "S/m"


def test_lj_multiplies_the_per_atom_flux_back() -> None:
    lj = green_kubo_prefactor("thermal", "lj", volume=100.0, temperature=0.722, atoms=864)
    assert lj.factor == pytest.approx(864**2 / (100.0 * 0.722**2), rel=1e-15)
    plain = green_kubo_prefactor("electric", "lj", volume=100.0, temperature=0.722)
    assert plain.factor == pytest.approx(1 / (100.0 * 0.722), rel=1e-15)


def test_generic_and_bad_parameters() -> None:
    assert green_kubo_prefactor("generic", "metal", prefactor=2.5).factor == 2.5
    with pytest.raises(ParameterError, match="kind='viscous'"):
        green_kubo_prefactor("viscous", "metal")
    with pytest.raises(ParameterError, match="units='cgs'"):
        green_kubo_prefactor("thermal", "cgs", volume=1.0, temperature=1.0)
    with pytest.raises(ParameterError, match="volume=None"):
        green_kubo_prefactor("thermal", "metal", temperature=300.0)
    with pytest.raises(ParameterError, match="temperature=-1"):
        green_kubo_prefactor("electric", "si", volume=1.0, temperature=-1.0)
