"""Records to and from their JSON shapes. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from mindmuscle.coaching.resume import set_slots
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet, Unit
from mindmuscle.store.records import Lifter, Soreness, TrainingSession
from mindmuscle.web.errors import blame
from mindmuscle.web.schemas import LifterIn, SetIn, TempoIn

__all__ = [
    "completed_slots",
    "lifter_to_dict",
    "logged_set",
    "session_to_dict",
    "set_to_dict",
    "soreness_to_dict",
]


def _tempo(value: TempoIn | None, field: str) -> Tempo | None:
    if value is None:
        return None
    with blame(field):
        return Tempo(value.eccentric, value.bottom, value.concentric, value.top)


def logged_set(body: SetIn, *, exercise: str, performed_at: datetime, unit: Unit) -> LoggedSet:
    """The record of a posted set (exercise resolved to its catalog id by the caller)."""
    return LoggedSet(
        id=body.id,
        exercise=exercise,
        performed_at=performed_at,
        reps=body.reps,
        load=body.load,
        unit=body.unit or unit,
        block=body.block,
        tempo=_tempo(body.tempo, "tempo"),
        rep_range=body.rep_range,
        measured_tempo=_tempo(body.measured_tempo, "measured_tempo"),
        failure=body.failure,
        rir=body.rir,
        mmc=body.mmc,
        pump=body.pump,
        notes=body.notes,
        session_id=body.session_id,
        set_number=body.set_number,
    )


def set_to_dict(s: LoggedSet, result: str | None = None) -> dict[str, Any]:
    return {
        "id": s.id,
        "exercise": s.exercise,
        "performed_at": s.performed_at,
        "reps": s.reps,
        "load": s.load,
        "unit": s.unit,
        "block": s.block,
        "tempo": None if s.tempo is None else s.tempo.to_dict(),
        "rep_range": None if s.rep_range is None else list(s.rep_range),
        "measured_tempo": None if s.measured_tempo is None else s.measured_tempo.to_dict(),
        "failure": s.failure,
        "rir": s.rir,
        "mmc": s.mmc,
        "pump": s.pump,
        "notes": s.notes,
        "session_id": s.session_id,
        "set_number": s.set_number,
        "result": result,
    }


def session_to_dict(s: TrainingSession, set_count: int = 0) -> dict[str, Any]:
    return {
        "id": s.id,
        "started_at": s.started_at,
        "finished_at": s.finished_at,
        "plan_id": s.plan_id,
        "auto": s.auto,
        "title": s.title,
        "notes": s.notes,
        "set_count": set_count,
    }


def completed_slots(sets: Iterable[LoggedSet]) -> list[tuple[str, str, int]]:
    """``(exercise, block, set index)`` of each stored set of a session (see
    :func:`~mindmuscle.coaching.resume.set_slots`): the ``completed`` argument of
    :meth:`mindmuscle.coaching.Coach.resume` and of the coach page."""
    return set_slots(sets)


def lifter_to_dict(lifter: Lifter, week: int | None) -> dict[str, Any]:
    return {
        "name": lifter.name,
        "start_date": lifter.start_date,
        "level": lifter.level,
        "units": lifter.units,
        "equipment": list(lifter.equipment),
        "week": week,
    }


def lifter_from(body: LifterIn) -> Lifter:
    return Lifter(
        name=body.name,
        start_date=body.start_date,
        level=body.level,
        units=body.units,
        equipment=tuple(body.equipment),
    )


def soreness_to_dict(s: Soreness) -> dict[str, Any]:
    return {"day": s.day, "group": s.group, "doms": s.doms, "reported_at": s.reported_at}


def session_sets(sets: Sequence[LoggedSet], session_id: str) -> list[LoggedSet]:
    return [s for s in sets if s.session_id == session_id]
