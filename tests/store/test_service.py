"""Logging use cases over the fake repository: which session a set lands in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from mindmuscle.errors import InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import InMemoryRepository, StoredPlan
from mindmuscle.store.service import auto_session_id, finish_session, record_set, start_session

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


def a_set(set_id: str, at: datetime, **kw: object) -> LoggedSet:
    return LoggedSet(id=set_id, exercise="pec_deck", performed_at=at, reps=10, **kw)  # type: ignore[arg-type]


def test_a_set_outside_any_session_goes_into_the_automatic_session_of_its_day() -> None:
    repo = InMemoryRepository()
    stored, result = record_set(repo, a_set("a", T0))
    assert result == "added"
    assert stored.session_id == auto_session_id("me", date(2024, 5, 1))
    record_set(repo, a_set("b", T0 + timedelta(hours=1)))
    record_set(repo, a_set("c", T0 + timedelta(days=1)))
    assert [s.id for s in repo.sessions()] == ["auto-me-2024-05-01", "auto-me-2024-05-02"]
    assert all(s.auto for s in repo.sessions())


def test_the_day_is_the_lifters_local_day() -> None:
    repo = InMemoryRepository()
    late = datetime(2024, 5, 1, 23, 30, tzinfo=timezone(timedelta(hours=-7)))  # 06:30 UTC next day
    stored, _ = record_set(repo, a_set("a", late))
    assert stored.session_id == "auto-me-2024-05-01"


def test_sets_go_into_the_open_session_until_it_is_finished() -> None:
    repo = InMemoryRepository()
    session = start_session(repo, session_id="live", now=T0)
    stored, _ = record_set(repo, a_set("a", T0 + timedelta(minutes=1)))
    assert stored.session_id == session.id
    earlier, _ = record_set(repo, a_set("old", T0 - timedelta(days=3)))
    assert earlier.session_id == "auto-me-2024-04-28"  # logged late, belongs to its own day
    finish_session(repo, now=T0 + timedelta(hours=1))
    after, _ = record_set(repo, a_set("b", T0 + timedelta(hours=2)))
    assert after.session_id == "auto-me-2024-05-01"


def test_logging_the_same_set_again_keeps_its_session() -> None:
    repo = InMemoryRepository()
    record_set(repo, a_set("a", T0))
    start_session(repo, session_id="live", now=T0 + timedelta(minutes=1))
    again, result = record_set(repo, a_set("a", T0))
    assert result == "unchanged" and again.session_id == "auto-me-2024-05-01"


def test_only_one_session_is_open_at_a_time() -> None:
    repo = InMemoryRepository()
    start_session(repo, session_id="one", now=T0)
    with pytest.raises(InputError, match="still open; finish it first"):
        start_session(repo, session_id="two", now=T0)


def test_finishing_without_an_open_session() -> None:
    with pytest.raises(InputError, match="No session is open"):
        finish_session(InMemoryRepository(), now=T0)


def test_a_session_can_follow_a_stored_plan() -> None:
    repo = InMemoryRepository()
    plan = StoredPlan("p", "session", T0, {"focus": ["back"]})
    session = start_session(repo, session_id="s", now=T0, plan=plan, title="Back day")
    assert session.plan_id == "p" and repo.get_plan("p") == plan


def test_an_invalid_set_is_refused_before_any_session_is_made() -> None:
    repo = InMemoryRepository()
    with pytest.raises(InputError, match="mmc is 0"):
        record_set(repo, a_set("a", T0, mmc=0))
    assert repo.sessions() == []


def test_a_named_session_must_exist() -> None:
    with pytest.raises(InputError, match="names no stored session"):
        record_set(InMemoryRepository(), a_set("a", T0, session_id="ghost"))
