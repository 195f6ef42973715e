"""The shared parameter checks of currentkit.errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from currentkit.errors import ParameterError, finite_real, positive_real


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
