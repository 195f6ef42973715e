"""Chunks of trajectory frames, unit styles, and the streaming transformations between them.

A trajectory is any iterable of :class:`FrameChunk` objects: a few consecutive frames stacked
into arrays, so that an analysis holds one chunk in memory whatever the trajectory's length.
Everything inside a chunk is in SI units (metres, seconds, coulombs, m/s); readers convert from
the file's unit style (:data:`UNIT_STYLES`) as they read.

Conventions
-----------
The box is orthogonal and periodic along each axis: the point ``r`` and ``r + L_a ê_a`` are the
same. Positions may be *wrapped* (inside the box, jumping by a box length when a particle leaves
through a face) or *unwrapped* (continuous); :attr:`FrameChunk.unwrapped` says which. The
displacement of a particle between two consecutive frames is the plain difference for unwrapped
positions and the minimum-image difference for wrapped ones, which is the true displacement
only if no particle moves more than half a box length between frames.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import constants as _c

from currentkit.errors import ParameterError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class UnitStyle:
    """A unit system of a trajectory file, with the SI value of each unit.

    Parameters
    ----------
    name
        LAMMPS-style name (``real``, ``metal``, ``si``).
    length, time, charge
        The SI value of the file's length (m), time (s) and charge (C) units; velocities are in
        length/time.
    default_timestep
        LAMMPS's default timestep in the style's time unit (used when none is given).
    """

    name: str
    length: float
    time: float
    charge: float
    default_timestep: float

    @property
    def velocity(self) -> float:
        """SI value (m/s) of the style's velocity unit length/time."""
        return self.length / self.time


#: LAMMPS unit styles: real (Å, fs, e), metal (Å, ps, e), si (m, s, C); all via scipy.constants.
UNIT_STYLES: dict[str, UnitStyle] = {
    "real": UnitStyle("real", _c.angstrom, _c.femto, _c.e, 1.0),
    "metal": UnitStyle("metal", _c.angstrom, _c.pico, _c.e, 0.001),
    "si": UnitStyle("si", 1.0, 1.0, 1.0, 1e-8),
}


def unit_style(name: str) -> UnitStyle:
    """The :class:`UnitStyle` called ``name`` (ParameterError for an unknown one)."""
    try:
        return UNIT_STYLES[name]
    except KeyError:
        raise ParameterError("units", name, f"one of {', '.join(UNIT_STYLES)}") from None


@dataclass(frozen=True)
class FrameChunk:
    """Consecutive frames of a trajectory stacked into arrays (SI units).

    Parameters
    ----------
    time
        Frame times (s), shape (m,), strictly increasing.
    positions
        Particle positions (m), shape (m, n, 3); particle order fixed across frames.
    velocities
        Velocities (m/s), shape (m, n, 3), or ``None`` when the source has none.
    charges
        Charges (C), shape (m, n), or ``None`` when the source has none.
    types
        Particle type labels (strings), shape (n,), or ``None``.
    box_lo, box_length
        Lower corner and edge lengths (m) of the orthogonal periodic box, shape (m, 3), or
        ``None`` for a non-periodic system.
    unwrapped
        Whether positions are continuous (True) or wrapped into the box (False).
    """

    time: np.ndarray
    positions: np.ndarray
    velocities: np.ndarray | None = None
    charges: np.ndarray | None = None
    types: np.ndarray | None = None
    box_lo: np.ndarray | None = None
    box_length: np.ndarray | None = None
    unwrapped: bool = True

    def __post_init__(self) -> None:
        time = np.atleast_1d(np.asarray(self.time, dtype=float))
        pos = np.asarray(self.positions, dtype=float)
        if pos.ndim != 3 or pos.shape[2] != 3 or pos.shape[0] != time.shape[0]:
            raise ParameterError("positions", f"array of shape {pos.shape}",
                                 f"shape (frames={time.shape[0]}, particles, 3)")
        m, n = pos.shape[:2]
        object.__setattr__(self, "time", time)
        object.__setattr__(self, "positions", pos)
        for name, shape in (("velocities", (m, n, 3)), ("charges", (m, n)),
                            ("box_lo", (m, 3)), ("box_length", (m, 3))):
            value = getattr(self, name)
            if value is None:
                continue
            value = np.asarray(value, dtype=float)
            if value.shape != shape:
                value = _broadcast(name, value, shape)
            object.__setattr__(self, name, value)
        if (self.box_lo is None) != (self.box_length is None):
            raise ParameterError("box", "only one of box_lo, box_length",
                                 "both or neither")
        if self.box_length is not None and not np.all(self.box_length > 0):
            raise ParameterError("box_length", self.box_length, "positive edge lengths")
        if self.types is not None:
            types = np.asarray(self.types).astype(str)
            if types.shape != (n,):
                raise ParameterError("types", f"array of shape {types.shape}", f"shape ({n},)")
            object.__setattr__(self, "types", types)
        if not np.all(np.isfinite(pos)):
            raise ParameterError("positions", "non-finite values", "finite positions")
        if m > 1 and not np.all(np.diff(time) > 0):
            raise ParameterError("time", time, "strictly increasing frame times")

    @property
    def frames(self) -> int:
        """Number of frames m in the chunk."""
        return int(self.time.shape[0])

    @property
    def particles(self) -> int:
        """Number of particles n."""
        return int(self.positions.shape[1])

    def select(self, index: slice | np.ndarray) -> FrameChunk:
        """The frames ``index`` of this chunk as a new chunk."""

        def pick(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else a[index]

        return dataclasses.replace(
            self, time=self.time[index], positions=self.positions[index],
            velocities=pick(self.velocities), charges=pick(self.charges),
            box_lo=pick(self.box_lo), box_length=pick(self.box_length))


def _broadcast(name: str, value: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    try:
        return np.broadcast_to(value, shape).copy()
    except ValueError:
        raise ParameterError(name, f"array of shape {value.shape}",
                             f"shape {shape} or one that broadcasts to it") from None


def from_arrays(time: np.ndarray, positions: np.ndarray, *, velocities: np.ndarray | None = None,
                charges: np.ndarray | None = None, types: np.ndarray | None = None,
                box_lo: np.ndarray | None = None, box_length: np.ndarray | None = None,
                unwrapped: bool = True, chunk: int = 256) -> list[FrameChunk]:
    """An in-memory trajectory (SI units) split into chunks of ``chunk`` frames.

    ``charges`` may be (n,) (constant) or (frames, n); ``box_lo``/``box_length`` (3,) or
    (frames, 3). The result is a list, so it can be iterated more than once.
    """
    time = np.atleast_1d(np.asarray(time, dtype=float))
    m = time.shape[0]
    if chunk < 1:
        raise ParameterError("chunk", chunk, "at least one frame per chunk")
    pos = np.asarray(positions, dtype=float)
    n = pos.shape[1] if pos.ndim == 3 else 0

    def full(a: np.ndarray | None, shape: tuple[int, ...], name: str) -> np.ndarray | None:
        return None if a is None else _broadcast(name, np.asarray(a, dtype=float), shape)

    q = full(charges, (m, n), "charges")
    lo = full(box_lo, (m, 3), "box_lo")
    length = full(box_length, (m, 3), "box_length")
    out = []
    for start in range(0, m, chunk):
        s = slice(start, start + chunk)
        out.append(FrameChunk(time[s], pos[s],
                              None if velocities is None else np.asarray(velocities)[s],
                              None if q is None else q[s], types,
                              None if lo is None else lo[s],
                              None if length is None else length[s], unwrapped))
    return out


def displacement(before: np.ndarray, after: np.ndarray, box_length: np.ndarray | None,
                 unwrapped: bool) -> np.ndarray:
    """Displacement after − before (m), minimum-image when positions are wrapped.

    Parameters
    ----------
    before, after
        Positions (..., n, 3).
    box_length
        Box edges (..., 3) (needed for wrapped positions).
    unwrapped
        Whether the positions are continuous (plain difference).
    """
    d = after - before
    if unwrapped:
        return d
    if box_length is None:
        raise ParameterError("box", None, "a periodic box to unwrap wrapped positions")
    length = np.asarray(box_length)[..., None, :]
    return d - length * np.round(d / length)


def check_stream(chunks: Iterable[FrameChunk]) -> Iterator[FrameChunk]:
    """Pass chunks through, refusing a changing particle number or non-increasing time."""
    last: float | None = None
    n: int | None = None
    for chunk in chunks:
        if n is None:
            n = chunk.particles
        elif chunk.particles != n:
            raise ParameterError("particles", chunk.particles,
                                 f"the same number in every frame ({n} in the first)")
        if last is not None and not chunk.time[0] > last:
            raise ParameterError("time", float(chunk.time[0]),
                                 f"strictly increasing frame times (previous frame {last})")
        last = float(chunk.time[-1])
        yield chunk


def with_type_charges(chunks: Iterable[FrameChunk], charges: Mapping[str, float],
                      ) -> Iterator[FrameChunk]:
    """Set each particle's charge (C) from its type: ``charges[type]`` (overrides the file's)."""
    table = {str(k): float(v) for k, v in charges.items()}
    cache: tuple[np.ndarray, np.ndarray] | None = None
    for chunk in chunks:
        if chunk.types is None:
            raise ParameterError("charges", dict(table), "per-type charges need particle types "
                                 "in the trajectory or topology")
        if cache is None or not np.array_equal(cache[0], chunk.types):
            missing = sorted(set(chunk.types.tolist()) - set(table))
            if missing:
                raise ParameterError("charges", dict(table),
                                     f"a charge for every type; missing types {missing}")
            cache = (chunk.types, np.array([table[t] for t in chunk.types]))
        q = np.broadcast_to(cache[1], (chunk.frames, chunk.particles))
        yield dataclasses.replace(chunk, charges=q)


def with_velocities_from_positions(chunks: Iterable[FrameChunk]) -> Iterator[FrameChunk]:
    """Fill velocities by central differences of (unwrapped) positions, streaming.

    v_k = (r_{k+1} − r_{k−1})/(t_{k+1} − t_{k−1}) (second-order for equal spacing); the first
    and last frame use one-sided differences (first order). Wrapped positions are unwrapped by the
    minimum image (each particle must move less than half a box per frame). A frame's neighbours
    may lie in the previous or next chunk: the chunk is released once the next one is read.
    """
    before: FrameChunk | None = None
    pending: FrameChunk | None = None
    for chunk in chunks:
        if pending is not None:
            yield _difference(before, pending, chunk.select(slice(0, 1)))
            before = pending.select(slice(-1, None))
        pending = chunk
    if pending is None:
        return
    if before is None and pending.frames < 2:
        raise ParameterError("trajectory", "one frame without velocities",
                             "velocities in the file, or at least two frames to difference")
    yield _difference(before, pending, None)


def _difference(before: FrameChunk | None, chunk: FrameChunk,
                after: FrameChunk | None) -> FrameChunk:
    parts = [c for c in (before, chunk, after) if c is not None]
    pos = np.concatenate([c.positions for c in parts])
    time = np.concatenate([c.time for c in parts])
    length = None
    if chunk.box_length is not None:
        length = np.concatenate([c.box_length for c in parts if c.box_length is not None])
        length = 0.5 * (length[1:] + length[:-1])
    d = displacement(pos[:-1], pos[1:], length, chunk.unwrapped)
    dt = np.diff(time)
    start = 1 if before is not None else 0
    velocities = np.empty_like(chunk.positions)
    for j in range(chunk.frames):
        k = start + j  # index of this frame in the stacked arrays
        left = k - 1 if k > 0 else None
        right = k if k < len(time) - 1 else None
        if left is not None and right is not None:
            velocities[j] = (d[left] + d[right]) / (dt[left] + dt[right])
        elif right is not None:
            velocities[j] = d[right] / dt[right]
        elif left is not None:
            velocities[j] = d[left] / dt[left]
        else:  # pragma: no cover - excluded by the caller (one frame alone)
            raise ParameterError("trajectory", "one frame", "at least two frames")
    return dataclasses.replace(chunk, velocities=velocities)
