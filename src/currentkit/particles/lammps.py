"""Streaming reader of LAMMPS text dump files (``dump atom`` / ``dump custom``).

A frame is::

    ITEM: TIMESTEP
    1000
    ITEM: NUMBER OF ATOMS
    2
    ITEM: BOX BOUNDS pp pp pp
    0.0 10.0
    0.0 10.0
    0.0 10.0
    ITEM: ATOMS id type xu yu zu vx vy vz q
    1 1 0.5 0.5 0.5 0.1 0.0 0.0 1.0
    2 2 ...

Positions come from the first available of ``xu yu zu`` (unwrapped), ``xsu ysu zsu`` (scaled
unwrapped), ``x y z`` with image flags ``ix iy iz`` (unwrapped as x + ix·L), ``x y z``
(wrapped) and ``xs ys zs`` (scaled wrapped; x = lo + xs·L). Velocities from ``vx vy vz`` and
charges from ``q`` when present; rows are sorted by ``id``. Triclinic boxes (``BOX BOUNDS xy xz
yz …``) are refused; non-periodic boundary flags (``ff``, ``ss``, …) are accepted with a
logged warning, the box being treated as periodic. The file is read line by line and only one
chunk of frames is held in memory. Values are converted to SI with the unit style (real, metal
or si); time = TIMESTEP × dt.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import numpy as np

from currentkit.errors import InputFileError, ParameterError
from currentkit.files import input_file
from currentkit.particles.frames import FrameChunk, UnitStyle

logger = logging.getLogger(__name__)

_POSITION_SETS = (
    (("xu", "yu", "zu"), True, False),
    (("xsu", "ysu", "zsu"), True, True),
    (("x", "y", "z"), False, False),
    (("xs", "ys", "zs"), False, True),
)


#: Frames with at least this many atoms are parsed by numpy.loadtxt (faster for big frames).
_FAST_ROWS = 256


class _Lines:
    """A text file read one line at a time, remembering the line number (1-based)."""

    def __init__(self, handle: TextIO, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.number = 0

    def next(self, what: str) -> str:
        line = self.handle.readline()
        if not line:
            raise InputFileError(self.path, f"line {self.number + 1}: file ends inside a frame "
                                 f"(expected {what})")
        self.number += 1
        if not line.endswith("\n"):
            raise self.error("the file ends inside this line (no newline): it is truncated; if "
                             "the line is complete, end the file with a newline")
        return line.rstrip("\n")

    def error(self, problem: str, line: int | None = None) -> InputFileError:
        return InputFileError(self.path, f"line {self.number if line is None else line}: "
                              f"{problem}")


def _expect(lines: _Lines, item: str) -> str:
    line = lines.next(f"'ITEM: {item}'")
    if not line.startswith(f"ITEM: {item}"):
        raise lines.error(f"expected 'ITEM: {item}', found {line[:60]!r}")
    return line


def _numbers(lines: _Lines, what: str, count: int) -> list[float]:
    line = lines.next(what)
    try:
        values = [float(v) for v in line.split()]
    except ValueError:
        raise lines.error(f"{what}: not numbers: {line[:60]!r}") from None
    if not all(np.isfinite(values)):
        raise lines.error(f"{what}: not finite: {line[:60]!r}")
    if len(values) != count:
        raise lines.error(f"{what}: expected {count} numbers, found {len(values)}")
    return values


def _frame(lines: _Lines, first: str) -> tuple[int, np.ndarray, np.ndarray, list[str],
                                                 np.ndarray, int]:
    """Parse one frame whose 'ITEM: TIMESTEP' line was just read."""
    if not first.startswith("ITEM: TIMESTEP"):
        raise lines.error(f"expected 'ITEM: TIMESTEP', found {first[:60]!r}")
    line = lines.next("the timestep")
    try:
        step = int(line.split()[0])
    except (ValueError, IndexError):
        raise lines.error(f"timestep is not an integer: {line[:60]!r}") from None
    _expect(lines, "NUMBER OF ATOMS")
    line = lines.next("the number of atoms")
    try:
        n = int(line)
    except ValueError:
        raise lines.error(f"number of atoms is not an integer: {line[:60]!r}") from None
    if n < 1:
        raise lines.error(f"number of atoms {n} < 1")
    bounds = _expect(lines, "BOX BOUNDS")
    flags = bounds.split()[3:]
    if any(f in ("xy", "xz", "yz") for f in flags):
        raise lines.error("triclinic box (BOX BOUNDS xy xz yz): only orthogonal boxes are "
                          "supported")
    if any(f != "pp" for f in flags[:3]) and lines.number < 10:
        logger.warning("%s: boundary flags %s: the analysis treats every axis as periodic "
                       "(densities near a wall wrap around; counting is unaffected)",
                       lines.path, " ".join(flags))
    box = np.array([_numbers(lines, "box bounds 'lo hi'", 2) for _ in range(3)])
    if not np.all(box[:, 1] > box[:, 0]):
        raise lines.error("box bounds need hi > lo")
    header = _expect(lines, "ATOMS")
    columns = header.split()[2:]
    if not columns:
        raise lines.error("'ITEM: ATOMS' names no columns")
    start = lines.number + 1
    rows = [lines.next(f"{n} atom lines after line {start - 1}") for _ in range(n)]
    values = None
    if n >= _FAST_ROWS:  # fast path for big frames: an all-numeric table (NumPy's C parser)
        try:
            values = np.loadtxt(rows, dtype=float, ndmin=2, comments=None)
        except ValueError:
            values = None
    if values is not None and values.shape == (n, len(columns)):
        return step, box, values, columns, np.arange(start, start + n), n
    tokens = [r.split() for r in rows]
    for k, t in enumerate(tokens):
        if len(t) != len(columns):
            raise lines.error(f"expected {len(columns)} columns ({' '.join(columns)}), found "
                              f"{len(t)}", start + k)
    table = np.array(tokens, dtype=str).reshape(n, len(columns))
    return step, box, table, columns, np.arange(start, start + n), n


def _strings(values: np.ndarray) -> np.ndarray:
    """Type labels as strings; numeric labels written as integers when they are whole."""
    if values.dtype.kind != "f":
        return values
    whole = np.all(values == np.round(values))
    return (values.astype(np.int64) if whole else values).astype(str)


def _column(table: np.ndarray, columns: list[str], names: tuple[str, ...], lines: _Lines,
            first_row: int) -> np.ndarray:
    """The columns ``names`` as finite floats (InputFileError naming column and line)."""
    index = [columns.index(c) for c in names]
    if table.dtype.kind == "f":
        values = table[:, index]
    else:
        try:
            values = table[:, index].astype(float)
        except ValueError:
            for k, row in enumerate(table[:, index]):
                for name, value in zip(names, row, strict=True):
                    try:
                        float(value)
                    except ValueError:
                        raise lines.error(f"column {name!r}: {str(value)!r} is not a number",
                                          first_row + k) from None
            raise  # pragma: no cover - the loop finds the culprit
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        k, c = (int(i) for i in bad[0])
        raise lines.error(f"column {names[c]!r}: {float(values[k, c])} is not finite",
                          first_row + k)
    return values


def _warn_unused(table: np.ndarray, columns: list[str], used: set[str], lines: _Lines,
                 first_row: int, warned: set[str]) -> None:
    """Log a warning (once per column) for NaN/inf in a column the analysis does not use."""
    for c, name in enumerate(columns):
        if name in used or name in warned:
            continue
        column = table[:, c]
        if column.dtype.kind == "f":
            bad = np.flatnonzero(~np.isfinite(column))
        else:
            lower = np.char.lower(column.astype(str))
            bad = np.flatnonzero((np.char.find(lower, "nan") >= 0)
                                 | (np.char.find(lower, "inf") >= 0))
        if bad.size:
            warned.add(name)
            logger.warning("%s: line %d: column %r holds %s; the column is not used, so it is "
                           "ignored", lines.path, first_row + int(bad[0]), name,
                           column[int(bad[0])])


def read_lammps_dump(path: str | os.PathLike[str], style: UnitStyle, *,
                     timestep: float | None = None, chunk: int = 64) -> Iterator[FrameChunk]:
    """Stream a LAMMPS text dump as :class:`FrameChunk` objects in SI units.

    Parameters
    ----------
    path
        The dump file.
    style
        Its unit style (lengths, times, charges; see :data:`~currentkit.particles.UNIT_STYLES`).
    timestep
        The MD timestep dt in the style's time unit (default: LAMMPS's default for the style);
        frame time = TIMESTEP × dt.
    chunk
        Frames per chunk (memory is bounded by one chunk).

    Raises
    ------
    InputFileError
        Not a readable file, a last line without its newline (truncated), NaN or inf in a column
        that is used (positions, image flags, velocities, charges, ids; the line and column are
        named; other columns only log a warning), a corrupt frame, missing position columns
        (the columns found are listed), a triclinic box, or a changing number of atoms (with
        the line).
    """
    path = input_file(path)
    if chunk < 1:
        raise ParameterError("chunk", chunk, "at least one frame per chunk")
    dt = style.default_timestep if timestep is None else float(timestep)
    if not (np.isfinite(dt) and dt > 0):
        raise ParameterError("timestep", timestep, "a positive timestep")
    buffer: list[tuple[float, np.ndarray, np.ndarray | None, np.ndarray | None, np.ndarray]] = []
    layout: tuple[tuple[str, ...], bool, list[str]] | None = None
    types: np.ndarray | None = None
    n_atoms: int | None = None
    last_time: float | None = None
    warned: set[str] = set()
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        lines = _Lines(handle, path)
        while True:
            first = handle.readline()
            if not first:
                break
            lines.number += 1
            if not first.strip():
                continue
            step, box, table, columns, numbers, n = _frame(lines, first.rstrip("\n"))
            if layout is None:
                layout = _layout(columns, lines)
            elif columns != layout[2]:
                raise lines.error(f"the ATOMS columns changed to {' '.join(columns)}",
                                  int(numbers[0]) - 1)
            if n_atoms is not None and n != n_atoms:
                raise lines.error(f"the number of atoms changed from {n_atoms} "
                                  f"to {n}", int(numbers[0]) - 6)
            names, unwrapped, _ = layout
            row0 = int(numbers[0])
            low, length = box[:, 0], box[:, 1] - box[:, 0]
            pos = _column(table, columns, names, lines, row0)
            if names[0] in ("xs", "xsu"):
                pos = low + pos * length
            if names == ("x", "y", "z") and {"ix", "iy", "iz"} <= set(columns):
                pos = pos + _column(table, columns, ("ix", "iy", "iz"), lines, row0) * length
            vel = None
            if {"vx", "vy", "vz"} <= set(columns):
                vel = _column(table, columns, ("vx", "vy", "vz"), lines, row0)
            q = _column(table, columns, ("q",), lines, row0)[:, 0] if "q" in columns else None
            frame_types = _strings(table[:, columns.index("type")]) if "type" in columns else None
            if "id" in columns:
                ids = _column(table, columns, ("id",), lines, row0)[:, 0]
                order = np.argsort(ids, kind="stable")
                if np.any(np.diff(ids[order]) == 0):
                    raise lines.error("duplicate atom ids in this frame")
                pos = pos[order]
                vel = None if vel is None else vel[order]
                q = None if q is None else q[order]
                frame_types = None if frame_types is None else frame_types[order]
            if frame_types is not None:
                if types is None:
                    types = frame_types.copy()
                elif not np.array_equal(types, frame_types):
                    raise lines.error("atom types changed between frames (sorted by id)")
            used = {*names, "type", "id", "q", *(("vx", "vy", "vz") if vel is not None else ()),
                    *(("ix", "iy", "iz") if names == ("x", "y", "z") else ())}
            _warn_unused(table, columns, used, lines, row0, warned)
            time = step * dt * style.time
            if last_time is not None and time <= last_time:
                raise lines.error(f"TIMESTEP {step} does not increase", int(numbers[0]) - 8)
            n_atoms, last_time = n, time
            buffer.append((time, pos * style.length,
                           None if vel is None else vel * style.velocity,
                           None if q is None else q * style.charge, box * style.length))
            if len(buffer) == chunk:
                yield _chunk(buffer, types, unwrapped)
                buffer = []
    if buffer:
        yield _chunk(buffer, types, layout[1] if layout else True)
    elif layout is None:
        raise InputFileError(path, "no frames (empty file)")


def _layout(columns: list[str], lines: _Lines) -> tuple[tuple[str, ...], bool, list[str]]:
    for names, unwrapped, _ in _POSITION_SETS:
        if set(names) <= set(columns):
            if names == ("x", "y", "z") and {"ix", "iy", "iz"} <= set(columns):
                unwrapped = True
            return names, unwrapped, columns
    raise lines.error(f"no position columns (xu yu zu, xsu ysu zsu, x y z or xs ys zs); columns "
                      f"found: {' '.join(columns)}")


def _chunk(buffer: list[tuple[float, np.ndarray, np.ndarray | None, np.ndarray | None,
                              np.ndarray]], types: np.ndarray | None,
           unwrapped: bool) -> FrameChunk:
    has_v = all(b[2] is not None for b in buffer)
    has_q = all(b[3] is not None for b in buffer)
    return FrameChunk(
        time=np.array([b[0] for b in buffer]),
        positions=np.stack([b[1] for b in buffer]),
        velocities=np.stack([b[2] for b in buffer if b[2] is not None]) if has_v else None,
        charges=np.stack([b[3] for b in buffer if b[3] is not None]) if has_q else None,
        types=types,
        box_lo=np.stack([b[4][:, 0] for b in buffer]),
        box_length=np.stack([b[4][:, 1] - b[4][:, 0] for b in buffer]),
        unwrapped=unwrapped,
    )


def write_lammps_dump(path: str | os.PathLike[str], chunks: list[FrameChunk] | Iterator[
        FrameChunk], style: UnitStyle, *, timestep: float | None = None,
        columns: tuple[str, ...] = ("id", "type", "xu", "yu", "zu", "vx", "vy", "vz", "q"),
        ) -> Path:
    """Write chunks (SI) as a LAMMPS text dump in ``style`` (for tests, examples, round trips).

    TIMESTEP = round(time / (dt·time unit)); the columns may be any of id, type, x/xu, y/yu,
    z/zu (wrapped ``x`` positions are folded into the box), vx, vy, vz, q. Unwrapped columns
    (xu, yu, zu) need unwrapped positions: a wrapped chunk written there would read back with a
    jump of one box length at every wrap, so it is refused.
    """
    path = Path(path)
    unwrapped_columns = [name for name in columns if name in ("xu", "yu", "zu")]
    dt = style.default_timestep if timestep is None else float(timestep)
    with path.open("w", encoding="utf-8") as out:
        for c in chunks:
            if unwrapped_columns and not c.unwrapped:
                raise ParameterError("columns", unwrapped_columns[0],
                                     "x, y, z for wrapped positions (xu, yu, zu need unwrapped "
                                     "ones)")
            lo = c.box_lo if c.box_lo is not None else np.zeros((c.frames, 3))
            length = c.box_length if c.box_length is not None else np.ones((c.frames, 3))
            for f in range(c.frames):
                pos = c.positions[f]
                wrapped = lo[f] + np.mod(pos - lo[f], length[f])
                data = {
                    "id": np.arange(1, c.particles + 1),
                    "type": c.types if c.types is not None else np.ones(c.particles, int),
                    "xu": pos[:, 0] / style.length, "yu": pos[:, 1] / style.length,
                    "zu": pos[:, 2] / style.length,
                    "x": wrapped[:, 0] / style.length, "y": wrapped[:, 1] / style.length,
                    "z": wrapped[:, 2] / style.length,
                }
                if c.velocities is not None:
                    for k, name in enumerate(("vx", "vy", "vz")):
                        data[name] = c.velocities[f, :, k] / style.velocity
                if c.charges is not None:
                    data["q"] = c.charges[f] / style.charge
                step = round(float(c.time[f]) / (dt * style.time))
                out.write(f"ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n{c.particles}\n"
                          "ITEM: BOX BOUNDS pp pp pp\n")
                for a in range(3):
                    out.write(f"{float(lo[f, a]) / style.length!r} "
                              f"{float(lo[f, a] + length[f, a]) / style.length!r}\n")
                out.write("ITEM: ATOMS " + " ".join(columns) + "\n")
                cols = [np.asarray(data[name]) for name in columns]
                for row in zip(*cols, strict=True):
                    out.write(" ".join(v if isinstance(v, str) else repr(v.item())
                                       for v in row) + "\n")
    return path
