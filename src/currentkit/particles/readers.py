"""Trajectory files as re-iterable streams of :class:`~currentkit.particles.FrameChunk` (SI).

Formats
-------
``lammpsdump``
    LAMMPS text dump, own streaming parser (:mod:`currentkit.particles.lammps`); units from the
    unit style (real, metal, si), time = TIMESTEP × timestep.
``extxyz``
    Extended XYZ through :func:`ase.io.iread` (one frame at a time). Lengths in Å; velocities
    from ASE ``momenta`` (ASE units) when present; charges from the ``charge``/``charges``/``q``
    per-atom column or ASE initial charges (in e); types from the chemical symbols; time =
    frame index × timestep (timestep in fs), or the ``time`` key of the comment line (fs).
``mdanalysis``
    Anything :class:`MDAnalysis.Universe` reads (DCD, XTC, TRR, LAMMPS data + dump, PDB, …),
    with an optional topology; MDAnalysis's units: Å, ps, e (Å/ps for velocities); charges and
    types from the topology when it has them; positions are taken as wrapped (minimum image);
    time = MDAnalysis's time, or frame index × timestep (ps) when a timestep is given.
    MDAnalysis does not know a LAMMPS dump's unit style (it takes Å, ps and Å/ps as they
    stand): read LAMMPS dumps with ``lammpsdump``.

Every reader refuses, as an :class:`~currentkit.errors.InputFileError` naming the file and the
line or frame: a path that is not a readable regular file, a cut or corrupt file, and NaN or
inf in positions, velocities, charges, box or time. Extended XYZ frames are walked (count line,
comment line, atom lines) before ASE parses them, so that a corrupt atom count or a last line
cut inside a number is named instead of hanging or misread.

Charges may instead be given per type (``{"1": 1.0, "2": -1.0}``) in units of e, which then
override the file's. Velocities absent from the file are made by central differences of the
positions (:func:`~currentkit.particles.frames.with_velocities_from_positions`), and
:attr:`Trajectory.velocity_source` says which was used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import constants as _c

from currentkit.errors import InputFileError, ParameterError
from currentkit.files import input_file
from currentkit.particles.frames import (
    UNIT_STYLES,
    FrameChunk,
    check_stream,
    unit_style,
    with_type_charges,
    with_velocities_from_positions,
)
from currentkit.particles.lammps import read_lammps_dump

#: The trajectory readers ``Trajectory(format=...)`` accepts (see :func:`guess_format`).
FORMATS: tuple[str, ...] = ("lammpsdump", "extxyz", "mdanalysis")


def guess_format(path: str | os.PathLike[str]) -> str:
    """The reader for a file name: ``.xyz``/``.extxyz`` → extxyz, ``.dump``/``.lammpstrj`` →
    lammpsdump, anything else → mdanalysis."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xyz", ".extxyz"):
        return "extxyz"
    if suffix in (".dump", ".lammpstrj", ".lammpsdump"):
        return "lammpsdump"
    return "mdanalysis"


@dataclass(frozen=True)
class Trajectory:
    """A trajectory file read lazily, chunk by chunk, each time it is iterated.

    Parameters
    ----------
    path
        The trajectory file.
    format
        One of :data:`FORMATS` (``None``: guessed from the suffix).
    topology
        Topology file for MDAnalysis (``None``: the trajectory is its own topology).
    charges
        Charge per particle type in units of e (overrides the file's charges), or ``None``.
    units
        Unit style of a LAMMPS dump: real, metal or si.
    timestep
        Time between frames or MD steps: LAMMPS dump, the MD timestep in the style's time unit
        (time = TIMESTEP × timestep); extxyz, fs between frames; MDAnalysis, ps between frames.
        ``None``: the LAMMPS default of the style, the extxyz ``time`` key, MDAnalysis's time.
    chunk
        Frames per chunk.
    """

    path: Path
    format: str | None = None
    topology: Path | None = None
    charges: Mapping[str, float] | None = None
    units: str = "real"
    timestep: float | None = None
    chunk: int = 64

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if self.topology is not None:
            object.__setattr__(self, "topology", Path(self.topology))
        fmt = guess_format(self.path) if self.format is None else self.format
        if fmt not in FORMATS:
            raise ParameterError("format", self.format, f"one of {', '.join(FORMATS)}")
        object.__setattr__(self, "format", fmt)
        unit_style(self.units)
        if self.timestep is not None and not (np.isfinite(self.timestep) and self.timestep > 0):
            raise ParameterError("timestep", self.timestep, "a positive timestep")
        if self.chunk < 1:
            raise ParameterError("chunk", self.chunk, "at least one frame per chunk")
        if self.charges is not None:
            table = {str(k): float(v) for k, v in self.charges.items()}
            if not table or not all(np.isfinite(v) for v in table.values()):
                raise ParameterError("charges", self.charges, "finite charges (e) per type")
            object.__setattr__(self, "charges", table)
        input_file(self.path)
        if self.topology is not None:
            input_file(self.topology)

    def _first(self) -> FrameChunk:
        first = next(self._checked(), None)
        if first is None:
            raise InputFileError(self.path, "no frames")
        return first

    @property
    def velocity_source(self) -> str:
        """``"file"`` or ``"central differences of positions"``.

        Read from the file's first chunk on each access (the object holds no state that
        iteration changes), so it is known before, during and after iterating.
        """
        if self._first().velocities is None:
            return "central differences of positions"
        return "file"

    @property
    def charge_source(self) -> str:
        """``"per type"`` (the ``charges`` option), ``"file"`` or ``"missing"``.

        Like :attr:`velocity_source`, read from the first chunk when asked.
        """
        if self.charges is not None:
            return "per type"
        return "missing" if self._first().charges is None else "file"

    def describe(self) -> dict[str, Any]:
        """The reading options as a JSON-friendly mapping (for provenance attrs)."""
        return {"path": str(self.path), "format": self.format,
                "topology": None if self.topology is None else str(self.topology),
                "charges_per_type_e": self.charges, "units": self.units,
                "timestep": self.timestep, "chunk": self.chunk}

    def _raw(self) -> Iterator[FrameChunk]:
        if self.format == "lammpsdump":
            return read_lammps_dump(self.path, UNIT_STYLES[self.units], timestep=self.timestep,
                                    chunk=self.chunk)
        if self.format == "extxyz":
            return _read_extxyz(self.path, self.timestep, self.chunk)
        return _read_mdanalysis(self.path, self.topology, self.timestep, self.chunk)

    def _checked(self) -> Iterator[FrameChunk]:
        """The raw chunks, with problems of the data (time order, particle count) as file
        errors naming the file."""
        try:
            yield from check_stream(self._raw())
        except ParameterError as exc:
            raise InputFileError(self.path, str(exc)) from exc

    def __iter__(self) -> Iterator[FrameChunk]:
        stream = self._checked()
        first = next(stream, None)
        if first is None:
            raise InputFileError(self.path, "no frames")
        if self.charges is not None:
            table = {k: v * _c.e for k, v in self.charges.items()}
            stream = with_type_charges(_chain(first, stream), table)
            first = next(stream)
        elif first.charges is None:
            raise InputFileError(self.path, "no charges in the file or topology: give charges "
                                 "per type (e.g. --charges 1=1.0,2=-1.0)")
        if first.velocities is None:
            try:
                yield from with_velocities_from_positions(_chain(first, stream))
            except ParameterError as exc:  # e.g. a single frame and no velocities
                raise InputFileError(self.path, str(exc)) from exc
        else:
            yield first
            for chunk in stream:
                if chunk.velocities is None:
                    raise InputFileError(self.path, "velocities missing in some frames")
                yield chunk


def _chain(first: FrameChunk, rest: Iterator[FrameChunk]) -> Iterator[FrameChunk]:
    yield first
    yield from rest


def _stack(frames: list[dict[str, Any]], types: np.ndarray | None,
           unwrapped: bool) -> FrameChunk:
    def get(key: str) -> np.ndarray | None:
        values = [f[key] for f in frames]
        return None if any(v is None for v in values) else np.stack(values)

    return FrameChunk(time=np.array([f["time"] for f in frames]),
                      positions=np.stack([f["positions"] for f in frames]),
                      velocities=get("velocities"), charges=get("charges"), types=types,
                      box_lo=get("box_lo"), box_length=get("box_length"), unwrapped=unwrapped)


#: What MDAnalysis reads, briefly (its own list is ten lines long).
_MDANALYSIS_FORMATS = ("DCD, XTC, TRR, NetCDF, LAMMPS data + dump, PDB, GRO, XYZ and the other "
                       "MDAnalysis formats, chosen by the file suffix")


def _one_line(exc: BaseException, limit: int = 160) -> str:
    """The first line of an exception's message, shortened, with its type."""
    text = str(exc).strip().splitlines()
    first = text[0].strip() if text else ""
    if len(first) > limit:
        first = first[: limit - 1] + "…"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _finite(path: Path, frame: int, **arrays: np.ndarray | None) -> None:
    """Refuse NaN/inf in the arrays a frame's current is made of, naming frame, atom, field."""
    for name, values in arrays.items():
        if values is None:
            continue
        bad = np.argwhere(~np.isfinite(np.asarray(values, dtype=float)))
        if bad.size:
            atom = f", atom {int(bad[0][0])}" if values.ndim >= 1 else ""
            raise InputFileError(path, f"frame {frame}{atom}: {name} holds a non-finite value")


_PROPERTIES = re.compile(rb"(?:^|\s)properties=([^\s\"']+)", re.IGNORECASE)


def _xyz_columns(path: Path, number: int, comment: bytes) -> int | None:
    """Columns of an atom line declared by the comment line's ``Properties=name:kind:count:…``
    (None without one), checked before ASE allocates arrays of that many columns."""
    match = _PROPERTIES.search(comment)
    if match is None:
        return None
    fields = match.group(1).split(b":")
    try:
        counts = [int(c) for c in fields[2::3]]
    except ValueError:
        raise InputFileError(path, f"line {number}: Properties={match.group(1)[:60]!r} has a "
                             "column count that is not an integer") from None
    if len(fields) % 3 or not counts or any(c < 1 for c in counts):
        raise InputFileError(path, f"line {number}: Properties={match.group(1)[:60]!r} is not "
                             "a list of name:kind:count triples with counts ≥ 1")
    return sum(counts)


def _check_xyz_layout(path: Path) -> None:
    """Walk the frames of an XYZ file (count line, comment line, count atom lines) without
    parsing them, so that a corrupt count or a cut last line is an error naming its line
    before ASE reads it (ASE would wait for 10²⁰ atom lines or parse a cut number)."""
    number = 0
    with open(path, "rb") as fh:
        while True:
            line = fh.readline()
            number += 1
            if not line:
                return
            if not line.strip():
                continue
            try:
                count = int(line)
            except ValueError:
                raise InputFileError(path, f"line {number}: {line[:40]!r} is not an atom count "
                                     "(the first line of an XYZ frame)") from None
            if count < 1:
                raise InputFileError(path, f"line {number}: atom count {count} < 1")
            start = number
            columns = None
            for k in range(count + 1):  # the comment line and the atom lines
                line = fh.readline()
                if not line:
                    raise InputFileError(path, f"line {number + 1}: the file ends inside the "
                                         f"frame of {count} atoms that starts on line {start}")
                number += 1
                if k == 0:
                    columns = _xyz_columns(path, number, line)
                elif columns is not None and len(line.split()) != columns:
                    raise InputFileError(path, f"line {number}: {len(line.split())} columns "
                                         f"where the Properties of line {number - 1} give "
                                         f"{columns}")
            if not line.endswith(b"\n"):
                raise InputFileError(path, f"line {number}: the file ends inside this line (no "
                                     "newline): it is truncated; if the line is complete, end "
                                     "the file with a newline")


def _read_extxyz(path: Path, timestep: float | None, chunk: int) -> Iterator[FrameChunk]:
    import ase.io
    from ase import units as ase_units

    _check_xyz_layout(path)

    frames: list[dict[str, Any]] = []
    types: np.ndarray | None = None
    try:
        for index, atoms in enumerate(ase.io.iread(str(path), index=":", format="extxyz")):
            cell = atoms.cell.array
            periodic = bool(np.all(atoms.pbc))
            if periodic and not np.allclose(cell, np.diag(np.diag(cell))):
                raise InputFileError(path, f"frame {index}: non-orthogonal cell is not supported")
            if timestep is not None:
                time = index * timestep * _c.femto
            elif "time" in atoms.info:
                time = float(atoms.info["time"]) * _c.femto
            else:
                raise InputFileError(path, f"frame {index}: no 'time' key; give the timestep")
            velocities = None
            if "momenta" in atoms.arrays:
                velocities = atoms.get_velocities() * ase_units.fs * (_c.angstrom / _c.femto)
            charges = None
            for key in ("charge", "charges", "q", "initial_charges"):
                if key in atoms.arrays:
                    charges = np.asarray(atoms.arrays[key], dtype=float) * _c.e
                    break
            _finite(path, index, positions=atoms.positions, velocities=velocities,
                    charges=charges, cell=np.diag(cell) if periodic else None,
                    time=np.asarray(time))
            symbols = np.array(atoms.get_chemical_symbols())
            if types is None:
                types = symbols
            elif not np.array_equal(types, symbols):
                raise InputFileError(path, f"frame {index}: the atoms changed")
            frames.append({
                "time": time, "positions": atoms.positions * _c.angstrom,
                "velocities": velocities, "charges": charges,
                "box_lo": np.zeros(3) if periodic else None,
                "box_length": np.diag(cell) * _c.angstrom if periodic else None})
            if len(frames) == chunk:
                yield _stack(frames, types, False)
                frames = []
    except InputFileError:
        raise
    except (OSError, ValueError, IndexError, KeyError, StopIteration, RuntimeError,
            AssertionError, TypeError) as exc:  # ase.io.extxyz.XYZError is an OSError
        raise InputFileError(path, f"not a readable extended XYZ file ({_one_line(exc)})"
                             ) from exc
    if frames:
        yield _stack(frames, types, False)


def _read_mdanalysis(path: Path, topology: Path | None, timestep: float | None,
                     chunk: int) -> Iterator[FrameChunk]:
    import warnings

    import MDAnalysis

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # MDAnalysis warns about guessed attributes
            universe = (MDAnalysis.Universe(str(topology), str(path)) if topology is not None
                        else MDAnalysis.Universe(str(path)))
    except Exception as exc:  # MDAnalysis raises many kinds for unreadable files
        raise InputFileError(path, f"not a trajectory MDAnalysis can read ({_one_line(exc)}); "
                             f"accepted: {_MDANALYSIS_FORMATS}") from exc
    atoms = universe.atoms
    charges = (np.asarray(atoms.charges, dtype=float) * _c.e
               if hasattr(atoms, "charges") else None)
    types = np.asarray(atoms.types).astype(str) if hasattr(atoms, "types") else None
    frames: list[dict[str, Any]] = []
    trajectory = universe.trajectory
    try:
        for index in range(len(trajectory)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # e.g. "Reader has no dt information"
                ts = trajectory[index]
            dims = ts.dimensions
            box_length = None
            if dims is not None and np.all(dims[:3] > 0):
                if not np.allclose(dims[3:], 90.0):
                    raise InputFileError(path, f"frame {ts.frame}: non-orthogonal box "
                                         f"(angles {dims[3:]}) is not supported")
                box_length = np.asarray(dims[:3], dtype=float) * _c.angstrom
            velocities = (np.asarray(ts.velocities, dtype=float) * (_c.angstrom / _c.pico)
                          if ts.has_velocities else None)
            time = float(ts.time) if timestep is None else ts.frame * timestep
            _finite(path, ts.frame, positions=ts.positions, velocities=velocities,
                    charges=charges, time=np.asarray(time))
            frames.append({"time": time * _c.pico,
                           "positions": np.asarray(ts.positions, dtype=float) * _c.angstrom,
                           "velocities": velocities, "charges": charges,
                           "box_lo": None if box_length is None else np.zeros(3),
                           "box_length": box_length})
            if len(frames) == chunk:
                yield _stack(frames, types, False)
                frames = []
    except InputFileError:
        raise
    except (OSError, ValueError, EOFError, IndexError, KeyError, RuntimeError) as exc:
        raise InputFileError(path, f"corrupt trajectory ({_one_line(exc)})") from exc
    if frames:
        yield _stack(frames, types, False)

