"""London electrodynamics against closed forms and finite differences (PHYSICS.md §2).

λ = √(m/(μ0 n_s e²)); half-space B = B0 e^{−x/λ}; slab B0 cosh(x/λ)/cosh(d/λ);
j = −(1/μ0) dB/dx; first London equation dj/dt = E/(μ0λ²).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.superconductors import (
    london_acceleration,
    london_penetration_depth,
    meissner_profile,
)

LAM = 50e-9
B0 = 1e-2


def test_penetration_depth_closed_form() -> None:
    n_s = 1e28
    expected = math.sqrt(sc.m_e / (sc.mu_0 * n_s * sc.e**2))
    assert london_penetration_depth(n_s) == pytest.approx(expected, rel=1e-14, abs=0)  # rounding
    # n_s = 1e28 m⁻³ gives λ ≈ 53 nm (order-of-magnitude check of the SI units)
    assert 50e-9 < london_penetration_depth(n_s) < 56e-9


def test_penetration_depth_same_for_pairs() -> None:
    # (n_s/2, 2e, 2m) describes the same condensate as (n_s, e, m): n_s q²/m is unchanged
    n_s = 3e28
    pairs = london_penetration_depth(n_s / 2, mass=2 * sc.m_e, charge=2 * sc.e)
    assert pairs == pytest.approx(london_penetration_depth(n_s), rel=1e-14, abs=0)  # rounding


def test_half_space_profile() -> None:
    x = np.linspace(0, 10 * LAM, 101)
    ds = meissner_profile(LAM, B0, x)
    check_conventions(ds)
    # closed forms evaluated the same way: rounding only
    np.testing.assert_allclose(ds["field"], B0 * np.exp(-x / LAM), rtol=1e-14)
    np.testing.assert_allclose(
        ds["current_density"], B0 * np.exp(-x / LAM) / (sc.mu_0 * LAM), rtol=1e-14)
    assert ds["field"][0] == B0


def test_slab_closed_form_and_symmetry() -> None:
    d = 2 * LAM
    x = np.linspace(-d, d, 201)
    ds = meissner_profile(LAM, B0, x, half_thickness=d)
    check_conventions(ds)
    b = ds["field"].to_numpy()
    j = ds["current_density"].to_numpy()
    # the overflow-safe exponential form against cosh/sinh directly: rounding only
    np.testing.assert_allclose(b, B0 * np.cosh(x / LAM) / np.cosh(d / LAM), rtol=1e-13)
    # atol (1e-3 A/m² against j ~ 1e11 A/m²) for the points where j ≈ 0, at x ≈ 0
    np.testing.assert_allclose(
        j, -B0 * np.sinh(x / LAM) / (sc.mu_0 * LAM * np.cosh(d / LAM)), rtol=1e-13, atol=1e-3)
    # B even and j odd in x; linspace is mirror-symmetric only to rounding, hence 1e-12
    scale = B0 / (sc.mu_0 * LAM)
    np.testing.assert_allclose(b, b[::-1], rtol=1e-12)
    np.testing.assert_allclose(j, -j[::-1], rtol=0, atol=1e-12 * scale)
    assert b[0] == pytest.approx(B0, rel=1e-15) and b[-1] == pytest.approx(B0, rel=1e-15)


def test_thick_slab_matches_half_space() -> None:
    # d = 40λ: the far face contributes e^{−2(d−s)/λ} < e^{−60} ≈ 1e-26 within s ≤ 10λ of the
    # near face, far below double precision, so the profiles agree to rounding
    d = 40 * LAM
    s = np.linspace(0, 10 * LAM, 51)
    slab = meissner_profile(LAM, B0, d - s, half_thickness=d)
    half = meissner_profile(LAM, B0, s)
    np.testing.assert_allclose(slab["field"], half["field"], rtol=1e-13)
    # the slab's depth runs along −x from its face at +d: j flips sign with the coordinate
    np.testing.assert_allclose(-slab["current_density"], half["current_density"], rtol=1e-13)


def test_very_thick_slab_does_not_overflow() -> None:
    d = 2000 * LAM  # cosh(d/λ) itself overflows a double
    ds = meissner_profile(LAM, B0, np.array([-d, 0.0, d]), half_thickness=d)
    assert np.all(np.isfinite(ds["field"])) and ds["field"][1] == 0.0
    assert ds["field"][0] == pytest.approx(B0, rel=1e-15)


@pytest.mark.parametrize("half_thickness", [None, 0.7 * LAM])
def test_current_density_from_field_by_finite_differences(half_thickness: float | None) -> None:
    lo = 0.0 if half_thickness is None else -half_thickness
    hi = 5 * LAM if half_thickness is None else half_thickness
    x = np.linspace(lo, hi, 4001)
    ds = meissner_profile(LAM, B0, x, half_thickness=half_thickness)
    numeric = -np.gradient(ds["field"].to_numpy(), x, edge_order=2) / sc.mu_0
    # second-order differences with h ≤ λ/800: relative error h²/(6λ²) inside and h²/(3λ²) at
    # the ends, ≤ 5e-7; 1e-5 of the surface current density bounds it with margin
    scale = B0 / (sc.mu_0 * LAM)
    np.testing.assert_allclose(numeric, ds["current_density"], rtol=0, atol=1e-5 * scale)


def test_london_acceleration_constant_field() -> None:
    t = np.linspace(0, 1e-9, 11)
    e = np.full_like(t, 2.5)
    ds = london_acceleration(LAM, t, e, initial_current_density=1e6)
    check_conventions(ds)
    # the trapezoidal rule is exact for a constant integrand: rounding only
    np.testing.assert_allclose(
        ds["current_density"], 1e6 + 2.5 * t / (sc.mu_0 * LAM**2), rtol=1e-13)


def test_london_acceleration_sinusoidal_field() -> None:
    omega = 2 * math.pi * 1e9
    t = np.linspace(0, 2e-9, 20001)
    e0 = 1.0
    ds = london_acceleration(LAM, t, e0 * np.sin(omega * t))
    exact = e0 * (1 - np.cos(omega * t)) / (omega * sc.mu_0 * LAM**2)
    # trapezoid error ≤ (t_max h²/12)·max|E″|·rate = (ωh)²·(ωt_max)/12 of the amplitude ≈ 4e-7
    amplitude = e0 / (omega * sc.mu_0 * LAM**2)
    np.testing.assert_allclose(ds["current_density"], exact, rtol=0, atol=1e-6 * amplitude)
    # the supercurrent lags E by a quarter period: reactive, no dissipation over a period
    assert ds["current_density"][-1] == pytest.approx(0.0, abs=1e-6 * amplitude)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: london_penetration_depth(0.0), "superfluid_density"),
        (lambda: london_penetration_depth(1e28, mass=-1.0), "mass"),
        (lambda: london_penetration_depth(1e28, charge=0.0), "charge"),
        (lambda: meissner_profile(-LAM, B0, np.array([0.0])), "penetration_depth"),
        (lambda: meissner_profile(LAM, math.nan, np.array([0.0])), "field"),
        (lambda: meissner_profile(LAM, B0, np.array([-1e-9])), "x"),
        (lambda: meissner_profile(LAM, B0, np.array([])), "x"),
        (lambda: meissner_profile(LAM, B0, np.array([0.0]), half_thickness=0.0), "half_thickness"),
        (lambda: meissner_profile(LAM, B0, np.array([2 * LAM]), half_thickness=LAM), "x"),
        (lambda: london_acceleration(LAM, np.array([0.0]), np.array([1.0])), "time"),
        (lambda: london_acceleration(LAM, np.array([1.0, 0.0]), np.array([1.0, 1.0])), "time"),
        (lambda: london_acceleration(LAM, np.array([0.0, 1.0]), np.array([1.0])), "electric_field"),
        (lambda: london_acceleration(0.0, np.array([0.0, 1.0]), np.ones(2)), "penetration_depth"),
    ],
)
def test_bad_input(call: object, name: str) -> None:
    with pytest.raises(ParameterError) as info:
        call()  # type: ignore[operator]
    assert info.value.name == name
