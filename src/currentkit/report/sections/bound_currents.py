"""Bound currents of a skyrmion in a disk and of a uniformly magnetized disk.

J_b = ∇×M in the volume and K_b = M×n̂ where the magnet ends. The skyrmion disk is OOMMF's
``skyrmion-disk.omf`` of ubermag/discretisedfield, shipped with the tour (20×20×2 cells of 5 nm,
Ms = 1.1 MA/m, 168 empty cells around the disk). Checks:
the net bound current through every plane of cells is zero (volume and surface parts cancel);
the moment ½∫r×J dV + ½∮r×K dA of the bound currents equals ∫M dV; and the field on the axis of a
uniformly magnetized disk (cylinder of radius R, half-height h), computed by Biot-Savart from its
surface currents alone, equals B_z = (μ0M/2)[(z+h)/√((z+h)²+R²) − (z−h)/√((z−h)²+R²)].
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import xarray as xr
from scipy import constants

from currentkit import magnetization, plotting
from currentkit.report.section import Row, Section

NAME = "bound_currents"
#: OOMMF's skyrmion in a disk (BSD-3-Clause, ubermag/discretisedfield; see data/README.md).
SKYRMION_FILE = Path(__file__).resolve().parents[1] / "data" / "skyrmion-disk.omf"
#: Uniform disk for the field check: grid cells, radius (cells), layers, M (A/m).
CYL_CELLS, CYL_RADIUS, CYL_LAYERS, CYL_M = 48, 16.0, 10, 1e6


def skyrmion_disk() -> tuple[xr.DataArray, str]:
    """The OOMMF skyrmion disk shipped with the tour, and a line saying where it comes from."""
    return magnetization.read_ovf(SKYRMION_FILE), "OOMMF's skyrmion-disk.omf, from discretisedfield"


def uniform_disk() -> tuple[xr.DataArray, float]:
    """Voxel cylinder magnetized along z; the radius of the circle of equal area (m)."""
    x = (np.arange(CYL_CELLS) - (CYL_CELLS - 1) / 2) * 1e-9
    inside = (x[None, :] ** 2 + x[:, None] ** 2) <= (CYL_RADIUS * 1e-9) ** 2
    values = np.zeros((CYL_LAYERS, CYL_CELLS, CYL_CELLS, 3))
    values[:, inside, 2] = CYL_M
    z = (np.arange(CYL_LAYERS) - (CYL_LAYERS - 1) / 2) * 1e-9
    m = xr.DataArray(values, dims=("z", "y", "x", "component"),
                     coords={"x": x, "y": x, "z": z, "component": ["x", "y", "z"]},
                     attrs={"units": "A/m"})
    return m, math.sqrt(inside.sum() / math.pi) * 1e-9


def axis_field(z: np.ndarray, radius: float, half: float) -> np.ndarray:
    """B_z on the axis of a uniformly magnetized cylinder (T), written independently."""
    return constants.mu_0 * CYL_M / 2 * ((z + half) / np.sqrt((z + half) ** 2 + radius**2)
                                         - (z - half) / np.sqrt((z - half) ** 2 + radius**2))


def _figure(folder: Path, m: xr.DataArray, z: np.ndarray, b_lib: np.ndarray) -> str:
    fig, (ax_m, ax_c, ax_b) = plotting.new_figure(3, width=3.8, height=3.5)
    j = magnetization.bound_current(m).isel(z=0)
    k = magnetization.surface_current(m).isel(z=0).sum("face")
    x, y = m["x"].values * 1e9, m["y"].values * 1e9
    image = ax_m.pcolormesh(x, y, m.isel(z=0).sel(component="z").values / 1e6,
                            shading="nearest", cmap="RdBu_r")
    fig.colorbar(image, ax=ax_m, label="M_z [MA/m]")
    ax_m.quiver(x, y, j.sel(component="x").values, j.sel(component="y").values, color="k",
                label="J_b (volume)")
    ax_m.quiver(x, y, k.sel(component="x").values, k.sel(component="y").values, color="C2",
                label="K_b (surface)")
    ax_m.set_title("skyrmion disk, layer 0")
    ax_m.set_xlabel("x [nm]")
    ax_m.set_ylabel("y [nm]")
    ax_m.set_aspect("equal")
    ax_m.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
                frameon=False)
    volume, surface = magnetization.cut_profile(m, "y")
    vol, surf = volume.sum(axis=1) * 1e3, surface.sum(axis=1) * 1e3  # per column x, in mA
    y0 = float(m["y"][m.sizes["y"] // 2]) * 1e9
    ax_c.bar(x, vol, width=0.8 * (x[1] - x[0]), label="volume part J_y dA")
    ax_c.bar(x, surf, width=0.4 * (x[1] - x[0]), label="surface part K_y dℓ")
    ax_c.plot(x, np.cumsum(vol + surf), "k.-", lw=1, label="running total")
    ax_c.axhline(0.0, color="0.5", lw=0.6)
    ax_c.set_title(f"current through the plane y = {y0:.3g} nm")
    ax_c.set_xlabel("x [nm]")
    ax_c.set_ylabel("current per column [mA]")
    ax_c.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
                frameon=False)
    zf = np.linspace(z.min(), z.max(), 200)
    ax_b.plot(zf * 1e9, axis_field(zf, *_cylinder_geometry()) * 1e3, label="closed form")
    ax_b.plot(z * 1e9, b_lib * 1e3, "o", mfc="none", label="Biot-Savart of K_b")
    ax_b.axvspan(-CYL_LAYERS / 2, CYL_LAYERS / 2, color="0.9", zorder=0, label="magnet")
    ax_b.set_title(f"uniform disk, R = {CYL_RADIUS:g} nm")
    ax_b.set_xlabel("z on the axis [nm]")
    ax_b.set_ylabel("B_z [mT]")
    ax_b.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2,
                frameon=False)
    for ax in (ax_c, ax_b):
        ax.grid(alpha=0.3)
    name = f"{NAME}.png"
    plotting.save_figure(fig, folder / name)
    return name


def _cylinder_geometry() -> tuple[float, float]:
    _, radius = uniform_disk()
    return radius, CYL_LAYERS / 2 * 1e-9


def build(folder: Path) -> Section:
    """Zero net bound current, moment of the bound currents, and the uniform disk's field."""
    m, origin = skyrmion_disk()
    h = magnetization.bound.cell_sizes(m)
    ms = float(np.linalg.norm(m.values, axis=-1).max())
    extent = max(float(m[ax].max() - m[ax].min()) for ax in ("x", "y", "z"))
    worst = 0.0
    for ax in ("x", "y", "z"):
        for i in range(m.sizes[ax]):
            worst = max(worst, abs(magnetization.net_current(m, ax, i).total))
    moment = magnetization.current_moment(m)
    total = m.values.sum(axis=(0, 1, 2)) * h[0] * h[1] * h[2]
    disk, radius = uniform_disk()
    half = CYL_LAYERS / 2 * 1e-9
    z = np.array([0.0, 4.0, 8.0, 15.0, 30.0]) * 1e-9
    b_lib = magnetization.field_of_currents(disk, np.stack([0 * z, 0 * z, z], axis=1))[:, 2]
    b_th = axis_field(z, radius, half)
    scale = ms * extent
    rows = [
        Row("largest |net bound current| through any plane of cells (skyrmion disk)", worst,
            0.0, "A", 1e-12 * scale, check="absolute",
            note=f"the scale Ms·L is {scale:.3g} A; the volume and surface parts cancel "
            "to rounding (1e-12 of it)"),
        Row("moment of the bound currents m_z (skyrmion disk)", float(moment[2]),
            float(total[2]), "A·m²", 1e-12,
            note="½∫r×J dV + ½∮r×K dA = ∫M dV; summation by parts holds on the grid to rounding"),
        Row("uniform disk: B_z at the centre from K_b", float(b_lib[0]), float(b_th[0]), "T",
            2e-3, note="voxel staircase (R = 16 cells) vs the smooth cylinder of equal area; "
            "measured 6e-4"),
        Row("uniform disk: B_z at z = 15 nm on the axis", float(b_lib[3]), float(b_th[3]), "T",
            2e-3, note="same staircase error"),
        Row("uniform disk: max |J_b| inside", float(np.abs(
            magnetization.bound_current(disk).values).max()), 0.0, "A/m²", 0.0,
            check="absolute", note="∇×M = 0 for uniform M: all bound current is on the surface"),
    ]
    intro = (
        "A magnetization M is a sea of microscopic current loops. Where neighbouring loops do "
        "not cancel, a bound current J_b = ∇×M flows in the volume, and where the magnet ends "
        "a surface current K_b = M×n̂ flows along its skin. Together they carry no net current "
        "through any cut across the sample, and their moment is the total magnetization."
        "\n\n"
        f"Left: the skyrmion disk ({origin}): M_z, the volume current (black, circulating "
        "around the core) and the surface current on the disk's rim (green). Middle: the current "
        "through the plane y ≈ 0, column by column: the volume current crosses one way near the "
        "core and the other way further out, the rim's surface current closes the balance, and "
        "the running total ends at zero (for every plane of cells: first row). "
        "Right: the field of a uniformly magnetized disk computed by Biot-Savart from its "
        "surface currents alone (the volume current is zero), beside the closed form of a "
        "cylinder with the same cross-section."
    )
    figure = _figure(folder, m, z, b_lib)
    return Section(title="Bound currents of a skyrmion and of a magnetized disk", intro=intro,
                   figures=(figure,), rows=tuple(rows))
