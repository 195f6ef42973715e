"""Entry point of the ``currentkit`` command: parse, dispatch, turn user errors into one line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from currentkit.cli import bound, ensemble, interacting, kubo, particles, ring, scring, tour, waves
from currentkit.cli.common import Parser, UsageError
from currentkit.errors import ConvergenceError, CurrentkitError
from currentkit.results import version

GROUPS = (ring, ensemble, interacting, scring, particles, kubo, waves, bound, tour)


def build_parser() -> Parser:
    """The full argument parser (one subcommand per group module)."""
    parser = Parser(prog="currentkit", description="Currents in physics, checked against theory.")
    parser.add_argument("--version", action="version", version=f"currentkit {version()}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; errors print one line on stderr.

    Exit codes: 2 for a user error (a bad parameter or input file), 1 when valid inputs meet a
    numerical method that did not converge (:class:`~currentkit.errors.ConvergenceError`: not the
    user's fault), 130 on Ctrl-C.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.run(args))
    except ConvergenceError as exc:
        sys.stderr.write(f"currentkit {args.command}: computation failed: {exc}\n")
        return 1
    except (CurrentkitError, UsageError) as exc:
        sys.stderr.write(f"currentkit {args.command}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("currentkit: interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
