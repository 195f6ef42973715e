"""Total current of a set of particles: J(t) = Σ_i w_i v_i(t).

With the charges as weights (the default) J = Σ q_i v_i is the extensive electric current of the
system (A·m = C·m/s in SI); the current density averaged over a box of volume V is J/V, and for a
uniform system in a periodic box of length L_x the current through a cross-section is J_x/L_x
(A). Any other per-particle weight (mass, energy, a species indicator) gives the current of that
quantity through the same machinery: the units are the weight's units times m/s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping

import numpy as np
import xarray as xr

from currentkit.errors import ParameterError
from currentkit.particles.frames import FrameChunk, displacement
from currentkit.results import labelled, with_provenance

logger = logging.getLogger(__name__)

#: Per-particle weights: None (the charges), a value per type, a value per particle (n,), or a
#: function of the chunk returning (frames, n) values.
Weights = Mapping[str, float] | np.ndarray | Callable[[FrameChunk], np.ndarray] | None

COMPONENTS = ("x", "y", "z")


def particle_weights(chunk: FrameChunk, weights: Weights) -> np.ndarray:
    """The weight of every particle in every frame of ``chunk``, shape (frames, n).

    Parameters
    ----------
    chunk
        The frames.
    weights
        ``None``: the charges (C); a mapping type → weight; an array of one weight per particle;
        or a callable ``f(chunk) -> (frames, n)``.
    """
    shape = (chunk.frames, chunk.particles)
    if weights is None:
        if chunk.charges is None:
            raise ParameterError("weights", None, "charges in the trajectory, or weights given "
                                 "explicitly (per type or per particle)")
        return chunk.charges
    if callable(weights):
        values = np.asarray(weights(chunk), dtype=float)
    elif isinstance(weights, Mapping):
        if chunk.types is None:
            raise ParameterError("weights", dict(weights), "per-type weights need particle types")
        table = {str(k): float(v) for k, v in weights.items()}
        missing = sorted(set(chunk.types.tolist()) - set(table))
        if missing:
            raise ParameterError("weights", table, f"a weight for every type; missing {missing}")
        values = np.array([table[t] for t in chunk.types])
    else:
        values = np.asarray(weights, dtype=float)
    try:
        values = np.broadcast_to(values, shape)
    except ValueError:
        raise ParameterError("weights", f"array of shape {values.shape}",
                             f"one weight per particle ({chunk.particles}) or shape "
                             f"{shape}") from None
    if not np.all(np.isfinite(values)):
        raise ParameterError("weights", "non-finite values", "finite weights")
    return values


def velocities_of(chunk: FrameChunk) -> np.ndarray:
    """The chunk's velocities, or a ParameterError saying how to get them."""
    if chunk.velocities is None:
        raise ParameterError("velocities", None, "velocities in the trajectory or made from "
                             "positions (read it through Trajectory or "
                             "with_velocities_from_positions)")
    return chunk.velocities


def total_current(trajectory: Iterable[FrameChunk], weights: Weights = None, *,
                  quantity: str = "charge", weight_units: str = "C",
                  parameters: Mapping[str, object] | None = None) -> xr.Dataset:
    """J(t) = Σ_i w_i v_i(t) of every frame, streaming.

    Parameters
    ----------
    trajectory
        Chunks of frames in SI units (a :class:`~currentkit.particles.Trajectory`, a list from
        :func:`~currentkit.particles.from_arrays`, or any iterable of chunks).
    weights
        See :func:`particle_weights`; default the charges, giving the electric current in A·m.
    quantity, weight_units
        Name and unit of the weight (for the attrs): the current's unit is ``weight_units·m/s``
        (``A·m`` for charge).
    parameters
        Extra provenance to store (e.g. the reader's options).

    Returns
    -------
    xarray.Dataset
        ``total_current(time, component)`` and ``mean_current(component)``; the mean is the
        trapezoidal time average (1/T)∫J dt.
    """
    times: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for chunk in trajectory:
        w = particle_weights(chunk, weights)
        values.append(np.einsum("fn,fnc->fc", w, velocities_of(chunk)))
        times.append(chunk.time)
    if not times:
        raise ParameterError("trajectory", "no frames", "at least one frame")
    time = np.concatenate(times)
    current = np.concatenate(values)
    unit = "A·m" if (quantity == "charge" and weight_units == "C") else f"{weight_units}·m/s"
    mean = (np.trapezoid(current, time, axis=0) / (time[-1] - time[0]) if time.size > 1
            else current[0])
    ds = xr.Dataset(
        {
            "total_current": labelled(current, ("time", "component"), unit,
                                      f"total {quantity} current J = Σ w_i v_i"),
            "mean_current": labelled(mean, "component", unit,
                                     f"time-averaged total {quantity} current (trapezoidal)"),
        },
        coords={"time": labelled(time, "time", "s", "time"),
                "component": labelled(list(COMPONENTS), "component", "1",
                                      "Cartesian component")},
    )
    ds.attrs.update(quantity=quantity)
    return with_provenance(ds, {"quantity": quantity, "weight_units": weight_units,
                                **(parameters or {})})


def charge_displacement(trajectory: Iterable[FrameChunk], weights: Weights = None, *,
                        quantity: str = "charge", weight_units: str = "C") -> xr.Dataset:
    """D(t_n) = Σ_{m<n} Σ_i ½(w_i^m + w_i^{m+1}) d_i^m, the integrated current ∫J dt, streaming.

    d_i^m is the displacement of particle i from frame m to m + 1 (minimum image for wrapped
    positions, so each particle must move less than half a box per frame). For constant charges
    D = Σ_i q_i (r_i(t) − r_i(0)) is the change of the cell dipole with unwrapped positions, the
    input of the Einstein-Helfand route ``σ = lim ⟨|D(t + s) − D(t)|²⟩/(6 V k_B T s)``
    (:func:`currentkit.kubo.einstein_helfand`); charges that change between frames enter at their
    two-frame mean, as in :func:`~currentkit.particles.transferred_charge`.

    Returns
    -------
    xarray.Dataset
        ``charge_displacement(time, component)`` in C·m (weight units × m), D(t_0) = 0.
    """
    times: list[np.ndarray] = []
    values: list[np.ndarray] = []
    total = np.zeros(3)
    last: tuple[np.ndarray, np.ndarray, np.ndarray | None, bool] | None = None
    for chunk in trajectory:
        w = particle_weights(chunk, weights)
        pos = chunk.positions
        if last is not None:  # the step from the previous chunk's last frame
            w0, p0, box0, _ = last
            box = None if chunk.box_length is None else chunk.box_length[0]
            d = displacement(p0, pos[0], box if box is not None else box0, chunk.unwrapped)
            total = total + np.einsum("n,nc->c", 0.5 * (w0 + w[0]), d)
        steps = displacement(pos[:-1], pos[1:], None if chunk.box_length is None
                             else chunk.box_length[1:], chunk.unwrapped)
        mid = 0.5 * (w[:-1] + w[1:])
        increments = np.einsum("fn,fnc->fc", mid, steps)
        running = total + np.concatenate([np.zeros((1, 3)), np.cumsum(increments, axis=0)])
        values.append(running)
        total = running[-1]
        times.append(chunk.time)
        last = (w[-1], pos[-1], None if chunk.box_length is None else chunk.box_length[-1],
                chunk.unwrapped)
    if not times:
        raise ParameterError("trajectory", "no frames", "at least one frame")
    unit = "C·m" if (quantity == "charge" and weight_units == "C") else f"{weight_units}·m"
    ds = xr.Dataset(
        {"charge_displacement": labelled(
            np.concatenate(values), ("time", "component"), unit,
            f"integrated {quantity} current D(t) = ∫J dt = Σ w_i Δr_i")},
        coords={"time": labelled(np.concatenate(times), "time", "s", "time"),
                "component": labelled(list(COMPONENTS), "component", "1",
                                      "Cartesian component")},
    )
    return with_provenance(ds, {"quantity": quantity, "weight_units": weight_units})
