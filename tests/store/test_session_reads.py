"""Reading one session's sets and the set count per session without reading every set: the
same answers on the fake, SQLite and PostgreSQL, and never another lifter's sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import Repository, TrainingSession, open_repository
from mindmuscle.store.sql.repository import SqlRepository

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


def a_set(set_id: str, session_id: str, minutes: float, **kw: Any) -> LoggedSet:
    base = LoggedSet(
        id=set_id,
        exercise="pec_deck",
        performed_at=T0 + timedelta(minutes=minutes),
        reps=10,
        load=40.0,
        tempo=Tempo.parse("3-0-1-2"),
        session_id=session_id,
    )
    return replace(base, **kw)


def fill(repo: Repository) -> None:
    """Three sessions: "a" with sets stored out of time order (two at the same moment, to be
    ordered by id), "b" with one set, "empty" with none."""
    for sid, hours in (("a", 0), ("b", 24), ("empty", 48)):
        repo.add_session(
            TrainingSession(
                id=sid,
                started_at=T0 + timedelta(hours=hours),
                finished_at=T0 + timedelta(hours=hours + 1),
            )
        )
    repo.add_set(a_set("a-3", "a", 30))
    repo.add_set(a_set("a-1", "a", 5, tempo=Tempo.parse("4-0-X-1")))
    repo.add_set(a_set("b-1", "b", 24 * 60 + 5))
    repo.add_set(a_set("a-2z", "a", 20))
    repo.add_set(a_set("a-2a", "a", 20, reps=8))


def test_session_sets_are_that_sessions_sets_in_time_then_id_order(repo: Repository) -> None:
    fill(repo)
    got = repo.session_sets("a")
    assert [s.id for s in got] == ["a-1", "a-2a", "a-2z", "a-3"]
    assert got == [s for s in repo.sets() if s.session_id == "a"]  # same records, same order
    assert got[0].tempo == Tempo.parse("4-0-X-1") and got[1].reps == 8
    assert [s.id for s in repo.session_sets("b")] == ["b-1"]


def test_session_sets_of_an_empty_or_unknown_session_are_empty(repo: Repository) -> None:
    fill(repo)
    assert repo.session_sets("empty") == []
    assert repo.session_sets("no-such-session") == []


def test_set_counts_match_counting_all_sets_by_session(repo: Repository) -> None:
    assert repo.set_counts() == {}
    fill(repo)
    expected = Counter(s.session_id for s in repo.sets())
    assert repo.set_counts() == dict(expected) == {"a": 4, "b": 1}
    assert repo.set_counts().get("empty", 0) == 0


# -- SQL only: lifters sharing a database ----------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sql(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlRepository]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    with open_repository(url) as repo:
        yield repo


def test_another_lifters_session_and_sets_are_not_ours(sql: SqlRepository) -> None:
    fill(sql)
    other = SqlRepository(sql.engine, lifter_id="you")
    other.add_session(TrainingSession(id="theirs", started_at=T0))
    other.add_set(a_set("t-1", "theirs", 1))
    other.add_set(a_set("t-2", "theirs", 2))
    assert [s.id for s in other.session_sets("theirs")] == ["t-1", "t-2"]
    assert other.set_counts() == {"theirs": 2}
    assert sql.session_sets("theirs") == []
    assert other.session_sets("a") == []
    assert sql.set_counts() == {"a": 4, "b": 1}


def test_each_read_is_one_statement(sql: SqlRepository) -> None:
    import sqlalchemy as sa

    fill(sql)
    statements: list[str] = []
    sa.event.listen(sql.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    sql.session_sets("a")
    sql.set_counts()
    assert len(statements) == 2
    assert "session_id =" in statements[0] and "GROUP BY" in statements[1]
