"""Predictions for measured rings: the sample record, the Einstein relation, the T sweep."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.rings import (
    RingSample,
    diffusion_from_resistivity,
    ring_prediction,
    typical_current_si,
)
from currentkit.units import ELECTRON_MASS, ELEMENTARY_CHARGE, HBAR

#: A made-up ring for the mechanics (not a published sample): every number "test value".
SOURCES = {k: "test value" for k in ("radius", "width", "thickness", "diffusion",
                                      "dephasing_length", "field", "spin_orbit")}


def sample(**changes: object) -> RingSample:
    args = {"name": "test ring", "material": "metal", "radius": 0.5e-6, "width": 80e-9,
            "thickness": 60e-9, "diffusion": 0.02, "dephasing_length": 5e-6, "field": 2.0,
            "spin_orbit": 1e-6, "sources": SOURCES} | changes
    return RingSample(**args)  # type: ignore[arg-type]


def test_einstein_relation_matches_the_drude_free_electron_gas():
    # free electrons: n = k_F³/3π², ρ = m/(ne²τ), ν = mk_F/(π²ħ²) (both spins), D = v_F²τ/3
    k_f, tau = 1.2e10, 1e-14  # test values (1/m, s)
    n = k_f**3 / (3 * math.pi**2)
    rho = ELECTRON_MASS / (n * ELEMENTARY_CHARGE**2 * tau)
    nu = ELECTRON_MASS * k_f / (math.pi**2 * HBAR**2)
    v_f = HBAR * k_f / ELECTRON_MASS
    # two closed forms of the same D; round-off only
    assert diffusion_from_resistivity(rho, nu) == pytest.approx(v_f**2 * tau / 3, rel=1e-12)


def test_prediction_is_typical_current_si_at_each_temperature():
    ring = sample()
    temps = [0.0, 0.05, 0.3]
    ds = ring_prediction(ring, temps, orders=2)
    check_conventions(ds)
    for i, t in enumerate(temps):
        ref = typical_current_si(0.02, 2 * math.pi * 0.5e-6, t, dephasing_length=5e-6,
                                 zeeman_field=2.0, spin_orbit=1e-6, width=80e-9, orders=2)
        # the same call: identical numbers
        np.testing.assert_allclose(ds["typical_harmonic"][i], ref["typical_harmonic"],
                                   rtol=1e-14)
    assert np.all(np.diff(ds["typical_harmonic"][:, 0]) < 0)  # R_T decreases with T
    assert ds.attrs["source_diffusion"] == "test value"


def test_every_number_needs_a_source():
    with pytest.raises(ParameterError) as info:
        sample(sources={k: v for k, v in SOURCES.items() if k != "diffusion"})
    assert "diffusion" in info.value.allowed
    # defaults (no dephasing, no field, no spin-orbit, g = 2) need none
    RingSample("r", "m", 1e-6, 1e-7, 5e-8, 0.01,
               sources={k: "test value" for k in ("radius", "width", "thickness", "diffusion")})


@pytest.mark.parametrize(
    ("changes", "name"),
    [({"radius": 0.0}, "radius"), ({"diffusion": -0.01}, "diffusion"),
     ({"width": 1.2e-6}, "width"), ({"dephasing_length": 0.0}, "dephasing_length"),
     ({"field": -1.0}, "field")],
)
def test_unphysical_samples_are_refused(changes, name):
    with pytest.raises(ParameterError) as info:
        sample(**changes)
    assert info.value.name == name


def test_bad_temperatures_and_resistivity():
    with pytest.raises(ParameterError):
        ring_prediction(sample(), [-0.1])
    with pytest.raises(ParameterError):
        diffusion_from_resistivity(0.0, 1e47)
