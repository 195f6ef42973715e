"""The shared parameter checks of currentkit.errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import (
    ConvergenceError,
    CurrentkitError,
    ParameterError,
    finite_real,
    integer,
    positive_real,
    temperature,
)


@pytest.mark.parametrize("value", [1, 2.5, -3.0, 0.0, np.float32(1.5), np.int64(4)])
def test_finite_real_accepts_real_numbers(value: float) -> None:
    assert finite_real("x", value) == float(value)


@pytest.mark.parametrize("value", [True, "1.0", None, math.nan, math.inf, 1j, [1.0]])
def test_finite_real_refuses_the_rest_naming_the_parameter(value: object) -> None:
    with pytest.raises(ParameterError) as info:
        finite_real("x", value, "a finite thing")
    assert info.value.name == "x" and info.value.allowed == "a finite thing"


def test_bounds() -> None:
    assert finite_real("x", 0.0, nonnegative=True) == 0.0
    with pytest.raises(ParameterError):
        finite_real("x", -1e-300, nonnegative=True)
    assert positive_real("x", 1e-300) == 1e-300
    for value in (0.0, -1.0, math.nan, False):
        with pytest.raises(ParameterError):
            positive_real("x", value)


@pytest.mark.parametrize("value", [0, 3, np.int64(7)])
def test_integer_accepts_integers_in_range(value: int) -> None:
    result = integer("n", value, minimum=0, maximum=7)
    assert result == int(value) and type(result) is int


@pytest.mark.parametrize("value", [True, False, 3.0, "3", None, -1, 8])
def test_integer_refuses_booleans_floats_text_and_out_of_range(value: object) -> None:
    with pytest.raises(ParameterError) as info:
        integer("n", value, minimum=0, maximum=7, what="sites")
    assert info.value.name == "n" and info.value.allowed == "an integer in 0 … 7 (sites)"


def test_integer_bounds_are_optional() -> None:
    assert integer("n", -10**30) == -10**30
    with pytest.raises(ParameterError, match="≥ 2"):
        integer("n", 1, minimum=2)
    with pytest.raises(ParameterError, match="≤ 2"):
        integer("n", 3, maximum=2)


def test_temperature_is_finite_and_nonnegative() -> None:
    assert temperature("kT", 0) == 0.0
    for value in (True, -1e-300, math.inf, math.nan, "0.1"):
        with pytest.raises(ParameterError):
            temperature("kT", value)


def test_convergence_error_is_a_currentkit_error_but_not_a_parameter_error() -> None:
    error = ConvergenceError("the root search", "not within 5 steps")
    assert isinstance(error, CurrentkitError) and not isinstance(error, ValueError)
    assert str(error) == "the root search did not converge: not within 5 steps"
