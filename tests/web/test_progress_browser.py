"""The Progress page in headless Chromium at phone size (360 x 740) over a database filled
with a demo history: the charts render with data, a group filter redraws them without a
full reload, nothing overflows sideways. Screenshots go to test-artifacts/progress-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from .conftest import PHONE, LiveServer, from_template, make_settings, phone_page, shot
from .test_progress import fill_with_demo

pytestmark = pytest.mark.slow

#: Per canvas: the number of datasets and of non-null points over them (null: no chart).
CHART_DATA = """() => [...document.querySelectorAll('canvas')].map((c) => {
  const chart = window.Chart.getChart(c);
  if (!chart) return [c.id, null, 0];
  const sets = chart.data.datasets;
  return [c.id, sets.length, sets.reduce((n, d) => n + d.data.filter((v) => v != null).length, 0)];
})"""


@pytest.fixture(scope="module")
def demo_server(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> Iterator[LiveServer]:
    settings = from_template(make_settings(tmp_path_factory.mktemp("progress-live")), template_db)
    fill_with_demo(settings, today=datetime.now().astimezone().date())
    with LiveServer(settings) as server:
        yield server


def _charts(page: Any) -> dict[str, tuple[int | None, int]]:
    return {cid: (n, points) for cid, n, points in page.evaluate(CHART_DATA)}


def test_progress_page_on_a_phone(browser: Any, demo_server: LiveServer) -> None:
    page = phone_page(browser, demo_server.url)
    context = page.context
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/progress")
        page.wait_for_function("document.body.dataset.chartsReady === '1'")
        charts = _charts(page)
        assert set(charts) == {"ch-hard", "ch-mmc", "ch-e1rm", "ch-tempo", "ch-tut"}
        for cid, (datasets, points) in charts.items():
            assert datasets and points > 0, (cid, datasets, points)
        assert charts["ch-hard"][0] == 5  # one stacked dataset per group
        assert page.locator(".insight").count() >= 2
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "progress-1-top")
        shot(page, "progress-2-full", full_page=True)

        page.evaluate("window.pageMarker = 'same page'")
        page.click("label.chip:has-text('Legs')")
        page.wait_for_function(
            "document.body.dataset.chartsReady === '1' && window.mmProgress.data.group === 'legs'"
        )
        assert page.evaluate("window.pageMarker") == "same page"  # no full reload
        assert page.url.endswith("group=legs") or "group=legs" in page.url
        charts = _charts(page)
        assert charts["ch-hard"][0] == 1 and charts["ch-hard"][1] > 0
        assert charts["ch-e1rm"][1] > 0
        exercise = page.input_value("#p-exercise")
        assert (
            page.evaluate(
                "(id) => window.mmProgress.data.exercises.find((t) => t.exercise === id).group",
                exercise,
            )
            == "legs"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "progress-3-legs", full_page=True)

        page.select_option("#p-exercise", index=1)
        page.wait_for_function(
            "(id) => document.body.dataset.chartsReady === '1' && "
            "window.mmProgress.data.exercise !== id",
            arg=exercise,
        )
        assert _charts(page)["ch-e1rm"][1] > 0
        href = page.get_attribute("#p-report-html", "href")
        assert href is not None and href.startswith("/progress/report.html?weeks=")
        assert errors == []
    finally:
        context.close()
