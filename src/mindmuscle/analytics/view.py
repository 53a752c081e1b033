"""The progress view: everything the Progress page, ``mindmuscle progress`` and the report
show, computed in one pure call from the log. Time comes in as ``today``.

>>> from datetime import date
>>> view = progress_view([], [], start=date(2024, 1, 1), today=date(2024, 1, 10), weeks=4)
>>> view.training_week, view.first_month, [i.kind for i in view.insights]
(2, True, ['first_month'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Final

from mindmuscle.analytics.insights import STALL_LOOKBACK_WEEKS, Insight, insights
from mindmuscle.analytics.metrics import (
    ExerciseTrend,
    GroupSummary,
    GroupWeek,
    SorenessReport,
    TempoAdherence,
    exercise_trends,
    group_summaries,
)
from mindmuscle.analytics.weeks import FIRST_MONTH_WEEKS, Week, WeekBasis, week_number, window
from mindmuscle.errors import InputError
from mindmuscle.method.catalog import Catalog, builtin_catalog
from mindmuscle.method.model import GROUPS
from mindmuscle.planning.history import LoggedSet

__all__ = ["TREND_MIN_WEEKS", "ProgressView", "data_since", "progress_view"]

#: Exercise trends look back at least this many weeks (the stall lookback of the insights).
TREND_MIN_WEEKS: Final = int(STALL_LOOKBACK_WEEKS)


@dataclass(frozen=True, slots=True)
class ProgressView:
    """Per group per week metrics, exercise e1RM trends and insights over a window of weeks.

    ``training_week`` is today's week since the start of training (weeks 1-4 are the first
    month); ``unmatched`` names exercises the catalog does not know (left out of the groups).
    """

    start: date
    today: date
    basis: WeekBasis
    weeks: tuple[Week, ...]
    training_week: int
    group: str | None
    groups: tuple[GroupSummary, ...]
    exercises: tuple[ExerciseTrend, ...]
    insights: tuple[Insight, ...]
    unmatched: tuple[str, ...]

    @property
    def first_month(self) -> bool:
        return 1 <= self.training_week <= FIRST_MONTH_WEEKS

    def for_exercise(self, exercise: str) -> ProgressView:
        """The same view with only ``exercise``'s trend (groups and insights unchanged)."""
        return replace(self, exercises=tuple(t for t in self.exercises if t.exercise == exercise))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``mindmuscle progress --format json`` and the web API)."""
        return {
            "start": self.start.isoformat(),
            "today": self.today.isoformat(),
            "basis": self.basis,
            "training_week": self.training_week,
            "first_month": self.first_month,
            "group": self.group,
            "weeks": [_week(w) for w in self.weeks],
            "groups": [_group(g) for g in self.groups],
            "exercises": [_exercise(t) for t in self.exercises],
            "insights": [i.to_dict() for i in self.insights],
            "unmatched_exercises": list(self.unmatched),
        }


def _r(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _week(w: Week) -> dict[str, Any]:
    return {"week": w.number, "starts_on": w.starts_on.isoformat(), "label": w.label}


def _tempo(t: TempoAdherence | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {
        "sets": t.sets,
        "eccentric_off_s": _r(t.eccentric_off_s),
        "eccentric_bias_s": _r(t.eccentric_bias_s),
        "holds_off_s": _r(t.holds_off_s),
        "within_pct": _r(t.within_pct, 1),
    }


def _group_week(w: GroupWeek) -> dict[str, Any]:
    return {
        "week": w.week.number,
        "sets": w.sets,
        "hard_sets": w.hard_sets,
        "tut_s": _r(w.tut_s, 1),
        "volume_kg": _r(w.volume_kg, 1),
        "mmc": _r(w.mmc),
        "mmc_ratings": w.mmc_ratings,
        "pump": _r(w.pump),
        "soreness": _r(w.soreness),
        "soreness_reports": w.soreness_reports,
        "tempo": _tempo(w.tempo),
    }


def _group(g: GroupSummary) -> dict[str, Any]:
    return {
        "group": g.group,
        "hard_sets_per_week": _r(g.hard_sets_per_week),
        "mmc_mean": _r(g.mmc_mean),
        "mmc_slope": _r(g.mmc_slope, 3),
        "pump_mean": _r(g.pump_mean),
        "soreness_mean": _r(g.soreness_mean),
        "soreness_reports": g.soreness_reports,
        "sore_share": _r(g.sore_share),
        "tempo": _tempo(g.tempo),
        "weeks": [_group_week(w) for w in g.weeks],
    }


def _exercise(t: ExerciseTrend) -> dict[str, Any]:
    return {
        "exercise": t.exercise,
        "name": t.name,
        "group": t.group,
        "tempo": None if t.tempo is None else str(t.tempo),
        "unit": "kg",
        "sets": t.sets,
        "measured_sets": t.measured_sets,
        "e1rm_slope_pct": _r(t.e1rm_slope_pct),
        "load_slope_pct": _r(t.load_slope_pct),
        "eccentric_slope_s": _r(t.eccentric_slope, 3),
        "mmc_slope": _r(t.mmc_slope, 3),
        "sessions": [
            {
                "date": p.day.isoformat(),
                "e1rm": _r(p.e1rm, 1),
                "top_load_kg": _r(p.top_load_kg, 1),
                "measured_eccentric_s": _r(p.measured_eccentric_s),
                "mmc": _r(p.mmc, 1),
            }
            for p in t.points
        ],
    }


def _check_group(group: str | None) -> None:
    if group is not None and group not in GROUPS:
        raise InputError(f"Unknown muscle group {group!r}; expected one of {', '.join(GROUPS)}.")


def data_since(*, start: date, today: date, weeks: int, basis: WeekBasis = "training") -> date:
    """The first day whose sets and reports :func:`progress_view` uses: the window's first
    day, or earlier so that exercise trends cover :data:`TREND_MIN_WEEKS` weeks. A caller
    loading from storage needs nothing before it.

    >>> data_since(start=date(2024, 1, 1), today=date(2024, 7, 1), weeks=4).isoformat()
    '2024-05-06'
    """
    first = window(today, start=start, weeks=weeks, basis=basis)[0].starts_on
    return max(start, min(first, today - timedelta(weeks=TREND_MIN_WEEKS)))


def progress_view(
    sets: Iterable[LoggedSet],
    soreness: Iterable[SorenessReport],
    *,
    start: date,
    today: date,
    weeks: int,
    group: str | None = None,
    basis: WeekBasis = "training",
    catalog: Catalog | None = None,
) -> ProgressView:
    """The progress of the last ``weeks`` weeks up to ``today`` (sets after it are ignored).

    ``start`` is the first day of training with the method (the lifter's start date);
    ``group`` narrows everything to one training group. Group metrics cover the window;
    exercise trends (e1RM, stalls, ego creep) cover at least the last
    :data:`TREND_MIN_WEEKS` weeks, since shorter runs cannot tell a stall from noise.
    Older sets may be passed and are ignored: a caller loading from storage needs only
    those from :func:`data_since` on.
    """
    _check_group(group)
    cat = catalog or builtin_catalog()
    span = tuple(window(today, start=start, weeks=weeks, basis=basis))
    first, since = span[0].starts_on, data_since(start=start, today=today, weeks=weeks)
    recent = [s for s in sets if since <= s.performed_at.date() <= today]
    mine = [s for s in recent if s.performed_at.date() >= first]
    reports = [r for r in soreness if first <= r.day <= today]
    chosen: Sequence[str] = GROUPS if group is None else (group,)
    summaries = group_summaries(mine, reports, span, cat, groups=chosen, today=today)
    trends = exercise_trends(recent, cat, start=start)
    if group is not None:
        trends = tuple(t for t in trends if t.group == group)
    return ProgressView(
        start=start,
        today=today,
        basis=basis,
        weeks=span,
        training_week=week_number(today, start=start),
        group=group,
        groups=summaries,
        exercises=trends,
        insights=insights(summaries, trends, start=start, today=today, catalog=cat),
        unmatched=tuple(sorted({s.exercise for s in mine} - set(cat.exercises))),
    )
