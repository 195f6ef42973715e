"""``currentkit tour``: the report that reproduces every phenomenon with theory beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from currentkit.cli.common import UsageError, positive_int, say

if TYPE_CHECKING:
    from currentkit.report.tour import Progress


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``tour`` subcommand."""
    p = sub.add_parser("tour", help="write the HTML tour of every phenomenon with theory",
                       description="Compute every section of the tour and write FOLDER/index.html "
                       "with its figures. One progress line per section goes to stderr.")
    p.add_argument("--output", type=Path, default=Path("report"),
                   help="folder for index.html and figures (default: report)")
    p.add_argument("--sections", metavar="A,B,…",
                   help="comma-separated section names, built in that order (default: all)")
    p.add_argument("--full", action="store_true",
                   help="full size: recompute the long simulations the quick tour reads from "
                   "stored results keyed by their exact inputs (the TDGL ring: minutes)")
    p.add_argument("--jobs", type=positive_int, default=1, metavar="N",
                   help="build N sections at once, each in its own process (default 1; 2 "
                   "about halves the time on an idle 2-core machine)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress lines on stderr")
    # -v here too, so that `currentkit tour -v` (and `./run tour -v`) works; SUPPRESS keeps a
    # `currentkit -v tour` given before the subcommand.
    p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                   help="log progress to stderr")
    p.set_defaults(run=run)


def _section_names(text: str | None) -> list[str] | None:
    """The names of ``--sections``; an unknown one is a one-line error listing the known ones."""
    from currentkit.report import SECTIONS

    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SECTIONS]
    if unknown or not names:
        what = f"unknown section(s) {', '.join(unknown)}" if unknown else "no section named"
        raise UsageError(f"--sections: {what}; known: {', '.join(SECTIONS)}")
    return names


def _print_progress(progress: Progress) -> None:
    from currentkit.report.tour import progress_line

    line = progress_line(progress)
    if progress.phase == "start":
        if sys.stderr.isatty():  # on a terminal, show which section is running now
            sys.stderr.write(line + "\r")
            sys.stderr.flush()
        return
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    """Write the tour; exit 1 if a section failed or a number left its tolerance."""
    from currentkit.report import run_tour

    sections = _section_names(args.sections)
    outcome = run_tour(args.output, sections=sections, full=args.full, jobs=args.jobs,
                       progress=None if args.quiet else _print_progress)
    for failure in outcome.failures:
        sys.stderr.write(f"currentkit tour: {failure}\n")
    say(f"wrote {outcome.path}: {outcome.summary}")
    return 0 if outcome.ok else 1
