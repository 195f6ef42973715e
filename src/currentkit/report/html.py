"""Render tour sections as one self-contained HTML page (no external CSS or JavaScript).

Every piece of text that comes from a section (titles, introductions, quantities, units, error
messages, file names) passes through :func:`html.escape`; figures are referenced by relative
file name, so the page and its PNGs can be moved together.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from currentkit.report.section import Row, Section
from currentkit.results import version

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:80em;margin:1em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
.meta{color:#666}.body{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
figure{margin:0;max-width:60em}figcaption{color:#444;font-size:.9em;margin-top:.3em}
img{max-width:100%;border:1px solid #ddd}
table{border-collapse:collapse;font-size:.9em}th,td{padding:.25em .6em;border:1px solid #ddd}
th{background:#f4f4f4}td.n{text-align:right;font-family:monospace;white-space:nowrap}
small{color:#666}.pass{color:#176c2c;font-weight:bold}.fail{color:#b00020;font-weight:bold}
caption{text-align:left;color:#666;font-size:.9em;padding:.3em 0}
table.summary{margin:1em 0}
.error{background:#fde8ea;border:1px solid #b00020;padding:.5em;white-space:pre-wrap}
""".strip()


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _number(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.7g}"


def _badge(passed: bool) -> str:
    return '<span class="pass">PASS</span>' if passed else '<span class="fail">FAIL</span>'


def _theory(row: Row) -> str:
    if row.check == "greater":
        return f"&gt; {_e(_number(row.theory))}"
    if row.check == "less":
        return f"&lt; {_e(_number(row.theory))}"
    return _e(_number(row.theory))


def _deviation(row: Row) -> str:
    value = row.deviation
    if math.isnan(value):
        return "nan"
    return f"{value:+.2e}" + (f" {row.unit}" if row.check == "absolute" else "")


def render_row(row: Row) -> str:
    """One ``<tr>``: quantity (and note), computed, theory, unit, deviation, criterion, status."""
    note = f"<br><small>{_e(row.note)}</small>" if row.note else ""
    cells = [
        f"<td>{_e(row.quantity)}{note}</td>",
        f'<td class="n">{_e(_number(row.computed))}</td>',
        f'<td class="n">{_theory(row)}</td>',
        f"<td>{_e(row.unit)}</td>",
        f'<td class="n">{_e(_deviation(row))}</td>',
        f"<td>{_e(row.criterion)}</td>",
        f"<td>{_badge(row.passed)}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def render_section(section: Section) -> str:
    """One ``<section>`` with heading, introduction, figures and table (or the error)."""
    anchor = _e(section.name or section.title)
    parts = [f'<section id="{anchor}">',
             f"<h2>{_e(section.title)} {_badge(section.passed)}</h2>"]
    parts += [f"<p>{_e(p.strip())}</p>" for p in section.intro.split("\n\n") if p.strip()]
    if section.error is not None:
        parts.append(f'<p class="error">Section failed: {_e(section.error)}</p>')
    caption = (f"<figcaption>{_e(section.caption)}</figcaption>"
               if section.caption and section.figures else "")
    body = [f'<figure><img src="{_e(name)}" alt="{_e(section.title)}: {_e(name)}">'
            f"{caption if k == len(section.figures) - 1 else ''}</figure>"
            for k, name in enumerate(section.figures)]
    if section.rows:
        head = "".join(f"<th>{h}</th>" for h in ("Quantity", "Computed", "Theory", "Unit",
                                                  "Deviation", "Criterion", "Status"))
        rows = "\n".join(render_row(row) for row in section.rows)
        body.append(f"<table>\n<tr>{head}</tr>\n{rows}\n</table>")
    if body:
        parts.append('<div class="body">' + "\n".join(body) + "</div>")
    parts.append(f'<p class="meta">built in {section.seconds:.2f} s '
                 f"(CPU time {section.cpu_seconds:.2f} s)</p></section>")
    return "\n".join(parts)


def _ratio_text(section: Section) -> str:
    ratio = section.worst_ratio
    if math.isnan(ratio):
        return "—"
    return "∞" if math.isinf(ratio) else f"{ratio:.2g}"


def render_summary(sections: Sequence[Section]) -> str:
    """The one-table summary: per section its rows, how many pass, the largest
    |deviation|/tolerance (two-sided rows; ≤ 1 passes), the build time and the status."""
    head = "".join(f"<th>{h}</th>" for h in (
        "Section", "Rows", "Passing", "max |deviation|/tolerance", "Time [s]", "CPU time [s]",
        "Status"))
    lines = []
    for s in sections:
        anchor = _e(s.name or s.title)
        passing = sum(row.passed for row in s.rows)
        lines.append(
            f'<tr><td><a href="#{anchor}">{_e(s.title)}</a></td>'
            f'<td class="n">{len(s.rows)}</td><td class="n">{passing}</td>'
            f'<td class="n">{_ratio_text(s)}</td><td class="n">{s.seconds:.1f}</td>'
            f'<td class="n">{s.cpu_seconds:.1f}</td>'
            f"<td>{_badge(s.passed)}</td></tr>")
    total = sum(len(s.rows) for s in sections)
    passing = sum(row.passed for s in sections for row in s.rows)
    lines.append(f'<tr><th>all {len(sections)} sections</th><th class="n">{total}</th>'
                 f'<th class="n">{passing}</th><th></th>'
                 f'<th class="n">{sum(s.seconds for s in sections):.1f}</th>'
                 f'<th class="n">{sum(s.cpu_seconds for s in sections):.1f}</th>'
                 f"<th>{_badge(all(s.passed for s in sections))}</th></tr>")
    return ('<table class="summary">\n<caption>Summary: every row of every section. One-sided '
            "rows (a predicted sign or bound) have no tolerance and are not in the ratio column."
            f"</caption>\n<tr>{head}</tr>\n" + "\n".join(lines) + "\n</table>")


def render_tour(
    sections: Sequence[Section], *, title: str = "currentkit tour", seconds: float | None = None
) -> str:
    """The whole page: heading, the summary table (which links to the sections), the sections.

    Parameters
    ----------
    sections
        The built (or failed) sections, in the order to show them.
    title
        Page title (plain text).
    seconds
        Total build time to report, if known.
    """
    failed = sum(not s.passed for s in sections)
    summary = (f"currentkit {_e(version())} · {len(sections)} sections · "
               f"{'all pass' if not failed else f'{failed} failing'}")
    if seconds is not None:
        summary += f" · built in {seconds:.1f} s"
    intro = ("Each section computes a phenomenon with currentkit and sets the numbers beside "
             "independently written closed forms or quoted reference values. A row passes when "
             "its deviation is within the stated tolerance.")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{summary}</p>',
        f"<p>{_e(intro)}</p>",
        render_summary(sections),
        *(render_section(s) for s in sections),
        "</body></html>",
        "",
    ])
