"""The coach's pages cost a fixed number of SQL statements: the clients list (API and page)
does not grow with the number of clients, nor a client's review with their sessions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import Soreness, StoredPlan, TrainingSession
from support.accounts import fast_hash

from .test_auth_world import PASSWORD, multi_settings

NOW = datetime(2025, 3, 12, 18, 0).astimezone()


class Coached:
    """A coach with clients, each with a few weeks of sets, soreness and assigned plans."""

    def __init__(self, app: Any, client: Any, coach: Any) -> None:
        self.app, self.client, self.coach = app, client, coach
        self.engine = app.state.runtime.repo.engine
        self.lifters: list[str] = []

    def add_clients(self, n: int) -> None:
        from mindmuscle.store.accounts import AccountStore
        from mindmuscle.store.accounts_notes import assign_plan
        from mindmuscle.store.sql.repository import SqlRepository

        store = AccountStore(self.engine)
        for _ in range(n):
            k = len(self.lifters)
            user = store.add_user(f"ath{k:02d}", PASSWORD, "athlete", now=NOW - timedelta(days=40))
            store.accept_invite(store.create_invite(self.coach, now=NOW), user, now=NOW)
            repo = SqlRepository(self.engine, lifter_id=user.lifter_id)
            for week in range(3):
                at = NOW - timedelta(weeks=week, days=1)
                plan = StoredPlan(id=f"p{k}-{week}", kind="session", created_at=at, prescription={})
                repo.add_plan(plan)
                assign_plan(store, self.coach, user.lifter_id, plan.id, now=at)
                sid = f"s{k}-{week}"
                started = plan.id if week else None  # the newest plan is not started
                repo.add_session(TrainingSession(id=sid, started_at=at, plan_id=started))
                for i in range(3):
                    repo.add_set(
                        LoggedSet(
                            id=f"{sid}-{i}",
                            exercise="pec_deck",
                            performed_at=at + timedelta(minutes=4 * i),
                            reps=10,
                            load=40.0,
                            mmc=8 - week,
                            session_id=sid,
                        )
                    )
                day = at.date() + timedelta(days=1)
                repo.report_soreness([Soreness(day=day, group="chest", doms=3, reported_at=at)])
            self.lifters.append(user.lifter_id)

    def statements(self, path: str) -> tuple[int, Any]:
        """How many SQL statements one GET of ``path`` runs, and its response."""
        seen: list[str] = []

        def count(conn: object, cursor: object, sql: str, *args: object) -> None:
            seen.append(sql)

        sa.event.listen(self.engine, "before_cursor_execute", count)
        try:
            response = self.client.get(path)
        finally:
            sa.event.remove(self.engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.text
        return len(seen), response


@pytest.fixture
def coached(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Coached]:
    from fastapi.testclient import TestClient

    from mindmuscle.store import open_repository
    from mindmuscle.store.accounts import AccountStore
    from mindmuscle.web.app import create_app

    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    settings = multi_settings(tmp_path, db_url)
    with open_repository(settings.database_url) as repo:
        coach = AccountStore(repo.engine).add_user("cora", PASSWORD, "coach", now=NOW)
    app = create_app(settings, now=lambda: NOW)
    with TestClient(app, follow_redirects=False) as client:
        r = client.post("/api/login", json={"username": "cora", "password": PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        yield Coached(app, client, coach)


@pytest.mark.parametrize("path", ["/api/clients", "/clients"])
def test_the_clients_list_runs_as_many_statements_for_eight_clients_as_for_two(
    coached: Coached, path: str
) -> None:
    coached.add_clients(2)
    coached.statements(path)  # warm up: first use opens the engine, the catalog, ...
    few, response = coached.statements(path)
    if path.startswith("/api"):
        listed = response.json()
        assert [c["sessions"] for c in listed] == [3, 3]
        assert [c["pending_plans"] for c in listed] == [1, 1]
        assert all(c["weekly_sets"] == {"chest": 3} for c in listed)
    coached.add_clients(6)
    many, response = coached.statements(path)
    assert many == few <= 12
    if path.startswith("/api"):
        assert len(response.json()) == 8
    else:
        assert all(lifter in response.text for lifter in coached.lifters)


def test_a_clients_review_runs_as_many_statements_however_many_sessions(
    coached: Coached,
) -> None:
    coached.add_clients(1)
    lifter = coached.lifters[0]
    path = f"/api/clients/{lifter}/review"
    coached.statements(path)
    few, response = coached.statements(path)
    assert len(response.json()) == 3
    from mindmuscle.store.sql.repository import SqlRepository

    repo = SqlRepository(coached.engine, lifter_id=lifter)
    for n in range(12):  # more sessions with plans than the review shows
        at = NOW - timedelta(weeks=4 + n)
        repo.add_plan(StoredPlan(id=f"old-{n}", kind="session", created_at=at, prescription={}))
        repo.add_session(TrainingSession(id=f"old-{n}", started_at=at, plan_id=f"old-{n}"))
    many, response = coached.statements(path)
    assert many == few
    assert len(response.json()) == 10


def test_no_clients_window_begins_before_the_one_the_list_loads_from() -> None:
    """The list loads everyone's data from the window of a start long ago; any real start
    (on or before today) needs nothing earlier."""
    from datetime import date

    from mindmuscle.web.progress import data_window

    for today in (date(2025, 3, 12), date(2025, 3, 16), date(2025, 3, 17), date(2024, 12, 31)):
        since, first = data_window(
            start=today - timedelta(weeks=64), today=today, weeks=4, basis="iso"
        )
        for back in range(0, 400):
            start = today - timedelta(days=back)
            mine = data_window(start=start, today=today, weeks=4, basis="iso")
            assert mine[0] >= since and mine[1] >= first, (today, start)
