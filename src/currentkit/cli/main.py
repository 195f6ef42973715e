"""Entry point of the ``currentkit`` command: parse, dispatch, turn user errors into one line.

The heavy modules (NumPy, xarray, the domain packages) are imported inside :func:`main`, under
the same ``try`` that turns Ctrl-C into ``currentkit: interrupted`` and exit code 130, so an
interrupt during start-up never shows a traceback.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from currentkit.cli.common import Parser

#: Exit codes: user errors and interrupts.
USAGE = 2
FAILED = 1
INTERRUPTED = 130
BROKEN_PIPE = 141
#: Loggers of the embedded Dask cluster: their INFO lines (and the shutdown noise after an
#: interrupt), and MDAnalysis's notes about optional packages, are shown only with -v.
_QUIET_LOGGERS = ("distributed", "tornado", "asyncio", "bokeh", "MDAnalysis")


def build_parser() -> Parser:
    """The full argument parser (one subcommand per group module)."""
    from currentkit.cli import (
        bound,
        ensemble,
        interacting,
        kubo,
        particles,
        qubit,
        ring,
        scring,
        tour,
        waves,
    )
    from currentkit.cli.common import Parser
    from currentkit.results import version

    parser = Parser(prog="currentkit", description="Currents in physics, checked against theory.")
    parser.add_argument("--version", action="version", version=f"currentkit {version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in (ring, ensemble, interacting, scring, qubit, particles, kubo, waves, bound,
                  tour):
        group.register(sub)
    return parser


class _Shown(logging.Filter):
    """What the command line prints: everything with -v; without it WARNING and above from
    currentkit (nothing from Dask, tornado, MDAnalysis…) and the store's "resuming: …" line
    (the user should know that finished work was reused)."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        if self.verbose:
            return True
        if record.name.split(".")[0] in _QUIET_LOGGERS:  # Dask's own account of a lost
            return False  # scheduler or a closing cluster: the command's error says it once
        return record.levelno >= logging.WARNING or record.getMessage().startswith("resuming")


class _Stderr(logging.StreamHandler):
    """The command line's handler: writes to whatever ``sys.stderr`` is now."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:  # StreamHandler.__init__ assigns one: ignored
        pass


def _logging(verbose: bool) -> None:
    """Install the command line's one handler (once) and say what it shows; other handlers and
    the library's loggers are left as they are."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _Stderr)), None)
    if handler is None:
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    handler.filters = [_Shown(verbose)]
    root.setLevel(logging.INFO)
    # The embedded Dask cluster logs INFO lines in this process and in its workers, which read
    # the level from the environment when they import distributed.
    level = "info" if verbose else "error"
    os.environ["DASK_LOGGING__DISTRIBUTED"] = level
    if "dask" in sys.modules:
        import dask

        dask.config.set({"logging.distributed": level})
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(level.upper())


def _options(argv: Sequence[str]) -> str:
    """The numeric options given, e.g. ``--radius 1e300, --flux-points 2e9``."""
    given = []
    for option, value in itertools.pairwise(argv):
        if option.startswith("--"):
            try:
                float(value.split(",")[0].split("..")[0])
            except ValueError:
                continue
            given.append(f"{option} {value}")
    return ", ".join(given) or "the arguments"


def _main(argv: Sequence[str] | None) -> int:
    from currentkit.cli.common import UsageError, one_line
    from currentkit.errors import ConvergenceError, CurrentkitError

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    _logging(args.verbose)
    where = f"currentkit {args.command}"
    try:
        with warnings.catch_warnings():
            if not args.verbose:  # NumPy's overflow/invalid warnings: the result check decides
                warnings.simplefilter("ignore", RuntimeWarning)
            return int(args.run(args))
    except ConvergenceError as exc:  # valid inputs, a method that failed: not a usage error
        sys.stderr.write(f"{where}: computation failed: {one_line(exc)}\n")
        return FAILED
    except (CurrentkitError, UsageError) as exc:
        sys.stderr.write(f"{where}: error: {one_line(exc)}\n")
    except (OverflowError, FloatingPointError, ZeroDivisionError) as exc:
        sys.stderr.write(f"{where}: error: the numbers overflowed ({type(exc).__name__}: "
                         f"{one_line(exc)}) with {_options(argv)}: use values of ordinary "
                         "size\n")
    except MemoryError:
        sys.stderr.write(f"{where}: error: out of memory with {_options(argv)}: make the "
                         "request smaller\n")
    return USAGE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; errors print one line on stderr.

    Exit codes: 2 for a user error (a bad parameter or input file), 1 when valid inputs meet a
    numerical method that did not converge (:class:`~currentkit.errors.ConvergenceError`: not the
    user's fault), 130 on Ctrl-C, 141 when the reader of stdout went away.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        sys.stderr.write("currentkit: interrupted\n")
        return INTERRUPTED
    except BrokenPipeError:  # `currentkit … | head`: the reader left; say nothing more
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
