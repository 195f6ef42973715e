"""Material table and the two-fluid / Ginzburg-Landau temperature laws (PHYSICS.md §2).

λ(T) = λ(0)/√(1 − (T/Tc)⁴), ξ(T) = ξ(0)/√(1 − T/Tc). Values are checked against the formulas
written out by hand at chosen reduced temperatures; each tolerance says why it is what it is.
"""

from __future__ import annotations

import math

import pytest

from currentkit.errors import ParameterError
from currentkit.superconductors import (
    Material,
    coherence_length,
    known_materials,
    material,
    penetration_depth,
)


def test_required_materials_are_tabulated_with_sources() -> None:
    assert {"Al", "Nb", "Pb", "Sn", "NbN"} <= set(known_materials())
    for name in known_materials():
        m = material(name)
        assert m.name == name
        assert len(m.source) > 20  # a literature reference, not a placeholder
        # SI sanity: lengths are nanometres to micrometres, Tc a few kelvin
        assert 1e-9 < m.penetration_depth < 1e-6
        assert 1e-9 < m.coherence_length < 1e-5
        assert 0.5 < m.critical_temperature < 30


def test_lookup_is_case_insensitive() -> None:
    assert material("nb") is material("NB") is material(" Nb ")
    assert material("nbn").name == "NbN"


def test_unknown_material_lists_known_names() -> None:
    with pytest.raises(ParameterError) as info:
        material("unobtainium")
    assert info.value.name == "material"
    for name in ("Al", "Nb", "Pb", "Sn", "NbN"):
        assert name in str(info.value)


def test_reference_values_niobium() -> None:
    # Kittel table 5 / CRC: exact stored numbers, so compare exactly
    nb = material("Nb")
    assert (nb.penetration_depth, nb.coherence_length, nb.critical_temperature) == (
        39e-9, 38e-9, 9.25)


@pytest.mark.parametrize("t", [0.0, 0.25, 0.5, 0.9, 0.99])
def test_penetration_depth(t: float) -> None:
    lam0, tc = 50e-9, 7.0
    expected = lam0 / math.sqrt(1 - t**4)
    # same formula evaluated in a different order: a few ulp
    assert penetration_depth(lam0, tc, t * tc) == pytest.approx(expected, rel=1e-13, abs=0)


def test_two_fluid_values_by_hand() -> None:
    # T = Tc/2: 1 − 1/16 = 15/16, λ = λ0·4/√15 (rounding only)
    assert penetration_depth(1.0, 2.0, 1.0) == pytest.approx(4 / math.sqrt(15), rel=1e-14)
    # T = Tc/2: ξ = ξ0·√2 (rounding only)
    assert coherence_length(1.0, 2.0, 1.0) == pytest.approx(math.sqrt(2), rel=1e-14)


@pytest.mark.parametrize("t", [0.0, 0.3, 0.8])
def test_material_methods_use_the_laws(t: float) -> None:
    al = material("Al")
    temp = t * al.critical_temperature
    # identical arithmetic through two entry points: exact
    assert al.penetration_depth_at(temp) == penetration_depth(
        al.penetration_depth, al.critical_temperature, temp)
    assert al.coherence_length_at(temp) == pytest.approx(
        al.coherence_length / math.sqrt(1 - t), rel=1e-14)  # rounding only


@pytest.mark.parametrize("temp", [1.175, 2.0, -0.1, math.nan, math.inf])
def test_temperature_outside_superconducting_range(temp: float) -> None:
    with pytest.raises(ParameterError) as info:
        penetration_depth(16e-9, 1.175, temp)
    assert info.value.name == "temperature"
    assert "Tc" in str(info.value)
    with pytest.raises(ParameterError):
        coherence_length(16e-9, 1.175, temp)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("penetration_depth", 0.0),
        ("penetration_depth", -1e-9),
        ("coherence_length", math.nan),
        ("critical_temperature", 0.0),
        ("critical_temperature", math.inf),
    ],
)
def test_material_rejects_bad_values(field: str, value: float) -> None:
    good = {"penetration_depth": 1e-7, "coherence_length": 1e-8, "critical_temperature": 5.0}
    good[field] = value
    with pytest.raises(ParameterError) as info:
        Material("X", **good)
    assert info.value.name == field


def test_material_rejects_empty_name() -> None:
    with pytest.raises(ParameterError):
        Material("", 1e-7, 1e-8, 5.0)
