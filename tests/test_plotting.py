"""Shared figure helpers: sawtooth lines broken at their jumps."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.plotting import break_jumps


def test_break_jumps_splits_a_sawtooth_and_isolates_degenerate_end_points() -> None:
    flux = np.linspace(-1.0, 1.0, 17)
    saw = 0.5 - (flux - np.floor(flux))  # two-fermion-like sawtooth: jumps at integer flux
    saw[[0, -1]] = 0.0  # the library's value at a degeneracy: the mean of the two branches
    x, y = break_jumps(flux, saw)
    gaps = np.flatnonzero(np.isnan(y))
    assert np.array_equal(np.isnan(x), np.isnan(y))
    np.testing.assert_array_equal(x[~np.isnan(x)], flux)  # nothing dropped, nothing padded
    np.testing.assert_array_equal(y[~np.isnan(y)], saw)
    # segments between NaNs never contain a step larger than a quarter of the range
    for segment in np.split(y, gaps):
        steps = np.abs(np.diff(segment[~np.isnan(segment)]))
        assert steps.size == 0 or steps.max() <= 0.25 * np.ptp(saw)
    assert np.isnan(y[1]) and np.isnan(y[-2])  # the end points 0 at Φ = ±1 stand alone
    assert gaps.size == 3  # after Φ = −1, at Φ = 0, before Φ = 1


def test_break_jumps_leaves_a_smooth_curve_alone_and_rejects_bad_shapes() -> None:
    t = np.linspace(0, 2 * np.pi, 200)
    x, y = break_jumps(t, np.sin(t))
    assert np.array_equal(x, t)
    assert not np.isnan(y).any() and np.array_equal(y, np.sin(t))
    with pytest.raises(ValueError, match="same length"):
        break_jumps(t, np.sin(t)[:-1])
