"""Little-Parks scallops Tc(Φ) (superconductors/little_parks.py) against the closed form.

ΔTc/Tc = −(ξ(0)/R)² min_n (n − Φ/Φ0)², Φ0 = h/2e: period one flux quantum, zero shift at
integer flux, largest suppression (ξ(0)/R)²/4 at half-integer flux. Checked against a brute-force
minimum over windings and hand values.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import constants as sc

from currentkit.errors import ParameterError
from currentkit.results import check_conventions
from currentkit.superconductors.little_parks import (
    best_winding,
    little_parks,
    max_suppression,
    tc_shift,
)

XI0, RADIUS, TC = 150e-9, 700e-9, 1.2  # Al-like cylinder wall: (ξ0/R)² = 0.0459


def test_against_brute_force_minimum() -> None:
    flux = np.linspace(-3.2, 3.2, 257)
    n = np.arange(-10, 11)[:, None]
    brute = -((XI0 / RADIUS) ** 2) * np.min((n - flux) ** 2, axis=0)
    # Same arithmetic on the minimising n: rounding only, 1e-15 absolute (shifts are ≤ 0.012).
    assert tc_shift(flux, XI0, RADIUS) == pytest.approx(brute, abs=1e-15)


def test_period_and_parity() -> None:
    flux = np.linspace(-0.49, 0.49, 99)
    base = tc_shift(flux, XI0, RADIUS)
    for k in (-2, 1, 3):
        # One flux quantum period; the shift of f + k rounds f + k, 1e-15 absolute.
        assert tc_shift(flux + k, XI0, RADIUS) == pytest.approx(base, abs=1e-15)
    assert tc_shift(-flux, XI0, RADIUS) == pytest.approx(base, abs=1e-15)  # even in Φ


def test_depth_and_zeros() -> None:
    # By hand: (0.15/0.7)²/4 = 0.045918/4 = 0.011480 (5 digits: rel 1e-4).
    assert max_suppression(XI0, RADIUS) == pytest.approx(0.011480, rel=1e-4)
    half = tc_shift(np.array([-1.5, 0.5, 2.5]), XI0, RADIUS)
    assert half == pytest.approx(-max_suppression(XI0, RADIUS), rel=1e-14)  # rounding
    assert np.all(tc_shift(np.array([-2.0, 0.0, 1.0, 4.0]), XI0, RADIUS) == 0.0)
    assert np.all(tc_shift(np.linspace(-2, 2, 101), XI0, RADIUS) <= 0.0)
    assert np.array_equal(best_winding(np.array([-0.4, 0.6, 1.49, 2.51])), [0, 1, 1, 3])


def test_dataset() -> None:
    flux = np.linspace(0.0, 2.0, 9)
    ds = little_parks(flux, TC, XI0, RADIUS)
    check_conventions(ds)
    assert ds.attrs["flux_quantum"] == pytest.approx(sc.h / (2 * sc.e), rel=1e-15, abs=0)
    tcs = ds["critical_temperature"].values
    # Maxima Tc at integer flux, Tc(1 − (ξ0/R)²/4) at half flux: rounding only, 1e-14.
    assert tcs[[0, 4, 8]] == pytest.approx([TC] * 3, rel=1e-14)
    assert tcs[[2, 6]] == pytest.approx([TC * (1 - max_suppression(XI0, RADIUS))] * 2, rel=1e-14)
    assert ds["winding"].values.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_rejects_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="flux"):
        tc_shift(math.nan, XI0, RADIUS)
    with pytest.raises(ParameterError, match="radius"):
        tc_shift(0.3, XI0, -1e-6)
    with pytest.raises(ParameterError, match="xi0"):
        max_suppression(math.inf, RADIUS)
    with pytest.raises(ParameterError, match="radius"):
        little_parks([0.0, 0.5], TC, XI0, 100e-9)
    with pytest.raises(ParameterError, match="critical_temperature"):
        little_parks([0.0, 0.5], 0.0, XI0, RADIUS)
