"""The data block of an OVF segment: text or binary values, checked before they are trusted.

The block starts after ``# Begin: Data <format>`` and must end exactly where the header's node
count × ``valuedim`` say, with ``# End: Data <format>`` (blank space, e.g. the newline after
binary data, allowed in between): a header declaring fewer nodes or a smaller ``valuedim`` than
the data hold would otherwise read the block in the wrong layout. Binary blocks start with the
check value (1234567.0 for 4-byte, 123456789012345.0 for 8-byte floats). NaN and inf are refused
with the line (text) or byte offset (binary) and the node and component they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from currentkit.errors import InputFileError

CHECK_VALUES = {4: 1234567.0, 8: 123456789012345.0}
FORMATS = ("text", "binary 4", "binary 8")
_END_DATA = re.compile(rb"^[ \t]*#[ \t]*end[ \t]*:[ \t]*data", re.IGNORECASE | re.MULTILINE)
#: The ``# End: Data <format>`` line, allowed after blank space only (group 1: the format).
_END_DATA_AT = re.compile(rb"[ \t\r\n]*#[ \t]*end[ \t]*:[ \t]*data[ \t]+([^\r\n]*?)[ \t]*\r?$",
                          re.IGNORECASE | re.MULTILINE)


def _end_line(path: Path, raw: bytes, start: int, fmt: str, what: str) -> None:
    """Check that ``# End: Data <fmt>`` follows the data block at ``start`` (blank space only)."""
    match = _END_DATA_AT.match(raw, start)
    label = match.group(1).decode("ascii", "replace") if match else ""
    if match is None or " ".join(label.lower().split()) != fmt:
        found = raw[start: start + 40].lstrip()[:30]
        raise InputFileError(path, f"byte {start}: {what} is not followed by '# End: Data "
                             f"{fmt}' (found {found!r}): the header's node count or valuedim "
                             "does not match the data, or the file is truncated")


def _text_place(block: bytes, index: int, first_line: int) -> tuple[int, bytes]:
    """File line and token of the ``index``-th number of a text data block."""
    seen = 0
    for k, ln in enumerate(block.split(b"\n")):
        tokens = ln.split(b"#")[0].split()
        if seen + len(tokens) > index:
            return first_line + k, tokens[index - seen]
        seen += len(tokens)
    return first_line, b"?"  # pragma: no cover (index < number of tokens)


def read_values(path: Path, raw: bytes, offset: int, line: int, fmt: str, count: int,
                 big_endian: bool, place: Callable[[int], str]) -> np.ndarray:
    """``count`` finite float64 values of the data block, checked for length, check value,
    the ``# End: Data`` line that must follow and non-finite values (``place(i)`` names the
    node and component of value ``i``)."""
    if fmt == "text":
        match = _END_DATA.search(raw, offset)
        if match is None:
            raise InputFileError(path, f"no '# End: Data Text' line after the data (line "
                                 f"{line + 1} on): the file is truncated")
        block = raw[offset: match.start()]
        if len(block) < 2 * count - 1:  # every value needs a digit and a separator
            raise InputFileError(path, f"data block (line {line + 1} on) is {len(block)} bytes: "
                                 f"too short for the {count} values the header declares")
        _end_line(path, raw, match.start(), fmt, "the text data")
        if b"#" in block:
            block = b"\n".join(ln.split(b"#")[0] for ln in block.split(b"\n"))
        tokens = block.split()
        if len(tokens) != count:
            raise InputFileError(path, f"text data (line {line + 1} on): expected {count} "
                                 f"values (the header's node count × valuedim), found "
                                 f"{len(tokens)}")
        try:
            values = np.array(tokens, dtype=np.float64)
        except ValueError:
            for k, ln in enumerate(block.split(b"\n")):
                for tok in ln.split():
                    try:
                        float(tok)
                    except ValueError:
                        raise InputFileError(path, f"line {line + 1 + k}: {tok[:30]!r} is not a "
                                             "number") from None
            raise  # pragma: no cover (numpy and float() disagree)
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            at, tok = _text_place(block, int(bad[0]), line + 1)
            raise InputFileError(path, f"line {at}: {tok[:30].decode('ascii', 'replace')!r} "
                                 f"({place(int(bad[0]))}) is not finite")
        return values
    size = int(fmt.split()[1])
    dtype = np.dtype(f"{'>' if big_endian else '<'}f{size}")
    available = (len(raw) - offset) // size - 1
    if available < count:
        raise InputFileError(path, f"binary data truncated: expected {count} values (+1 check "
                             f"value) of {size} bytes after line {line}, found {max(available, 0)}")
    values = np.frombuffer(raw, dtype=dtype, count=count + 1, offset=offset)
    if values[0] != CHECK_VALUES[size]:
        other = values[:1].byteswap()[0]
        hint = (" (it matches with the other byte order)" if other == CHECK_VALUES[size]
                else "")
        raise InputFileError(path, f"line {line + 1}: wrong check value {values[0]!r}, expected "
                             f"{CHECK_VALUES[size]!r} for {'big' if big_endian else 'little'}"
                             f"-endian binary {size}{hint}")
    _end_line(path, raw, offset + (count + 1) * size, fmt,
              f"the binary data ({count} values + check value declared by the header)")
    bad = np.flatnonzero(~np.isfinite(values[1:]))
    if bad.size:
        i = int(bad[0])
        raise InputFileError(path, f"byte {offset + (i + 1) * size}: value {values[i + 1]!r} "
                             f"({place(i)}) is not finite")
    return values[1:].astype(np.float64)


__all__ = ["CHECK_VALUES", "FORMATS", "read_values"]
