"""Fluxoid states against the closed forms of fluxoid quantization (PHYSICS.md §2).

Φ_ext + L·I = nΦ0, Φ0 = h/2e: I_n = (nΦ0 − Φ_ext)/L, E_n = (nΦ0 − Φ_ext)²/(2L).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.errors import ParameterError
from currentkit.results import check_conventions, load_dataset, save_dataset
from currentkit.superconductors import Ring, fluxoid_states, ground_winding

PHI0 = sc.h / (2 * sc.e)
WINDINGS = np.arange(-3, 4)
#: flux points away from the half-integer degeneracies, two outside the first period
GENERIC_FLUX = np.array([-2.3, -1.1, -0.45, -0.2, 0.0, 0.1, 0.37, 0.62, 0.9, 1.4, 2.05])


def test_one_trapped_quantum_in_one_nanohenry() -> None:
    ds = fluxoid_states(1e-9, np.array([0.0]), np.array([0, 1]))
    check_conventions(ds)
    # Φ0/1 nH = 2.067834e-6 A: tolerance half a unit in the 7th digit quoted
    assert float(ds["current"].sel(winding=1, flux=0.0)) == pytest.approx(2.067834e-6, rel=3e-7)
    assert float(ds["current"].sel(winding=0, flux=0.0)) == 0.0
    # E_1 = Φ0²/(2L): rounding only
    assert float(ds["energy"].sel(winding=1, flux=0.0)) == pytest.approx(
        PHI0**2 / 2e-9, rel=1e-14, abs=0)
    assert ds.attrs["flux_quantum"] == PHI0
    assert ds["flux"].attrs["flux_quantum"] == PHI0


def test_current_with_kinetic_inductance() -> None:
    r, a, lam = 1e-6, 40e-9, 120e-9
    ring = Ring(radius=r, wire_radius=a, penetration_depth=lam)
    l_g = sc.mu_0 * r * (math.log(8 * r / a) - 2)
    l_k = sc.mu_0 * lam**2 * 2 * math.pi * r / (math.pi * a**2)
    assert l_k > l_g  # a ring where the kinetic term matters: L_k ≈ 22.6 pH, L_g ≈ 4.1 pH
    flux = np.array([0.25])
    ds = fluxoid_states(ring, flux, np.array([1]))
    # hand formulas in a different evaluation order: a few ulp
    assert float(ds["current"][0, 0]) == pytest.approx(0.75 * PHI0 / (l_g + l_k), rel=1e-13)
    assert ds.attrs["inductance"] == pytest.approx(l_g + l_k, rel=1e-13, abs=0)


def test_temperature_raises_inductance_and_lowers_current() -> None:
    ring = Ring(radius=1e-6, wire_radius=40e-9, material="Nb")
    cold = fluxoid_states(ring, np.array([0.0]), np.array([1]))
    warm = fluxoid_states(ring, np.array([0.0]), np.array([1]), temperature=8.0)
    t = 8.0 / 9.25
    l_g = ring.geometric_inductance()
    l_k0 = ring.kinetic_inductance(0.0)
    expected = PHI0 / (l_g + l_k0 / (1 - t**4))  # L_k ∝ λ(T)²: rounding only
    assert float(warm["current"][0, 0]) == pytest.approx(expected, rel=1e-13)
    assert float(warm["current"][0, 0]) < float(cold["current"][0, 0])


def test_parabolas_cross_at_half_integer_flux() -> None:
    half = np.array([-1.5, -0.5, 0.5, 1.5, 2.5])
    ds = fluxoid_states(2e-10, half, WINDINGS)
    for f in half:
        lo, hi = math.floor(f), math.ceil(f)
        e_lo = float(ds["energy"].sel(winding=lo, flux=f))
        e_hi = float(ds["energy"].sel(winding=hi, flux=f))
        # (f − lo)² = (hi − f)² = 1/4 exactly in binary: identical numbers
        assert e_lo == e_hi
        # the currents are opposite there: the ground-state current jumps by Φ0/L
        i_lo = float(ds["current"].sel(winding=lo, flux=f))
        i_hi = float(ds["current"].sel(winding=hi, flux=f))
        assert i_lo == -i_hi and i_hi - i_lo == pytest.approx(PHI0 / 2e-10, rel=1e-14)
        # degeneracy: the lower winding is reported, as by ground_winding()
        assert int(ds["ground_winding"].sel(flux=f)) == lo == int(ground_winding(f))


def test_ground_winding_is_nearest_integer() -> None:
    ds = fluxoid_states(5e-11, GENERIC_FLUX, WINDINGS)
    np.testing.assert_array_equal(ds["ground_winding"], np.round(GENERIC_FLUX))
    np.testing.assert_array_equal(ground_winding(GENERIC_FLUX), np.round(GENERIC_FLUX))
    # the ground current is the current of that winding, and lies in [−Φ0/2L, Φ0/2L]
    picked = ds["current"].sel(winding=ds["ground_winding"])
    np.testing.assert_array_equal(ds["ground_current"], picked)
    assert np.all(np.abs(ds["ground_current"]) <= PHI0 / (2 * 5e-11))
    np.testing.assert_array_equal(ds["ground_energy"], ds["energy"].min("winding"))


def test_current_is_minus_flux_derivative_of_energy() -> None:
    inductance = 3e-11
    h = 1e-3
    f = GENERIC_FLUX
    plus = fluxoid_states(inductance, f + h, WINDINGS)["energy"].to_numpy()
    minus = fluxoid_states(inductance, f - h, WINDINGS)["energy"].to_numpy()
    current = fluxoid_states(inductance, f, WINDINGS)["current"].to_numpy()
    numeric = -(plus - minus) / (2 * h * PHI0)
    # E is quadratic in Φ: the central difference is exact up to cancellation,
    # ~ ε·E/(h·Φ0) ≈ 1e-16·(9Φ0²/2L)/(1e-3Φ0) ≈ 5e-13 of Φ0/L
    np.testing.assert_allclose(numeric, current, rtol=0, atol=1e-10 * PHI0 / inductance)


def test_flux_quantum_periodicity() -> None:
    ds = fluxoid_states(1e-10, GENERIC_FLUX, WINDINGS)
    shifted = fluxoid_states(1e-10, GENERIC_FLUX + 1, WINDINGS + 1)
    # E_{n+1}(f + 1) = E_n(f): (n + 1 − f − 1) equals (n − f) up to one rounding of f + 1
    np.testing.assert_allclose(shifted["energy"], ds["energy"], rtol=1e-13, atol=0)
    np.testing.assert_allclose(
        shifted["current"], ds["current"], rtol=0, atol=1e-14 * PHI0 / 1e-10)


def test_save_and_load_round_trip(tmp_path: object) -> None:
    ring = Ring(radius=1e-6, width=100e-9, thickness=20e-9, material="NbN")
    ds = fluxoid_states(ring, np.linspace(-1, 1, 9), WINDINGS)
    path = save_dataset(ds, tmp_path / "fluxoid.nc")  # type: ignore[operator]
    back = load_dataset(path)
    np.testing.assert_array_equal(back["current"], ds["current"])
    assert back.attrs["parameters"] == ds.attrs["parameters"]
    assert '"NbN"' in back.attrs["parameters"]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((0.0, [0.0], [0]), "ring"),
        ((-1e-9, [0.0], [0]), "ring"),
        ((math.nan, [0.0], [0]), "ring"),
        (("1 nH", [0.0], [0]), "ring"),
        ((1e-9, [math.nan], [0]), "flux"),
        ((1e-9, [], [0]), "flux"),
        ((1e-9, [[0.0]], [0]), "flux"),
        ((1e-9, [0.0], [0.5]), "windings"),
        ((1e-9, [0.0], [1, 1]), "windings"),
        ((1e-9, [0.0], []), "windings"),
        ((1e-9, [0.0], ["a"]), "windings"),
    ],
)
def test_bad_input(args: tuple[object, object, object], name: str) -> None:
    ring, flux, windings = args
    with pytest.raises(ParameterError) as info:
        fluxoid_states(ring, np.asarray(flux), np.asarray(windings))  # type: ignore[arg-type]
    assert info.value.name == name


def test_above_tc_is_refused() -> None:
    ring = Ring(radius=1e-6, wire_radius=40e-9, material="Sn")
    with pytest.raises(ParameterError, match="not superconducting") as info:
        fluxoid_states(ring, np.array([0.0]), np.array([0]), temperature=3.722)
    assert info.value.name == "temperature"
    with pytest.raises(ParameterError):
        ground_winding(math.inf)
