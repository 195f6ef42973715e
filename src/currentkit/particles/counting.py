"""Net charge through a plane by counting signed crossings, periodic images included.

The plane is x_a = p (a = 0, 1, 2 for x, y, z). In a box periodic along a with length L the
plane has images at p + kL, k ∈ ℤ, and a particle that moves from x to x + d between two frames
crosses them

    c = ⌊(x + d − p)/L⌋ − ⌊(x − p)/L⌋

times, counted positive along +a (a particle exactly on a plane counts as past it). The
displacement d is the plain difference of unwrapped positions, or the minimum image of wrapped
ones (so every particle must move less than L/2 per frame). Without a box only the plane itself is
counted: c = [x + d ≥ p] − [x ≥ p]. Each crossing carries the particle's charge averaged over the
two frames, so the transferred charge is

    Q(t_n) = Σ_{m<n} Σ_i ½(q_i^m + q_i^{m+1}) c_i^m,    Q(t_0) = 0,

in coulombs (or the units of any other weight), and the current through the plane is
I = dQ/dt (A), here by second-order differences on the frame times.

Worked example (docs/physics/particles.rst): I = N·e/t, so 0.5 mA is 0.5e-3/e = 3.12e15 electrons
per second.
Identity: averaged over plane positions p uniform in one period, ⟨c⟩_p = d/L exactly, so the
plane-averaged charge equals Σ_i q_i Δx_i / L = ∫J_a dt / L, the total current's integral.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.particles.current import Weights, particle_weights
from currentkit.particles.frames import FrameChunk, displacement
from currentkit.results import labelled, with_provenance

AXES = {"x": 0, "y": 1, "z": 2}


def axis_index(axis: int | str) -> int:
    """0, 1, 2 for ``"x"``, ``"y"``, ``"z"`` (or the integer itself)."""
    if isinstance(axis, str) and axis.lower() in AXES:
        return AXES[axis.lower()]
    if isinstance(axis, int | np.integer) and not isinstance(axis, bool) and 0 <= axis <= 2:
        return int(axis)
    raise ParameterError("axis", axis, "x, y, z or 0, 1, 2")


def crossings(start: np.ndarray, step: np.ndarray, plane: np.ndarray,
              period: np.ndarray | float | None) -> np.ndarray:
    """Signed crossings c of the planes ``plane`` (and their periodic images).

    Parameters
    ----------
    start
        Coordinates x along the axis, shape (..., n).
    step
        Displacements d along the axis, same shape.
    plane
        Plane positions p, shape (P,).
    period
        Box length L along the axis (scalar or broadcastable to (..., 1)), or ``None`` for a
        single, non-periodic plane.

    Returns
    -------
    numpy.ndarray
        Integer crossings, shape (P, ..., n).
    """
    p = np.asarray(plane, dtype=float).reshape((-1,) + (1,) * np.ndim(start))
    s0 = start - p
    s1 = s0 + step
    if period is None:
        return (s1 >= 0).astype(np.int64) - (s0 >= 0).astype(np.int64)
    length = np.asarray(period, dtype=float)
    return (np.floor(s1 / length) - np.floor(s0 / length)).astype(np.int64)


def transferred_charge(trajectory: Iterable[FrameChunk], axis: int | str,
                       position: float | Sequence[float] | np.ndarray, *,
                       weights: Weights = None, periodic: bool = True,
                       quantity: str = "charge", weight_units: str = "C",
                       parameters: Mapping[str, object] | None = None) -> xr.Dataset:
    """Q(t) through the plane(s) x_axis = position, streaming (see the module notes).

    Parameters
    ----------
    trajectory
        Chunks of frames in SI units.
    axis
        Plane normal: ``"x"``, ``"y"``, ``"z"`` (or 0, 1, 2); crossings along +axis count +.
    position
        Plane position p (m), or several (one result row per plane).
    weights
        Per-particle weights (default the charges); see
        :func:`~currentkit.particles.current.particle_weights`.
    periodic
        Count the periodic images of the plane (needs the box); False counts the plane alone.
    quantity, weight_units, parameters
        Name and unit of the weight, extra provenance.

    Returns
    -------
    xarray.Dataset
        ``transferred_charge(time)`` (C) and ``plane_current(time)`` = dQ/dt (A), with a leading
        ``plane`` dimension when several positions are given; ``forward_crossings`` and
        ``backward_crossings`` (unweighted particle counts per plane); attrs ``mean_current``
        (Q_end/(t_end − t_0), A) and the plane.
    """
    a = axis_index(axis)
    planes = np.atleast_1d(np.asarray(position, dtype=float))
    if planes.ndim != 1 or planes.size == 0 or not np.all(np.isfinite(planes)):
        raise ParameterError("position", position, "finite plane position(s) in metres")
    times: list[np.ndarray] = []
    steps: list[np.ndarray] = [np.zeros((planes.size, 1))]
    forward = np.zeros(planes.size, dtype=np.int64)
    backward = np.zeros(planes.size, dtype=np.int64)
    last: tuple[np.ndarray, np.ndarray, np.ndarray | None] | None = None
    for chunk in trajectory:
        w = w_chunk = particle_weights(chunk, weights)
        pos, box = chunk.positions, chunk.box_length
        if periodic and box is None:
            raise ParameterError("periodic", True, "a periodic box in the trajectory, or "
                                 "periodic=False")
        if last is not None:
            pos = np.concatenate([last[0][None], pos])
            w = np.concatenate([last[1][None], w])
            box = None if box is None or last[2] is None else np.concatenate([last[2][None], box])
        if pos.shape[0] >= 2:
            mean_box = None if box is None else 0.5 * (box[1:] + box[:-1])
            d = displacement(pos[:-1], pos[1:], mean_box, chunk.unwrapped)[..., a]
            period = None if not periodic or mean_box is None else mean_box[:, a][:, None]
            c = crossings(pos[:-1, :, a], d, planes, period)
            qbar = 0.5 * (w[1:] + w[:-1])
            steps.append(np.einsum("pfn,fn->pf", c, qbar))
            forward += np.clip(c, 0, None).sum(axis=(1, 2))
            backward += np.clip(-c, 0, None).sum(axis=(1, 2))
        times.append(chunk.time)
        last = (chunk.positions[-1], w_chunk[-1],
                None if chunk.box_length is None else chunk.box_length[-1])
    if not times:
        raise ParameterError("trajectory", "no frames", "at least one frame")
    time = np.concatenate(times)
    charge = np.cumsum(np.concatenate(steps, axis=1), axis=1)
    if time.size >= 2:
        current = np.gradient(charge, time, axis=1, edge_order=2 if time.size > 2 else 1)
        mean_current = charge[:, -1] / (time[-1] - time[0])
    else:
        current = np.zeros_like(charge)
        mean_current = np.zeros(planes.size)
    unit = weight_units
    rate = "A" if (quantity == "charge" and weight_units == "C") else f"{weight_units}/s"
    dims: tuple[str, ...] = ("plane", "time")
    ds = xr.Dataset(
        {
            "transferred_charge": labelled(
                charge, dims, unit,
                f"net {quantity} transferred through the plane (+ along +{'xyz'[a]})"),
            "plane_current": labelled(current, dims, rate,
                                      f"{quantity} current through the plane dQ/dt"),
            "forward_crossings": labelled(forward, "plane", "1",
                                          f"particle crossings along +{'xyz'[a]}"),
            "backward_crossings": labelled(backward, "plane", "1",
                                           f"particle crossings along -{'xyz'[a]}"),
            "mean_plane_current": labelled(mean_current, "plane", rate, "Q(t_end)/(t_end - t_0)"),
        },
        coords={"time": labelled(time, "time", "s", "time"),
                "plane": labelled(planes, "plane", "m", f"plane position along {'xyz'[a]}")},
    )
    if np.ndim(position) == 0:
        ds = ds.isel(plane=0)
        ds.attrs.update(mean_current=float(mean_current[0]), mean_current_units=rate)
    ds.attrs.update(plane_axis="xyz"[a], periodic_images=int(periodic), quantity=quantity)
    return with_provenance(ds, {"axis": "xyz"[a], "position_m": planes, "periodic": periodic,
                                "quantity": quantity, **(parameters or {})})
