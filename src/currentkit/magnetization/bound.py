"""Bound (magnetization) currents of a magnetization field on a cell grid.

A magnetization M(r) (A/m) is equivalent to the bound currents

    J_b = ∇ × M   (A/m², in the volume)        K_b = M × n̂   (A/m, on surfaces),

n̂ the outward normal where the magnetic material ends. Both follow from the right-handed frame
(x, y, z); the OVF layout (z, y, x, component) is reordered before differentiating (see
:mod:`currentkit.grid`).

Discretisation
--------------
The field lives at cell centres (the layout :func:`~currentkit.magnetization.read_ovf` returns).
*Material* cells are those with |M| > 0; cells with |M| = 0 exactly (how OOMMF and mumax3 write
vacuum) and everything beyond the grid are empty. The volume current uses second-order central
differences, f′_j = (f_{j+1} − f_{j−1})/2h, where a neighbour that is empty is replaced by the
cell's own value (zero normal derivative at the surface): the whole jump of M from its boundary
value to zero is then carried by the surface current, which sits on the cell *faces* between a
material cell and an empty one (or the grid's edge), K_b = M(cell) × n̂. With this split the
bound current through every plane of cell centres is zero to rounding, line by line (the
central-difference sum telescopes to M at the two ends of each material segment, which the
surface currents cancel). In the interior the volume current is the ordinary second-order curl;
in boundary cells it is first-order accurate.

Units: if the field is stored as the unitless direction m (mumax3 writes ``valueunits 1``), pass
``saturation_magnetization`` = Ms (A/m) and M = Ms·m is used; a field in A/m is used as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr
from scipy import constants

from currentkit.errors import ParameterError
from currentkit.results import labelled

#: Faces of a cell, in the order of the ``face`` dimension of :func:`surface_current`.
FACES: tuple[str, ...] = ("-x", "+x", "-y", "+y", "-z", "+z")
_AXES = ("x", "y", "z")


def magnetization(m: xr.DataArray, saturation_magnetization: float | None = None
                  ) -> np.ndarray:
    """M in A/m as an array (3, nx, ny, nz) in the right-handed (x, y, z) frame.

    Parameters
    ----------
    m
        Dims (z, y, x, component) with 3 components; ``attrs['units']`` ``"A/m"`` (used as it is)
        or anything else (``"1"`` for a unit vector): then ``saturation_magnetization`` is needed.
    saturation_magnetization
        Ms (A/m) multiplying a unitless field; refused for a field already in A/m.
    """
    if not isinstance(m, xr.DataArray):
        raise ParameterError("m", type(m).__name__, "an xarray.DataArray with dims (z, y, x, "
                             "component) and coordinates in metres, e.g. from read_ovf")
    if m.dims != ("z", "y", "x", "component") or m.sizes["component"] != 3:
        raise ParameterError("m", f"dims {m.dims} and shape {m.shape}",
                             "a DataArray with dims (z, y, x, component) and 3 components")
    values = np.asarray(m.values, dtype=float)
    if not np.all(np.isfinite(values)):
        raise ParameterError("m", "non-finite values", "finite magnetization values")
    unit = str(m.attrs.get("units", "1"))
    if saturation_magnetization is None:
        if unit != "A/m":
            raise ParameterError("saturation_magnetization", None,
                                 f"a value in A/m: the field's unit is {unit!r}, not A/m "
                                 "(mumax3 stores the unitless direction m)")
        scale = 1.0
    else:
        scale = float(saturation_magnetization)
        if not (np.isfinite(scale) and scale > 0):
            raise ParameterError("saturation_magnetization", saturation_magnetization,
                                 "a finite, positive Ms in A/m")
        if unit == "A/m":
            raise ParameterError("saturation_magnetization", saturation_magnetization,
                                 "None: the field is already in A/m")
    return np.transpose(values, (3, 2, 1, 0)) * scale


def cell_sizes(m: xr.DataArray) -> tuple[float, float, float]:
    """(hx, hy, hz) in metres, from the coordinates (or ``attrs['<ax>stepsize']`` for one cell)."""
    sizes = []
    for ax in _AXES:
        c = np.asarray(m[ax], dtype=float)
        if c.size >= 2:
            h = float((c[-1] - c[0]) / (c.size - 1))
        else:
            h = float(m.attrs.get(f"{ax}stepsize", 0.0))
        if not (np.isfinite(h) and h > 0):
            raise ParameterError(f"m.{ax}", h, "increasing coordinates, or attrs "
                                 f"'{ax}stepsize' > 0 when there is one {ax} cell")
        sizes.append(h)
    return sizes[0], sizes[1], sizes[2]


def _neighbour(f: np.ndarray, mask: np.ndarray, axis: int, step: int) -> np.ndarray:
    """f at the neighbour c + step·e_axis, or f(c) where that neighbour is empty."""
    shifted = np.roll(f, -step, axis=axis)
    ok = np.roll(mask, -step, axis=axis)
    edge = [slice(None)] * mask.ndim
    edge[axis] = slice(-1, None) if step > 0 else slice(0, 1)
    ok[tuple(edge)] = False
    return np.where(ok, shifted, f)


def _derivative(f: np.ndarray, mask: np.ndarray, axis: int, h: float) -> np.ndarray:
    d = (_neighbour(f, mask, axis, 1) - _neighbour(f, mask, axis, -1)) / (2 * h)
    return np.where(mask, d, 0.0)


def _surface_mask(mask: np.ndarray, axis: int, sign: int) -> np.ndarray:
    """Cells whose face in direction sign·e_axis is a surface (material → empty)."""
    ok = np.roll(mask, -sign, axis=axis)
    edge = [slice(None)] * mask.ndim
    edge[axis] = slice(-1, None) if sign > 0 else slice(0, 1)
    ok[tuple(edge)] = False
    return mask & ~ok


def _volume(mx: np.ndarray, h: tuple[float, float, float]) -> np.ndarray:
    mask = np.linalg.norm(mx, axis=0) > 0

    def d(c: int, a: int) -> np.ndarray:
        return _derivative(mx[c], mask, a, h[a])

    return np.stack([d(2, 1) - d(1, 2), d(0, 2) - d(2, 0), d(1, 0) - d(0, 1)])


def _surface(mx: np.ndarray) -> np.ndarray:
    """K_b on the six faces: shape (6, 3, nx, ny, nz) in the (x, y, z) frame."""
    mask = np.linalg.norm(mx, axis=0) > 0
    out = np.zeros((6, *mx.shape))
    for f in range(6):
        axis, sign = divmod(f, 2)
        normal = np.zeros(3)
        normal[axis] = 1.0 if sign else -1.0
        where = _surface_mask(mask, axis, 1 if sign else -1)
        k = np.cross(mx, normal, axisa=0, axisb=0, axisc=0)
        out[f] = np.where(where, k, 0.0)
    return out


def _grid_like(m: xr.DataArray, xyz: np.ndarray, name: str, units: str,
               long_name: str) -> xr.DataArray:
    """An (x, y, z)-frame array (3, nx, ny, nz) back in the DataArray layout."""
    return labelled(np.transpose(xyz, (3, 2, 1, 0)), ("z", "y", "x", "component"), units,
                    long_name, coords={c: m[c] for c in ("z", "y", "x", "component")}
                    ).rename(name)


def bound_current(m: xr.DataArray, *, saturation_magnetization: float | None = None
                  ) -> xr.DataArray:
    """Volume bound current density J_b = ∇ × M (A/m²) at the cell centres.

    Parameters
    ----------
    m
        Magnetization, dims (z, y, x, component), coordinates in metres (see the module notes
        for units and ``saturation_magnetization``).

    Returns
    -------
    xarray.DataArray
        Same dims and coordinates; zero in empty cells. Surface parts are in
        :func:`surface_current`.
    """
    mx = magnetization(m, saturation_magnetization)
    return _grid_like(m, _volume(mx, cell_sizes(m)), "bound_current", "A/m2",
                      "volume bound current density curl M")


def surface_current(m: xr.DataArray, *, saturation_magnetization: float | None = None
                    ) -> xr.DataArray:
    """Surface bound current K_b = M × n̂ (A/m) on the faces where the material ends.

    Returns
    -------
    xarray.DataArray
        Dims (face, z, y, x, component): entry ``face = "+x"`` of cell (k, j, i) is the current
        on that cell's face at x_i + hx/2 with outward normal +x̂ (zero unless the cell is
        magnetic and its +x neighbour empty or beyond the grid).
    """
    mx = magnetization(m, saturation_magnetization)
    k = np.transpose(_surface(mx), (0, 4, 3, 2, 1))
    coords: dict[str, xr.DataArray] = {
        c: m[c] for c in ("z", "y", "x", "component")}
    coords["face"] = labelled(np.array(FACES), "face", "1", "cell face (outward normal)")
    return labelled(k, ("face", "z", "y", "x", "component"), "A/m", "surface bound current M × n",
                    coords=coords).rename("surface_current")


@dataclass(frozen=True)
class CutCurrent:
    """Bound current (A) through a plane of cell centres, split into its two parts."""

    volume: float
    surface: float

    @property
    def total(self) -> float:
        """Volume plus surface part (zero for a magnetization current)."""
        return self.volume + self.surface


def cut_profile(m: xr.DataArray, axis: str, index: int | None = None, *,
                saturation_magnetization: float | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Bound current (A) through each cell of the plane ⟂ ``axis`` at layer ``index``.

    Returns the volume part J_a h_b h_c and the surface part Σ K_a ℓ (faces of that cell that
    the plane crosses, ℓ = the face's length along the cut), each of shape (n_b, n_c) with
    (b, c) the other two axes in x, y, z order; :func:`net_current` sums them.
    """
    if axis not in _AXES:
        raise ParameterError("axis", axis, "'x', 'y' or 'z'")
    a = _AXES.index(axis)
    mx = magnetization(m, saturation_magnetization)
    n = mx.shape[1 + a]
    i = n // 2 if index is None else int(index)
    if not 0 <= i < n:
        raise ParameterError("index", index, f"a layer 0 … {n - 1}")
    h = cell_sizes(m)
    b, c = (ax for ax in range(3) if ax != a)
    volume = np.take(_volume(mx, h)[a], i, axis=a) * h[b] * h[c]
    k = np.take(_surface(mx)[:, a], i, axis=1 + a)
    surface = (k[2 * b] + k[2 * b + 1]) * h[c] + (k[2 * c] + k[2 * c + 1]) * h[b]
    return volume, surface


def net_current(m: xr.DataArray, axis: str, index: int | None = None, *,
                saturation_magnetization: float | None = None) -> CutCurrent:
    """Bound current through the plane ⟂ ``axis`` through the cell centres of layer ``index``.

    I = Σ_cells J_a h_b h_c + Σ_faces K_a ℓ, the face sum over the surface faces that the plane
    crosses (ℓ = the face's length along the cut). Positive along +``axis``.

    Parameters
    ----------
    axis
        ``"x"``, ``"y"`` or ``"z"``.
    index
        Layer of cells along ``axis`` (default: the middle one, n // 2).
    """
    volume, surface = cut_profile(m, axis, index,
                                  saturation_magnetization=saturation_magnetization)
    return CutCurrent(volume=float(volume.sum()), surface=float(surface.sum()))


def _sources(m: xr.DataArray, saturation_magnetization: float | None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Current elements: positions (N, 3) in m and current moments J·dV or K·dA (N, 3) in A·m."""
    mx = magnetization(m, saturation_magnetization)
    h = cell_sizes(m)
    centres = np.stack(np.meshgrid(*(np.asarray(m[ax], dtype=float) for ax in _AXES),
                                   indexing="ij"), axis=-1)
    j = np.moveaxis(_volume(mx, h), 0, -1)
    keep = np.any(j != 0, axis=-1)
    pos, elem = [centres[keep]], [j[keep] * (h[0] * h[1] * h[2])]
    ks = _surface(mx)
    for f in range(6):
        axis, sign = divmod(f, 2)
        k = np.moveaxis(ks[f], 0, -1)
        keep = np.any(k != 0, axis=-1)
        shift = np.zeros(3)
        shift[axis] = (0.5 if sign else -0.5) * h[axis]
        area = h[0] * h[1] * h[2] / h[axis]
        pos.append(centres[keep] + shift)
        elem.append(k[keep] * area)
    return np.concatenate(pos), np.concatenate(elem)


def current_moment(m: xr.DataArray, *, saturation_magnetization: float | None = None
                   ) -> np.ndarray:
    """Magnetic moment of the bound currents, ½ Σ r × (J dV) + ½ Σ r × (K dA), in A·m².

    For a magnetization current it equals the total moment ∫ M dV (independent of the origin
    because the net current vanishes); a check of the discretisation. Returns (m_x, m_y, m_z).
    """
    pos, elem = _sources(m, saturation_magnetization)
    return 0.5 * np.cross(pos, elem).sum(axis=0)


def field_of_currents(m: xr.DataArray, points: np.ndarray, *,
                      saturation_magnetization: float | None = None) -> np.ndarray:
    """Magnetic field B (T) of the bound currents at ``points`` (N, 3) in m, by Biot-Savart.

    ``B(r) = (μ0/4π) Σ I dℓ × (r − r′)/|r − r′|³`` over the current elements (each cell's
    J dV at its centre and each surface face's K dA at the face centre): a midpoint rule,
    accurate for points a few cells away from the currents. Returns shape (N, 3).
    """
    points = np.atleast_2d(np.asarray(points, dtype=float))
    if points.ndim != 2 or points.shape[1] != 3:
        raise ParameterError("points", f"shape {points.shape}", "an (N, 3) array of positions")
    pos, elem = _sources(m, saturation_magnetization)
    out = np.zeros_like(points)
    for start in range(0, points.shape[0], 64):
        p = points[start:start + 64]
        d = p[:, None, :] - pos[None, :, :]
        r3 = np.linalg.norm(d, axis=-1) ** 3
        if np.any(r3 == 0):
            raise ParameterError("points", "a point on a current element", "points off the "
                                 "cell centres and face centres that carry current")
        out[start:start + 64] = (np.cross(elem[None, :, :], d) / r3[..., None]).sum(axis=1)
    return constants.mu_0 / (4 * np.pi) * out


__all__ = ["FACES", "CutCurrent", "bound_current", "cell_sizes", "current_moment", "cut_profile",
           "field_of_currents", "magnetization", "net_current", "surface_current"]
