"""Invariants for random magnets and random fields (hypothesis).

Any magnetization: the bound current through every plane of cells is zero and the moment of the
bound currents is ∫M dV; a uniform rescaling of M rescales J_b and K_b; OVF writing and reading
is the identity (bit for bit in binary 8 and text).
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from currentkit.magnetization import (
    bound_current,
    current_moment,
    net_current,
    read_ovf,
    surface_current,
    write_ovf,
)

SETTINGS = settings(deadline=None, max_examples=20)


@st.composite
def magnets(draw: st.DrawFn) -> xr.DataArray:
    shape = (draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 5)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    empty = draw(st.floats(0.0, 0.6))
    values = rng.normal(size=(*shape, 3)) * 10 ** draw(st.floats(0, 7))
    values[rng.random(shape) < empty] = 0.0
    steps = [draw(st.floats(0.5, 5.0)) * 1e-9 for _ in range(3)]
    coords = {ax: draw(st.floats(-1e-7, 1e-7)) + h * np.arange(n)
              for ax, h, n in zip(("x", "y", "z"), steps, shape[::-1], strict=True)}
    return xr.DataArray(values, dims=("z", "y", "x", "component"),
                        coords={**coords, "component": ["x", "y", "z"]},
                        attrs={"units": "A/m", "xstepsize": steps[0], "ystepsize": steps[1],
                               "zstepsize": steps[2]})


@SETTINGS
@given(magnets())
def test_zero_net_current_and_moment(m: xr.DataArray) -> None:
    scale = float(np.abs(m.values).max()) * 1e-8 + 1e-300  # |M| × a length above the sample's
    for ax in ("x", "y", "z"):
        for i in range(m.sizes[ax]):
            assert abs(net_current(m, ax, i).total) <= 1e-12 * scale
    h = [m.attrs[f"{ax}stepsize"] for ax in ("x", "y", "z")]
    total = m.values.sum(axis=(0, 1, 2)) * h[0] * h[1] * h[2]
    size = float(np.abs(m.values).sum()) * h[0] * h[1] * h[2] + 1e-300
    # the identity holds to rounding relative to the sum of |M| dV (origin up to 1e-7 m away)
    np.testing.assert_allclose(current_moment(m), total, rtol=0, atol=1e-10 * size)


@SETTINGS
@given(magnets(), st.floats(1e-3, 1e3))
def test_currents_scale_with_m(m: xr.DataArray, factor: float) -> None:
    scaled = m * factor
    scaled.attrs = m.attrs
    expected = factor * bound_current(m).values
    # curl is linear: equal to rounding; a component that nearly cancels (differences of cells of
    # size |J|max) carries rounding relative to |J|max, not to itself
    np.testing.assert_allclose(bound_current(scaled).values, expected, rtol=1e-12,
                               atol=1e-13 * float(np.abs(expected).max()))
    np.testing.assert_allclose(surface_current(scaled).values,
                               factor * surface_current(m).values, rtol=1e-12, atol=0)


@SETTINGS
@given(magnets(), st.sampled_from(["text", "binary 8"]), st.sampled_from([1, 2]))
def test_ovf_round_trip_is_exact(m: xr.DataArray, fmt: str, version: int) -> None:
    with TemporaryDirectory() as folder:
        back = read_ovf(write_ovf(m, Path(folder) / "m.ovf", format=fmt, version=version))
    np.testing.assert_array_equal(back.values, m.values)
    for ax in ("x", "y", "z"):
        # base and step are written exactly; base + i·step is recomputed (a few ulp)
        np.testing.assert_allclose(back[ax], m[ax], rtol=1e-14, atol=1e-22)
