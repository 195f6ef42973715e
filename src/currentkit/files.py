"""Checks every file reader makes before it reads, and NumPy files read without surprises.

Every reader of currentkit passes its path through :func:`input_file` first: the path must name
an existing, readable, regular file (not a directory, a device such as ``/dev/zero``, a pipe or a
socket), optionally non-empty and below a size limit. NumPy files are read by :func:`read_npy` and
:func:`read_npz`, which never unpickle, and which compare what a header declares (shape × item
size) with the bytes the file holds *before* allocating anything, so that a corrupt header
claiming 10¹¹ rows is an :class:`~currentkit.errors.InputFileError`, not a ``MemoryError``.

Policy for values
-----------------
``allow_complex=False`` (the default) refuses complex arrays instead of silently dropping their
imaginary part; object arrays (pickles), strings, dates and void records of such are always
refused. Non-finite values are the caller's to judge (they are legal in some columns).
"""

from __future__ import annotations

import logging
import math
import os
import stat
import tokenize
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import IO

import numpy as np

from currentkit.errors import InputFileError
from currentkit.resources import available_memory

logger = logging.getLogger(__name__)

#: dtype kinds a NumPy file may hold: booleans, signed and unsigned integers, reals (+ complex).
_REAL_KINDS = "biuf"


def input_file(path: str | os.PathLike[str], *, allow_empty: bool = False,
               max_bytes: int | None = None) -> Path:
    """``path`` as a :class:`~pathlib.Path` once it is known to be a readable regular file.

    Parameters
    ----------
    path
        The file a reader is about to open.
    allow_empty
        Whether a file of 0 bytes is acceptable (no reader of currentkit accepts one).
    max_bytes
        Refuse files larger than this many bytes (``None``: no limit).

    Raises
    ------
    InputFileError
        The path does not exist, is a directory, a device, pipe or socket, cannot be read by
        this user, is empty, or is larger than ``max_bytes``.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputFileError(path, "no such file") from None
    except OSError as exc:  # e.g. a path through a file, a symlink loop, no permission
        raise InputFileError(path, f"cannot be examined ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputFileError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputFileError(path, "is not a regular file (a device, pipe or socket); give a "
                             "file")
    if not os.access(path, os.R_OK):
        raise InputFileError(path, "is not readable (permission denied)")
    if info.st_size == 0 and not allow_empty:
        raise InputFileError(path, "is empty (0 bytes)")
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputFileError(path, f"is {info.st_size} bytes, more than the {max_bytes} this "
                             "reader accepts")
    return path


def _at(where: str, text: str) -> str:
    return f"{where}: {text}" if where else text


def _check_dtype(path: Path, dtype: np.dtype, where: str, allow_complex: bool) -> None:
    fields = dtype.fields
    if fields:
        for name, (sub, *_) in fields.items():
            _check_dtype(path, sub, f"{where} field {name!r}", allow_complex)
        return
    if dtype.hasobject:
        raise InputFileError(path, f"{where} holds Python objects (a pickle), which are "
                             "never loaded; save plain numeric arrays")
    kinds = _REAL_KINDS + ("c" if allow_complex else "")
    if dtype.kind == "c" and not allow_complex:
        raise InputFileError(path, f"{where} holds complex numbers ({dtype}); real numbers "
                             "are expected")
    if dtype.kind not in kinds or dtype.subdtype is not None:
        raise InputFileError(path, f"{where} has dtype {dtype}; numbers are expected")


def _header(path: Path, handle: IO[bytes], where: str) -> tuple[tuple[int, ...], np.dtype, int]:
    """Shape, dtype and data byte count declared by the .npy header at the handle's position."""
    try:
        version = np.lib.format.read_magic(handle)
    except (ValueError, EOFError, OSError):
        raise InputFileError(path, _at(where, "not a .npy file (no '\\x93NUMPY' "
                                         "signature)")) from None
    if version not in ((1, 0), (2, 0)):
        raise InputFileError(path, _at(where, f".npy format version {version[0]}.{version[1]} "
                                       "is not supported (1.0 and 2.0 are)"))
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if version == (1, 0):
                shape, _, dtype = np.lib.format.read_array_header_1_0(handle)
            else:
                shape, _, dtype = np.lib.format.read_array_header_2_0(handle)
        for warning in caught:  # e.g. a header that only Python 2's syntax parses
            logger.warning("%s: %s", path, _at(where, str(warning.message)))
    # NumPy parses the header as a Python literal: tokenizer and parser errors show up too
    except (ValueError, EOFError, OSError, SyntaxError, TypeError, tokenize.TokenError,
            RecursionError) as exc:
        raise InputFileError(path, _at(where, f"corrupt .npy header ({exc})")) from None
    count = math.prod(shape)
    return shape, dtype, count * dtype.itemsize


def _check_size(path: Path, where: str, shape: tuple[int, ...], dtype: np.dtype,
                declared: int, available: int) -> None:
    if declared != available:
        problem = ("truncated or corrupt" if declared > available else
                   "extra bytes after the data: corrupt")
        raise InputFileError(path, _at(where, f"the header declares shape {shape} of {dtype} "
                                         f"({declared} bytes) but {available} bytes of data "
                                         f"follow ({problem})"))
    limit = available_memory()
    if limit is not None and declared > limit:
        raise InputFileError(path, _at(where, f"shape {shape} of {dtype} needs {declared} "
                                         f"bytes, more than this machine's memory ({limit} "
                                         "bytes)"))


def read_npy(path: str | os.PathLike[str], *, allow_complex: bool = False) -> np.ndarray:
    """The array stored in a ``.npy`` file, checked before it is loaded.

    Parameters
    ----------
    path
        The ``.npy`` file.
    allow_complex
        Accept complex arrays (a wavefunction); otherwise they are refused, since converting
        them to reals would drop the imaginary part.

    Raises
    ------
    InputFileError
        Not a regular file, not a ``.npy`` file, an unsupported or corrupt header, a size that
        differs from what the header declares, or a dtype that is not numeric (object arrays are
        never unpickled; complex ones only with ``allow_complex``).
    """
    path = input_file(path)
    size = path.stat().st_size
    with open(path, "rb") as handle:
        shape, dtype, declared = _header(path, handle, "")
        _check_dtype(path, dtype, "the array", allow_complex)
        _check_size(path, "", shape, dtype, declared, size - handle.tell())
        handle.seek(0)
        try:
            return np.load(handle, allow_pickle=False)
        except (ValueError, EOFError, OSError) as exc:  # pragma: no cover (checked above)
            raise InputFileError(path, f"not a readable .npy file ({exc})") from None


def read_npz(path: str | os.PathLike[str], *, allow_complex: bool = False
             ) -> dict[str, np.ndarray]:
    """The arrays of a ``.npz`` archive (``numpy.savez`` or ``savez_compressed``) by name.

    Each member's header is checked against the uncompressed size the archive records before
    it is decompressed, and the archive's checksums are verified while reading.

    Raises
    ------
    InputFileError
        Not a regular file or not a zip archive, a member that is not a ``.npy`` array or whose
        size differs from its header, a non-numeric dtype (see :func:`read_npy`), or a
        checksum error (naming the member).
    """
    path = input_file(path)
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            limit = available_memory()
            total = sum(m.file_size for m in members)
            if limit is not None and total > limit:
                raise InputFileError(path, f"the archive unpacks to {total} bytes, more than "
                                     f"this machine's memory ({limit} bytes)")
            for member in members:
                name = member.filename
                where = f"member {name!r}"
                if not name.endswith(".npy"):
                    raise InputFileError(path, f"{where} is not a .npy array")
                with archive.open(member) as handle:
                    shape, dtype, declared = _header(path, handle, where)
                    _check_dtype(path, dtype, where, allow_complex)
                    _check_size(path, where, shape, dtype, declared,
                                member.file_size - handle.tell())
                    handle.seek(0)
                    arrays[name[:-4]] = np.lib.format.read_array(handle, allow_pickle=False)
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
            ValueError, EOFError, OSError) as exc:
        raise InputFileError(path, f"not a readable .npz archive ({exc})") from None
    if not arrays:
        raise InputFileError(path, "the .npz archive holds no arrays")
    return arrays


__all__ = ["input_file", "read_npy", "read_npz"]
