"""``currentkit tour``: the report that reproduces every phenomenon with theory beside it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from currentkit.cli.common import output_folder, say


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``tour`` subcommand."""
    p = sub.add_parser("tour", help="write the HTML tour of every phenomenon with theory",
                       description="Compute every section of the tour and write FOLDER/index.html "
                       "with its figures.")
    p.add_argument("--output", type=Path, default=Path("report"),
                   help="folder for index.html and figures (default: report)")
    p.add_argument("--sections", help="comma-separated section names (default: all)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Write the tour; exit 1 if a section failed or a number left its tolerance."""
    output_folder(args.output, "--output")
    from currentkit.report import run_tour

    sections = args.sections.split(",") if args.sections else None
    outcome = run_tour(args.output, sections=sections)
    for failure in outcome.failures:
        sys.stderr.write(f"currentkit tour: {failure}\n")
    say(f"wrote {outcome.path}: {outcome.summary}")
    return 0 if outcome.ok else 1
