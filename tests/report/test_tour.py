"""The tour: page and figures written, every row within tolerance, failures contained."""

from __future__ import annotations

import importlib
import logging
import math
import re
from pathlib import Path

import pytest

from currentkit.cli.main import main
from currentkit.errors import ParameterError
from currentkit.report import SECTIONS, Row, Section, Tour, run_tour, tour_failures, write_tour
from currentkit.report.html import render_tour
from currentkit.report.section import quoted_tolerance
from currentkit.report.tour import Progress, progress_line

#: Words of the project's internal working that a reader of the tour must never meet.
INTERNAL_WORDS = ("PHYSICS.md", "DESIGN.md", "shared", "the issue", "issue's", "session")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tour(tmp_path_factory: pytest.TempPathFactory) -> Tour:
    return run_tour(tmp_path_factory.mktemp("tour") / "report")


def _section_module(name: str) -> object:
    return importlib.import_module(f"currentkit.report.sections.{name}")


def test_index_references_every_figure_as_valid_png(tour: Tour) -> None:
    assert tour.path.name == "index.html" and tour.path.is_file()
    page = tour.path.read_text(encoding="utf-8")
    referenced = set(re.findall(r'<img src="([^"]+)"', page))
    declared = {fig for section in tour.sections for fig in section.figures}
    assert referenced == declared
    assert len(declared) >= len(SECTIONS)
    for name in declared:
        data = (tour.path.parent / name).read_bytes()
        assert data.startswith(PNG_SIGNATURE), name
        assert data[12:16] == b"IHDR" and len(data) > 10_000, name
    leftovers = [p.name for p in tour.path.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # atomic writes leave no temporary files


def test_page_speaks_to_readers_not_to_the_project(tour: Tour) -> None:
    page = tour.path.read_text(encoding="utf-8")
    for word in INTERNAL_WORDS:
        assert word.lower() not in page.lower(), word
    assert "synthetic" not in page  # the bound-currents section reads the shipped OOMMF file


def test_summary_table_lists_every_section_with_its_rows(tour: Tour) -> None:
    page = tour.path.read_text(encoding="utf-8")
    table = page[page.index('<table class="summary">'):]
    table = table[: table.index("</table>")]
    assert page.index('<table class="summary">') < page.index("<section ")  # at the top
    for section in tour.sections:
        row = re.search(rf'<tr><td><a href="#{section.name}">.*?</tr>', table)
        assert row is not None, section.name
        cells = re.findall(r'<td class="n">([^<]*)</td>', row.group(0))
        assert cells[:2] == [str(len(section.rows))] * 2  # rows, passing
        assert float(cells[2]) <= 1.0 or cells[2] == "—"  # max |deviation|/tolerance
    total = sum(len(s.rows) for s in tour.sections)
    assert f'<th>all {len(SECTIONS)} sections</th><th class="n">{total}</th>' in table


def test_tour_builds_every_section_in_order(tour: Tour) -> None:
    assert [s.name for s in tour.sections] == list(SECTIONS)
    assert tour.ok and tour.failures == []
    assert tour.summary.startswith(f"{len(SECTIONS)} sections, ") and "all within" in tour.summary
    assert tour.seconds > 0  # measured and reported (no timing asserts: speed lives in benches/)
    page = tour.path.read_text(encoding="utf-8")
    for section in tour.sections:
        assert f'<section id="{section.name}">' in page
        assert section.rows and section.seconds > 0 and section.cpu_seconds > 0


@pytest.mark.parametrize("name", SECTIONS)
def test_section_rows_within_tolerance(tour: Tour, name: str) -> None:
    (section,) = [s for s in tour.sections if s.name == name]
    assert section.error is None
    assert not section.failed_rows, tour_failures([section])
    for row in section.rows:
        assert math.isfinite(row.computed) and row.unit


def test_write_tour_returns_index(tmp_path: Path) -> None:
    path = write_tour(tmp_path, sections=["two_fermions"])
    assert path == tmp_path / "index.html"
    assert "two_fermions.png" in path.read_text(encoding="utf-8")


def test_raising_section_is_rendered_failed_and_others_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(folder: Path) -> Section:
        raise RuntimeError("boom <b>&</b>")

    monkeypatch.setattr(_section_module("two_fermions"), "build", boom)
    with caplog.at_level(logging.INFO, logger="currentkit.report"):
        result = run_tour(tmp_path, sections=["two_fermions", "bosons"])
    failed, fine = result.sections
    assert failed.error == "RuntimeError: boom <b>&</b>" and not failed.passed
    assert fine.passed and (tmp_path / "bosons.png").is_file()
    assert result.failures == ["two_fermions: section failed: RuntimeError: boom <b>&</b>"]
    assert any(r.levelno == logging.ERROR and "two_fermions" in r.getMessage()
               for r in caplog.records)
    page = result.path.read_text(encoding="utf-8")
    assert "boom &lt;b&gt;&amp;&lt;/b&gt;" in page and "<b>&" not in page
    assert 'class="fail">FAIL' in page and '<section id="bosons">' in page


def test_row_outside_tolerance_fails_the_tour(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def wrong(folder: Path) -> Section:
        return Section("Wrong", "A deliberately wrong number.",
                       rows=(Row("two", 2.1, 2.0, "1", 1e-3), Row("one", 1.0, 1.0, "1", 0.0)))

    monkeypatch.setattr(_section_module("bosons"), "build", wrong)
    result = run_tour(tmp_path, sections=["bosons"])
    (section,) = result.sections
    assert section.error is None and [r.quantity for r in section.failed_rows] == ["two"]
    assert not result.ok and len(result.failures) == 1 and "1 failure(s)" in result.summary
    assert result.failures[0].startswith("bosons: two: computed 2.1")


def test_missing_figure_or_wrong_return_fails_section(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_section_module("bosons"), "build",
                        lambda folder: Section("No figure", "", figures=("absent.png",)))
    monkeypatch.setattr(_section_module("rotation"), "build", lambda folder: "not a section")
    result = run_tour(tmp_path, sections=["bosons", "rotation"])
    errors = [s.error or "" for s in result.sections]
    assert "absent.png" in errors[0] and errors[1].startswith("TypeError")
    assert len(result.failures) == 2


def test_html_escapes_section_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    evil = Section(
        title='<script>alert("t")</script>',
        intro="a < b & c > d\n\nsecond <i>paragraph</i>",
        rows=(Row("x<y", 1.0, 1.0, "<unit>", 0.0, note="n&m"),),
    )
    monkeypatch.setattr(_section_module("bosons"), "build", lambda folder: evil)
    page = run_tour(tmp_path, sections=["bosons"]).path.read_text(encoding="utf-8")
    assert "<script>" not in page and "<i>" not in page and "<unit>" not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "<p>a &lt; b &amp; c &gt; d</p>" in page and "<p>second &lt;i&gt;" in page
    assert "x&lt;y" in page and "n&amp;m" in page and "&lt;unit&gt;" in page
    assert "<style>" in page and "http" not in page  # self-contained: no external resources


def test_unknown_section_name_is_a_parameter_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="sections"):
        run_tour(tmp_path, sections=["aharonov_bohm", "no_such_section"])
    with pytest.raises(ParameterError, match="sections"):
        run_tour(tmp_path, sections="bosons")
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    ("row", "deviation", "passed"),
    [
        (Row("r", 1.0 + 1e-7, 1.0, "1", 1e-6), 1e-7, True),
        (Row("r", -1.1, -1.0, "1", 0.05), -0.1, False),
        (Row("a", 3e-13, 0.0, "1", 1e-12, check="absolute"), 3e-13, True),
        (Row("a", 2.0, 1.0, "A", 0.5, check="absolute"), 1.0, False),
        (Row("g", 1.2, 1.0, "1", 0.0, check="greater"), 0.2, True),
        (Row("g", 0.9, 1.0, "1", 0.0, check="greater"), -0.1, False),
        (Row("l", 0.9, 1.0, "1", 0.0, check="less"), -0.1, True),
    ],
)
def test_row_deviation_and_check(row: Row, deviation: float, passed: bool) -> None:
    assert row.deviation == pytest.approx(deviation, rel=1e-9, abs=1e-20)
    assert row.passed is passed


def test_row_rejects_bad_values_and_fails_nan() -> None:
    assert not Row("nan", math.nan, 1.0, "1", 1.0).passed
    with pytest.raises(ParameterError, match="theory"):
        Row("zero", 1.0, 0.0, "1", 1e-3)
    with pytest.raises(ParameterError, match="tolerance"):
        Row("neg", 1.0, 1.0, "1", -1.0)
    with pytest.raises(ParameterError, match="check"):
        Row("kind", 1.0, 1.0, "1", 0.0, check="roughly")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="figures"):
        Section("t", "i", figures=("../escape.png",))


def test_quoted_tolerance_is_half_a_unit_in_the_last_digit() -> None:
    assert quoted_tolerance("0.038100") == pytest.approx(0.0000005 / 0.0381)
    assert quoted_tolerance("2.952009e-12") == pytest.approx(0.0000005 / 2.952009, rel=1e-12, abs=0)
    assert quoted_tolerance("5.43e-5") == pytest.approx(0.005 / 5.43)
    with pytest.raises(ParameterError):
        quoted_tolerance("not a number")


def test_render_tour_summarises_failures() -> None:
    ok = Section("Good", "fine", rows=(Row("q", 1.0, 1.0, "1", 0.0),), name="good")
    bad = Section("Bad", "", name="bad", error="ValueError: nope")
    page = render_tour([ok, bad], seconds=1.25)
    assert "1 failing" in page and "built in 1.2 s" in page
    assert 'href="#good"' in page and "Section failed: ValueError: nope" in page


def test_progress_reports_each_section_with_time_left(tmp_path: Path) -> None:
    events: list[Progress] = []
    run_tour(tmp_path, sections=["two_fermions", "bosons"], progress=events.append)
    assert [(e.phase, e.index, e.name) for e in events] == [
        ("start", 1, "two_fermions"), ("done", 1, "two_fermions"),
        ("start", 2, "bosons"), ("done", 2, "bosons")]
    first, last = events[1], events[3]
    assert first.seconds > 0 and first.cpu_seconds > 0 and first.passed
    assert first.left_seconds > 0 and last.left_seconds == 0.0  # nothing left after the last
    assert re.fullmatch(r"\[1/2\] two_fermions … [0-9.]+ s \(cpu [0-9.]+ s, ≈ [0-9]+ s left\)",
                        progress_line(first))
    assert re.fullmatch(r"\[2/2\] bosons … [0-9.]+ s \(cpu [0-9.]+ s\)", progress_line(last))
    assert progress_line(events[2]) == "[2/2] bosons …"
    failed = Progress("done", 3, 22, "x", 1.0, 0.5, 10.0, passed=False)
    assert progress_line(failed) == "[ 3/22] x … 1.0 s FAILED (cpu 0.5 s, ≈ 10 s left)"


def test_cli_prints_one_progress_line_per_section(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report"
    assert main(["tour", "--output", str(out), "--sections", "two_fermions,bosons", "-v"]) == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith("[")]
    assert [line.split(" … ")[0] for line in lines] == ["[1/2] two_fermions", "[2/2] bosons"]
    assert "2 sections, 9 rows: all within tolerance" in captured.out
    assert main(["tour", "--output", str(out), "--sections", "bosons", "--quiet"]) == 0
    assert "[1/1]" not in capsys.readouterr().err


def test_cli_unknown_section_is_one_line_naming_the_known_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["tour", "--output", str(tmp_path), "--sections", "bosons,no_such"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "no_such" in err and all(name in err for name in SECTIONS)
    assert not (tmp_path / "index.html").exists()


def test_worst_ratio_over_two_sided_rows() -> None:
    section = Section("s", "", rows=(Row("a", 1.01, 1.0, "1", 0.02),
                                     Row("b", 0.3, 0.0, "1", 1.0, check="absolute"),
                                     Row("c", 9.0, 1.0, "1", 0.0, check="greater")))
    assert section.worst_ratio == pytest.approx(0.5, rel=1e-9)
    assert math.isnan(Section("t", "", rows=(Row("c", 2.0, 1.0, "1", 0.0, check="greater"),)
                              ).worst_ratio)
    exact = Section("e", "", rows=(Row("z", 1.0, 1.0, "1", 0.0),))
    assert exact.worst_ratio == 0.0
    assert math.isinf(Section("f", "", rows=(Row("z", 1.5, 1.0, "1", 0.0),)).worst_ratio)


def test_parallel_build_keeps_the_page_order(tmp_path: Path) -> None:
    events: list[Progress] = []
    result = run_tour(tmp_path, sections=["bosons", "two_fermions", "bosons"], jobs=2,
                      progress=events.append)
    assert [s.name for s in result.sections] == ["bosons", "two_fermions", "bosons"]
    assert result.ok and all(s.cpu_seconds > 0 for s in result.sections)
    assert [e.phase for e in events] == ["done"] * 3 and [e.index for e in events] == [1, 2, 3]
    assert sorted(e.name for e in events) == ["bosons", "bosons", "two_fermions"]
    assert events[-1].left_seconds == 0.0
    serial = run_tour(tmp_path / "serial", sections=["bosons"])
    assert [r.computed for r in serial.sections[0].rows] == [
        r.computed for r in result.sections[0].rows]  # the same numbers from a worker
    with pytest.raises(ParameterError, match="jobs"):
        run_tour(tmp_path, sections=["bosons"], jobs=0)
