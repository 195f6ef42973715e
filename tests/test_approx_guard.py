"""The suite's ``pytest.approx`` refuses tiny expected values without ``abs=``."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as sc

from tests.approx_guard import SMALL, original_approx, strict_approx


def test_the_suite_runs_with_the_guard_installed() -> None:
    assert pytest.approx is strict_approx


@pytest.mark.parametrize("expected", [2e-21, -sc.e, [1.0, 3e-12], np.array([[0.5, -1e-9]]),
                                      {"a": 1.0, "b": 1e-7}, 1e-7 + 1e-30j])
def test_tiny_expected_without_abs_is_refused(expected: object) -> None:
    with pytest.raises(TypeError, match="needs abs="):
        pytest.approx(expected, rel=1e-3)
    with pytest.raises(TypeError, match="needs abs="):
        pytest.approx(expected)


def test_the_refused_call_is_the_one_that_would_pass_a_wrong_value() -> None:
    # what the guard prevents: with the default abs=1e-12 an energy 10⁶× too large passes
    energy = 2e-21
    assert 1e6 * energy == original_approx(energy, rel=1e-14)
    assert 1e6 * energy != pytest.approx(energy, rel=1e-14, abs=0)


@pytest.mark.parametrize("expected", [0.0, 1.0, [0.0, 2.0], SMALL, -3.5, np.zeros(3)])
def test_ordinary_values_keep_the_defaults(expected: object) -> None:
    assert expected == pytest.approx(expected)
