"""History shows a page of sessions at a time, newest first, reading only that page's sets."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mindmuscle.store.sql.repository import SqlRepository
from mindmuscle.web import pages

from .conftest import set_body


def _sessions(client: Any, n: int) -> None:
    for day in range(1, n + 1):
        body = set_body(id=f"h{day}", performed_at=f"2026-03-{day:02d}T18:00:00+00:00")
        assert client.post("/api/sets", json=body).status_code == 201  # a day's loose set


def _shown(page: str) -> list[str]:
    return re.findall(r'data-set-id="(h\d+)"', page)[::2]  # each set has two rows


def test_history_pages_through_the_sessions_newest_first(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _sessions(client, 25)
    read_all = []
    monkeypatch.setattr(SqlRepository, "sets", lambda *a, **k: read_all.append(1) or [])
    first = client.get("/history").text
    assert _shown(first) == [f"h{d}" for d in range(25, 5, -1)]  # the 20 newest
    assert "Page 1 of 2 · 25 sessions" in first and "← Newer" not in first
    assert 'href="/history?page=2"' in first
    second = client.get("/history?page=2").text
    assert _shown(second) == ["h5", "h4", "h3", "h2", "h1"]
    assert 'href="/history?page=1"' in second and "Older →" not in second
    # out of range is the nearest page; nothing read every set to show one page
    assert _shown(client.get("/history?page=9").text) == _shown(second)
    assert _shown(client.get("/history?page=0").text) == _shown(first)
    assert read_all == []


def test_a_short_history_is_one_page_without_links(client: Any) -> None:
    _sessions(client, 3)
    page = client.get("/history").text
    assert _shown(page) == ["h3", "h2", "h1"] and 'class="pager"' not in page


def test_the_page_links_keep_the_lifter_a_coach_is_viewing() -> None:
    from starlette.requests import Request

    scope = {"type": "http", "path": "/history", "query_string": b"lifter=u-7&page=2",
             "headers": [], "server": ("x", 80), "scheme": "http", "root_path": ""}  # fmt: skip
    assert pages._with_page(Request(scope), 3) == "/history?lifter=u-7&page=3"
