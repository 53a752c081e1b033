"""Today's plan for a web request: the lifter's profile fills in what the request leaves out,
exactly as ``mindmuscle plan`` does, then the core plans and recommends loads."""

from __future__ import annotations

from datetime import date
from typing import Any

from mindmuscle.method.catalog import Catalog
from mindmuscle.planning.history import LoggedSet
from mindmuscle.planning.loads import recommend_loads, week_of
from mindmuscle.planning.render import session_to_dict
from mindmuscle.planning.request import PlanRequest, parse_equipment, parse_focus, parse_level
from mindmuscle.planning.session import plan_session
from mindmuscle.store.records import Lifter
from mindmuscle.web.errors import blame
from mindmuscle.web.schemas import PlanIn

__all__ = ["lifter_week", "make_plan"]


def lifter_week(lifter: Lifter | None, today: date) -> int | None:
    """The lifter's week with the method today (``None`` without a start date)."""
    if lifter is None or lifter.start_date is None:
        return None
    return week_of(lifter.start_date, today)


def _request(cat: Catalog, body: PlanIn, lifter: Lifter | None, today: date) -> PlanRequest:
    level = body.level or (lifter.level if lifter is not None else "novice")
    equipment = body.equipment
    if equipment is None and lifter is not None and lifter.equipment:
        equipment = list(lifter.equipment)
    week = body.week or lifter_week(lifter, today) or 1
    with blame("focus"):
        parse_focus(cat, body.focus)
    with blame("level"):
        parse_level(level)
    with blame("equipment"):
        parse_equipment(equipment or [])
    with blame("emphasis"):
        return PlanRequest.parse(
            cat,
            focus=body.focus,
            level=level,
            week=week,
            equipment=equipment,
            minutes=body.minutes,
            emphasis=body.emphasis,
            seed=body.seed,
        )


def make_plan(
    cat: Catalog, body: PlanIn, lifter: Lifter | None, history: list[LoggedSet], today: date
) -> dict[str, Any]:
    """The plan contract (``mindmuscle plan --format json``) for ``body``."""
    request = _request(cat, body, lifter, today)
    plan = plan_session(cat, request)  # PlanningError: the error handler names the field
    unit = lifter.units if lifter is not None else "kg"
    loads = recommend_loads(plan, history, today=today, unit=unit) if body.use_history else None
    return session_to_dict(cat, plan, loads)
