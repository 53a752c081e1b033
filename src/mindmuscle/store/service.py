"""Use cases over the repository seam: log a set into the right session, start and finish
sessions. Time and new ids come in as arguments, so tests run them against the fake."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime, time

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import StoredPlan, TrainingSession, check_set
from mindmuscle.store.repository import Repository, WriteResult

__all__ = ["auto_session_id", "finish_session", "record_set", "start_session"]


def auto_session_id(lifter_id: str, day: date) -> str:
    """The id of the automatic session that collects one day's sets logged outside a session."""
    return f"auto-{lifter_id}-{day.isoformat()}"


def _auto_session(repo: Repository, performed_at: datetime) -> TrainingSession:
    day = performed_at.date()
    session_id = auto_session_id(repo.lifter_id, day)
    found = repo.get_session(session_id)
    if found is not None:
        return found
    session = TrainingSession(
        id=session_id,
        started_at=datetime.combine(day, time(0), tzinfo=performed_at.tzinfo),
        auto=True,
        title=f"Sets of {day.isoformat()}",
    )
    with suppress(ConflictError):  # another process created it a moment ago
        repo.add_session(session)
    stored = repo.get_session(session_id)
    return session if stored is None else stored


def _session_for(repo: Repository, logged: LoggedSet) -> str:
    already = repo.get_set(logged.id)
    if already is not None and already.session_id is not None:
        return already.session_id  # a repeated write of the same set keeps its session
    open_session = repo.open_session()
    if open_session is not None and open_session.started_at <= logged.performed_at:
        return open_session.id
    return _auto_session(repo, logged.performed_at).id


def record_set(repo: Repository, logged: LoggedSet) -> tuple[LoggedSet, WriteResult]:
    """Store a completed set now (committed on return).

    A set without ``session_id`` goes into the open session, or else into the automatic
    session of its day. Writing the same set twice is harmless.
    """
    check_set(logged)
    if logged.session_id is None:
        logged = replace(logged, session_id=_session_for(repo, logged))
    elif repo.get_session(logged.session_id) is None:
        raise InputError(f"Set session_id {logged.session_id!r} names no stored session.")
    return logged, repo.add_set(logged)


def start_session(
    repo: Repository,
    *,
    session_id: str,
    now: datetime,
    plan: StoredPlan | None = None,
    title: str = "",
) -> TrainingSession:
    """Open a session (storing its plan first, if any); only one session can be open."""
    open_session = repo.open_session()
    if open_session is not None:
        raise InputError(
            f"A session started at {open_session.started_at:%Y-%m-%d %H:%M} is still open; "
            "finish it first with 'mindmuscle session finish'."
        )
    if plan is not None:
        repo.add_plan(plan)
    session = TrainingSession(
        id=session_id, started_at=now, plan_id=None if plan is None else plan.id, title=title
    )
    repo.add_session(session)
    return session


def finish_session(repo: Repository, *, now: datetime) -> TrainingSession:
    """Close the open session at ``now``."""
    open_session = repo.open_session()
    if open_session is None:
        raise InputError("No session is open; start one with 'mindmuscle session start'.")
    return repo.finish_session(open_session.id, now)
