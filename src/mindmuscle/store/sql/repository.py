"""The SQLAlchemy repository: every write is its own committed transaction (a set is durable
the moment ``add_set`` returns); a batch is one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mindmuscle.errors import InputError, MindMuscleError, StorageError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import (
    Batch,
    BodyweightEntry,
    Lifter,
    Soreness,
    StoredPlan,
    TrainingSession,
    check_bodyweight,
    check_lifter,
    check_plan,
    check_session,
    check_set,
    check_soreness,
)
from mindmuscle.store.repository import BatchResult, WriteResult, check_batch, conflict
from mindmuscle.store.sql import rows
from mindmuscle.store.sql.models import (
    BodyweightRow,
    LifterRow,
    PlanRow,
    SessionRow,
    SetRow,
    SorenessRow,
)

__all__ = ["SqlRepository"]

_CHUNK = 500


class SqlRepository:
    """A :class:`~mindmuscle.store.repository.Repository` over SQLAlchemy (SQLite, PostgreSQL)."""

    def __init__(self, engine: Engine, *, lifter_id: str = "me", where: str = "") -> None:
        self.lifter_id = lifter_id
        self.engine = engine
        self._where = where or engine.url.render_as_string(hide_password=True)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        try:
            with self._sessions.begin() as db:
                yield db
        except MindMuscleError:
            raise
        except SQLAlchemyError as exc:
            lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            raise StorageError(
                f"Writing to the database {self._where} failed: {lines[0] if lines else exc}."
            ) from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lifter -----------------------------------------------------------------------------

    def get_lifter(self) -> Lifter | None:
        with self._tx() as db:
            row = db.get(LifterRow, self.lifter_id)
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
        query = (
            sa.select(SessionRow)
            .where(SessionRow.lifter_id == self.lifter_id)
            .where(SessionRow.finished_at.is_(None), SessionRow.auto.is_(False))
            .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
            .limit(1)
        )
        with self._tx() as db:
            row = db.scalars(query).first()
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
        query = (
            sa.select(SetRow)
            .join(SessionRow, SetRow.session_id == SessionRow.id)
            .where(SetRow.id == set_id, SessionRow.lifter_id == self.lifter_id)
        )
        with self._tx() as db:
            row = db.scalars(query).first()
            return None if row is None else rows.set_from_row(row)

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
        )


def _preload(db: Session, model: type[SessionRow] | type[SetRow], ids: Sequence[str]) -> None:
    """Load the already stored rows among ``ids`` into the session in a few queries, so the
    per-record ``db.get`` calls of a big import do not each hit the database."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start : start + _CHUNK]
        db.scalars(sa.select(model).where(model.id.in_(chunk))).all()
