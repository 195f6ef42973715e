"""Cloud-in-cell densities and the continuity check ∂ρ/∂t + ∇·j = s."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from currentkit.errors import ParameterError
from currentkit.particles import (
    DepositionGrid,
    RotatingCloud,
    continuity,
    densities,
    deposit,
    from_arrays,
)
from currentkit.results import check_conventions

GRID = DepositionGrid((8, 6, 4), (0.0, -1.0, 0.5), (2.0, 3.0, 1.0))


def test_cic_weights_sum_to_one_and_keep_the_first_moment() -> None:
    # Σ_k W_k = 1 and, away from the periodic seam, Σ_k X_k W_k = x (CIC is linear
    # interpolation): checked on random interior points of every axis
    rng = np.random.default_rng(0)
    h = GRID.spacing
    pos = np.asarray(GRID.lo) + h + rng.uniform(0, 1, (50, 3)) * (np.asarray(GRID.length)
                                                                   - 2 * h)
    for i in range(50):
        w = deposit(GRID, pos[i:i + 1], np.ones(1))
        assert w.sum() == pytest.approx(1.0, abs=1e-14)
        for a in range(3):
            moment = np.tensordot(w.sum(axis=tuple(b for b in range(3) if b != a)),
                                  GRID.nodes(a), axes=1)
            assert moment == pytest.approx(pos[i, a], rel=1e-13)


def test_particle_on_a_node_deposits_there_only_and_wraps() -> None:
    w = deposit(GRID, np.array([[0.5, 0.5, 0.75]]), np.array([2.0]))  # node (2, 3, 1)
    assert w[2, 3, 1] == pytest.approx(2.0, abs=1e-14) and w.sum() == pytest.approx(2.0)
    # a particle just below the upper x face shares its charge with node 0 (periodic)
    w = deposit(GRID, np.array([[1.875, -1.0, 0.5]]), np.array([1.0]))
    assert w[7, 0, 0] == pytest.approx(0.5) and w[0, 0, 0] == pytest.approx(0.5)


def test_deposited_totals_equal_total_charge_and_current() -> None:
    rng = np.random.default_rng(1)
    t = np.arange(4) * 0.1
    pos = rng.uniform(-3, 3, (4, 40, 3))  # anywhere: wrapped by the deposition
    vel = rng.normal(size=(4, 40, 3))
    q = rng.normal(size=40)
    chunks = from_arrays(t, pos, velocities=vel, charges=q, box_lo=GRID.lo,
                         box_length=GRID.length, unwrapped=False, chunk=3)
    ds = densities(chunks, GRID.shape, per_frame=True)
    check_conventions(ds)
    # 40 x 8 weights: rounding only
    np.testing.assert_allclose(ds["total_charge"], q.sum(), rtol=1e-12)
    np.testing.assert_allclose(ds["total_current"].transpose("time", "component"),
                               np.einsum("n,fnc->fc", q, vel), rtol=1e-12, atol=1e-13)
    mean = densities(chunks, GRID.shape)
    np.testing.assert_allclose(mean["charge_density"], ds["charge_density"].mean("time"),
                               rtol=1e-12, atol=1e-12)
    assert mean["current_density"].attrs["units"] == "A/m^2"


def test_staggered_current_conserves_cic_charge_exactly_for_one_particle() -> None:
    # a particle moving within one cell in x-y: ρ along the path is quadratic in time, so the
    # midpoint face current reproduces ρ^{n+1} − ρ^n exactly (rounding only)
    pos = np.array([[[0.31, 0.52, 0.1]], [[0.313, 0.522, 0.1]]])
    chunks = from_arrays([0.0, 0.01], pos, charges=[1.0], box_lo=np.zeros(3),
                         box_length=np.ones(3))
    exact = continuity(chunks, (8, 8, 1), div_kind="staggered")
    assert float(exact["relative_residual"][0]) < 1e-12
    central = continuity(chunks, (8, 8, 1))
    # node-centred central differences are only O(h²) accurate: not exact on one particle
    assert float(central["relative_residual"][0]) > 0.1


def _residual(dt: float, grid: int, scheme: str = "midpoint") -> float:
    cloud = RotatingCloud(lattice=320, width=0.08, omega=2 * np.pi, frames=2, timestep=dt)
    return float(continuity(cloud, (grid, grid, 1), scheme=scheme)["relative_residual"][0])


def test_continuity_residual_falls_with_the_frame_interval_to_the_grid_floor() -> None:
    # rotating Gaussian cloud (σ = 0.08, 65k quiet-start particles). Frame scheme (j at frame n
    # from velocities): one-sided in time, residual ∝ Δt — halving Δt halves it (±10 %).
    frame = [_residual(dt, 32, "frame") for dt in (0.08, 0.04, 0.02)]
    assert frame[0] / frame[1] == pytest.approx(2.0, rel=0.1)
    assert frame[1] / frame[2] == pytest.approx(2.0, rel=0.1)
    # midpoint scheme: centred in time, the Δt² error is below the frame scheme's at every Δt
    # and falls by more than 4x from Δt = 0.08 to 0.04 (measured 10x)
    mid = [_residual(dt, 32) for dt in (0.08, 0.04)]
    assert mid[0] / mid[1] > 4.0
    assert all(m < f / 4 for m, f in zip(mid, frame, strict=False))
    # as Δt → 0 the residual reaches the O(h²) floor of the central divergence: ≈ 4x lower on a
    # grid twice as fine (measured 4.8 % → 1.2 %); 25 % tolerance for particle-sampling noise
    floor32, floor64 = _residual(0.002, 32), _residual(0.002, 64)
    assert floor32 / floor64 == pytest.approx(4.0, rel=0.25)


def test_source_term_of_particles_whose_charge_changes() -> None:
    # charges grow as q(1 + γt): ∂ρ/∂t gains γρ; with the source s the residual is the same as
    # for constant charges, without it the residual is about |s|/|∂ρ/∂t|
    common = {"lattice": 320, "width": 0.08, "omega": 2 * np.pi, "frames": 2, "timestep": 0.01}
    still = continuity(RotatingCloud(**common), (32, 32, 1))
    growing = RotatingCloud(**common, growth=20.0)
    with_s = continuity(growing, (32, 32, 1))
    without = continuity(growing, (32, 32, 1), include_source=False)
    assert float(with_s["source_rms"][0]) > 0.5 * float(with_s["drho_dt_rms"][0])
    # the source enters linearly: residual with s ≈ constant-charge residual (rounding + O(γΔt))
    assert float(with_s["residual_rms"][0]) == pytest.approx(
        float(still["residual_rms"][0]) * (1 + 20.0 * 0.005), rel=0.05)
    assert float(without["relative_residual"][0]) > 5 * float(with_s["relative_residual"][0])


def test_bad_grid_and_box() -> None:
    with pytest.raises(ParameterError, match="grid"):
        DepositionGrid((8, 0, 4), (0, 0, 0), (1, 1, 1))
    no_box = from_arrays([0.0, 1.0], np.zeros((2, 1, 3)), charges=[1.0],
                         velocities=np.zeros((2, 1, 3)))
    with pytest.raises(ParameterError, match="box"):
        densities(no_box, (4, 4, 4))
    moving_box = from_arrays([0.0, 1.0], np.zeros((2, 1, 3)), charges=[1.0],
                             velocities=np.zeros((2, 1, 3)), box_lo=np.zeros(3),
                             box_length=[[1, 1, 1], [2, 1, 1]])
    with pytest.raises(ParameterError, match="fixed box"):
        continuity(moving_box, (4, 4, 4))
    with pytest.raises(ParameterError, match="scheme"):
        continuity(moving_box, (4, 4, 4), scheme="leapfrog")


def test_deposit_matches_a_particle_by_particle_loop() -> None:
    # independent reference: the CIC weights of each particle on its 8 nodes, written out
    # with explicit periodic indices (no vectorisation shared with the library)
    rng = np.random.default_rng(5)
    pos = rng.uniform(-2, 4, (30, 3))
    w = rng.normal(size=30)
    ref = np.zeros(GRID.shape)
    h = GRID.spacing
    for r, q in zip(pos, w, strict=True):
        u = (r - np.asarray(GRID.lo)) / h
        i0 = np.floor(u).astype(int)
        f = u - i0
        for dx in (0, 1):
            for dy in (0, 1):
                for dz in (0, 1):
                    weight = ((f[0] if dx else 1 - f[0]) * (f[1] if dy else 1 - f[1])
                              * (f[2] if dz else 1 - f[2]))
                    ref[(i0[0] + dx) % 8, (i0[1] + dy) % 6, (i0[2] + dz) % 4] += q * weight
    # 30 particles, 8 terms each: rounding only
    np.testing.assert_allclose(deposit(GRID, pos, w), ref, rtol=0, atol=1e-13)


@settings(max_examples=40, deadline=None)
@given(start=st.tuples(st.floats(0.0, 0.999), st.floats(0.0, 0.999)),
       step=st.tuples(st.floats(-0.12, 0.12), st.floats(-0.12, 0.12)))
def test_staggered_midpoint_current_is_exact_within_a_cell(
        start: tuple[float, float], step: tuple[float, float]) -> None:
    # one particle moving in the x-y plane without crossing a node line (cells of 1/8): the CIC
    # density along the path is quadratic in time, so the midpoint face current reproduces
    # ρ^{n+1} − ρ^n exactly (rounding only)
    h = 1 / 8
    r0 = np.array([start[0], start[1], 0.05])
    r1 = r0 + np.array([step[0], step[1], 0.0]) * h
    if np.any(np.floor(r0[:2] / h) != np.floor(r1[:2] / h)):
        return  # crossing a node line: exactness is not claimed
    chunks = from_arrays([0.0, 0.5], np.stack([r0, r1])[:, None, :], charges=[1.0],
                         box_lo=np.zeros(3), box_length=np.ones(3))
    ds = continuity(chunks, (8, 8, 1), div_kind="staggered")
    if float(ds["drho_dt_rms"][0]) > 0:
        assert float(ds["residual_rms"][0]) <= 1e-12 * float(ds["drho_dt_rms"][0]) + 1e-12
