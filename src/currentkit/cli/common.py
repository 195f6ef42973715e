"""Shared pieces of the command line: a parser that fails in one line, converters, path checks.

Every command checks its files before it computes: inputs with :func:`input_file`, the result
file with :func:`output_file` (``.nc`` only, in an existing, writable folder, never one of the
inputs), folders with :func:`output_folder`; it refuses a request that would not fit in memory
(:func:`currentkit.resources.require_memory`) and writes through :func:`write_result`, which
refuses a result holding NaN or infinities.
"""

from __future__ import annotations

import argparse
import decimal
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from currentkit.errors import InputFileError
from currentkit.plotting import display_unit

if TYPE_CHECKING:
    import xarray as xr

#: What looks like a negative number (``-1``, ``-.5``, ``-1e-6``, ``-3..3``, ``-inf``, ``-nan``):
#: a value, not an option, for every parser of the command line (no option starts "-digit").
_NEGATIVE_NUMBER = re.compile(r"^-\.?\d|^-(inf|infinity|nan)$", re.IGNORECASE)
#: Integers given in scientific notation (``1e9``) are accepted up to this many digits.
_MAX_INTEGER_DIGITS = 1000
#: Largest seed: numpy's SeedSequence takes any size, but netCDF stores a signed 64-bit integer.
MAX_SEED = 2**63 - 1


class UsageError(Exception):
    """A command-line mistake: reported as one line on stderr with exit code 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are a single line on stderr and exit code 2.

    Arguments that look like negative numbers (``--radius -1e-6``) are values, not options, so
    that a range check (not argparse's "expected one argument") answers them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


def one_line(text: object) -> str:
    """``text`` with its lines joined by ``"; "`` (the CLI's messages are one line)."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return "; ".join(lines)


def _integer(text: str, minimum: int, maximum: int | None = None) -> int:
    """An integer from ``text``; ``1e9`` is accepted when it is an exact integer."""
    try:
        value = int(text)
    except ValueError:
        try:
            number = decimal.Decimal(text.strip())
        except decimal.InvalidOperation:
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        if (not number.is_finite() or number.adjusted() >= _MAX_INTEGER_DIGITS
                or number != number.to_integral_value()):
            raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
        value = int(number)
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and ≤ {maximum}" if maximum is not None else ""
        raise argparse.ArgumentTypeError(f"{value} is not allowed: an integer ≥ {minimum}{upper}")
    return value


def positive_int(text: str) -> int:
    """argparse type: an integer ≥ 1 (``1e3`` accepted)."""
    return _integer(text, 1)


def nonnegative_int(text: str) -> int:
    """argparse type: an integer ≥ 0 (``1e3`` accepted)."""
    return _integer(text, 0)


def seed_int(text: str) -> int:
    """argparse type: a random seed, 0 ≤ seed < 2**63 (netCDF keeps it as a signed 64-bit int)."""
    return _integer(text, 0, MAX_SEED)


def finite_float(text: str) -> float:
    """argparse type: a finite float (NaN and infinities refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: a finite number")
    return value


def in_range(option: str, value: float | None, low: float, high: float, unit: str,
             *, why: str = "where the numerics are meaningful") -> None:
    """Refuse ``|value|`` outside ``[low, high]`` (``None`` passes) with a one-line UsageError."""
    if value is not None and not low <= abs(value) <= high:
        raise UsageError(f"{option} {value:g} is not allowed: {low:g} ≤ |{option.lstrip('-')}| "
                         f"≤ {high:g} {unit} ({why})")


def shown_unit(unit: str) -> str:
    """The one spelling of ``unit`` in the CLI's output (``e*t/hbar`` → ``e·t/ħ``)."""
    return display_unit(unit)


def say(text: str) -> None:
    """Print a summary line for the user on stdout (the CLI's output, not logging)."""
    sys.stdout.write(text + "\n")


def input_file(path: Path, option: str) -> Path:
    """Refuse an input that is missing, a folder or not a regular file, naming ``option``.

    The checks are :func:`currentkit.files.input_file`'s; this adds the option to the message.
    """
    from currentkit.files import input_file as checked

    try:
        return checked(path)
    except InputFileError as exc:
        raise InputFileError(path, f"{exc.problem} ({option})") from None


def _missing_folder(folder: Path) -> Path:
    """The highest folder on the way to ``folder`` that does not exist."""
    missing = folder
    while not missing.parent.exists() and missing.parent != missing:
        missing = missing.parent
    return missing


def _writable_folder(folder: Path, option: str) -> None:
    """Refuse a folder that is missing, not a folder or where no file can be created."""
    if not folder.exists():
        raise UsageError(f"{option}: folder {_missing_folder(folder)} does not exist (create it "
                         "first)")
    if not folder.is_dir():
        raise UsageError(f"{option}: {folder} is not a folder")
    try:  # the only reliable test (root, read-only mounts, /proc): create and remove a file
        fd, probe = tempfile.mkstemp(prefix=".currentkit-probe-", dir=folder)
    except OSError as exc:
        raise UsageError(f"{option}: cannot write in folder {folder} "
                         f"({exc.strerror or type(exc).__name__})") from None
    os.close(fd)
    os.unlink(probe)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def output_file(path: Path, *, inputs: Iterable[Path | None] = (), option: str = "--output",
                figure: bool = True) -> Path:
    """Check the result file ``path`` (and its ``.png`` figure) before any computation.

    Refused: a name not ending in ``.nc`` (the figure's name is derived from it, so the two never
    collide), a path that is a folder or another non-regular file, a folder that does not exist
    or cannot be written, and a path (or figure path) that is one of ``inputs``.
    """
    if path.suffix.lower() != ".nc":
        raise UsageError(f"{option} {path}: the result file must end in .nc"
                         + (" (its figure is written beside it as .png)" if figure else ""))
    targets = [path, path.with_suffix(".png")] if figure else [path]
    for target in targets:
        if target.is_dir():
            raise UsageError(f"{option}: {target} is a directory, not a file name")
        if target.exists() and not target.is_file():
            raise UsageError(f"{option}: {target} exists and is not a regular file")
        for source in inputs:
            if source is not None and target.exists() and _same_file(source, target):
                raise UsageError(f"{option}: {target} is the input file {source}; refusing to "
                                 "overwrite an input")
    _writable_folder(path.absolute().parent, option)
    return path


def output_folder(path: Path, option: str) -> Path:
    """Check a folder the command will create or fill: its parent (or itself) must be writable."""
    if path.exists():
        if not path.is_dir():
            raise UsageError(f"{option}: {path} exists and is not a folder")
        _writable_folder(path, option)
    else:
        _writable_folder(path.absolute().parent, option)
    return path


def write_result(ds: xr.Dataset, path: Path, hint: str) -> Path:
    """Refuse a result with NaN or infinities (naming the variable and ``hint``), then save it."""
    from currentkit.results import require_finite, save_dataset

    require_finite(ds, hint)
    return save_dataset(ds, path)


def load_npy(path: Path, option: str, copies: float = 1.0, *,
             allow_complex: bool = False) -> Any:
    """The array of a ``.npy`` file (:func:`currentkit.files.read_npy`: header checked against
    the file and the memory, never unpickled), and ``copies`` times its size as complex128 must
    fit in the memory available for the work that follows.
    """
    from currentkit.files import read_npy
    from currentkit.resources import COMPLEX, require_memory

    array = read_npy(input_file(path, option), allow_complex=allow_complex)
    require_memory(copies * COMPLEX * array.size, option, str(path),
                   f"array (this one has shape {array.shape})")
    return array
