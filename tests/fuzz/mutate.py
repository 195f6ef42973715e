"""Byte-level mutations of valid input files for the fuzz suite, as hypothesis strategies.

A :class:`Mutation` turns the bytes of a valid file into hostile bytes: truncation at any offset,
bit flips, inserted garbage (including ``nan``, ``inf``, huge exponents, NUL bytes, newlines),
a number token replaced by NaN/inf/huge/negative values (header fields such as node counts,
``valuedim`` and atom counts are numbers too), and the no-op. Each mutation says whether it is a
truncation, because a truncated file may only read back as an error or as a prefix of the
original (a file cut at a frame or row boundary is still a valid, shorter file).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hypothesis import event
from hypothesis import strategies as st

from currentkit.errors import CurrentkitError

T = TypeVar("T")

#: Tokens inserted or substituted: non-finite values, huge counts, separators, binary noise.
HOSTILE = (b"nan", b"NaN", b"inf", b"-inf", b"1e999", b"-1", b"0", b"100000000000",
           b"99999999999999999999", b"\x00", b"\n", b"\r\n", b"#", b" ", b",", b"-", b"e",
           b"\xff\xfe", b"# End: Data Binary 4\n", b"ITEM: TIMESTEP\n", b"Loop time of 1\n")
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Mutation:
    """One mutation: ``kind`` (truncate, flip, insert, number, noop) and its parameters."""

    kind: str
    where: float  # position as a fraction of the file (or of the number tokens)
    payload: bytes = b""
    mask: int = 0

    def apply(self, raw: bytes) -> bytes:
        """The mutated bytes."""
        at = min(int(self.where * len(raw)), max(len(raw) - 1, 0))
        if self.kind == "truncate":
            return raw[: int(self.where * len(raw))]
        if self.kind == "flip":
            return raw[:at] + bytes([raw[at] ^ self.mask]) + raw[at + 1:] if raw else raw
        if self.kind == "insert":
            return raw[:at] + self.payload + raw[at:]
        if self.kind == "number":
            numbers = list(_NUMBER.finditer(raw))
            if not numbers:
                return raw
            m = numbers[min(int(self.where * len(numbers)), len(numbers) - 1)]
            return raw[: m.start()] + self.payload + raw[m.end():]
        return raw

    @property
    def truncation(self) -> bool:
        return self.kind == "truncate"


def mutations(*, region: tuple[float, float] = (0.0, 1.0)) -> st.SearchStrategy[Mutation]:
    """Mutations anywhere in the file, or (``region``) mostly in a part of it, as fractions."""
    low, high = region
    where = st.one_of(st.floats(0.0, 1.0), st.floats(low, high))
    return st.one_of(
        st.builds(Mutation, st.just("truncate"), where),
        st.builds(Mutation, st.just("flip"), where, st.just(b""),
                  st.sampled_from([1, 2, 4, 8, 16, 32, 64, 128, 255])),
        st.builds(Mutation, st.just("insert"), where,
                  st.one_of(st.sampled_from(HOSTILE), st.binary(min_size=1, max_size=8))),
        st.builds(Mutation, st.just("number"), st.floats(0.0, 1.0), st.sampled_from(HOSTILE[:9])),
        st.just(Mutation("noop", 0.0)),
    )


def outcome(read: Callable[[Path], T], path: Path, raw: bytes,
            mutation: Mutation) -> tuple[bytes, T | None]:
    """Write the mutated bytes to ``path`` and read them: (bytes, result or None on a
    :class:`~currentkit.errors.CurrentkitError`). Any other exception fails the test."""
    data = mutation.apply(raw)
    path.write_bytes(data)
    try:
        result = read(path)
    except CurrentkitError as exc:
        event(f"{mutation.kind}: {type(exc).__name__}")
        return data, None
    event(f"{mutation.kind}: read {'unchanged bytes' if data == raw else 'changed bytes'}")
    return data, result
