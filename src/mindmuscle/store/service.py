"""Use cases over the repository seam: log a set into the right session, start and finish
sessions. Time and new ids come in as arguments, so tests run them against the fake."""

from __future__ import annotations

from datetime import datetime

from mindmuscle.errors import InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import StoredPlan, TrainingSession, check_set
from mindmuscle.store.repository import Repository, WriteResult, auto_session_id

__all__ = ["auto_session_id", "finish_session", "record_set", "start_session"]


def record_set(repo: Repository, logged: LoggedSet) -> tuple[LoggedSet, WriteResult]:
    """Store a completed set now (committed on return, in one transaction).

    A set without ``session_id`` goes into the open session, or else into the automatic
    session of its day. Writing the same set twice is harmless. The placement rules are
    :meth:`Repository.record_set`'s.
    """
    check_set(logged)  # an invalid set is refused before anything is read or written
    return repo.record_set(logged)


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
