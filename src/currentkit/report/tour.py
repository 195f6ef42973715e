"""Build the tour: every registered section, one HTML page, PNG figures beside it.

A section that raises does not stop the tour: it is logged (with its traceback) at ERROR level
and rendered as a failed section. :func:`run_tour` returns a :class:`Tour` whose ``failures``
list every failed section and every row outside its tolerance, so a command line can exit
non-zero; :func:`write_tour` is the same call returning only the page's path.

A ``progress`` callback receives a :class:`Progress` before and after each section (which section,
its wall and CPU time, an estimate of the time left); :func:`progress_line` formats it as one line,
e.g. ``[ 5/22] tdgl_ring … 12.3 s (cpu 11.8 s, ≈ 40 s left)``.
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from currentkit.errors import ParameterError
from currentkit.report.html import render_tour
from currentkit.report.section import Section, failed_section, full_size_mode
from currentkit.report.sections import SECTIONS

logger = logging.getLogger(__name__)

#: Name of the page written into the tour folder.
INDEX = "index.html"

#: Typical CPU time of each section (s, measured on a 2-core machine, one process): only the
#: *proportions* matter, they weight the estimate of the time left. Unlisted sections count 2 s.
_TYPICAL_SECONDS: dict[str, float] = {
    "aharonov_bohm": 1.0, "two_fermions": 0.3, "sawtooth_parity": 0.4, "temperature": 0.8,
    "rotation": 1.7, "bosons": 0.3, "disordered_samples": 3.1, "typical_current": 8.9,
    "impurity_barrier": 2.0, "interacting": 3.0, "meissner": 0.9, "fluxoid_parabolas": 0.4,
    "sweep_hysteresis": 0.6, "tdgl_ring": 0.8, "counting_wire": 3.9, "current_density_map": 2.8,
    "green_kubo": 2.8, "barrier_packet": 8.6, "current_zeros": 0.4, "vortex_lattice": 0.3,
    "bound_currents": 0.6, "chern_ribbon": 1.2,
}
_DEFAULT_SECONDS = 2.0
#: Typical one-off cost of the first section's imports (NumPy, SciPy, xarray, matplotlib; s).
_STARTUP_SECONDS = 2.0


@dataclass(frozen=True)
class Progress:
    """Where the tour stands, passed to :func:`run_tour`'s ``progress`` callback.

    Attributes
    ----------
    phase
        ``"start"`` just before section ``index`` is built, ``"done"`` just after.
    index, total
        1-based position of the section and the number of sections.
    name
        Registry name of the section.
    seconds, cpu_seconds
        Wall-clock and CPU time of this section (s; 0 at ``"start"``).
    left_seconds
        Estimated wall-clock time for the sections still to build (s; 0 after the last), from
        their typical cost scaled by how fast the finished ones went; NaN at ``"start"``.
    passed
        Whether the section was built with every row in tolerance (``True`` at ``"start"``).
    """

    phase: Literal["start", "done"]
    index: int
    total: int
    name: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    left_seconds: float = math.nan
    passed: bool = True


def progress_line(progress: Progress) -> str:
    """One line for a finished section, e.g. ``[ 5/22] tdgl_ring … 12.3 s (cpu 11.8 s, ≈ 40 s
    left)``; the ``"start"`` event gives only the prefix ``[ 5/22] tdgl_ring …``."""
    width = len(str(progress.total))
    head = f"[{progress.index:>{width}}/{progress.total}] {progress.name} …"
    if progress.phase == "start":
        return head
    verdict = "" if progress.passed else " FAILED"
    left = ("" if progress.index == progress.total or not math.isfinite(progress.left_seconds)
            else f", ≈ {progress.left_seconds:.0f} s left")
    return f"{head} {progress.seconds:.1f} s{verdict} (cpu {progress.cpu_seconds:.1f} s{left})"


def _time_left(done: Sequence[str], remaining: Sequence[str], elapsed: float) -> float:
    """Typical cost of the ``remaining`` sections scaled by elapsed / typical cost of ``done``
    (the first section carries the one-off imports). The same with several processes: both
    the elapsed time and the time left shrink by the number of processes."""
    def typical(name: str) -> float:
        return _TYPICAL_SECONDS.get(name, _DEFAULT_SECONDS)

    so_far = _STARTUP_SECONDS + sum(typical(name) for name in done)
    return elapsed / so_far * sum(typical(name) for name in remaining)


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
    start, cpu = time.perf_counter(), time.process_time()
    try:
        module = importlib.import_module(f"currentkit.report.sections.{name}")
        section = module.build(folder)
        if not isinstance(section, Section):
            raise TypeError(f"build() returned {type(section).__name__}, not a Section")
        missing = [fig for fig in section.figures if not (folder / fig).is_file()]
        if missing:
            raise FileNotFoundError(f"figure(s) not written: {', '.join(missing)}")
    except Exception as exc:  # a broken section must not stop the tour
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        message = f"{type(exc).__name__}: {exc}"
        logger.error("tour section %s failed after %.2f s: %s", name, seconds, message,
                     exc_info=exc)
        return failed_section(name, message, seconds=seconds, cpu_seconds=cpu_seconds)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    section = replace(section, name=name, seconds=seconds, cpu_seconds=cpu_seconds)
    bad = section.failed_rows
    log = logger.warning if bad else logger.info
    log("tour section %s: %d rows, %d outside tolerance, %d figures (%.2f s, cpu %.2f s)",
        name, len(section.rows), len(bad), len(section.figures), seconds, cpu_seconds)
    return section


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the page is meant to be served and shared
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _build_in_worker(name: str, folder: str, full: bool) -> Section:
    with full_size_mode(full):
        return build_section(name, Path(folder))


def _build_parallel(names: Sequence[str], out: Path, *, full: bool, jobs: int,
                    progress: Callable[[Progress], None] | None) -> list[Section]:
    """Build ``names`` in ``jobs`` fresh processes, longest first; results in ``names`` order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    start = time.perf_counter()
    order = sorted(range(len(names)),
                   key=lambda k: -_TYPICAL_SECONDS.get(names[k], _DEFAULT_SECONDS))
    built: dict[int, Section] = {}
    # "spawn": fresh interpreters, safe with threads in this one and alike on every platform
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_build_in_worker, names[k], str(out), full): k for k in order}
        for count, future in enumerate(as_completed(futures), start=1):
            k = futures[future]
            try:
                section = future.result()
            except Exception as exc:  # the worker itself died; build_section catches the rest
                logger.error("tour section %s: worker failed: %s", names[k], exc)
                section = failed_section(names[k], f"{type(exc).__name__}: {exc}")
            built[k] = section
            if progress is not None:
                done = [names[j] for j in built]
                remaining = [names[j] for j in order if j not in built]
                left = _time_left(done, remaining, time.perf_counter() - start)
                progress(Progress("done", count, len(names), names[k], section.seconds,
                                  section.cpu_seconds, left, section.passed))
    return [built[k] for k in range(len(names))]


def run_tour(
    folder: str | os.PathLike[str],
    *,
    sections: Sequence[str] | None = None,
    full: bool = False,
    progress: Callable[[Progress], None] | None = None,
    jobs: int = 1,
) -> Tour:
    """Build the sections, write ``folder/index.html`` (atomically) and report the outcome.

    Parameters
    ----------
    folder
        Output folder (created if needed); the page and the PNG figures are written into it.
    sections
        Registry names to build, in the given order; ``None`` for all of :data:`SECTIONS`.
    full
        Full size: sections recompute what they otherwise take from a stored result or shrink
        (see :func:`currentkit.report.section.full_size`); minutes instead of about a minute.
    progress
        Called with a :class:`Progress` before and after each section (e.g. to print
        :func:`progress_line`); ``None`` for no callback.
    jobs
        Sections built at once, each in its own process (``1``: in this process, in order).
        With several, the longest sections start first, ``progress`` hears of each section
        as it finishes (no ``"start"`` events), and the workers' log records below WARNING
        are not shown; the page lists the sections in the given order either way.

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
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError("jobs", jobs, "a whole number of processes ≥ 1")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    logger.info("tour: building %d sections into %s%s", len(names), out,
                " (full size)" if full else "")
    if jobs > 1 and len(names) > 1:
        built = _build_parallel(names, out, full=full, jobs=jobs, progress=progress)
    else:
        built = []
        with full_size_mode(full):
            for position, name in enumerate(names, start=1):
                if progress is not None:
                    progress(Progress("start", position, len(names), name))
                section = build_section(name, out)
                built.append(section)
                if progress is not None:
                    left = _time_left(names[:position], names[position:],
                                      time.perf_counter() - start)
                    progress(Progress("done", position, len(names), name, section.seconds,
                                      section.cpu_seconds, left, section.passed))
    seconds = time.perf_counter() - start
    index = out / INDEX
    _write_atomically(index, render_tour(built, seconds=seconds))
    tour = Tour(path=index, sections=tuple(built), seconds=seconds)
    failures = tour.failures
    if failures:
        logger.error("tour: %d failure(s) in %.1f s; wrote %s", len(failures), seconds, index)
    else:
        logger.info("tour: all %d sections pass in %.1f s; wrote %s", len(built), seconds, index)
    return tour


def write_tour(folder: str | os.PathLike[str], *, sections: Sequence[str] | None = None,
               full: bool = False, jobs: int = 1) -> Path:
    """Build the tour into ``folder`` and return the path of its ``index.html``.

    The same as ``run_tour(folder, sections=sections, full=full, jobs=jobs).path``; use
    :func:`run_tour` (or :func:`tour_failures` on its sections) to learn whether anything failed.
    """
    return run_tour(folder, sections=sections, full=full, jobs=jobs).path
