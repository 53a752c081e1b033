"""The progress report a lifter can send to a coach: self-contained HTML (charts embedded as
base64 PNG) or a multi-page PDF (a text page with the insights, then the charts). Pure: it
returns text or bytes; the shell writes the file. ``generated`` comes in as an argument.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Final

from mindmuscle.analytics.charts import charts, png_base64
from mindmuscle.analytics.insights import Insight
from mindmuscle.analytics.metrics import GroupSummary

if TYPE_CHECKING:
    from mindmuscle.analytics.view import ProgressView

__all__ = ["FIRST_MONTH_BANNER", "report_html", "report_pdf", "summary_rows"]

FIRST_MONTH_BANNER: Final = (
    "First month with the method (weeks 1-4): the goal is coordination and the connection, "
    "not load; gains now are mostly neural. No personal records yet."
)
SUMMARY_COLUMNS: Final = (
    "group",
    "hard sets / week",
    "mmc",
    "mmc trend / week",
    "pump",
    "soreness",
    "on tempo",
)

_CSS: Final = """
body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  color:#1d2329;max-width:860px;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
  border-bottom:1px solid #dde3e8;padding-bottom:.3rem}
.meta{color:#5b6670;margin-top:0}
.banner{background:#fff6e0;border-left:4px solid #e69f00;padding:.7rem 1rem;margin:1rem 0}
.insight{border-left:4px solid #0072b2;padding:.4rem 1rem;margin:.8rem 0;background:#f5f8fb}
.insight.warn{border-color:#d55e00}.insight.good{border-color:#009e73}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#5b6670}
.advice{color:#36424d}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.35rem .5rem;border-bottom:1px solid #e6eaee;text-align:right}
th:first-child,td:first-child{text-align:left}
figure{margin:1.2rem 0}img{max-width:100%;height:auto}
footer{margin-top:2.5rem;color:#7a858f;font-size:.8rem}
"""
_WARN: Final = {"ego_creep", "always_sore", "stalled_exercise", "lagging_muscle"}


def _num(value: float | None, fmt: str = ".1f") -> str:
    return "-" if value is None else format(value, fmt)


def summary_rows(groups: Sequence[GroupSummary]) -> list[tuple[str, ...]]:
    """One row of text per group for the summary table (shared by HTML, PDF and CLI)."""
    return [
        (
            g.group,
            _num(g.hard_sets_per_week),
            _num(g.mmc_mean),
            _num(g.mmc_slope, "+.2f"),
            _num(g.pump_mean),
            _num(g.soreness_mean),
            "-" if g.tempo is None else f"{g.tempo.within_pct:.0f}%",
        )
        for g in groups
    ]


def _period(view: ProgressView) -> str:
    first, last = view.weeks[0], view.weeks[-1]
    return (
        f"{first.starts_on.isoformat()} to {view.today.isoformat()} "
        f"(weeks {first.number}-{last.number} of training; today is week {view.training_week})"
    )


def _insight_html(i: Insight) -> str:
    css = "warn" if i.kind in _WARN else "good" if i.kind == "connection_improving" else ""
    return (
        f'<div class="insight {css}"><div class="kind">{escape(i.kind.replace("_", " "))}</div>'
        f'<p>{escape(i.text)}</p><p class="advice">{escape(i.advice)}</p></div>'
    )


def _table_html(view: ProgressView) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in SUMMARY_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
        for row in summary_rows(view.groups)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def report_html(
    view: ProgressView, *, generated: date, title: str = "Training progress", lifter: str = ""
) -> str:
    """A self-contained HTML page: header, first-month banner, insights, table and charts."""
    who = f" - {escape(lifter)}" if lifter else ""
    banner = f'<div class="banner">{escape(FIRST_MONTH_BANNER)}</div>' if view.first_month else ""
    found = "".join(_insight_html(i) for i in view.insights) or "<p>Nothing stands out.</p>"
    figures = "".join(
        f'<figure><img alt="{escape(c.title)}" src="data:image/png;base64,'
        f'{png_base64(c.figure)}"></figure>'
        for c in charts(view)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}{who}</title><style>{_CSS}</style></head>
<body><h1>{escape(title)}{who}</h1>
<p class="meta">{escape(_period(view))}</p>{banner}
<h2>Insights</h2>{found}
<h2>Per muscle group</h2>{_table_html(view)}
<h2>Charts</h2>{figures}
<footer>Hard sets: working sets to failure or with at most 3 reps in reserve. mmc: how well
the target muscle was felt (1-10). Soreness: DOMS reports (0-3). On tempo: measured sets
within 0.5 s of the prescribed eccentric and holds. e1RM: estimated one-rep max at the
prescribed tempo. Generated {generated.isoformat()} by Mind-Muscle.</footer>
</body></html>
"""


def _text_lines(view: ProgressView, title: str, lifter: str) -> list[tuple[str, str]]:
    """(style, text) lines of the PDF's first page."""
    lines = [("title", f"{title}{f' - {lifter}' if lifter else ''}"), ("meta", _period(view))]
    if view.first_month:
        lines += [("body", t) for t in textwrap.wrap(FIRST_MONTH_BANNER, 95)]
    lines.append(("head", "Insights"))
    for i in view.insights or ():
        lines += [("body", t) for t in textwrap.wrap(f"- {i.text}", 95)]
        lines += [("advice", t) for t in textwrap.wrap(f"  {i.advice}", 95)]
    if not view.insights:
        lines.append(("body", "Nothing stands out."))
    lines.append(("head", "Per muscle group"))
    widths = (11, 17, 6, 17, 6, 9, 9)
    for row in [SUMMARY_COLUMNS, *summary_rows(view.groups)]:
        lines.append(("mono", "".join(v.ljust(w) for v, w in zip(row, widths, strict=True))))
    return lines


_STYLES: Final = {
    "title": (15, "bold", "sans-serif", 0.034),
    "meta": (8.5, "normal", "sans-serif", 0.03),
    "head": (11.5, "bold", "sans-serif", 0.03),
    "body": (9, "normal", "sans-serif", 0.019),
    "advice": (8.5, "normal", "sans-serif", 0.019),
    "mono": (8.5, "normal", "monospace", 0.018),
}


def _text_pages(view: ProgressView, title: str, lifter: str) -> list[object]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    pages: list[object] = []
    fig, y = None, 0.0
    for style, text in _text_lines(view, title, lifter):
        size, weight, family, step = _STYLES[style]
        if fig is None or y < 0.06:
            fig = Figure(figsize=(8.27, 11.69))  # A4 portrait, inches
            FigureCanvasAgg(fig)
            pages.append(fig)
            y = 0.95
        y -= step if style != "head" else step + 0.01
        color = "#36424d" if style == "advice" else "#1d2329"
        fig.text(0.07, y, text, fontsize=size, fontweight=weight, family=family, color=color)
    return pages


def report_pdf(
    view: ProgressView, *, generated: date, title: str = "Training progress", lifter: str = ""
) -> bytes:
    """A multi-page PDF: the insights and the table on text pages, then one chart a page."""
    from matplotlib.backends.backend_pdf import PdfPages

    buffer = io.BytesIO()
    metadata = {"Title": title, "Creator": "Mind-Muscle", "Subject": generated.isoformat()}
    with PdfPages(buffer, metadata=metadata) as pdf:
        for page in _text_pages(view, title, lifter):
            pdf.savefig(page)
        for chart in charts(view):
            pdf.savefig(chart.figure)
    return buffer.getvalue()
