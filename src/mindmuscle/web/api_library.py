"""JSON API for the catalog, the lifter's profile and soreness (progress: :mod:`.progress`)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from mindmuscle.errors import UnknownNameError
from mindmuscle.method.catalog import exercise_to_dict
from mindmuscle.store.records import Lifter, Soreness
from mindmuscle.web.convert import lifter_from, lifter_to_dict, soreness_to_dict
from mindmuscle.web.errors import ApiError
from mindmuscle.web.planner import lifter_week
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import (
    ExerciseSummary,
    GroupName,
    LifterIn,
    LifterOut,
    SorenessIn,
    SorenessOut,
)

__all__ = ["router"]

router = APIRouter(prefix="/api")
Rt = Annotated[Runtime, Depends(runtime)]
ExerciseId = Annotated[str, Path(min_length=1, max_length=80)]


@router.get("/exercises", response_model=list[ExerciseSummary], tags=["catalog"])
def list_exercises(rt: Rt, group: GroupName | None = None) -> list[dict[str, Any]]:
    """The catalog's exercises, optionally of one group."""
    found = rt.catalog.exercises.values()
    return [
        {
            "exercise": e.id,
            "name": e.name,
            "group": e.group,
            "pattern": e.pattern,
            "equipment": list(e.equipment),
            "target": list(e.target),
        }
        for e in found
        if group is None or e.group == group
    ]


def exercise_or_404(rt: Runtime, name: str) -> Any:
    try:
        return rt.catalog.exercise(name)
    except UnknownNameError as exc:
        raise ApiError(404, str(exc), "exercise") from None


@router.get("/exercises/{exercise}", tags=["catalog"])
def get_exercise(exercise: ExerciseId, rt: Rt) -> dict[str, Any]:
    """An exercise with its cues, emphasis options and primers."""
    return exercise_to_dict(rt.catalog, exercise_or_404(rt, exercise))


def _lifter_out(rt: Runtime, lifter: Lifter) -> dict[str, Any]:
    return lifter_to_dict(lifter, lifter_week(lifter, rt.now().date()))


@router.get("/lifter", response_model=LifterOut, tags=["lifter"])
def get_lifter(rt: Rt) -> dict[str, Any]:
    """The lifter's profile (defaults when none is saved yet)."""
    return _lifter_out(rt, rt.repo.get_lifter() or Lifter())


@router.put("/lifter", response_model=LifterOut, tags=["lifter"])
def put_lifter(body: LifterIn, rt: Rt) -> dict[str, Any]:
    lifter = lifter_from(body)
    rt.repo.save_lifter(lifter)
    return _lifter_out(rt, lifter)


@router.post("/soreness", status_code=201, response_model=list[SorenessOut], tags=["log"])
def report_soreness(body: SorenessIn, rt: Rt) -> list[dict[str, Any]]:
    """Next-day soreness (DOMS 0-3) per group; a new report for the same day replaces it."""
    now = rt.now()
    day = body.day or now.date()
    reports = [Soreness(day=day, group=g, doms=v, reported_at=now) for g, v in body.groups.items()]
    rt.repo.report_soreness(reports)
    return [soreness_to_dict(r) for r in reports]


@router.get("/soreness", response_model=list[SorenessOut], tags=["log"])
def list_soreness(rt: Rt, since: date | None = None) -> list[dict[str, Any]]:
    return [soreness_to_dict(r) for r in rt.repo.soreness(since=since)]
