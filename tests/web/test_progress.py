"""The Progress page and its JSON: ``/api/progress`` (filters, bounds, one error shape), the
page and its htmx panel, and the coach report downloads. Read-only tests share one database
filled with a demo history (``analytics.demo`` written through the store, as ``mindmuscle
demo`` does) and a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.settings import Settings

from .conftest import from_template, make_settings

TODAY = date(2025, 6, 2)
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


def fill_with_demo(settings: Settings, *, today: date, months: int = 4) -> None:
    """The demo history of ``mindmuscle demo`` in the database of ``settings``."""
    from mindmuscle.analytics.demo import demo_history
    from mindmuscle.cli.progress_commands import demo_batch
    from mindmuscle.store import open_repository

    with open_repository(settings.database_url) as repo:
        repo.add_batch(demo_batch(demo_history(today=today, months=months, seed=3)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from mindmuscle.web.app import create_app

    settings = from_template(make_settings(tmp_path_factory.mktemp("progress")), template_db)
    fill_with_demo(settings, today=TODAY)
    with TestClient(create_app(settings, now=lambda: NOW)) as test_client:
        yield test_client


def _get(client: Any, path: str) -> dict[str, Any]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_progress_json_is_the_analytics_view(demo: Any) -> None:
    data = _get(demo, "/api/progress")
    assert data["today"] == TODAY.isoformat() and not data["first_month"]
    assert len(data["weeks"]) == 12 and data["group"] is None
    assert [g["group"] for g in data["groups"]] == ["chest", "back", "shoulders", "arms", "legs"]
    assert all(len(g["weeks"]) == 12 for g in data["groups"])
    assert sum(w["hard_sets"] for g in data["groups"] for w in g["weeks"]) > 100
    assert data["exercises"] and all(t["sessions"] for t in data["exercises"])
    kinds = {i["kind"] for i in data["insights"]}
    assert {"always_sore", "lagging_muscle"} <= kinds  # the demo's known trends
    assert all(i["text"] and i["advice"] for i in data["insights"])


@pytest.mark.parametrize("weeks", [1, 4, 12, 52])
def test_weeks_sets_the_window_but_none_before_week_1(demo: Any, weeks: int) -> None:
    data = _get(demo, f"/api/progress?weeks={weeks}")
    assert len(data["weeks"]) == min(weeks, data["training_week"])
    assert data["weeks"][-1]["week"] == data["training_week"]


def test_group_filter_narrows_everything_to_the_group(demo: Any) -> None:
    data = _get(demo, "/api/progress?group=legs&weeks=8")
    assert data["group"] == "legs"
    assert [g["group"] for g in data["groups"]] == ["legs"]
    assert data["exercises"] and {t["group"] for t in data["exercises"]} == {"legs"}
    assert all(i["group"] in (None, "legs") for i in data["insights"])


def test_exercise_filter_keeps_one_trend_and_takes_a_plain_name(demo: Any) -> None:
    by_id = _get(demo, "/api/progress?exercise=back_squat")
    (trend,) = by_id["exercises"]
    assert trend["exercise"] == "back_squat" and trend["tempo"]
    assert all(p["e1rm"] is None or p["e1rm"] > 0 for p in trend["sessions"])
    assert len(by_id["groups"]) == 5  # the groups stay
    assert _get(demo, "/api/progress?exercise=back%20squat")["exercises"] == [trend]
    assert _get(demo, "/api/progress?group=chest&exercise=back_squat")["exercises"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("weeks=0", "weeks"),
        ("weeks=521", "weeks"),
        ("weeks=twelve", "weeks"),
        ("group=toes", "group"),
        ("exercise=flying%20unicorn", "exercise"),
        ("exercise=" + "x" * 81, "exercise"),
    ],
)
def test_bad_filters_get_the_error_shape(demo: Any, query: str, field: str) -> None:
    response = demo.get(f"/api/progress?{query}")
    assert response.status_code == 422
    assert response.json() == {
        "error": {"message": response.json()["error"]["message"], "field": field}
    }
    assert response.json()["error"]["message"].endswith((".", "?"))


def test_older_progress_endpoints_come_from_analytics(demo: Any) -> None:
    series = _get(demo, "/api/progress/exercises/back_squat")
    assert series["unit"] == "kg" and series["name"] == "Barbell back squat"
    assert all(p["e1rm"] > p["load"] for p in series["sessions"] if p["e1rm"])
    summary = _get(demo, "/api/progress/summary?weeks=4")
    assert len(summary["weekly_sets"]["weeks"]) == 4
    assert all(date.fromisoformat(w).weekday() == 0 for w in summary["weekly_sets"]["weeks"])
    assert set(summary["weekly_sets"]["groups"]) == {"chest", "back", "shoulders", "arms", "legs"}
    assert all(1 <= p["mmc"] <= 10 for p in summary["mmc"])
    assert demo.get("/api/progress/summary?weeks=0").json()["error"]["field"] == "weeks"


def test_page_shows_insights_filters_and_chart_data(demo: Any) -> None:
    html = demo.get("/progress?group=legs&weeks=8&exercise=back_squat").text
    assert 'value="legs" checked' in html and '<option value="8" selected>' in html
    assert '<option value="back_squat" selected>' in html
    assert 'class="card insight' in html and 'id="ch-hard"' in html and 'id="ch-e1rm"' in html
    assert 'id="p-data"' in html and "First month" not in html
    assert 'href="/progress/report.html?weeks=8"' in html
    assert 'href="/progress/report.pdf?weeks=8"' in html


def test_page_is_lenient_with_bad_filters(demo: Any) -> None:
    response = demo.get("/progress?weeks=zero&group=toes&exercise=unicorn")
    assert response.status_code == 200
    assert 'value="" checked' in response.text and '<option value="12" selected>' in response.text


def test_panel_is_a_fragment_that_pushes_the_page_url(demo: Any) -> None:
    response = demo.get("/progress/panel?group=arms&weeks=4")
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="p-filters"' in response.text
    assert response.headers["hx-push-url"].startswith("/progress?weeks=4&group=arms")


def test_html_report_downloads_with_embedded_charts(demo: Any) -> None:
    response = demo.get("/progress/report.html?weeks=8")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "attachment" in response.headers["content-disposition"]
    assert response.headers["content-disposition"].endswith('2025-06-02.html"')
    assert response.text.count('src="data:image/png;base64,') >= 3
    assert "<h2>Insights</h2>" in response.text
    assert demo.get("/progress/report.html?weeks=0").json()["error"]["field"] == "weeks"


@pytest.mark.slow
def test_pdf_report_downloads(demo: Any) -> None:
    response = demo.get("/progress/report.pdf?weeks=4")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_first_month_banner(settings: Settings) -> None:
    from fastapi.testclient import TestClient

    from mindmuscle.web.app import create_app

    with TestClient(create_app(settings, now=lambda: NOW)) as client:
        start = (TODAY - timedelta(days=9)).isoformat()
        assert client.put("/api/lifter", json={"start_date": start}).status_code == 200
        logged = client.post(
            "/api/sets",
            json={
                "id": "s1",
                "exercise": "pec_deck",
                "reps": 12,
                "load": 30,
                "mmc": 6,
                "rir": 1,
                "performed_at": f"{TODAY - timedelta(days=2)}T18:00:00+00:00",
            },
        )
        assert logged.status_code == 201, logged.text
        data = _get(client, "/api/progress")
        assert data["first_month"] and data["training_week"] == 2
        assert data["insights"][0]["kind"] == "first_month"
        html = client.get("/progress").text
        assert "Weeks 1-4: coordination and connection, not load" in html
        assert html.count("first month") == 0  # the banner, not also an insight card
