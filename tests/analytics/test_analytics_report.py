"""The report: HTML with embedded charts and the insights; a PDF; the charts themselves."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta

import pytest

from mindmuscle.analytics.charts import charts, png_bytes, tempo_chart
from mindmuscle.analytics.demo import DemoHistory
from mindmuscle.analytics.report import FIRST_MONTH_BANNER, report_html, report_pdf
from mindmuscle.analytics.view import ProgressView, progress_view

GENERATED = date(2024, 7, 1)


@pytest.fixture(scope="module")
def html(trending_view: ProgressView) -> str:
    return report_html(trending_view, generated=GENERATED, lifter="Alex <coach's copy>")


def test_html_embeds_the_charts(html: str) -> None:
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert [alt for alt, _ in images] == [
        "Hard sets per week",
        "Mind-muscle connection",
        "Estimated 1RM",
        "Tempo adherence",
    ]
    for _, data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert "http://" not in html and "https://" not in html  # self-contained


def test_html_has_the_insights_and_escapes(html: str, trending_view: ProgressView) -> None:
    for insight in trending_view.insights:
        assert insight.text.replace("'", "&#x27;").replace(">", "&gt;") in html
    assert "Alex &lt;coach&#x27;s copy&gt;" in html
    assert FIRST_MONTH_BANNER not in html
    assert "<td>shoulders</td>" in html


def test_first_month_banner(trending: DemoHistory) -> None:
    today = trending.lifter.start_date + timedelta(days=10)
    view = progress_view(
        trending.sets, trending.soreness, start=trending.lifter.start_date, today=today, weeks=4
    )
    assert FIRST_MONTH_BANNER in report_html(view, generated=today)


def test_pdf(trending_view: ProgressView) -> None:
    pdf = report_pdf(trending_view, generated=GENERATED)
    assert pdf.startswith(b"%PDF")
    pages = re.search(rb"/Count (\d+)", pdf)
    assert pages is not None and int(pages.group(1)) == 5  # a text page and four charts


def test_no_tempo_chart_without_measurements(trending: DemoHistory) -> None:
    unmeasured = [s for s in trending.sets if s.measured_tempo is None]
    view = progress_view(unmeasured, [], start=trending.lifter.start_date, today=GENERATED, weeks=6)
    assert tempo_chart(view) is None
    assert [c.key for c in charts(view)] == ["hard_sets", "mmc", "e1rm"]


def test_empty_view_still_draws() -> None:
    view = progress_view([], [], start=GENERATED, today=GENERATED, weeks=4)
    for chart in charts(view):
        assert png_bytes(chart.figure).startswith(b"\x89PNG")
    assert "Nothing stands out." not in report_html(view, generated=GENERATED)  # first month
