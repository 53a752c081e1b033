"""Recommended loads for every working item of a planned session, from the lifter's history.

>>> from datetime import date
>>> from mindmuscle.method.catalog import builtin_catalog
>>> from mindmuscle.planning.request import PlanRequest
>>> from mindmuscle.planning.session import plan_session
>>> cat = builtin_catalog()
>>> plan = plan_session(cat, PlanRequest.parse(cat, focus="chest", week=1))
>>> loads = recommend_loads(plan, [], today=date(2026, 1, 5))
>>> next(iter(loads.values())).action
'start'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from mindmuscle.planning.history import LoggedSet, Unit
from mindmuscle.planning.progression import Recommendation, recommend
from mindmuscle.planning.session import SessionPlan

__all__ = ["recommend_loads", "recommendation_to_dict", "week_of"]


def week_of(start: date, today: date) -> int:
    """Week of training with the method on ``today`` (1 in the first seven days)."""
    return max(1, (today - start).days // 7 + 1)


def recommend_loads(
    plan: SessionPlan, history: Sequence[LoggedSet], *, today: date, unit: Unit = "kg"
) -> dict[str, Recommendation]:
    """A recommendation per working exercise of ``plan``, keyed by exercise id."""
    first_month = plan.request.first_month
    return {
        p.exercise.id: recommend(
            history,
            exercise=p.exercise.id,
            rep_range=p.reps,
            tempo=p.tempo,
            first_month=first_month,
            today=today,
            unit=unit,
            label=p.exercise.name,
        )
        for block in plan.blocks
        if block.kind == "working"
        for p in block.items
    }


def recommendation_to_dict(rec: Recommendation) -> dict[str, Any]:
    """The ``recommendation`` key of a plan item."""
    return {
        "action": rec.action,
        "load": rec.load,
        "unit": rec.unit,
        "reps": rec.reps,
        "previous_load": rec.previous_load,
        "no_records": rec.no_records,
        "extra_primer": rec.extra_primer,
        "primer": rec.primer,
        "reasons": list(rec.reasons),
    }
