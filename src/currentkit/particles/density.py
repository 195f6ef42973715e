"""Charge and current densities on a grid by cloud-in-cell deposition, and the continuity check.

Deposition
----------
The periodic box [lo, lo + L) is cut into n_0 × n_1 × n_2 cells of size h_a = L_a/n_a with
nodes at X_k = lo + k·h. Cloud-in-cell (CIC) gives a particle at r the weight
W_k(r) = Π_a max(0, 1 − |r_a − X_{k,a}|/h_a) (periodic wrap) on the 8 surrounding nodes;
Σ_k W_k = 1, so the deposited charge sums exactly to Σ q_i and the current to Σ q_i v_i:

    ρ_k = Σ_i q_i W_k(r_i)/h³ (C/m³),    j_k = Σ_i q_i v_i W_k(r_i)/h³ (A/m²),

with h³ = h_0 h_1 h_2. Any other per-particle weight deposits the same way.

The continuity check on these densities is in :mod:`currentkit.particles.continuity`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import xarray as xr

from currentkit import grid as _grid
from currentkit.errors import ParameterError
from currentkit.particles.current import COMPONENTS, Weights, particle_weights, velocities_of
from currentkit.particles.frames import FrameChunk
from currentkit.results import labelled, with_provenance


@dataclass(frozen=True)
class DepositionGrid:
    """A periodic grid of nodes X_k = lo + k·L/n over an orthogonal box (SI).

    Parameters
    ----------
    shape
        Nodes per axis (n_0, n_1, n_2), each ≥ 1.
    lo, length
        Lower corner and edge lengths of the box (m).
    """

    shape: tuple[int, int, int]
    lo: tuple[float, float, float]
    length: tuple[float, float, float]

    def __post_init__(self) -> None:
        shape = tuple(int(s) for s in self.shape)
        if len(shape) != 3 or any(s < 1 for s in shape):
            raise ParameterError("grid", self.shape, "three node counts ≥ 1 (NX, NY, NZ)")
        lo = tuple(float(v) for v in np.asarray(self.lo, dtype=float).ravel())
        length = tuple(float(v) for v in np.asarray(self.length, dtype=float).ravel())
        if len(lo) != 3 or len(length) != 3 or not all(np.isfinite(lo)):
            raise ParameterError("box", (self.lo, self.length), "a 3D box")
        if not all(np.isfinite(v) and v > 0 for v in length):
            raise ParameterError("box_length", self.length, "positive edge lengths (m)")
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "length", length)

    @property
    def spacing(self) -> np.ndarray:
        """Cell size h_a = L_a/n_a (m)."""
        return np.asarray(self.length) / np.asarray(self.shape)

    @property
    def cell_volume(self) -> float:
        """h_0 h_1 h_2 (m³)."""
        return float(np.prod(self.spacing))

    def nodes(self, axis: int) -> np.ndarray:
        """Node coordinates along ``axis`` (m)."""
        return self.lo[axis] + self.spacing[axis] * np.arange(self.shape[axis])

    @classmethod
    def for_chunk(cls, chunk: FrameChunk, shape: Sequence[int]) -> DepositionGrid:
        """The grid over the first frame's box of ``chunk``."""
        if chunk.box_lo is None or chunk.box_length is None:
            raise ParameterError("box", None, "a periodic box in the trajectory for a grid")
        lo, length = chunk.box_lo[0], chunk.box_length[0]
        return cls((int(shape[0]), int(shape[1]), int(shape[2])) if len(shape) == 3 else
                   tuple(shape),  # type: ignore[arg-type]  # wrong lengths refused in __post_init__
                   (float(lo[0]), float(lo[1]), float(lo[2])),
                   (float(length[0]), float(length[1]), float(length[2])))


def deposit(grid: DepositionGrid, positions: np.ndarray, weights: np.ndarray, *,
            face: int | None = None) -> np.ndarray:
    """CIC sums Σ_i w_i W_k(r_i) on the nodes (not divided by the cell volume).

    With ``face=a`` the sums go to the cell faces normal to axis a instead, at X_k + ½h_a ê_a:
    nearest-face (top-hat) weight along a, CIC along the other axes — the current that
    conserves CIC charge exactly (see :func:`continuity`, ``divergence="staggered"``).

    Parameters
    ----------
    grid
        The grid.
    positions
        Positions (frames, n, 3) or (n, 3) (m), anywhere (wrapped periodically).
    weights
        Weights (frames, n, c) or (frames, n) (or without the frame axis); c components are
        deposited at once.

    Returns
    -------
    numpy.ndarray
        Shape (frames, c, n_0, n_1, n_2) (frames and c dropped when absent from the input).
    """
    pos = np.asarray(positions, dtype=float)
    w = np.asarray(weights, dtype=float)
    single = pos.ndim == 2
    if single:
        pos, w = pos[None], w[None]
    scalar = w.ndim == 2
    if scalar:
        w = w[..., None]
    frames, n = pos.shape[:2]
    shape = np.asarray(grid.shape)
    cells = int(np.prod(shape))
    u = (pos - np.asarray(grid.lo)) / grid.spacing
    base = np.floor(u)
    frac = u - base
    base = base.astype(np.int64) % shape
    out = np.zeros((w.shape[2], frames * cells))
    offset = (np.arange(frames) * cells)[:, None]
    for corner in range(8):
        bits = [(corner >> a) & 1 for a in range(3)]
        if face is not None and bits[face]:
            continue
        weight = np.ones((frames, n))
        index = np.zeros((frames, n), dtype=np.int64)
        for a in range(3):
            if a != face:
                weight = weight * (frac[..., a] if bits[a] else 1.0 - frac[..., a])
            index = index * shape[a] + (base[..., a] + bits[a]) % shape[a]
        flat = (index + offset).ravel()
        for c in range(w.shape[2]):
            out[c] += np.bincount(flat, (weight * w[..., c]).ravel(), minlength=frames * cells)
    result = out.reshape(w.shape[2], frames, *grid.shape).swapaxes(0, 1)
    if scalar:
        result = result[:, 0]
    return result[0] if single else result


def divergence(grid: DepositionGrid, field: np.ndarray) -> np.ndarray:
    """∇·j of a periodic vector field (3, n_0, n_1, n_2) by central differences.

    Axes with fewer than 3 nodes are taken as uniform (their derivative is zero).
    """
    h = grid.spacing
    total = np.zeros(field.shape[1:])
    for a in range(3):
        if grid.shape[a] >= 3:
            total = total + _grid.derivative(field[a], a, float(h[a]), periodic=True)
    return total


def staggered_divergence(grid: DepositionGrid, axis: int, face_field: np.ndarray) -> np.ndarray:
    """∂j_a/∂x_a at the nodes from j_a on the faces X_k + ½h_a ê_a: (j_{k+½} − j_{k−½})/h_a.

    ``face_field`` has the grid's shape after any leading axes; periodic along ``axis``.
    """
    ax = face_field.ndim - 3 + axis
    return (face_field - np.roll(face_field, 1, axis=ax)) / float(grid.spacing[axis])


def _coords(grid: DepositionGrid) -> dict[str, xr.DataArray]:
    return {name: labelled(grid.nodes(a), name, "m", f"node position {name}")
            for a, name in enumerate(COMPONENTS)}


def check_box(grid: DepositionGrid, chunk: FrameChunk) -> None:
    if chunk.box_length is None or chunk.box_lo is None:
        raise ParameterError("box", None, "a periodic box in every frame")
    if not (np.allclose(chunk.box_length, grid.length, rtol=1e-9, atol=0)
            and np.allclose(chunk.box_lo, grid.lo, rtol=0, atol=1e-9 * max(grid.length))):
        raise ParameterError("box", "a box that changes", "a fixed box for densities on a grid")


def densities(trajectory: Iterable[FrameChunk], shape: Sequence[int], *,
              weights: Weights = None, per_frame: bool = False,
              parameters: Mapping[str, object] | None = None) -> xr.Dataset:
    """ρ and j on a CIC grid, time-averaged over the frames (or per frame), streaming.

    Parameters
    ----------
    trajectory
        Chunks in SI units with velocities and a fixed periodic box.
    shape
        Nodes (n_0, n_1, n_2).
    weights
        Per-particle weights (default the charges).
    per_frame
        Keep every frame (dims ``time`` first) instead of the mean over frames.

    Returns
    -------
    xarray.Dataset
        ``charge_density`` (C/m³) and ``current_density(component, …)`` (A/m²) on (x, y, z),
        plus ``total_charge`` and ``total_current`` (the grid sums × cell volume, which equal
        Σ q and Σ q v exactly).
    """
    grid: DepositionGrid | None = None
    rho_sum: np.ndarray | None = None
    j_sum: np.ndarray | None = None
    frames_rho: list[np.ndarray] = []
    frames_j: list[np.ndarray] = []
    times: list[np.ndarray] = []
    for chunk in trajectory:
        grid = grid or DepositionGrid.for_chunk(chunk, shape)
        check_box(grid, chunk)
        w = particle_weights(chunk, weights)
        stacked = np.concatenate([w[..., None], w[..., None] * velocities_of(chunk)], axis=2)
        dep = deposit(grid, chunk.positions, stacked) / grid.cell_volume
        if per_frame:
            frames_rho.append(dep[:, 0])
            frames_j.append(dep[:, 1:])
        else:
            rho_sum = dep[:, 0].sum(axis=0) + (0 if rho_sum is None else rho_sum)
            j_sum = dep[:, 1:].sum(axis=0) + (0 if j_sum is None else j_sum)
        times.append(chunk.time)
    if grid is None:
        raise ParameterError("trajectory", "no frames", "at least one frame")
    time = np.concatenate(times)
    space = ("x", "y", "z")
    if per_frame:
        rho, j = np.concatenate(frames_rho), np.concatenate(frames_j)
        rdims: tuple[str, ...] = ("time", *space)
        jdims: tuple[str, ...] = ("time", "component", *space)
        what = "per frame"
    else:
        assert rho_sum is not None and j_sum is not None
        rho, j = rho_sum / time.size, j_sum / time.size
        rdims, jdims = space, ("component", *space)
        what = f"mean over {time.size} frames"
    space_axes = (-3, -2, -1)
    ds = xr.Dataset(
        {
            "charge_density": labelled(rho, rdims, "C/m^3", f"CIC charge density ({what})"),
            "current_density": labelled(j, jdims, "A/m^2", f"CIC current density ({what})"),
            "total_charge": labelled(rho.sum(axis=space_axes) * grid.cell_volume, rdims[:-3],
                                     "C", "grid sum of the charge density × h³"),
            "total_current": labelled(j.sum(axis=space_axes) * grid.cell_volume, jdims[:-3],
                                      "A·m", "grid sum of j × h³ (= Σ q v)"),
        },
        coords={**_coords(grid),
                "component": labelled(list(COMPONENTS), "component", "1", "component")},
    )
    if per_frame:
        ds = ds.assign_coords(time=labelled(time, "time", "s", "time"))
    ds.attrs.update(deposition="cloud-in-cell (periodic)", averaging=what)
    return with_provenance(ds, {"grid": list(grid.shape), "per_frame": per_frame,
                                **(parameters or {})})
