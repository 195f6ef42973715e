"""Readers of current time series: LAMMPS logs, whitespace or CSV tables, NumPy files.

Every reader returns a :class:`Table`: named columns of floats and, for text files, the file line
of each row so that errors can name it. Formats:

* **LAMMPS log** (``log.lammps`` or any file whose thermo header starts with ``Step``): each
  ``run`` prints a header line (``Step Temp c_flux[1] …``) followed by rows until ``Loop time``.
  ``WARNING:`` and other non-numeric lines inside a table are skipped, a row with the wrong
  number of fields is an error naming its line (at the end of the file: a truncated log). Runs
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
            rows.append(_floats(fields, path, number))
            lines.append(number)
    if header is None or not rows:
        raise InputFileError(path, "no header line and data rows found")
    if all(_is_number(h) for h in header):
        raise InputFileError(path, "line 1 of the table is numbers, not a header of column names")
    return Table(str(path), tuple(header), np.asarray(rows), np.asarray(lines))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_LAMMPS_END = re.compile(r"^\s*Loop time of")


def is_lammps_log(path: Path) -> bool:
    """Whether the file looks like a LAMMPS log (``LAMMPS (`` banner or a ``Step`` header)."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        for _, raw in zip(range(2000), fh, strict=False):
            if raw.startswith("LAMMPS (") or raw.split()[:1] == ["Step"]:
                return True
    return False


def _read_lammps_log(path: Path, run: int | None) -> Table:
    runs: list[tuple[tuple[str, ...], list[list[float]], list[int]]] = []
    current: tuple[tuple[str, ...], list[list[float]], list[int]] | None = None
    with open(path, encoding="utf-8", errors="replace") as fh:
        for number, raw in enumerate(fh, start=1):
            fields = raw.split()
            if current is None:
                if fields[:1] == ["Step"] and not any(_is_number(f) for f in fields):
                    current = (tuple(fields), [], [])
                    runs.append(current)
                continue
            if _LAMMPS_END.match(raw) or not fields:
                current = None
                continue
            if not _is_number(fields[0]):
                logger.info("%s:%d: skipped inside a thermo table: %s", path, number, raw.strip())
                continue
            header = current[0]
            if len(fields) != len(header):
                truncated = not raw.endswith("\n")
                raise InputFileError(path, f"line {number}: {len(fields)} fields where the "
                                     f"thermo header has {len(header)}"
                                     + (" (truncated log)" if truncated else ""))
            current[1].append(_floats(fields, path, number))
            current[2].append(number)
    runs = [r for r in runs if r[1]]
    if not runs:
        raise InputFileError(path, "no thermo table (a 'Step …' header followed by rows) found")
    if run is not None:
        if isinstance(run, bool) or not -len(runs) <= run < len(runs):
            raise ParameterError("run", run, f"an index of the {len(runs)} runs in {path}")
        chosen = [runs[run]]
    else:
        chosen = [r for r in runs if r[0] == runs[-1][0]]
    header = chosen[0][0]
    rows: list[list[float]] = []
    lines: list[int] = []
    for _, r_rows, r_lines in chosen:
        start = 1 if rows and r_rows[0][0] == rows[-1][0] else 0  # continued run repeats a step
        rows.extend(r_rows[start:])
        lines.extend(r_lines[start:])
    return Table(str(path), header, np.asarray(rows), np.asarray(lines))


def _read_numpy(path: Path) -> Table:
    try:
        loaded = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise InputFileError(path, f"not a readable NumPy file ({exc})") from exc
    columns: list[str] = []
    arrays: list[np.ndarray] = []
    if isinstance(loaded, np.lib.npyio.NpzFile):
        with loaded:
            for key in loaded.files:
                a = np.asarray(loaded[key], dtype=np.float64)
                if a.ndim == 1:
                    columns.append(key)
                    arrays.append(a)
                elif a.ndim == 2:
                    columns += [f"{key}[{i + 1}]" for i in range(a.shape[1])]
                    arrays += list(a.T)
                else:
                    raise InputFileError(path, f"array {key!r} has {a.ndim} dimensions (1 or 2)")
    elif loaded.dtype.names:
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
    lengths = {x.shape[0] for x in arrays}
    if len(lengths) != 1:
        raise InputFileError(path, f"columns of different lengths {sorted(lengths)}")
    return Table(str(path), tuple(columns), np.column_stack(arrays))


def read_table(path: str | os.PathLike[str], *, run: int | None = None) -> Table:
    """Read a LAMMPS log, whitespace/CSV table or NumPy file (module docstring).

    Parameters
    ----------
    path
        The file; the format comes from the suffix (``.npy``, ``.npz``, ``.csv``) or, for other
        text files, from the content (LAMMPS log or whitespace table).
    run
        LAMMPS logs: index of the run to read (default: the production runs, see above).

    Raises
    ------
    InputFileError
        Missing, unreadable, truncated or malformed files (naming the line).
    """
    p = Path(path)
    if not p.is_file():
        raise InputFileError(p, "no such file")
    suffix = p.suffix.lower()
    if suffix in (".npy", ".npz"):
        return _read_numpy(p)
    if suffix == ".csv":
        return _read_text_table(p, ",")
    if is_lammps_log(p):
        return _read_lammps_log(p, run)
    return _read_text_table(p, None)
