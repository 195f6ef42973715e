"""Readers of current time series: LAMMPS logs, whitespace or CSV tables, NumPy files.

Every reader returns a :class:`Table`: named columns of floats and, for text files, the file line
of each row so that errors can name it. Formats:

* **LAMMPS log** (``log.lammps`` or any file whose thermo header starts with ``Step``): each
  ``run`` prints a header line (``Step Temp c_flux[1] …``) followed by rows until ``Loop time``.
  ``WARNING:`` and other non-numeric lines inside a table are skipped, a row with the wrong
  number of fields is an error naming its line (at the end of the file: a truncated log), and
  a run without its ``Loop time`` line is refused unless ``unfinished=True`` (the simulation was
  interrupted or is still running, so its last row may be cut). Runs
  are joined when their headers equal the last run's header (the production run), dropping the
  repeated first row of a continued run; other runs are ignored (``run=k`` picks run k instead).
* **Whitespace table** (SporTran's format): ``#`` comments, one header line of column names,
  then rows of numbers.
* **CSV**: the same with commas (``.csv``).
* **NumPy**: ``.npy`` (a 2D array, columns named ``"0"``, ``"1"``…, or a structured array with
  field names) and ``.npz`` (each 1D array is a column named by its key, a 2D array ``k`` gives
  columns ``k[1]``, ``k[2]``…).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from currentkit.errors import InputFileError, ParameterError
from currentkit.files import input_file, read_npy, read_npz

logger = logging.getLogger(__name__)

#: Column names recognised as time or step counters (case-insensitive), in order of preference.
TIME_COLUMNS = ("time", "t", "step", "timestep")


@dataclass(frozen=True)
class Table:
    """Named columns read from ``path``.

    Attributes
    ----------
    path
        The file read.
    columns
        Column names, in file order.
    data
        (n_rows, n_columns) float64 array.
    lines
        The 1-based file line of each row (text formats) or ``None``.
    """

    path: str
    columns: tuple[str, ...]
    data: np.ndarray
    lines: np.ndarray | None = None

    def _where(self, row: int) -> str:
        if self.lines is not None:
            return f"line {int(self.lines[row])}"
        return f"row {row}"

    def select(self, names: Sequence[str]) -> np.ndarray:
        """The columns ``names`` as an (n_rows, len(names)) array, checked for NaN/inf.

        Raises
        ------
        InputFileError
            For a missing column (the columns found are listed) or a non-finite value (the
            column and line/row are named).
        """
        idx = []
        for name in names:
            if name not in self.columns:
                raise InputFileError(self.path, f"no column {name!r}; columns found: "
                                     f"{', '.join(self.columns)}")
            idx.append(self.columns.index(name))
        out = self.data[:, idx]
        bad = ~np.isfinite(out)
        if bad.any():
            row, col = np.argwhere(bad)[0]
            raise InputFileError(self.path, f"column {names[col]!r} holds {out[row, col]} at "
                                 f"{self._where(int(row))}")
        for c in sorted(set(range(len(self.columns))) - set(idx)):  # legal, but say so
            unused = np.flatnonzero(~np.isfinite(self.data[:, c]))
            if unused.size:
                logger.warning("%s: %s: column %r (not used) holds %s", self.path,
                               self._where(int(unused[0])), self.columns[c],
                               self.data[unused[0], c])
        return out

    def time_column(self) -> str | None:
        """The time column (``Time``, ``t``) if any, else a step counter (``Step``), or None."""
        lower = {name.lower(): name for name in reversed(self.columns)}
        for key in TIME_COLUMNS:
            if key in lower:
                return lower[key]
        return None

    def sampling_interval(self) -> float | None:
        """Uniform spacing of the time/step column (its unit), or ``None`` without one.

        Raises
        ------
        InputFileError
            If the spacing is not uniform (relative 1e-6; the first offending line is named)
            or not positive.
        """
        name = self.time_column()
        if name is None or self.data.shape[0] < 2:
            return None
        t = self.select([name])[:, 0]
        d = np.diff(t)
        step = float(np.median(d))
        if not step > 0:
            raise InputFileError(self.path, f"column {name!r} does not increase")
        bad = np.nonzero(np.abs(d - step) > 1e-6 * abs(step))[0]
        if bad.size:
            row = int(bad[0]) + 1
            raise InputFileError(self.path, f"non-uniform {name!r}: step {d[row - 1]:g} instead "
                                 f"of {step:g} at {self._where(row)}")
        return step


def _floats(fields: list[str], path: Path, line: int) -> list[float]:
    try:
        return [float(f) for f in fields]
    except ValueError:
        raise InputFileError(path, f"line {line}: not a row of numbers: "
                             f"{' '.join(fields)[:60]!r}") from None


def _read_text_table(path: Path, delimiter: str | None) -> Table:
    header: list[str] | None = None
    rows: list[list[float]] = []
    lines: list[int] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, start=1):
            text = raw.split("#", 1)[0].strip()
            if not text:
                continue
            fields = [f.strip() for f in (text.split(delimiter) if delimiter else text.split())]
            if header is None:
                header = fields
                continue
            if len(fields) != len(header):
                where = "truncated last line" if not raw.endswith("\n") else "wrong field count"
                raise InputFileError(path, f"line {number}: {len(fields)} fields where the header "
                                     f"has {len(header)} ({where})")
            if not raw.endswith("\n"):
                raise InputFileError(path, _CUT.format(number))
            rows.append(_floats(fields, path, number))
            lines.append(number)
    if header is None or not rows:
        raise InputFileError(path, "no header line and data rows found")
    if all(_is_number(h) for h in header):
        raise InputFileError(path, "line 1 of the table is numbers, not a header of column names")
    return _table(path, tuple(header), rows, lines)


#: The message for a last row without its newline (the file may end inside a number).
_CUT = ("line {}: the file ends inside this row (no newline): it may be truncated in the middle "
        "of a number; if the row is complete, end the file with a newline")


def _table(path: Path, header: tuple[str, ...], rows: list[list[float]],
           lines: list[int]) -> Table:
    """The Table; NaN or inf in a column is an error if it is used and a logged warning if
    not (see :meth:`Table.select`)."""
    data = np.asarray(rows, dtype=np.float64)
    return Table(str(path), header, data, np.asarray(lines))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_LAMMPS_END = re.compile(r"^\s*Loop time of")


def is_lammps_log(path: Path) -> bool:
    """Whether the file is a LAMMPS log: a ``LAMMPS (`` banner in its first 2000 lines, or a
    ``Step …`` thermo header and a ``Loop time of`` line (a log without its banner). A table
    whose header starts with ``Step`` but that has no ``Loop time`` line is a plain table."""
    header = False
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh):
            if number < 2000 and raw.startswith("LAMMPS ("):
                return True
            header = header or _is_header(raw.split())
            if header and _LAMMPS_END.match(raw):
                return True
            if number >= 2000 and not header:
                return False
    return False


@dataclass
class _Run:
    """One thermo table of a LAMMPS log while it is read."""

    header: tuple[str, ...]
    line: int
    rows: list[list[float]]
    lines: list[int]
    finished: bool = False


def _is_header(fields: list[str]) -> bool:
    return fields[:1] == ["Step"] and not any(_is_number(f) for f in fields)


def _read_lammps_log(path: Path, run: int | None, unfinished: bool) -> Table:
    runs: list[_Run] = []
    current: _Run | None = None
    closed: _Run | None = None  # a table ended by a blank line, still waiting for 'Loop time'
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, start=1):
            fields = raw.split()
            if _is_header(fields) or raw.startswith("LAMMPS ("):
                current = closed = None  # a new run or a restarted LAMMPS
            if current is None:
                if _is_header(fields):
                    current = _Run(tuple(fields), number, [], [])
                    runs.append(current)
                elif closed is not None and _LAMMPS_END.match(raw):
                    closed.finished, closed = True, None
                continue
            if _LAMMPS_END.match(raw) or not fields:
                current.finished = bool(_LAMMPS_END.match(raw))
                closed = None if current.finished else current
                current = None
                continue
            if not _is_number(fields[0]):
                logger.info("%s:%d: skipped inside a thermo table: %s", path, number, raw.strip())
                continue
            if len(fields) != len(current.header):
                truncated = not raw.endswith("\n")
                raise InputFileError(path, f"line {number}: {len(fields)} fields where the "
                                     f"thermo header has {len(current.header)}"
                                     + (" (truncated log)" if truncated else ""))
            if not raw.endswith("\n"):
                raise InputFileError(path, _CUT.format(number))
            current.rows.append(_floats(fields, path, number))
            current.lines.append(number)
    runs = [r for r in runs if r.rows]
    if not runs:
        raise InputFileError(path, "no thermo table (a 'Step …' header followed by rows) found")
    if run is not None:
        if isinstance(run, bool) or not -len(runs) <= run < len(runs):
            raise ParameterError("run", run, f"an index of the {len(runs)} runs in {path}")
        chosen = [runs[run]]
    else:
        chosen = [r for r in runs if r.header == runs[-1].header]
    for r in chosen:
        if not (r.finished or unfinished):
            raise InputFileError(path, f"the run whose thermo header is on line {r.line} has no "
                                 "'Loop time' line after its rows (line "
                                 f"{r.lines[-1]}): the run was interrupted or is still "
                                 "running; pick a finished run (run index) or accept it with "
                                 "unfinished=True (the rows present are whole lines)")
    header = chosen[0].header
    rows: list[list[float]] = []
    lines: list[int] = []
    for r in chosen:
        start = 1 if rows and r.rows[0][0] == rows[-1][0] else 0  # continued run repeats a step
        rows.extend(r.rows[start:])
        lines.extend(r.lines[start:])
    return _table(path, header, rows, lines)


def _read_numpy(path: Path) -> Table:
    columns: list[str] = []
    arrays: list[np.ndarray] = []
    if path.suffix.lower() == ".npz":
        for key, value in read_npz(path).items():
            a = np.asarray(value, dtype=np.float64)
            if a.ndim == 1:
                columns.append(key)
                arrays.append(a)
            elif a.ndim == 2:
                columns += [f"{key}[{i + 1}]" for i in range(a.shape[1])]
                arrays += list(a.T)
            else:
                raise InputFileError(path, f"array {key!r} has {a.ndim} dimensions (1 or 2)")
    else:
        loaded = read_npy(path)
        if loaded.dtype.names:
            if loaded.ndim != 1:
                raise InputFileError(path, f"record array of {loaded.ndim} dimensions (1 "
                                     "expected)")
            columns = list(loaded.dtype.names)
            arrays = [np.asarray(loaded[n], dtype=np.float64) for n in columns]
        else:
            a = np.asarray(loaded, dtype=np.float64)
            if a.ndim == 1:
                a = a[:, None]
            if a.ndim != 2:
                raise InputFileError(path, f"array of {a.ndim} dimensions (1 or 2 expected)")
            columns = [str(i) for i in range(a.shape[1])]
            arrays = list(a.T)
    if not arrays:
        raise InputFileError(path, "holds no columns")
    lengths = {x.shape[0] for x in arrays}
    if len(lengths) != 1:
        raise InputFileError(path, f"columns of different lengths {sorted(lengths)}")
    if len(set(columns)) != len(columns):
        raise InputFileError(path, f"repeated column names in {', '.join(columns)}")
    return Table(str(path), tuple(columns), np.column_stack(arrays))


def read_table(path: str | os.PathLike[str], *, run: int | None = None,
               unfinished: bool = False) -> Table:
    """Read a LAMMPS log, whitespace/CSV table or NumPy file (module docstring).

    Parameters
    ----------
    path
        The file; the format comes from the suffix (``.npy``, ``.npz``, ``.csv``) or, for other
        text files, from the content (LAMMPS log or whitespace table).
    run
        LAMMPS logs: index of the run to read (default: the production runs, see above).
    unfinished
        LAMMPS logs: accept a run without its ``Loop time`` line (an interrupted or running
        simulation); by default such a log is refused, as it may end inside a row.

    Raises
    ------
    InputFileError
        Not a readable regular file, malformed or truncated (a last row without its newline,
        a LAMMPS run without ``Loop time``), naming the line; NumPy files whose header does not
        match their size, or that hold complex, object or text arrays.

    Notes
    -----
    NaN or inf in a column is logged as a warning when the file is read and refused (naming
    the line) when the column is used, by :meth:`Table.select`.
    """
    p = input_file(path)
    suffix = p.suffix.lower()
    if suffix in (".npy", ".npz"):
        return _read_numpy(p)
    if suffix == ".csv":
        return _read_text_table(p, ",")
    if is_lammps_log(p):
        return _read_lammps_log(p, run, unfinished)
    return _read_text_table(p, None)
