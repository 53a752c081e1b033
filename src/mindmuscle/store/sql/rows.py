"""Mapping between the pure records and the ORM rows (both directions)."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy.engine import Row

from mindmuscle.method.model import GroupName, Level
from mindmuscle.planning.history import Block, LoggedSet, Unit
from mindmuscle.store.codec import tempo_from_json, tempo_to_json
from mindmuscle.store.records import (
    BodyweightEntry,
    Lifter,
    PlanKind,
    Soreness,
    StoredPlan,
    TrainingSession,
)
from mindmuscle.store.sql.models import (
    BodyweightRow,
    LifterRow,
    PlanRow,
    SessionRow,
    SetRow,
    SorenessRow,
)

__all__ = [
    "bodyweight_from_row",
    "bodyweight_to_row",
    "lifter_from_row",
    "plan_from_row",
    "plan_to_row",
    "session_from_row",
    "session_to_row",
    "session_values",
    "set_from_row",
    "set_to_row",
    "set_values",
    "soreness_from_row",
]


def lifter_from_row(row: LifterRow | Row[Any]) -> Lifter:
    return Lifter(
        name=row.name,
        start_date=row.start_date,
        level=cast(Level, row.level),
        units=cast(Unit, row.units),
        equipment=tuple(row.equipment),
    )


def plan_to_row(plan: StoredPlan, lifter_id: str) -> PlanRow:
    return PlanRow(
        id=plan.id,
        lifter_id=lifter_id,
        kind=plan.kind,
        created_at=plan.created_at,
        prescription=dict(plan.prescription),
    )


def plan_from_row(row: PlanRow) -> StoredPlan:
    return StoredPlan(
        id=row.id,
        kind=cast(PlanKind, row.kind),
        created_at=row.created_at,
        prescription=row.prescription,
    )


def session_values(session: TrainingSession, lifter_id: str) -> dict[str, Any]:
    """The column values of a session row (for Core inserts)."""
    return {
        "id": session.id,
        "lifter_id": lifter_id,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
        "plan_id": session.plan_id,
        "auto": session.auto,
        "title": session.title,
        "notes": session.notes,
    }


def session_to_row(session: TrainingSession, lifter_id: str) -> SessionRow:
    return SessionRow(**session_values(session, lifter_id))


def session_from_row(row: SessionRow) -> TrainingSession:
    return TrainingSession(
        id=row.id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        plan_id=row.plan_id,
        auto=row.auto,
        title=row.title,
        notes=row.notes,
    )


def set_values(s: LoggedSet) -> dict[str, Any]:
    """The column values of a set row (for Core inserts); ``recorded_at`` is the database's."""
    low, high = s.rep_range if s.rep_range is not None else (None, None)
    return {
        "id": s.id,
        "session_id": s.session_id,
        "exercise": s.exercise,
        "block": s.block,
        "performed_at": s.performed_at,
        "reps": s.reps,
        "load": None if s.load is None else float(s.load),
        "unit": s.unit,
        "tempo": tempo_to_json(s.tempo),
        "rep_low": low,
        "rep_high": high,
        "measured_tempo": tempo_to_json(s.measured_tempo),
        "failure": s.failure,
        "rir": s.rir,
        "mmc": s.mmc,
        "pump": s.pump,
        "notes": s.notes,
        "set_number": s.set_number,
    }


def set_to_row(s: LoggedSet) -> SetRow:
    return SetRow(**set_values(s))


def set_from_row(row: SetRow | Row[Any]) -> LoggedSet:
    """A set from its ORM row or from a Core result row of the ``sets`` table."""
    rep_range = None
    if row.rep_low is not None and row.rep_high is not None:
        rep_range = (row.rep_low, row.rep_high)
    return LoggedSet(
        id=row.id,
        exercise=row.exercise,
        performed_at=row.performed_at,
        reps=row.reps,
        load=row.load,
        unit=cast(Unit, row.unit),
        block=cast(Block, row.block),
        tempo=tempo_from_json(row.tempo),
        rep_range=rep_range,
        measured_tempo=tempo_from_json(row.measured_tempo),
        failure=row.failure,
        rir=row.rir,
        mmc=row.mmc,
        pump=row.pump,
        notes=row.notes,
        session_id=row.session_id,
        set_number=row.set_number,
    )


def soreness_from_row(row: SorenessRow) -> Soreness:
    return Soreness(
        day=row.day,
        group=cast(GroupName, row.group),
        doms=row.doms,
        reported_at=row.reported_at,
    )


def bodyweight_to_row(entry: BodyweightEntry, lifter_id: str) -> BodyweightRow:
    return BodyweightRow(
        id=entry.id,
        lifter_id=lifter_id,
        measured_at=entry.measured_at,
        weight=float(entry.weight),
        unit=entry.unit,
    )


def bodyweight_from_row(row: BodyweightRow) -> BodyweightEntry:
    return BodyweightEntry(
        id=row.id, measured_at=row.measured_at, weight=row.weight, unit=cast(Unit, row.unit)
    )
