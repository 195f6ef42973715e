"""Bound currents J_b = ∇×M and K_b = M×n̂: closed forms, zero net current, moment, field."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from scipy import constants as sc

from currentkit import grid
from currentkit.errors import ParameterError
from currentkit.magnetization import (
    FACES,
    bound_current,
    current_moment,
    field_of_currents,
    net_current,
    read_ovf,
    surface_current,
)

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).parents[2] / ".." / "shared" / "data" / "ovf"


def ovf_file(name: str) -> Path:
    return SHARED / name if (SHARED / name).is_file() else DATA / name


def field(values: np.ndarray, h: tuple[float, float, float] = (1e-9, 1e-9, 1e-9),
          units: str = "A/m") -> xr.DataArray:
    """A DataArray (z, y, x, component) with cell centres at (i + 1/2)·h."""
    nz, ny, nx, _ = values.shape
    coords = {ax: (np.arange(n) + 0.5) * step
              for ax, n, step in (("x", nx, h[0]), ("y", ny, h[1]), ("z", nz, h[2]))}
    return xr.DataArray(values, dims=("z", "y", "x", "component"),
                        coords={**coords, "component": ["x", "y", "z"]}, attrs={"units": units})


def random_magnet(seed: int) -> xr.DataArray:
    """Random M with ~30 % empty cells on an anisotropic grid: no symmetry to hide behind."""
    rng = np.random.default_rng(seed)
    v = rng.normal(size=(4, 6, 7, 3)) * 1e5
    v[rng.random((4, 6, 7)) < 0.3] = 0.0
    return field(v, (2e-9, 3e-9, 1e-9))


def test_linear_field_has_the_exact_curl_and_matches_grid_curl() -> None:
    n, h, c = 6, 1e-9, 1e14
    x = (np.arange(n) + 0.5) * h
    _, yy, xx = np.meshgrid(x, x, x, indexing="ij")
    v = np.stack([-c * yy, c * xx, c * (xx + 2 * yy)], axis=-1) + 1e5  # never zero: all material
    j = bound_current(field(v)).values
    # ∇×(−cy, cx, c(x + 2y)) = (2c, −c, 2c): central differences are exact for linear fields
    np.testing.assert_allclose(j[1:-1, 1:-1, 1:-1].reshape(-1, 3), [[2 * c, -c, 2 * c]] * 64,
                               rtol=1e-9)
    # the same interior from currentkit.grid.curl in the (x, y, z) frame (handedness check)
    ref = grid.curl(np.transpose(v, (3, 2, 1, 0)), h)
    np.testing.assert_allclose(np.transpose(j, (3, 2, 1, 0))[:, 1:-1, 1:-1, 1:-1],
                               ref[:, 1:-1, 1:-1, 1:-1], rtol=1e-12)


def test_mz_varying_along_x_drives_minus_y_current() -> None:
    # J = ∇×(0, 0, f(x)) = (0, −f′(x), 0)
    n, h, m0 = 64, 1e-9, 1e6
    x = (np.arange(n) + 0.5) * h
    k = 2 * math.pi / (n * h)
    v = np.zeros((3, 3, n, 3))
    v[..., 2] = m0 * (2 + np.sin(k * x))
    j = bound_current(field(v)).values[1, 1, 2:-2]
    # second-order differences: relative error (kh)²/6 = 1.6e-3 of the amplitude m0·k
    np.testing.assert_allclose(j[:, 1], -m0 * k * np.cos(k * x[2:-2]), rtol=0,
                               atol=2e-3 * m0 * k)
    assert np.abs(j[:, [0, 2]]).max() == 0


def test_uniform_box_has_only_side_surface_currents() -> None:
    v = np.zeros((3, 4, 5, 3))
    v[..., 2] = 7e5
    m = field(v)
    assert np.abs(bound_current(m).values).max() == 0  # J_b = 0 inside a uniform magnet
    k = surface_current(m)
    assert list(k.face.values) == list(FACES)
    # K = M × n̂: on +x faces ẑ × x̂ = +ŷ, on −y faces ẑ × (−ŷ) = +x̂, none on ±z faces
    np.testing.assert_array_equal(k.sel(face="+x").values[:, :, -1], [[[0, 7e5, 0]] * 4] * 3)
    np.testing.assert_array_equal(k.sel(face="-y").values[:, 0, :], [[[7e5, 0, 0]] * 5] * 3)
    assert np.abs(k.sel(face="+x").values[:, :, :-1]).max() == 0  # interior faces carry none
    assert np.abs(k.sel(face=["-z", "+z"]).values).max() == 0


@pytest.mark.parametrize("name", ["skyrmion-disk.omf", "oommf-ovf2-txt.omf"])
def test_net_bound_current_through_every_cut_is_zero_for_real_files(name: str) -> None:
    m = read_ovf(ovf_file(name))
    ms = float(np.linalg.norm(m.values, axis=-1).max())
    extent = max(float(m[ax].max() - m[ax].min()) for ax in ("x", "y", "z"))
    j = bound_current(m)
    h = float(m.x[1] - m.x[0])
    crossing = []
    for ax in ("x", "y", "z"):
        for i in range(m.sizes[ax]):
            cut = net_current(m, ax, i)
            # rounding of ~10³ terms of size Ms·h: 1e-12 of the natural scale Ms·extent
            assert abs(cut.total) <= 1e-12 * ms * extent, (ax, i, cut)
        layer = j.sel(component=ax).isel({ax: m.sizes[ax] // 2})
        crossing.append(float(np.abs(layer).sum()) * h**2)
    # current does cross a middle cut both ways: Σ|J|dA over it is far from zero
    assert max(crossing) > 1e-2 * ms * h, crossing


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_net_current_zero_and_moment_equals_total_magnetization(seed: int) -> None:
    m = random_magnet(seed)
    scale = 1e5 * 7 * 2e-9
    for ax in ("x", "y", "z"):
        for i in range(m.sizes[ax]):
            assert abs(net_current(m, ax, i).total) <= 1e-12 * scale
    # ½∫r×J dV + ½∮r×K dA = ∫M dV: summation by parts holds for the discrete split too
    total = m.values.sum(axis=(0, 1, 2)) * 2e-9 * 3e-9 * 1e-9
    np.testing.assert_allclose(current_moment(m), total, rtol=0,
                               atol=1e-12 * np.abs(total).max())


def test_skyrmion_disk_moment_and_parts() -> None:
    m = read_ovf(ovf_file("skyrmion-disk.omf"))
    h = 5e-9
    total = m.values.sum(axis=(0, 1, 2)) * h**3
    np.testing.assert_allclose(current_moment(m), total, rtol=0, atol=1e-12 * abs(total[2]))
    k = surface_current(m)
    # the disk's rim and its top and bottom carry surface current; empty corner cells none
    assert float(np.abs(k.sel(face=["-x", "+x", "-y", "+y"])).max()) > 1e5
    assert float(np.abs(k.isel(x=0, y=0)).max()) == 0


def cylinder(n: int, radius: float, layers: int, m0: float) -> tuple[xr.DataArray, float]:
    """Voxel cylinder (axis z) magnetized along z, and the radius of the disk of equal area."""
    x = np.arange(n) - (n - 1) / 2
    inside = x[None, :] ** 2 + x[:, None] ** 2 <= radius**2
    v = np.zeros((layers, n, n, 3))
    v[:, inside, 2] = m0
    m = field(v)
    m = m.assign_coords(x=m.x - m.x.mean(), y=m.y - m.y.mean(), z=m.z - m.z.mean())
    return m, math.sqrt(inside.sum() / math.pi) * 1e-9


def test_field_of_uniform_cylinder_from_its_surface_currents() -> None:
    m0, layers = 1e6, 10
    m, r_eff = cylinder(48, 16.0, layers, m0)
    z = np.array([0.0, 3.0, 8.0, 15.0, 30.0]) * 1e-9
    b = field_of_currents(m, np.stack([0 * z, 0 * z, z], axis=1))
    h = layers / 2 * 1e-9
    theory = sc.mu_0 * m0 / 2 * ((z + h) / np.hypot(z + h, r_eff)
                                 - (z - h) / np.hypot(z - h, r_eff))
    # voxel staircase vs a smooth wall of equal area: measured ≤ 6e-4 at R = 16 cells
    np.testing.assert_allclose(b[:, 2], theory, rtol=2e-3)
    assert np.abs(b[:, :2]).max() < 1e-9 * theory.max()  # on the axis B is along z


def test_unitless_fields_need_saturation_magnetization() -> None:
    v = np.zeros((3, 4, 5, 3))
    v[..., 0] = np.linspace(0.2, 1.0, 5)
    unitless = field(v, units="1")
    with pytest.raises(ParameterError, match="saturation_magnetization"):
        bound_current(unitless)
    j1 = bound_current(unitless, saturation_magnetization=8e5)
    j2 = bound_current(field(v * 8e5))
    np.testing.assert_allclose(j1.values, j2.values, rtol=1e-15, atol=0)
    assert j1.attrs["units"] == "A/m2"
    with pytest.raises(ParameterError, match="already in A/m"):
        bound_current(field(v), saturation_magnetization=8e5)
    with pytest.raises(ParameterError, match="positive"):
        surface_current(unitless, saturation_magnetization=-1.0)


def test_bad_inputs() -> None:
    m = random_magnet(0)
    with pytest.raises(ParameterError, match="dims"):
        bound_current(m.transpose("x", "y", "z", "component"))
    with pytest.raises(ParameterError, match="axis"):
        net_current(m, "w")
    with pytest.raises(ParameterError, match="index"):
        net_current(m, "x", 7)
    bad = m.copy()
    bad.values[0, 0, 0, 0] = np.nan
    with pytest.raises(ParameterError, match="non-finite"):
        surface_current(bad)
    with pytest.raises(ParameterError, match="points"):
        field_of_currents(m, np.zeros((2, 2)))


def test_plain_arrays_are_refused_with_the_parameter_named() -> None:
    # a NumPy array has no coordinates (cell sizes) or units: a clear error, not AttributeError
    with pytest.raises(ParameterError) as info:
        bound_current(np.zeros((2, 2, 2, 3)))  # type: ignore[arg-type]
    assert info.value.name == "m"
