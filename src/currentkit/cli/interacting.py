"""``currentkit interacting`` (being built in this session; replaced by the module's owner)."""

from __future__ import annotations

import argparse

from currentkit.cli.common import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``interacting`` subcommand."""
    p = sub.add_parser("interacting", help="(under construction)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Refuse: not built yet."""
    raise UsageError("interacting is not built yet")
