"""The session endpoints read one session's sets (or the counts per session), never all of a
lifter's sets, and answer exactly as when they filtered all sets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.sql.repository import SqlRepository
from mindmuscle.web.convert import session_sets as filter_session_sets

from .conftest import set_body


def _set(**extra: Any) -> dict[str, Any]:
    return set_body(tempo={"eccentric": 3, "bottom": 0, "concentric": 1, "top": 2}, **extra)


def _post(client: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.fixture
def all_set_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Counts calls of ``SqlRepository.sets`` (every read of all of a lifter's sets)."""
    calls: list[object] = []
    real = SqlRepository.sets

    def counted(self: SqlRepository, **kw: Any) -> list[LoggedSet]:
        calls.append(kw)
        return real(self, **kw)

    monkeypatch.setattr(SqlRepository, "sets", counted)
    yield calls


def _old_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository answers as the endpoints did before: by filtering all sets."""

    def session_sets(self: SqlRepository, session_id: str) -> list[LoggedSet]:
        return filter_session_sets(self.sets(), session_id)

    def set_counts(self: SqlRepository) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self.sets():
            counts[str(s.session_id)] = counts.get(str(s.session_id), 0) + 1
        return counts

    monkeypatch.setattr(SqlRepository, "session_sets", session_sets)
    monkeypatch.setattr(SqlRepository, "set_counts", set_counts)


def test_session_endpoints_read_no_other_sets_and_answer_as_before(
    client: Any, monkeypatch: pytest.MonkeyPatch, all_set_reads: list[object]
) -> None:
    plan = _post(client, "/api/plans", {"focus": ["chest"], "week": 1})
    first = plan["blocks"][0]["items"][0]
    working = plan["blocks"][1]["items"][0]
    _post(client, "/api/sessions", {"id": "empty"})
    _post(client, "/api/sessions/empty/finish", {})
    _post(client, "/api/sessions", {"id": "earlier"})
    for minute in (1, 2):
        at = f"2026-03-01T18:0{minute}:00+01:00"
        _post(client, "/api/sets", _set(session_id="earlier", performed_at=at))
    _post(client, "/api/sessions/earlier/finish", {})
    _post(client, "/api/sets", _set(performed_at="2026-03-01T09:00:00+01:00"))  # a loose set
    _post(client, "/api/sessions", {"id": "s-1", "plan_id": plan["id"], "title": "Chest"})
    for i, (item, block) in enumerate(((first, "primer"), (working, "working"), (working, ""))):
        extra = {"block": block} if block else {}
        at = f"2026-03-02T18:1{i}:00+01:00"
        body = _set(exercise=item["exercise"], session_id="s-1", performed_at=at, **extra)
        _post(client, "/api/sets", body)

    reads = ("/api/sessions/open", "/api/sessions/s-1", "/api/sessions/earlier", "/api/sessions")
    with monkeypatch.context() as old:
        _old_way(old)
        before = {path: client.get(path).json() for path in reads}
    assert all_set_reads  # the old way did read all sets

    all_set_reads.clear()
    now = {path: client.get(path).json() for path in reads}
    finished = _post(client, "/api/sessions/s-1/finish", {})
    assert all_set_reads == []  # not one read of all sets
    assert now == before
    assert now["/api/sessions/open"] == now["/api/sessions/s-1"]
    assert now["/api/sessions/open"]["session"]["set_count"] == 3
    assert len(now["/api/sessions/open"]["sets"]) == 3
    assert finished["set_count"] == 3 and finished["finished_at"] is not None
    counts = {s["id"]: s["set_count"] for s in now["/api/sessions"]}
    assert counts["s-1"] == 3 and counts["earlier"] == 2 and counts["empty"] == 0
    assert sum(counts.values()) == 6  # the loose set's day session counts it too

    with monkeypatch.context() as old:
        _old_way(old)
        assert _post(client, "/api/sessions/s-1/finish", {}) == finished  # as the old way


def test_unknown_sessions_are_still_404(client: Any, all_set_reads: list[object]) -> None:
    assert client.get("/api/sessions/nope").status_code == 404
    assert client.post("/api/sessions/nope/finish").status_code == 404
    assert client.get("/api/sessions/open").json() is None
    assert client.get("/api/sessions").json() == []
    assert all_set_reads == []
