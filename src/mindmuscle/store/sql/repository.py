"""The SQLAlchemy repository: every write is its own committed transaction (a set is durable
the moment ``add_set`` or ``record_set`` returns); a batch is one transaction, all or nothing.

``record_set`` is the hot path of the web app (a phone logging sets on the gym floor): one
short transaction on a Core connection, normally one INSERT ... SELECT ... ON CONFLICT DO
NOTHING that checks the session and the id in the same statement."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mindmuscle.errors import InputError, MindMuscleError, StorageError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import (
    Batch,
    BodyweightEntry,
    ClientActivity,
    Lifter,
    Recording,
    SessionDetails,
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
)
from mindmuscle.store.repository import (
    BatchResult,
    WriteResult,
    auto_session,
    check_batch,
    conflict,
    no_such_session,
)
from mindmuscle.store.sql import recordings as recording_rows
from mindmuscle.store.sql import rows
from mindmuscle.store.sql.models import (
    BodyweightRow,
    LifterRow,
    PlanAssignmentRow,
    PlanRow,
    RecordingRow,
    SessionRow,
    SetRow,
    SorenessRow,
    UserRow,
)

__all__ = ["SqlRepository"]

_CHUNK = 500
_SESSIONS = SessionRow.metadata.tables["sessions"]
_SETS = SetRow.metadata.tables["sets"]
# only the keys of its values matter: rows.set_values names the columns a set writes
_EXAMPLE_SET = LoggedSet(id="-", exercise="-", performed_at=datetime(2000, 1, 1), reps=0)


class SqlRepository:
    """A :class:`~mindmuscle.store.repository.Repository` over SQLAlchemy (SQLite, PostgreSQL)."""

    def __init__(self, engine: Engine, *, lifter_id: str = "me", where: str = "") -> None:
        self.lifter_id = lifter_id
        self.engine = engine
        self._where = where or engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._sql = _statements(engine.dialect.name)

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _storage_errors(self) -> Iterator[None]:
        """Database failures become one :class:`StorageError` sentence naming the database."""
        try:
            yield
        except MindMuscleError:
            raise
        except SQLAlchemyError as exc:
            lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise StorageError(
                f"Writing to the database {self._where} failed: {lines[0] if lines else exc}."
            ) from None

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """An ORM session in a transaction, committed on leaving."""
        with self._storage_errors(), self._sessions.begin() as db:
            yield db

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        """A Core connection in a transaction, committed on leaving."""
        with self._storage_errors(), self.engine.begin() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lifter -----------------------------------------------------------------------------

    def get_lifter(self) -> Lifter | None:
        with self._begin() as conn:  # Core
            row = conn.execute(self._sql.get_lifter, {"lifter": self.lifter_id}).first()
            return None if row is None else rows.lifter_from_row(row)

    def save_lifter(self, lifter: Lifter) -> None:
        check_lifter(lifter)
        with self._tx() as db:
            self._save_lifter(db, lifter)

    def _save_lifter(self, db: Session, lifter: Lifter) -> None:
        row = db.get(LifterRow, self.lifter_id) or LifterRow(id=self.lifter_id)
        row.name = lifter.name
        row.start_date = lifter.start_date
        row.level = lifter.level
        row.units = lifter.units
        row.equipment = list(lifter.equipment)
        db.add(row)

    # -- plans and sessions -----------------------------------------------------------------

    def add_plan(self, plan: StoredPlan) -> WriteResult:
        check_plan(plan)
        with self._tx() as db:
            return self._add_plan(db, plan)

    def _add_plan(self, db: Session, plan: StoredPlan) -> WriteResult:
        row = db.get(PlanRow, plan.id)
        if row is None:
            db.add(rows.plan_to_row(plan, self.lifter_id))
            return "added"
        if row.lifter_id != self.lifter_id or rows.plan_from_row(row) != plan:
            raise conflict("plan", plan.id)
        return "unchanged"

    def get_plan(self, plan_id: str) -> StoredPlan | None:
        with self._tx() as db:
            row = db.get(PlanRow, plan_id)
            ok = row is not None and row.lifter_id == self.lifter_id
            return rows.plan_from_row(row) if ok and row is not None else None

    def add_session(self, session: TrainingSession) -> WriteResult:
        check_session(session)
        return self._retrying(lambda db: self._add_session(db, session))

    def _add_session(self, db: Session, session: TrainingSession) -> WriteResult:
        row = db.get(SessionRow, session.id)
        if row is None:
            if session.plan_id is not None and self._plan_row(db, session.plan_id) is None:
                raise InputError(
                    f"Session {session.id!r} names plan {session.plan_id!r}, not stored."
                )
            db.add(rows.session_to_row(session, self.lifter_id))
            return "added"
        if row.lifter_id != self.lifter_id or rows.session_from_row(row) != session:
            raise conflict("session", session.id)
        return "unchanged"

    def _plan_row(self, db: Session, plan_id: str) -> PlanRow | None:
        row = db.get(PlanRow, plan_id)
        return row if row is not None and row.lifter_id == self.lifter_id else None

    def _session_row(self, db: Session, session_id: str) -> SessionRow | None:
        row = db.get(SessionRow, session_id)
        return row if row is not None and row.lifter_id == self.lifter_id else None

    def get_session(self, session_id: str) -> TrainingSession | None:
        with self._tx() as db:
            row = self._session_row(db, session_id)
            return None if row is None else rows.session_from_row(row)

    def finish_session(self, session_id: str, finished_at: datetime) -> TrainingSession:
        with self._tx() as db:
            row = self._session_row(db, session_id)
            if row is None:
                raise InputError(f"No session with id {session_id!r} is stored.")
            done = replace(rows.session_from_row(row), finished_at=finished_at)
            check_session(done)
            row.finished_at = finished_at
            return done

    def open_session(self) -> TrainingSession | None:
        with self._tx() as db:
            row = db.scalars(_open_query(self.lifter_id, SessionRow)).first()
            return None if row is None else rows.session_from_row(row)

    def sessions(self) -> list[TrainingSession]:
        query = (
            sa.select(SessionRow)
            .where(SessionRow.lifter_id == self.lifter_id)
            .order_by(SessionRow.started_at, SessionRow.id)
        )
        with self._tx() as db:
            return [rows.session_from_row(r) for r in db.scalars(query)]

    # -- sets -------------------------------------------------------------------------------

    def add_set(self, logged: LoggedSet) -> WriteResult:
        check_set(logged)
        return self._retrying(lambda db: self._add_set(db, logged))

    def _add_set(self, db: Session, logged: LoggedSet) -> WriteResult:
        row = db.get(SetRow, logged.id)
        if row is None:
            if logged.session_id is None or self._session_row(db, logged.session_id) is None:
                raise InputError(
                    f"Set {logged.id!r} names session {logged.session_id!r}, not stored."
                )
            db.add(rows.set_to_row(logged))
            return "added"
        if rows.set_from_row(row) != logged:
            raise conflict("set", logged.id)
        return "unchanged"

    def record_set(self, logged: LoggedSet) -> tuple[LoggedSet, WriteResult]:
        """See :meth:`Repository.record_set`. One transaction: with a ``session_id`` a single
        INSERT; without, one SELECT that picks the session first (and, for the first loose
        set of a day, one INSERT ... ON CONFLICT DO NOTHING of the automatic session). A
        repeated id costs two more SELECTs to tell "unchanged" from a conflict. The
        statements are built once per dialect, so each call only binds values."""
        check_set(logged)
        sql = self._sql
        lifter = {"lifter": self.lifter_id}
        with self._begin() as conn:
            if logged.session_id is None:
                at = {"set_id": logged.id, "performed_at": logged.performed_at}
                chosen: str | None = conn.execute(sql.placement, {**at, **lifter}).scalar()
                if chosen is None:  # the day's automatic session, made if missing (race-safe)
                    auto = auto_session(self.lifter_id, logged.performed_at)
                    conn.execute(sql.add_session, rows.session_values(auto, self.lifter_id))
                    chosen = auto.id
                logged = replace(logged, session_id=chosen)
            values = {f"v_{k}": v for k, v in rows.set_values(logged).items()}
            if conn.execute(sql.add_set, {**values, **lifter}).first() is not None:
                return logged, "added"
            # Nothing inserted: the session is not this lifter's, or the id is stored.
            session = {"session_id": logged.session_id, **lifter}
            if not conn.execute(sql.owns_session, session).scalar():
                raise no_such_session(logged.session_id)
            found = conn.execute(sql.get_set, {"set_id": logged.id}).first()
            if found is None:  # the session became visible only after our INSERT began
                conn.execute(sql.add_set, {**values, **lifter}).one()
                return logged, "added"
            if rows.set_from_row(found) != logged:
                raise conflict("set", logged.id)
            return logged, "unchanged"

    def _retrying(self, write: Callable[[Session], WriteResult]) -> WriteResult:
        """Run an insert-or-compare; if a concurrent writer inserted the same id between our
        read and our insert, compare again against what it stored."""
        try:
            with self._tx() as db:
                result = write(db)
                db.flush()
                return result
        except StorageError as exc:
            if not isinstance(exc.__context__, IntegrityError):
                raise
        with self._tx() as db:
            return write(db)

    def get_set(self, set_id: str) -> LoggedSet | None:
        params = {"set_id": set_id, "lifter": self.lifter_id}
        with self._begin() as conn:
            row = conn.execute(self._sql.get_owned_set, params).first()
            return None if row is None else rows.set_from_row(row)

    def set_or_lifter(self, set_id: str) -> tuple[LoggedSet | None, Lifter | None]:
        """What the defaults of a posted set depend on, in one short transaction (the web
        app asks on every set it logs): this lifter's stored set ``set_id`` if there is one
        (then the lifter is not read: ``None``), else ``None`` and the lifter's profile."""
        params = {"set_id": set_id, "lifter": self.lifter_id}
        with self._begin() as conn:  # Core
            row = conn.execute(self._sql.get_owned_set, params).first()
            if row is not None:
                return rows.set_from_row(row), None
            lifter = conn.execute(self._sql.get_lifter, {"lifter": self.lifter_id}).first()
            return None, None if lifter is None else rows.lifter_from_row(lifter)

    def sets(
        self, *, exercise: str | None = None, since: datetime | None = None
    ) -> list[LoggedSet]:
        query = (
            sa.select(SetRow)
            .join(SessionRow, SetRow.session_id == SessionRow.id)
            .where(SessionRow.lifter_id == self.lifter_id)
            .order_by(SetRow.performed_at, SetRow.id)
        )
        if exercise is not None:
            query = query.where(SetRow.exercise == exercise)
        if since is not None:
            query = query.where(SetRow.performed_at >= since)
        with self._tx() as db:
            return [rows.set_from_row(r) for r in db.scalars(query)]

    def session_sets(self, session_id: str) -> list[LoggedSet]:
        """One statement, served by the index on ``sets.session_id``."""
        query = (
            sa.select(_SETS)
            .join(_SESSIONS, _SETS.c.session_id == _SESSIONS.c.id)
            .where(_SETS.c.session_id == session_id, _SESSIONS.c.lifter_id == self.lifter_id)
            .order_by(_SETS.c.performed_at, _SETS.c.id)
        )
        with self._tx() as db:
            return [rows.set_from_row(r) for r in db.execute(query)]

    def set_counts(self) -> dict[str, int]:
        """One GROUP BY statement; sessions without sets are absent."""
        query = (
            sa.select(_SETS.c.session_id, sa.func.count().label("n"))
            .join(_SESSIONS, _SETS.c.session_id == _SESSIONS.c.id)
            .where(_SESSIONS.c.lifter_id == self.lifter_id)
            .group_by(_SETS.c.session_id)
        )
        with self._tx() as db:
            return {str(r.session_id): int(r.n) for r in db.execute(query)}

    # -- what a coach reads ----------------------------------------------------------------

    def client_activity(
        self, lifter_ids: Sequence[str], *, since: datetime, soreness_since: date
    ) -> dict[str, ClientActivity]:
        """For each of ``lifter_ids`` (any lifters, not only this repository's: the caller
        checked the coach may see them), what a coach's clients list needs: the profile,
        session count, first and last session start, plans assigned but not started, and
        the sets from ``since`` on and soreness reports from ``soreness_since`` on. One
        transaction of five statements, however many lifters (per 500 of them)."""
        wanted = list(dict.fromkeys(lifter_ids))
        found: dict[str, dict[str, Any]] = {i: {} for i in wanted}
        sets: dict[str, list[LoggedSet]] = {i: [] for i in wanted}
        reports: dict[str, list[Soreness]] = {i: [] for i in wanted}
        lifters = LifterRow.metadata.tables["lifters"]
        with self._tx() as db:
            for start in range(0, len(wanted), _CHUNK):
                ids = wanted[start : start + _CHUNK]
                for row in db.execute(sa.select(lifters).where(lifters.c.id.in_(ids))):
                    found[row.id]["lifter"] = rows.lifter_from_row(row)
                counted = (
                    sa.select(
                        SessionRow.lifter_id,
                        sa.func.count().label("n"),
                        sa.func.min(SessionRow.started_at).label("first"),
                        sa.func.max(SessionRow.started_at).label("last"),
                    )
                    .where(SessionRow.lifter_id.in_(ids))
                    .group_by(SessionRow.lifter_id)
                )
                for row in db.execute(counted):
                    found[row.lifter_id].update(
                        sessions=row.n, first_session=row.first, last_session=row.last
                    )
                started = sa.exists().where(
                    SessionRow.lifter_id == PlanAssignmentRow.lifter_id,
                    SessionRow.plan_id == PlanAssignmentRow.plan_id,
                )
                pending = (
                    sa.select(PlanAssignmentRow.lifter_id, sa.func.count().label("n"))
                    .join(UserRow, UserRow.id == PlanAssignmentRow.coach_id)
                    .where(PlanAssignmentRow.lifter_id.in_(ids), sa.not_(started))
                    .group_by(PlanAssignmentRow.lifter_id)
                )
                for row in db.execute(pending):
                    found[row.lifter_id]["pending_plans"] = row.n
                done = (
                    sa.select(_SETS, _SESSIONS.c.lifter_id.label("of_lifter"))
                    .join(_SESSIONS, _SETS.c.session_id == _SESSIONS.c.id)
                    .where(_SESSIONS.c.lifter_id.in_(ids), _SETS.c.performed_at >= since)
                    .order_by(_SETS.c.performed_at, _SETS.c.id)
                )
                for row in db.execute(done):
                    sets[row.of_lifter].append(rows.set_from_row(row))
                sore = (
                    sa.select(SorenessRow)
                    .where(SorenessRow.lifter_id.in_(ids), SorenessRow.day >= soreness_since)
                    .order_by(SorenessRow.day, SorenessRow.group)
                )
                for r in db.scalars(sore):
                    reports[r.lifter_id].append(rows.soreness_from_row(r))
        return {
            i: ClientActivity(
                lifter_id=i, sets=tuple(sets[i]), soreness=tuple(reports[i]), **found[i]
            )
            for i in wanted
        }

    def session_details(self, session_ids: Sequence[str]) -> SessionDetails:
        """This lifter's sessions among ``session_ids`` (in the order asked), only their
        sets (in time order), the recordings of those sets and the plans they follow; one
        transaction, four statements (per 500 sessions)."""
        wanted = list(dict.fromkeys(session_ids))
        by_id: dict[str, TrainingSession] = {}
        sets: list[LoggedSet] = []
        recordings: list[Recording] = []
        plans: dict[str, StoredPlan] = {}
        with self._tx() as db:
            for start in range(0, len(wanted), _CHUNK):
                ids = wanted[start : start + _CHUNK]
                mine = sa.select(SessionRow).where(
                    SessionRow.id.in_(ids), SessionRow.lifter_id == self.lifter_id
                )
                chunk = [rows.session_from_row(r) for r in db.scalars(mine)]
                by_id.update((s.id, s) for s in chunk)
                owned = [s.id for s in chunk]
                if not owned:
                    continue
                done = (
                    sa.select(_SETS)
                    .where(_SETS.c.session_id.in_(owned))
                    .order_by(_SETS.c.performed_at, _SETS.c.id)
                )
                got = [rows.set_from_row(r) for r in db.execute(done)]
                sets.extend(got)
                set_ids = [s.id for s in got]
                for part in range(0, len(set_ids), _CHUNK):
                    attached = (
                        sa.select(RecordingRow)
                        .where(
                            RecordingRow.lifter_id == self.lifter_id,
                            RecordingRow.set_id.in_(set_ids[part : part + _CHUNK]),
                        )
                        .order_by(RecordingRow.created_at, RecordingRow.id)
                    )
                    recordings.extend(
                        recording_rows.recording_from_row(r) for r in db.scalars(attached)
                    )
                plan_ids = list({s.plan_id for s in chunk if s.plan_id})
                if plan_ids:
                    followed = sa.select(PlanRow).where(
                        PlanRow.id.in_(plan_ids), PlanRow.lifter_id == self.lifter_id
                    )
                    plans.update((r.id, rows.plan_from_row(r)) for r in db.scalars(followed))
        sets.sort(key=lambda s: (s.performed_at, s.id))
        recordings.sort(key=lambda r: (r.created_at, r.id))
        return SessionDetails(
            sessions=tuple(by_id[i] for i in wanted if i in by_id),
            sets=tuple(sets),
            recordings=tuple(recordings),
            plans=plans,
        )

    # -- soreness and bodyweight ------------------------------------------------------------

    def report_soreness(self, reports: Sequence[Soreness]) -> None:
        for report in reports:
            check_soreness(report)
        with self._tx() as db:
            self._report_soreness(db, reports)

    def _report_soreness(self, db: Session, reports: Sequence[Soreness]) -> None:
        for report in reports:
            key = (self.lifter_id, report.day, report.group)
            row = db.get(SorenessRow, key) or SorenessRow(
                lifter_id=self.lifter_id, day=report.day, group=report.group
            )
            row.doms = report.doms
            row.reported_at = report.reported_at
            db.add(row)
            db.flush()

    def soreness(self, *, since: date | None = None) -> list[Soreness]:
        query = (
            sa.select(SorenessRow)
            .where(SorenessRow.lifter_id == self.lifter_id)
            .order_by(SorenessRow.day, SorenessRow.group)
        )
        if since is not None:
            query = query.where(SorenessRow.day >= since)
        with self._tx() as db:
            return [rows.soreness_from_row(r) for r in db.scalars(query)]

    def add_bodyweight(self, entry: BodyweightEntry) -> WriteResult:
        check_bodyweight(entry)
        return self._retrying(lambda db: self._add_bodyweight(db, entry))

    def _add_bodyweight(self, db: Session, entry: BodyweightEntry) -> WriteResult:
        row = db.get(BodyweightRow, entry.id)
        if row is None:
            db.add(rows.bodyweight_to_row(entry, self.lifter_id))
            return "added"
        if row.lifter_id != self.lifter_id or rows.bodyweight_from_row(row) != entry:
            raise conflict("bodyweight entry", entry.id)
        return "unchanged"

    def bodyweights(self) -> list[BodyweightEntry]:
        query = (
            sa.select(BodyweightRow)
            .where(BodyweightRow.lifter_id == self.lifter_id)
            .order_by(BodyweightRow.measured_at, BodyweightRow.id)
        )
        with self._tx() as db:
            return [rows.bodyweight_from_row(r) for r in db.scalars(query)]

    # -- recordings -------------------------------------------------------------------------

    def attach_recording(self, recording: Recording) -> tuple[Recording, WriteResult]:
        """See :meth:`Repository.attach_recording`; one transaction (retried once when a
        concurrent writer attached the same file first)."""
        check_recording(recording)
        try:
            with self._tx() as db:
                return recording_rows.attach(db, self.lifter_id, recording, measure=True)
        except StorageError as exc:
            if not isinstance(exc.__context__, IntegrityError):
                raise
        with self._tx() as db:
            return recording_rows.attach(db, self.lifter_id, recording, measure=True)

    def recordings(self, set_id: str | None = None) -> list[Recording]:
        with self._tx() as db:
            return recording_rows.list_recordings(db, self.lifter_id, set_id)

    # -- batches ----------------------------------------------------------------------------

    def add_batch(self, batch: Batch) -> BatchResult:
        """Write a whole batch in one transaction; any error leaves the database unchanged."""
        batch = check_batch(batch)
        with self._tx() as db:
            if batch.lifter is not None and db.get(LifterRow, self.lifter_id) is None:
                self._save_lifter(db, batch.lifter)
            results = [self._add_plan(db, p) for p in batch.plans]
            db.flush()
            _preload(db, SessionRow, [s.id for s in batch.sessions])
            sessions = [self._add_session(db, s) for s in batch.sessions]
            db.flush()
            _preload(db, SetRow, [s.id for s in batch.sets])
            sets = [self._add_set(db, s) for s in batch.sets]
            results += sessions + sets + [self._add_bodyweight(db, b) for b in batch.bodyweight]
            db.flush()
            attach = recording_rows.attach
            results += [attach(db, self.lifter_id, r, measure=False)[1] for r in batch.recordings]
            self._report_soreness(db, batch.soreness)
            db.flush()
        return BatchResult(
            added=results.count("added") + len(batch.soreness),
            unchanged=results.count("unchanged"),
            sets_added=sets.count("added"),
            sessions_added=sessions.count("added"),
        )

    def snapshot(self) -> Batch:
        query = (
            sa.select(PlanRow)
            .where(PlanRow.lifter_id == self.lifter_id)
            .order_by(PlanRow.created_at, PlanRow.id)
        )
        with self._tx() as db:
            plans = tuple(rows.plan_from_row(r) for r in db.scalars(query))
        return Batch(
            lifter=self.get_lifter(),
            plans=plans,
            sessions=tuple(self.sessions()),
            sets=tuple(self.sets()),
            soreness=tuple(self.soreness()),
            bodyweight=tuple(self.bodyweights()),
            recordings=tuple(self.recordings()),
        )


def _open_query(lifter: object, *columns: Any) -> sa.Select[Any]:
    """The lifter's open (unfinished, not automatic) session, newest first; served by the
    ``ix_sessions_open`` index."""
    return (
        sa.select(*columns)
        .where(SessionRow.lifter_id == lifter)
        .where(sa.not_(SessionRow.auto), SessionRow.finished_at.is_(None))
        .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class _Statements:
    """The Core statements of the set-logging path (:meth:`SqlRepository.record_set` and the
    reads around it), built once per dialect, with bound parameters ``lifter``, ``set_id``,
    ``session_id``, ``performed_at`` and ``v_<column>`` for a set's values."""

    placement: sa.Select[Any]
    add_session: Any
    add_set: Any
    owns_session: sa.Select[Any]
    get_set: sa.Select[Any]
    get_owned_set: sa.Select[Any]
    get_lifter: sa.Select[Any]


@cache
def _statements(dialect: str) -> _Statements:
    from sqlalchemy.dialects import postgresql, sqlite

    # the dialects' INSERT, which has ON CONFLICT DO NOTHING
    insert: Callable[[sa.Table], Any] = (
        postgresql.insert if dialect == "postgresql" else sqlite.insert
    )
    lifter = sa.bindparam("lifter", type_=_SESSIONS.c.lifter_id.type)
    set_id = sa.bindparam("set_id", type_=_SETS.c.id.type)
    lifters = LifterRow.metadata.tables["lifters"]

    # the session a set without one goes into: the one it is stored in already, else the
    # open session if it started at or before the set; NULL: the automatic one of its day
    kept = (
        sa.select(SetRow.session_id)
        .join(SessionRow, SetRow.session_id == SessionRow.id)
        .where(SetRow.id == set_id, SessionRow.lifter_id == lifter)
        .scalar_subquery()
    )
    latest_open = _open_query(lifter, SessionRow.id, SessionRow.started_at).subquery()
    performed_at = sa.bindparam("performed_at", type_=_SETS.c.performed_at.type)
    open_before = (
        sa.select(latest_open.c.id)
        .where(latest_open.c.started_at <= performed_at)
        .scalar_subquery()
    )

    # INSERT the set only if its session is this lifter's and its id is new; RETURNING its
    # id only when it was inserted
    columns = list(rows.set_values(_EXAMPLE_SET))  # the columns a set writes, in that order
    values = {c: sa.bindparam(f"v_{c}", type_=_SETS.c[c].type) for c in columns}
    owned = sa.exists().where(SessionRow.id == values["session_id"], SessionRow.lifter_id == lifter)
    return _Statements(
        placement=sa.select(sa.func.coalesce(kept, open_before)),
        add_session=insert(_SESSIONS).on_conflict_do_nothing(index_elements=["id"]),
        add_set=insert(_SETS)
        .from_select(columns, sa.select(*values.values()).where(owned))
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(_SETS.c.id),
        owns_session=sa.select(
            sa.exists().where(
                SessionRow.id == sa.bindparam("session_id"), SessionRow.lifter_id == lifter
            )
        ),
        get_set=sa.select(_SETS).where(_SETS.c.id == set_id),
        get_owned_set=sa.select(_SETS)
        .join(_SESSIONS, _SETS.c.session_id == _SESSIONS.c.id)
        .where(_SETS.c.id == set_id, _SESSIONS.c.lifter_id == lifter),
        get_lifter=sa.select(lifters).where(lifters.c.id == lifter),
    )


def _preload(db: Session, model: type[SessionRow] | type[SetRow], ids: Sequence[str]) -> None:
    """Load the already stored rows among ``ids`` into the session in a few queries, so the
    per-record ``db.get`` calls of a big import do not each hit the database."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        db.scalars(sa.select(model).where(model.id.in_(chunk))).all()
