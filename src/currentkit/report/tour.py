"""Build the tour: every registered section, one HTML page, PNG figures beside it.

A section that raises does not stop the tour: it is logged (with its traceback) at ERROR level
and rendered as a failed section. :func:`run_tour` returns a :class:`Tour` whose ``failures``
list every failed section and every row outside its tolerance, so a command line can exit
non-zero; :func:`write_tour` is the same call returning only the page's path.
"""

from __future__ import annotations

import importlib
import logging
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from currentkit.errors import ParameterError
from currentkit.report.html import render_tour
from currentkit.report.section import Section, failed_section
from currentkit.report.sections import SECTIONS
from currentkit.results import atomic_write

logger = logging.getLogger(__name__)

#: Name of the page written into the tour folder.
INDEX = "index.html"


@dataclass(frozen=True)
class Tour:
    """The outcome of :func:`run_tour`.

    Attributes
    ----------
    path
        Path of the written ``index.html``.
    sections
        The sections in page order (failed ones included, with ``error`` set).
    seconds
        Wall-clock time of the whole tour (s).
    """

    path: Path
    sections: tuple[Section, ...]
    seconds: float

    @property
    def failures(self) -> list[str]:
        """One line per failed section and per row outside its tolerance (empty: all pass)."""
        return tour_failures(self.sections)

    @property
    def ok(self) -> bool:
        """True when every section was built and every row is within tolerance."""
        return not self.failures

    @property
    def summary(self) -> str:
        """One line, e.g. ``"6 sections, 34 rows: all within tolerance (2.6 s)"``."""
        rows = sum(len(s.rows) for s in self.sections)
        failures = len(self.failures)
        verdict = "all within tolerance" if not failures else f"{failures} failure(s)"
        return f"{len(self.sections)} sections, {rows} rows: {verdict} ({self.seconds:.1f} s)"


def tour_failures(sections: Iterable[Section]) -> list[str]:
    """Describe what failed: sections that raised and rows outside their tolerance.

    Returns
    -------
    list of str
        Lines such as ``"temperature: section failed: ValueError: …"`` or
        ``"rotation: f_eff …: computed 5.4e-05, theory 5.43e-05, |rel. dev.| ≤ 1e-06 violated"``;
        empty when the tour passes.
    """
    lines: list[str] = []
    for section in sections:
        label = section.name or section.title
        if section.error is not None:
            lines.append(f"{label}: section failed: {section.error}")
        for row in section.failed_rows:
            lines.append(f"{label}: {row.quantity}: computed {row.computed:.7g} {row.unit}, "
                         f"theory {row.theory:.7g}, {row.criterion} violated")
    return lines


def _resolve(sections: Sequence[str] | None) -> tuple[str, ...]:
    if sections is None:
        return SECTIONS
    if isinstance(sections, str):
        raise ParameterError("sections", sections, "a sequence of section names, not one string")
    names = tuple(sections)
    for name in names:
        if name not in SECTIONS:
            raise ParameterError("sections", name, f"one of {', '.join(SECTIONS)}")
    return names


def build_section(name: str, folder: Path) -> Section:
    """Build one registered section; an exception becomes a failed :class:`Section`.

    The section's figures must exist in ``folder`` after ``build``; a missing one fails it.
    """
    start = time.perf_counter()
    try:
        module = importlib.import_module(f"currentkit.report.sections.{name}")
        section = module.build(folder)
        if not isinstance(section, Section):
            raise TypeError(f"build() returned {type(section).__name__}, not a Section")
        missing = [fig for fig in section.figures if not (folder / fig).is_file()]
        if missing:
            raise FileNotFoundError(f"figure(s) not written: {', '.join(missing)}")
    except Exception as exc:  # a broken section must not stop the tour
        seconds = time.perf_counter() - start
        message = f"{type(exc).__name__}: {exc}"
        logger.error("tour section %s failed after %.2f s: %s", name, seconds, message,
                     exc_info=exc)
        return failed_section(name, message, seconds=seconds)
    seconds = time.perf_counter() - start
    section = replace(section, name=name, seconds=seconds)
    bad = section.failed_rows
    log = logger.warning if bad else logger.info
    log("tour section %s: %d rows, %d outside tolerance, %d figures (%.2f s)",
        name, len(section.rows), len(bad), len(section.figures), seconds)
    return section


def _write_atomically(path: Path, text: str) -> None:
    def write(tmp: str) -> None:
        Path(tmp).write_text(text, encoding="utf-8")

    atomic_write(path, write)  # the user's umask, never a half page under the final name


def run_tour(folder: str | os.PathLike[str], *, sections: Sequence[str] | None = None) -> Tour:
    """Build the sections, write ``folder/index.html`` (atomically) and report the outcome.

    Parameters
    ----------
    folder
        Output folder (created if needed); the page and the PNG figures are written into it.
    sections
        Registry names to build, in the given order; ``None`` for all of :data:`SECTIONS`.

    Returns
    -------
    Tour
        The page path, the sections and :attr:`Tour.failures` (empty when everything passes).

    Raises
    ------
    ParameterError
        If a name in ``sections`` is not registered (before anything is built).
    """
    names = _resolve(sections)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    logger.info("tour: building %d sections into %s", len(names), out)
    built = tuple(build_section(name, out) for name in names)
    seconds = time.perf_counter() - start
    index = out / INDEX
    _write_atomically(index, render_tour(built, seconds=seconds))
    tour = Tour(path=index, sections=built, seconds=seconds)
    failures = tour.failures
    if failures:
        logger.error("tour: %d failure(s) in %.1f s; wrote %s", len(failures), seconds, index)
    else:
        logger.info("tour: all %d sections pass in %.1f s; wrote %s", len(built), seconds, index)
    return tour


def write_tour(folder: str | os.PathLike[str], *, sections: Sequence[str] | None = None) -> Path:
    """Build the tour into ``folder`` and return the path of its ``index.html``.

    The same as ``run_tour(folder, sections=sections).path``; use :func:`run_tour` (or
    :func:`tour_failures` on its sections) to learn whether anything failed.
    """
    return run_tour(folder, sections=sections).path
