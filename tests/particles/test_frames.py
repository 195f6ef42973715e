"""Frame chunks: validation, per-type charges, velocities from positions across chunks."""

from __future__ import annotations

import numpy as np
import pytest

from currentkit.errors import ParameterError
from currentkit.particles import (
    FrameChunk,
    displacement,
    from_arrays,
    unit_style,
    with_type_charges,
    with_velocities_from_positions,
)
from currentkit.particles.frames import check_stream


def test_unit_styles_from_scipy_constants() -> None:
    real = unit_style("real")
    # 1 Å/fs = 1e5 m/s; e = 1.602176634e-19 C exactly (SI 2019)
    assert real.velocity == pytest.approx(1e5, rel=1e-15)
    assert unit_style("metal").velocity == pytest.approx(100.0, rel=1e-15)
    assert real.charge == 1.602176634e-19
    with pytest.raises(ParameterError, match="units"):
        unit_style("lj")


def test_central_differences_exact_for_quadratic_motion_across_chunks() -> None:
    # x(t) = a + b t + c t²: the central difference is exact at interior frames for any chunk
    # split; the end frames use one-sided differences (error c·Δt there)
    t = np.arange(11) * 0.1
    a, b, c = np.array([0.1, 0.2, 0.3]), np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -0.2])
    pos = (a + b * t[:, None] + c * t[:, None] ** 2)[:, None, :]
    exact = b + 2 * c * t[:, None]
    for chunk in (1, 2, 3, 11):
        out = list(with_velocities_from_positions(from_arrays(t, pos, chunk=chunk)))
        vel = np.concatenate([o.velocities for o in out if o.velocities is not None])[:, 0]
        np.testing.assert_allclose(vel[1:-1], exact[1:-1], rtol=0, atol=1e-12)
        np.testing.assert_allclose(vel[0], exact[0] + c * 0.1, rtol=0, atol=1e-12)


def test_wrapped_positions_are_unwrapped_by_the_minimum_image() -> None:
    t = np.arange(30) * 0.1
    x = 0.9 + 0.3 * t  # wraps around the box of length 1 twice... within 0.03 per frame
    pos = np.zeros((30, 1, 3))
    pos[:, 0, 0] = np.mod(x, 1.0)
    out = with_velocities_from_positions(from_arrays(t, pos, box_lo=np.zeros(3),
                                                     box_length=np.ones(3), unwrapped=False,
                                                     chunk=4))
    vel = np.concatenate([o.velocities[:, 0, 0] for o in out if o.velocities is not None])
    np.testing.assert_allclose(vel, 0.3, rtol=1e-12)
    d = displacement(np.array([[0.95, 0, 0]]), np.array([[0.05, 0, 0]]), np.ones(3), False)
    np.testing.assert_allclose(d, [[0.1, 0, 0]], atol=1e-15)


def test_type_charges_and_refusals() -> None:
    chunks = from_arrays([0.0], np.zeros((1, 3, 3)), types=np.array(["1", "2", "1"]))
    out = list(with_type_charges(chunks, {"1": 1.0, "2": -2.0}))
    np.testing.assert_array_equal(out[0].charges, [[1.0, -2.0, 1.0]])
    with pytest.raises(ParameterError, match=r"missing types \['2'\]"):
        list(with_type_charges(chunks, {"1": 1.0}))
    with pytest.raises(ParameterError, match="two frames"):
        list(with_velocities_from_positions(from_arrays([0.0], np.zeros((1, 1, 3)))))


def test_chunk_validation() -> None:
    with pytest.raises(ParameterError, match="increasing"):
        FrameChunk(np.array([0.0, 0.0]), np.zeros((2, 1, 3)))
    with pytest.raises(ParameterError, match="positions"):
        FrameChunk(np.array([0.0]), np.zeros((1, 3)))
    with pytest.raises(ParameterError, match="finite"):
        FrameChunk(np.array([0.0]), np.full((1, 1, 3), np.nan))
    with pytest.raises(ParameterError, match="time"):
        list(check_stream([FrameChunk(np.array([1.0]), np.zeros((1, 1, 3))),
                           FrameChunk(np.array([1.0]), np.zeros((1, 1, 3)))]))
    with pytest.raises(ParameterError, match="same number"):
        list(check_stream([FrameChunk(np.array([1.0]), np.zeros((1, 1, 3))),
                           FrameChunk(np.array([2.0]), np.zeros((1, 2, 3)))]))
