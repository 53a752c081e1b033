"""The store reads behind the coach's pages, on SQLite and PostgreSQL: ``client_activity``
(what the clients list needs of many lifters, in one transaction) and ``session_details``
(only some sessions' sets, recordings and plans)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import (
    ClientActivity,
    Lifter,
    Soreness,
    StoredPlan,
    TrainingSession,
    open_repository,
)
from mindmuscle.store.accounts import AccountStore, User
from mindmuscle.store.accounts_notes import assign_plan
from mindmuscle.store.records import Recording
from mindmuscle.store.sql.repository import SqlRepository
from support.accounts import fast_hash

NOW = datetime(2025, 3, 12, 18, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=14)


@pytest.fixture
def base(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SqlRepository]:
    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    with open_repository(db_url) as repo:
        yield repo


def as_lifter(base: SqlRepository, lifter_id: str) -> SqlRepository:
    return SqlRepository(base.engine, lifter_id=lifter_id)


def a_plan(repo: SqlRepository, plan_id: str) -> str:
    repo.add_plan(
        StoredPlan(id=plan_id, kind="session", created_at=NOW, prescription={"blocks": []})
    )
    return plan_id


def a_session(
    repo: SqlRepository, sid: str, at: datetime, n: int = 2, plan_id: str | None = None
) -> list[LoggedSet]:
    repo.add_session(TrainingSession(id=sid, started_at=at, plan_id=plan_id))
    made = [
        LoggedSet(
            id=f"{sid}-{i}",
            exercise="pec_deck",
            performed_at=at + timedelta(minutes=3 * i),
            reps=10,
            load=40.0,
            mmc=7,
            session_id=sid,
        )
        for i in range(n)
    ]
    for s in made:
        repo.add_set(s)
    return made


@pytest.fixture
def coach(base: SqlRepository) -> User:
    return AccountStore(base.engine).add_user("cora", "correct horse battery", "coach", now=NOW)


def test_client_activity_reads_each_lifters_window_profile_sessions_and_pending_plans(
    base: SqlRepository, coach: User
) -> None:
    accounts = AccountStore(base.engine)
    ana, ben, other = (as_lifter(base, i) for i in ("ana", "ben", "other"))
    ana.save_lifter(Lifter(name="Ana", start_date=date(2025, 1, 6)))
    old = a_session(ana, "ana-old", NOW - timedelta(days=30))
    started = a_plan(ana, "plan-started")
    recent = a_session(ana, "ana-new", NOW - timedelta(days=2), n=3, plan_id=started)
    assign_plan(accounts, coach, "ana", started, now=NOW)
    for pid in ("plan-a", "plan-b"):  # assigned, not started yet
        assign_plan(accounts, coach, "ana", a_plan(ana, pid), now=NOW)
    ana.report_soreness(
        [
            Soreness(day=date(2025, 2, 1), group="chest", doms=3, reported_at=NOW),
            Soreness(day=date(2025, 3, 11), group="chest", doms=2, reported_at=NOW),
            Soreness(day=date(2025, 3, 11), group="back", doms=1, reported_at=NOW),
        ]
    )
    ben_sets = a_session(ben, "ben-1", NOW - timedelta(days=1))
    a_session(other, "other-1", NOW - timedelta(days=1))  # not asked for

    got = base.client_activity(
        ["ben", "ana", "nobody", "ana"], since=SINCE, soreness_since=date(2025, 3, 1)
    )

    assert list(got) == ["ben", "ana", "nobody"]
    a = got["ana"]
    assert a.lifter == ana.get_lifter()
    assert (a.sessions, a.pending_plans) == (2, 2)
    assert a.first_session == old[0].performed_at == NOW - timedelta(days=30)
    assert a.last_session == NOW - timedelta(days=2)
    assert list(a.sets) == recent == ana.sets(since=SINCE)
    assert list(a.soreness) == ana.soreness(since=date(2025, 3, 1))
    assert [r.group for r in a.soreness] == ["back", "chest"]
    b = got["ben"]
    assert (b.lifter, b.sessions, b.pending_plans, list(b.sets)) == (None, 1, 0, ben_sets)
    assert b.first_session == b.last_session == NOW - timedelta(days=1)
    assert got["nobody"] == ClientActivity(lifter_id="nobody")
    for made in got.values():
        assert all(s.performed_at.tzinfo is not None for s in made.sets)
        assert made.first_session is None or made.first_session.utcoffset() == timedelta(0)


def test_client_activity_is_one_transaction_of_a_few_statements_whatever_the_count(
    base: SqlRepository,
) -> None:
    ids = [f"lifter-{n}" for n in range(12)]
    for n, lifter in enumerate(ids):
        a_session(as_lifter(base, lifter), f"s-{n}", NOW - timedelta(days=n % 5))
    seen: list[str] = []
    checkouts: list[object] = []

    def statement(conn: object, cursor: object, sql: str, *args: object) -> None:
        seen.append(sql)

    def checkout(*args: object) -> None:
        checkouts.append(args)

    sa.event.listen(base.engine, "before_cursor_execute", statement)
    sa.event.listen(base.engine, "checkout", checkout)
    try:
        few = base.client_activity(ids[:2], since=SINCE, soreness_since=SINCE.date())
        counted = (len(seen), len(checkouts))
        seen.clear()
        checkouts.clear()
        many = base.client_activity(ids, since=SINCE, soreness_since=SINCE.date())
    finally:
        sa.event.remove(base.engine, "before_cursor_execute", statement)
        sa.event.remove(base.engine, "checkout", checkout)
    assert (len(seen), len(checkouts)) == counted
    assert len(seen) <= 6 and len(checkouts) <= 1
    assert [len(few[i].sets) for i in ids[:2]] == [2, 2]
    assert sum(len(m.sets) for m in many.values()) == 24


def test_session_details_reads_only_the_asked_sessions_of_this_lifter(
    base: SqlRepository,
) -> None:
    ana, ben = as_lifter(base, "ana"), as_lifter(base, "ben")
    plan = a_plan(ana, "plan-1")
    a_session(ana, "s-1", NOW - timedelta(days=9))
    second = a_session(ana, "s-2", NOW - timedelta(days=5), plan_id=plan)
    third = a_session(ana, "s-3", NOW - timedelta(days=1), n=3)
    a_session(ben, "b-1", NOW - timedelta(days=1))
    recording = Recording(
        id="rec-1",
        set_id="s-3-1",
        kind="emg",
        filename="s-3-1.csv",
        sha256="a" * 64,
        created_at=NOW,
        summary={"target_share": 0.6},
    )
    ana.attach_recording(recording)
    ana.attach_recording(
        Recording(
            id="rec-0",
            set_id="s-1-0",
            kind="emg",
            filename="old.csv",
            sha256="b" * 64,
            created_at=NOW,
            summary={"target_share": 0.5},
        )
    )

    got = ana.session_details(["s-3", "s-2", "b-1", "missing"])

    assert [s.id for s in got.sessions] == ["s-3", "s-2"]  # in the order asked, only ana's
    assert list(got.sets) == second + third  # in time order, no set of s-1 or of ben's
    assert [r.id for r in got.recordings] == ["rec-1"]
    assert got.recordings[0] == ana.recordings("s-3-1")[0]
    assert dict(got.plans) == {"plan-1": ana.get_plan("plan-1")}
    assert ana.session_details([]).sets == ()
    assert ben.session_details(["s-2"]).sessions == ()
