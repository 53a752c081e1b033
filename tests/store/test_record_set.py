"""Recording one set: the same placement and idempotency on the fake, SQLite and PostgreSQL,
in one short transaction on the SQL databases."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import Repository, TrainingSession, open_repository
from mindmuscle.store.service import auto_session_id, finish_session, record_set, start_session
from mindmuscle.store.sql.repository import SqlRepository

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)
DAY1 = "auto-me-2024-05-01"


def a_set(set_id: str, at: datetime = T0, **kw: Any) -> LoggedSet:
    base = LoggedSet(
        id=set_id,
        exercise="pec_deck",
        performed_at=at,
        reps=10,
        load=40.0,
        tempo=Tempo.parse("3-0-1-2"),
        rep_range=(10, 15),
        mmc=7,
    )
    return replace(base, **kw)


def test_a_loose_set_goes_into_its_local_days_automatic_session(repo: Repository) -> None:
    stored, result = repo.record_set(a_set("a"))
    assert (result, stored.session_id) == ("added", DAY1)
    late = datetime(2024, 5, 1, 23, 30, tzinfo=timezone(timedelta(hours=-7)))
    assert repo.record_set(a_set("b", late))[0].session_id == DAY1  # 06:30 UTC next day
    assert repo.record_set(a_set("c", T0 + timedelta(days=1)))[0].session_id == (
        auto_session_id("me", T0.date() + timedelta(days=1))
    )
    sessions = repo.sessions()
    assert [s.id for s in sessions] == [DAY1, "auto-me-2024-05-02"]
    assert sessions[0] == TrainingSession(
        id=DAY1, started_at=T0.replace(hour=0), auto=True, title="Sets of 2024-05-01"
    )
    assert repo.get_set("a") == stored


def test_a_loose_set_goes_into_the_open_session_if_it_started_before(repo: Repository) -> None:
    start_session(repo, session_id="live", now=T0)
    assert repo.record_set(a_set("a", T0 + timedelta(minutes=1)))[0].session_id == "live"
    assert repo.record_set(a_set("at-start", T0))[0].session_id == "live"
    early = T0 - timedelta(days=3)
    assert repo.record_set(a_set("old", early))[0].session_id == "auto-me-2024-04-28"
    finish_session(repo, now=T0 + timedelta(hours=1))
    after = repo.record_set(a_set("b", T0 + timedelta(hours=2)))[0]
    assert after.session_id == DAY1
    assert [s.session_id for s in repo.sets()] == ["auto-me-2024-04-28", "live", "live", DAY1]


def test_the_newest_open_session_decides(repo: Repository) -> None:
    repo.add_session(TrainingSession(id="older", started_at=T0 - timedelta(hours=2)))
    repo.add_session(TrainingSession(id="newer", started_at=T0 + timedelta(hours=1)))
    assert repo.record_set(a_set("a", T0))[0].session_id == DAY1  # before "newer" started
    assert repo.record_set(a_set("b", T0 + timedelta(hours=2)))[0].session_id == "newer"


def test_a_resend_is_unchanged_and_keeps_its_session(repo: Repository) -> None:
    first, _ = repo.record_set(a_set("a"))
    start_session(repo, session_id="live", now=T0 - timedelta(hours=1))
    again, result = repo.record_set(a_set("a"))
    assert (result, again) == ("unchanged", first)
    assert repo.record_set(a_set("a", session_id=DAY1)) == (first, "unchanged")
    assert len(repo.sets()) == 1


def test_a_set_with_a_session_goes_there(repo: Repository) -> None:
    repo.add_session(TrainingSession(id="s1", started_at=T0 + timedelta(days=9)))
    assert repo.record_set(a_set("a", session_id="s1")) == (a_set("a", session_id="s1"), "added")
    assert repo.record_set(a_set("a", session_id="s1"))[1] == "unchanged"
    assert [s.id for s in repo.sessions()] == ["s1"]


def test_the_same_id_with_other_content_writes_nothing(repo: Repository) -> None:
    repo.add_session(TrainingSession(id="s1", started_at=T0))
    repo.record_set(a_set("a", session_id="s1"))
    with pytest.raises(ConflictError, match="'a' is already stored with different content"):
        repo.record_set(a_set("a", session_id="s1", reps=11))
    with pytest.raises(ConflictError):
        repo.record_set(a_set("a", T0 + timedelta(days=2), reps=11))  # no new day session
    repo.add_session(TrainingSession(id="s2", started_at=T0))
    with pytest.raises(ConflictError):
        repo.record_set(a_set("a", session_id="s2"))
    assert repo.sets() == [a_set("a", session_id="s1")]
    assert [s.id for s in repo.sessions()] == ["s1", "s2"]


def test_a_named_session_must_exist(repo: Repository) -> None:
    with pytest.raises(InputError, match="session_id 'ghost' names no stored session"):
        repo.record_set(a_set("a", session_id="ghost"))
    repo.record_set(a_set("b"))
    with pytest.raises(InputError, match="session_id 'ghost' names no stored session"):
        repo.record_set(a_set("b", session_id="ghost"))  # even when the id is stored
    assert [s.id for s in repo.sets()] == ["b"]


def test_an_invalid_set_is_refused_before_anything_is_written(repo: Repository) -> None:
    with pytest.raises(InputError, match="mmc is 0"):
        record_set(repo, a_set("a", mmc=0))
    with pytest.raises(InputError, match="mmc is 0"):
        repo.record_set(a_set("a", mmc=0))
    assert repo.sessions() == [] and repo.sets() == []


def test_the_service_delegates_to_the_repository(repo: Repository) -> None:
    stored, result = record_set(repo, a_set("a"))
    assert result == "added" and repo.record_set(a_set("a")) == (stored, "unchanged")


# -- SQL only: lifters sharing a database, transactions, races ------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    found: str = request.getfixturevalue("postgres_url")
    return found


@pytest.fixture
def sql(url: str) -> Iterator[SqlRepository]:
    with open_repository(url) as repo:
        yield repo


def test_another_lifters_sessions_and_sets_are_not_ours(sql: SqlRepository) -> None:
    other = SqlRepository(sql.engine, lifter_id="you")
    other.add_session(TrainingSession(id="theirs", started_at=T0))
    other.record_set(a_set("x", session_id="theirs"))
    with pytest.raises(InputError, match="'theirs' names no stored session"):
        sql.record_set(a_set("y", session_id="theirs"))
    with pytest.raises(InputError, match="'theirs' names no stored session"):
        sql.record_set(a_set("x", session_id="theirs"))
    with pytest.raises(ConflictError):
        sql.record_set(a_set("x"))  # the id is taken: no automatic session is left behind
    assert sql.sessions() == [] and sql.sets() == []
    assert other.record_set(a_set("x"))[1] == "unchanged"


def test_a_set_is_one_transaction_and_usually_one_statement(sql: SqlRepository) -> None:
    import sqlalchemy as sa

    sql.add_session(TrainingSession(id="s1", started_at=T0, finished_at=T0 + timedelta(hours=1)))
    begun: list[object] = []
    statements: list[str] = []
    sa.event.listen(sql.engine, "begin", begun.append)
    sa.event.listen(sql.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def count(logged: LoggedSet) -> tuple[int, int]:
        begun.clear()
        statements.clear()
        sql.record_set(logged)
        return len(begun), len(statements)

    assert count(a_set("a", session_id="s1")) == (1, 1)
    assert count(a_set("b")) == (1, 3)  # placement, the day's session, the set
    assert count(a_set("c")) == (1, 3)  # the day's session is there already
    assert count(a_set("c"))[0] == 1
    assert [s.id for s in sql.sessions()] == [DAY1, "s1"]


def test_the_days_session_is_made_once_by_racing_writers(url: str) -> None:
    repos = [open_repository(url) for _ in range(4)]  # like four worker processes
    try:
        sets = [a_set(f"r{i}", T0 + timedelta(seconds=i)) for i in range(24)]
        resent = sets + sets  # every set twice, by different writers at about the same time

        def write(i: int) -> tuple[LoggedSet, str]:
            return repos[i % 4].record_set(resent[i])

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(write, range(len(resent))))
        assert {s.session_id for s, _ in results} == {DAY1}
        assert sorted(r for _, r in results) == ["added"] * 24 + ["unchanged"] * 24
        assert [s.id for s in repos[0].sessions()] == [DAY1]
        assert len(repos[0].sets()) == 24
    finally:
        for repo in repos:
            repo.close()


def test_the_open_session_query_has_an_index(sql: SqlRepository) -> None:
    import sqlalchemy as sa

    indexes = {
        ix["name"]: ix["column_names"] for ix in sa.inspect(sql.engine).get_indexes("sessions")
    }
    assert indexes["ix_sessions_open"] == ["lifter_id", "auto", "finished_at"]
