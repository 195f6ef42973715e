"""Running the command line in this process and checking the one-line-error contract."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from currentkit.cli.main import main


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def run(argv: Sequence[str | Path | float | int]) -> Outcome:
    """``currentkit ARGV`` in this process; argparse's SystemExit becomes an exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code) if isinstance(exc.code, int) else 2
    return Outcome(code, out.getvalue(), err.getvalue())


def user_error(argv: Sequence[str | Path | float | int], *words: str) -> str:
    """Assert exit 2 with exactly one line on stderr holding every word; return that line."""
    result = run(argv)
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err  # one line, no traceback
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]
