"""The repository seam: a small Protocol, and an in-memory fake for tests that need no database.

A repository belongs to one lifter. Writes are idempotent by id: writing a record whose id is
already stored with the same content is harmless (``"unchanged"``); the same id with other
content raises :class:`ConflictError` and changes nothing. :meth:`Repository.add_batch` writes
all or nothing. :meth:`Repository.record_set` stores one logged set, placing it in the right
session, in one short transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Literal, Protocol, TypeVar

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import (
    Batch,
    BodyweightEntry,
    Lifter,
    Recording,
    Soreness,
    StoredPlan,
    TrainingSession,
    check_bodyweight,
    check_lifter,
    check_plan,
    check_recording,
    check_session,
    check_set,
    check_soreness,
    measured_tempo_of,
)

__all__ = [
    "BatchResult",
    "InMemoryRepository",
    "Repository",
    "WriteResult",
    "auto_session",
    "auto_session_id",
    "check_batch",
    "no_such_session",
    "no_such_set",
    "same_file",
]

WriteResult = Literal["added", "unchanged"]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """How many records of a batch were new (``added``) and how many were already stored."""

    added: int = 0
    unchanged: int = 0
    sets_added: int = 0
    sessions_added: int = 0


class Repository(Protocol):
    """Storage of one lifter's profile, plans, sessions, sets, soreness and bodyweight."""

    lifter_id: str

    def get_lifter(self) -> Lifter | None: ...
    def save_lifter(self, lifter: Lifter) -> None: ...
    def add_plan(self, plan: StoredPlan) -> WriteResult: ...
    def get_plan(self, plan_id: str) -> StoredPlan | None: ...
    def add_session(self, session: TrainingSession) -> WriteResult: ...
    def get_session(self, session_id: str) -> TrainingSession | None: ...
    def finish_session(self, session_id: str, finished_at: datetime) -> TrainingSession: ...
    def open_session(self) -> TrainingSession | None: ...
    def sessions(self) -> list[TrainingSession]: ...
    def add_set(self, logged: LoggedSet) -> WriteResult: ...
    def record_set(self, logged: LoggedSet) -> tuple[LoggedSet, WriteResult]:
        """Store a completed set, committed on return, all or nothing; return it with its
        session and whether it was new.

        A set without ``session_id`` keeps the session it is already stored in; else it goes
        into the open session if that started at or before the set, else into the automatic
        session of the set's local day (see :func:`auto_session`), created if missing. A
        ``session_id`` naming no stored session of this lifter is an :class:`InputError`; the
        same id with other content a :class:`ConflictError` that writes nothing.
        """
        ...

    def get_set(self, set_id: str) -> LoggedSet | None: ...
    def sets(
        self, *, exercise: str | None = None, since: datetime | None = None
    ) -> list[LoggedSet]: ...
    def session_sets(self, session_id: str) -> list[LoggedSet]:
        """This lifter's sets of one session, in the order of :meth:`sets` (time, then id);
        empty for a session that is not stored or not this lifter's."""
        ...

    def set_counts(self) -> dict[str, int]:
        """How many sets are stored per session id of this lifter (sessions without sets
        may be absent)."""
        ...

    def report_soreness(self, reports: Sequence[Soreness]) -> None: ...
    def soreness(self, *, since: date | None = None) -> list[Soreness]: ...
    def add_bodyweight(self, entry: BodyweightEntry) -> WriteResult: ...
    def bodyweights(self) -> list[BodyweightEntry]: ...
    def attach_recording(self, recording: Recording) -> tuple[Recording, WriteResult]:
        """Store a recording's analysis for a stored set, committed on return, all or nothing;
        return the stored recording and whether it was new.

        The same file (``sha256``) attached again to the same set is ``"unchanged"`` and
        returns the recording stored first. Attaching a motion recording with reps also sets
        the set's ``measured_tempo`` (the mean of its reps' phases) in the same transaction.
        A ``set_id`` naming no stored set of this lifter is an :class:`InputError`.
        """
        ...

    def recordings(self, set_id: str | None = None) -> list[Recording]:
        """The recordings (of one set, or all), oldest first."""
        ...

    def add_batch(self, batch: Batch) -> BatchResult: ...
    def snapshot(self) -> Batch: ...
    def close(self) -> None: ...


T = TypeVar("T")


def auto_session_id(lifter_id: str, day: date) -> str:
    """The id of the automatic session that collects one day's sets logged outside a session."""
    return f"auto-{lifter_id}-{day.isoformat()}"


def auto_session(lifter_id: str, performed_at: datetime) -> TrainingSession:
    """The automatic session of the local day of a set performed at ``performed_at``."""
    day = performed_at.date()
    return TrainingSession(
        id=auto_session_id(lifter_id, day),
        started_at=datetime.combine(day, time(0), tzinfo=performed_at.tzinfo),
        auto=True,
        title=f"Sets of {day.isoformat()}",
    )


def no_such_session(session_id: str | None) -> InputError:
    return InputError(f"Set session_id {session_id!r} names no stored session.")


def no_such_set(set_id: str) -> InputError:
    return InputError(f"Recording set_id {set_id!r} names no stored set; log the set first.")


def same_file(a: Recording, b: Recording) -> bool:
    """Whether two recordings are the same file attached to the same set (a harmless repeat)."""
    return (a.set_id, a.kind, a.sha256) == (b.set_id, b.kind, b.sha256)


def conflict(kind: str, record_id: str) -> ConflictError:
    return ConflictError(
        f"A {kind} with id {record_id!r} is already stored with different content; "
        "nothing was written (use a new id for a new record)."
    )


def _unique(records: Sequence[T], key: Callable[[T], object], kind: str) -> tuple[T, ...]:
    """The records without repeats; the same key with other content is a conflict."""
    seen: dict[object, T] = {}
    for record in records:
        k = key(record)
        if k in seen and seen[k] != record:
            raise conflict(kind, str(k))
        seen.setdefault(k, record)
    return tuple(seen.values())


def check_batch(batch: Batch) -> Batch:
    """Validate every record of a batch before writing; return it without repeated records."""
    if batch.lifter is not None:
        check_lifter(batch.lifter)
    for plan in batch.plans:
        check_plan(plan)
    for session in batch.sessions:
        check_session(session)
    for logged in batch.sets:
        check_set(logged)
        if logged.session_id is None:
            raise InputError(f"Set {logged.id!r} has no session_id; expected the id of a session.")
    for report in batch.soreness:
        check_soreness(report)
    for entry in batch.bodyweight:
        check_bodyweight(entry)
    for recording in batch.recordings:
        check_recording(recording)
    return replace(
        batch,
        plans=_unique(batch.plans, lambda p: p.id, "plan"),
        sessions=_unique(batch.sessions, lambda s: s.id, "session"),
        sets=_unique(batch.sets, lambda s: s.id, "set"),
        soreness=_unique(batch.soreness, lambda s: (s.day, s.group), "soreness report"),
        bodyweight=_unique(batch.bodyweight, lambda b: b.id, "bodyweight entry"),
        recordings=_unique(batch.recordings, lambda r: r.id, "recording"),
    )


def _put(store: dict[str, T], kind: str, key: str, record: T) -> WriteResult:
    old = store.get(key)
    if old is None:
        store[key] = record
        return "added"
    if old != record:
        raise conflict(kind, key)
    return "unchanged"


def _sorted(items: Iterable[T], key: Callable[[T], tuple[object, ...]]) -> list[T]:
    return sorted(items, key=key)


class InMemoryRepository:
    """The fake: same behaviour as the SQL repository, kept in dicts."""

    def __init__(self, lifter_id: str = "me") -> None:
        self.lifter_id = lifter_id
        self._lifter: Lifter | None = None
        self._plans: dict[str, StoredPlan] = {}
        self._sessions: dict[str, TrainingSession] = {}
        self._sets: dict[str, LoggedSet] = {}
        self._soreness: dict[tuple[date, str], Soreness] = {}
        self._bodyweight: dict[str, BodyweightEntry] = {}
        self._recordings: dict[str, Recording] = {}
        self.closed = False

    def get_lifter(self) -> Lifter | None:
        return self._lifter

    def save_lifter(self, lifter: Lifter) -> None:
        check_lifter(lifter)
        self._lifter = lifter

    def add_plan(self, plan: StoredPlan) -> WriteResult:
        check_plan(plan)
        return _put(self._plans, "plan", plan.id, plan)

    def get_plan(self, plan_id: str) -> StoredPlan | None:
        return self._plans.get(plan_id)

    def add_session(self, session: TrainingSession) -> WriteResult:
        check_session(session)
        if session.plan_id is not None and session.plan_id not in self._plans:
            raise InputError(f"Session {session.id!r} names plan {session.plan_id!r}, not stored.")
        return _put(self._sessions, "session", session.id, session)

    def get_session(self, session_id: str) -> TrainingSession | None:
        return self._sessions.get(session_id)

    def finish_session(self, session_id: str, finished_at: datetime) -> TrainingSession:
        session = self._sessions.get(session_id)
        if session is None:
            raise InputError(f"No session with id {session_id!r} is stored.")
        done = replace(session, finished_at=finished_at)
        check_session(done)
        self._sessions[session_id] = done
        return done

    def open_session(self) -> TrainingSession | None:
        candidates = [s for s in self._sessions.values() if not s.auto and s.finished_at is None]
        return max(candidates, key=lambda s: (s.started_at, s.id), default=None)

    def sessions(self) -> list[TrainingSession]:
        return _sorted(self._sessions.values(), lambda s: (s.started_at, s.id))

    def add_set(self, logged: LoggedSet) -> WriteResult:
        check_set(logged)
        if logged.session_id is None or logged.session_id not in self._sessions:
            raise InputError(f"Set {logged.id!r} names session {logged.session_id!r}, not stored.")
        return _put(self._sets, "set", logged.id, logged)

    def record_set(self, logged: LoggedSet) -> tuple[LoggedSet, WriteResult]:
        check_set(logged)
        auto: TrainingSession | None = None
        if logged.session_id is None:
            stored = self._sets.get(logged.id)
            open_session = self.open_session()
            if stored is not None and stored.session_id is not None:
                logged = replace(logged, session_id=stored.session_id)
            elif open_session is not None and open_session.started_at <= logged.performed_at:
                logged = replace(logged, session_id=open_session.id)
            else:
                auto = auto_session(self.lifter_id, logged.performed_at)
                logged = replace(logged, session_id=auto.id)
        elif logged.session_id not in self._sessions:
            raise no_such_session(logged.session_id)
        old = self._sets.get(logged.id)
        if old is not None:
            if old != logged:
                raise conflict("set", logged.id)
            return logged, "unchanged"
        if auto is not None:
            self._sessions.setdefault(auto.id, auto)
        self._sets[logged.id] = logged
        return logged, "added"

    def get_set(self, set_id: str) -> LoggedSet | None:
        return self._sets.get(set_id)

    def sets(
        self, *, exercise: str | None = None, since: datetime | None = None
    ) -> list[LoggedSet]:
        found = [
            s
            for s in self._sets.values()
            if (exercise is None or s.exercise == exercise)
            and (since is None or s.performed_at >= since)
        ]
        return _sorted(found, lambda s: (s.performed_at, s.id))

    def session_sets(self, session_id: str) -> list[LoggedSet]:
        found = [s for s in self._sets.values() if s.session_id == session_id]
        return _sorted(found, lambda s: (s.performed_at, s.id))

    def set_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for s in self._sets.values():
            if s.session_id is not None:
                counts[s.session_id] = counts.get(s.session_id, 0) + 1
        return counts

    def report_soreness(self, reports: Sequence[Soreness]) -> None:
        for report in reports:
            check_soreness(report)
        for report in reports:
            self._soreness[(report.day, report.group)] = report

    def soreness(self, *, since: date | None = None) -> list[Soreness]:
        found = [s for s in self._soreness.values() if since is None or s.day >= since]
        return _sorted(found, lambda s: (s.day, s.group))

    def add_bodyweight(self, entry: BodyweightEntry) -> WriteResult:
        check_bodyweight(entry)
        return _put(self._bodyweight, "bodyweight entry", entry.id, entry)

    def bodyweights(self) -> list[BodyweightEntry]:
        return _sorted(self._bodyweight.values(), lambda b: (b.measured_at, b.id))

    def attach_recording(self, recording: Recording) -> tuple[Recording, WriteResult]:
        check_recording(recording)
        return self._attach(recording, measure=True)

    def _attach(self, recording: Recording, *, measure: bool) -> tuple[Recording, WriteResult]:
        logged = self._sets.get(recording.set_id)
        if logged is None:
            raise no_such_set(recording.set_id)
        old = self._recordings.get(recording.id)
        if old is not None:
            if not same_file(old, recording):
                raise conflict("recording", recording.id)
            return old, "unchanged"
        for stored in self._recordings.values():
            if (stored.set_id, stored.sha256) == (recording.set_id, recording.sha256):
                return stored, "unchanged"
        tempo = measured_tempo_of(recording.summary) if recording.kind == "motion" else None
        if measure and tempo is not None:
            self._sets[logged.id] = replace(logged, measured_tempo=tempo)
        self._recordings[recording.id] = recording
        return recording, "added"

    def recordings(self, set_id: str | None = None) -> list[Recording]:
        found = [r for r in self._recordings.values() if set_id is None or r.set_id == set_id]
        return _sorted(found, lambda r: (r.created_at, r.id))

    def add_batch(self, batch: Batch) -> BatchResult:
        batch = check_batch(batch)
        saved = (
            self._lifter,
            dict(self._plans),
            dict(self._sessions),
            dict(self._sets),
            dict(self._soreness),
            dict(self._bodyweight),
            dict(self._recordings),
        )
        try:
            return self._write_batch(batch)
        except Exception:
            (
                self._lifter,
                self._plans,
                self._sessions,
                self._sets,
                self._soreness,
                self._bodyweight,
                self._recordings,
            ) = saved
            raise

    def _write_batch(self, batch: Batch) -> BatchResult:
        if batch.lifter is not None and self._lifter is None:
            self._lifter = batch.lifter
        results: list[WriteResult] = [self.add_plan(p) for p in batch.plans]
        sessions = [self.add_session(s) for s in batch.sessions]
        sets = [self.add_set(s) for s in batch.sets]
        results += sessions + sets + [self.add_bodyweight(b) for b in batch.bodyweight]
        results += [self._attach(r, measure=False)[1] for r in batch.recordings]
        self.report_soreness(batch.soreness)
        added = results.count("added") + len(batch.soreness)
        return BatchResult(
            added=added,
            unchanged=results.count("unchanged"),
            sets_added=sets.count("added"),
            sessions_added=sessions.count("added"),
        )

    def snapshot(self) -> Batch:
        return Batch(
            lifter=self._lifter,
            plans=tuple(_sorted(self._plans.values(), lambda p: (p.created_at, p.id))),
            sessions=tuple(self.sessions()),
            sets=tuple(self.sets()),
            soreness=tuple(self.soreness()),
            bodyweight=tuple(self.bodyweights()),
            recordings=tuple(self.recordings()),
        )

    def close(self) -> None:
        self.closed = True
