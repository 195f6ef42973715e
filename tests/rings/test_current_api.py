"""The public API of rings: result datasets, validation, and flux harmonics."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from scipy import constants as sc

from currentkit import results, units
from currentkit.errors import ParameterError
from currentkit.rings import (
    ContinuumRing,
    LatticeRing,
    flux_harmonics,
    persistent_current,
    spectrum,
)

R = 1e-6


def _rings() -> list[tuple[object, str, str, float]]:
    return [
        (LatticeRing(8), "e*t/hbar", "t", units.FLUX_QUANTUM_NORMAL),
        (LatticeRing(6, channels=2, spin=True), "e*t/hbar", "t", units.FLUX_QUANTUM_NORMAL),
        (ContinuumRing(radius=R), "A", "J", sc.h / sc.e),
        (ContinuumRing(radius=R, charge=2 * sc.e, mass=2 * sc.m_e), "A", "J", sc.h / (2 * sc.e)),
    ]


@pytest.mark.parametrize(("ring", "current_units", "energy_units", "quantum"), _rings())
@pytest.mark.parametrize("ensemble", ["canonical", "grand_canonical"])
def test_dataset_conventions_and_round_trip(
    tmp_path: Path, ring, current_units: str, energy_units: str, quantum: float, ensemble: str
) -> None:
    flux = np.arange(16) / 16
    if ensemble == "canonical":
        ds = persistent_current(ring, flux, electrons=3, temperature=0.0)
        potential = "free_energy"
    else:
        mu = -1.0 if isinstance(ring, LatticeRing) else 10 * ring.level_energy
        ds = persistent_current(ring, flux, mu=mu)
        potential = "grand_potential"
        assert ds["mean_number"].attrs["units"] == "1"
    assert isinstance(ds, xr.Dataset)
    assert ds["current"].dims == ("flux",)
    np.testing.assert_array_equal(ds["flux"].values, flux)
    assert ds["flux"].attrs["units"] == "Phi0"
    assert ds["flux"].attrs["flux_quantum"] == pytest.approx(quantum, rel=1e-15, abs=0)
    assert ds["flux"].attrs["flux_quantum_units"] == "Wb"
    assert ds["current"].attrs["units"] == current_units
    assert ds[potential].attrs["units"] == energy_units
    assert ds.attrs["ensemble"] == ensemble
    assert ds.attrs["seed"] == -1 and ds.attrs["complete"] == 1
    results.check_conventions(ds)  # raises on any missing units/long_name/provenance
    back = results.load_dataset(results.save_dataset(ds, tmp_path / "ring.nc"))
    xr.testing.assert_identical(back, ds)


def test_parameters_record_the_model() -> None:
    import json

    ring = LatticeRing(5, potential=np.linspace(-1, 1, 5))
    ds = persistent_current(ring, [0.1], electrons=2, temperature=0.5)
    params = json.loads(ds.attrs["parameters"])
    assert params["model"]["sites"] == 5
    assert params["model"]["potential"][0] == pytest.approx([-1.0, -0.5, 0.0, 0.5, 1.0], abs=0)
    assert params["options"]["temperature"] == 0.5
    assert params["options"]["electrons"] == 2


@pytest.mark.parametrize("ring", [LatticeRing(7), ContinuumRing(radius=R, spin=True)],
                         ids=["lattice", "continuum"])
def test_spectrum_dataset_conventions(tmp_path: Path, ring) -> None:
    ds = spectrum(ring, np.linspace(0, 1, 5), levels=6)
    assert ds["energy"].dims == ("flux", "level")
    results.check_conventions(ds)
    xr.testing.assert_identical(results.load_dataset(results.save_dataset(ds, tmp_path / "s.nc")),
                                ds)


def test_result_at_a_flux_point_does_not_depend_on_the_rest_of_the_grid() -> None:
    # Each flux point is an independent computation: evaluating it alone or inside a grid
    # must give the same current. N = 2 electrons at f = 1e-9: the Fermi levels ℓ = ±1 are
    # split by 4e-9 ε0, ~1e6 times their rounding error, so I = +|e|ħ(1 − 2f)/(2πmR²).
    ring = ContinuumRing(radius=R)
    grid = np.array([1e-9, 1e-3, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999])
    together = persistent_current(ring, grid, electrons=2)["current"].values
    alone = np.array([persistent_current(ring, [f], electrons=2)["current"].values[0]
                      for f in grid])
    unit = sc.e * sc.hbar / (2 * math.pi * sc.m_e * R**2)
    assert alone[0] == pytest.approx(unit * (1 - 2e-9), rel=1e-9, abs=0)
    np.testing.assert_allclose(together, alone, rtol=1e-12, atol=1e-12 * unit)


def test_free_energy_at_a_flux_point_does_not_depend_on_the_rest_of_the_grid() -> None:
    # N = 3 electrons, k_BT = 1e-3 ε0. At f = 0.1 the ground state (ℓ = 0, −1, 1 for an
    # electron, E = ε0(0.1² + 0.9² + 1.1²) = 2.03 ε0) is 2.4 ε0 = 2400 k_BT below the next
    # state, so F = 2.03 ε0 up to e^{−2400}; f = 0.5 (a degenerate Fermi level) beside it in
    # the same call must not change that.
    ring = ContinuumRing(radius=R)
    eps0 = ring.level_energy
    temperature = 1e-3 * eps0 / sc.k
    alone = persistent_current(ring, [0.1], electrons=3, temperature=temperature)
    together = persistent_current(ring, [0.1, 0.5], electrons=3, temperature=temperature)
    assert float(alone["free_energy"][0]) == pytest.approx(2.03 * eps0, rel=1e-12, abs=0)
    assert float(together["free_energy"][0]) == pytest.approx(2.03 * eps0, rel=1e-12, abs=0)
    assert float(together["current"][0]) == pytest.approx(float(alone["current"][0]),
                                                          rel=1e-12, abs=0)


# -------------------------------------------------------------------------------------- errors


LATTICE = LatticeRing(6)
CONTINUUM = ContinuumRing(radius=R)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, mu=0.0), "electrons"),
        (lambda: persistent_current(LATTICE, [0.1]), "electrons"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, temperature=-0.1),
         "temperature"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, temperature=math.nan),
         "temperature"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, temperature=math.inf),
         "temperature"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, temperature=True),
         "temperature"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2.5), "electrons"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=-1), "electrons"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=True), "electrons"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=7), "electrons"),  # > 6 states
        (lambda: persistent_current(LATTICE, [0.1], mu=math.nan), "mu"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, rotation=1.0), "rotation"),
        (lambda: persistent_current(CONTINUUM, [0.1], electrons=2, rotation=math.nan),
         "rotation"),
        (lambda: persistent_current(LATTICE, [], electrons=2), "flux"),
        (lambda: persistent_current(LATTICE, np.zeros((2, 2)), electrons=2), "flux"),
        (lambda: persistent_current(LATTICE, [0.1, math.nan], electrons=2), "flux"),
        (lambda: persistent_current(LATTICE, [math.inf], electrons=2), "flux"),
        (lambda: persistent_current(LATTICE, [0.1], electrons=2, method="fast"), "method"),
        (lambda: persistent_current(LatticeRing(5, potential=np.arange(5.0)), [0.1],
                                    electrons=2, method="exact"), "method"),
        (lambda: persistent_current(CONTINUUM, [0.1], electrons=2, method="dense"), "method"),
        # bosons need μ below the lowest level, here ε0·0.1² at f = 0.1
        (lambda: persistent_current(ContinuumRing(radius=R, statistics="boson"), [0.1],
                                    mu=CONTINUUM.level_energy, temperature=1.0), "mu"),
        (lambda: spectrum(LATTICE, [0.1], levels=0), "levels"),
        (lambda: spectrum(LATTICE, [0.1], levels=7), "levels"),
        (lambda: spectrum(LATTICE, [math.nan]), "flux"),
    ],
)
def test_bad_arguments_raise_parameter_error_naming_them(call, name: str) -> None:
    with pytest.raises(ParameterError) as info:
        call()
    assert name in info.value.name
    assert str(info.value).startswith(info.value.name)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"radius": 0.0}, "radius"),
        ({"radius": -1e-6}, "radius"),
        ({"radius": math.nan}, "radius"),
        ({"radius": R, "mass": 0.0}, "mass"),
        ({"radius": R, "charge": 0.0}, "charge"),
        ({"radius": R, "charge": math.inf}, "charge"),
        ({"radius": R, "statistics": "anyon"}, "statistics"),
        ({"radius": R, "statistics": "boson", "spin": True}, "spin"),
    ],
)
def test_continuum_ring_validation(kwargs: dict, name: str) -> None:
    with pytest.raises(ParameterError, match=rf"^{name}="):
        ContinuumRing(**kwargs)


# ------------------------------------------------------------------------------------ harmonics


def test_flux_harmonics_recovers_a_trigonometric_sum() -> None:
    k = 64
    f = 0.137 + np.arange(k) / k  # a grid that does not start at 0
    b = np.array([1.5, -0.25, 0.0, 0.07, 0.002])
    a = np.array([0.3, 0.0, -0.6, 0.0, 0.01])
    p = np.arange(1, 6)
    values = 0.42 + (b * np.sin(2 * np.pi * np.outer(f, p))).sum(1) + (
        a * np.cos(2 * np.pi * np.outer(f, p))).sum(1)
    current = xr.DataArray(values, dims="flux", coords={"flux": f}, attrs={"units": "A"})
    h = flux_harmonics(current, orders=8)
    # band-limited input (p ≤ 5 < K/2): the DFT is exact up to rounding (~K·1e-16)
    np.testing.assert_allclose(h["sine"].values, np.r_[b, 0, 0, 0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h["cosine"].values, np.r_[a, 0, 0, 0], rtol=0, atol=1e-12)
    assert float(h["mean"]) == pytest.approx(0.42, abs=1e-12)
    np.testing.assert_array_equal(h["harmonic"].values, np.arange(1, 9))
    assert h["sine"].attrs["units"] == "A"


def test_flux_harmonics_keeps_other_dims() -> None:
    k = 32
    f = -0.3 + np.arange(k) / k
    amplitude = np.array([1.0, -2.0, 0.5])
    data = amplitude[:, None] * np.sin(2 * np.pi * 3 * f)[None, :]
    current = xr.DataArray(data, dims=("realization", "flux"),
                           coords={"flux": f, "realization": [0, 1, 2]}, attrs={"units": "A"})
    h = flux_harmonics(current.transpose("flux", "realization"), orders=4)
    assert h["sine"].dims == ("realization", "harmonic")
    np.testing.assert_allclose(h["sine"].sel(harmonic=3).values, amplitude, atol=1e-12)
    np.testing.assert_allclose(h["sine"].sel(harmonic=[1, 2, 4]).values, 0.0, atol=1e-12)


def test_flux_harmonics_of_a_persistent_current_are_odd(tmp_path: Path) -> None:
    ring = LatticeRing(9)
    ds = persistent_current(ring, np.arange(32) / 32, electrons=3, temperature=0.2)
    h = flux_harmonics(ds["current"], orders=6)
    # time reversal: I(−f) = −I(f), so every cosine coefficient vanishes (rounding only)
    np.testing.assert_allclose(h["cosine"].values, 0.0, atol=1e-14)
    assert float(h["mean"]) == pytest.approx(0.0, abs=1e-14)
    assert h["sine"].attrs["units"] == "e*t/hbar"


@pytest.mark.parametrize(
    "flux",
    [
        np.linspace(0, 1, 16),  # endpoint included: spacing 1/15, not one period of 16
        np.sort(np.random.default_rng(0).uniform(0, 1, 16)),
        np.r_[np.arange(8) / 16, 0.5 + np.arange(8) / 8],
        np.arange(3) / 3,  # too few points
    ],
    ids=["endpoint", "random", "two-spacings", "three-points"],
)
def test_flux_harmonics_rejects_non_uniform_grids(flux: np.ndarray) -> None:
    current = xr.DataArray(np.sin(2 * np.pi * flux), dims="flux", coords={"flux": flux})
    with pytest.raises(ParameterError, match=r"^flux="):
        flux_harmonics(current, orders=1)


def test_flux_harmonics_rejects_bad_orders_and_dims() -> None:
    f = np.arange(16) / 16
    current = xr.DataArray(np.sin(2 * np.pi * f), dims="flux", coords={"flux": f})
    with pytest.raises(ParameterError, match=r"^orders="):
        flux_harmonics(current, orders=8)  # Nyquist: p < K/2
    with pytest.raises(ParameterError, match=r"^orders="):
        flux_harmonics(current, orders=0)
    with pytest.raises(ParameterError, match=r"^current="):
        flux_harmonics(current.rename(flux="phi"), orders=2)
