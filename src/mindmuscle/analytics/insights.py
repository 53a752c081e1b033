"""Insights: plain sentences about what the training did to the connection, each with the
numbers behind it and what to do about it by the method. Pure.

Every threshold is a named constant below with the reason for its value. The kinds:

- ``first_month``: weeks 1-4 of training with the method; gains now are mostly neural;
- ``ego_creep``: load going up while the measured eccentric gets shorter, or while the
  connection (mmc) on that exercise gets worse;
- ``always_sore``: DOMS of 2 or more in most reports, over 3 or more weeks;
- ``stalled_exercise``: e1RM flat for 3 or more weeks at the same prescribed tempo;
- ``lagging_muscle``: a group with clearly lower mmc *and* fewer hard sets than the others;
- ``connection_improving``: a group's mmc trending up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean, median
from typing import Any, Final, Literal

from mindmuscle.analytics.metrics import (
    SORE_LEVEL,
    TEMPO_TOLERANCE_S,
    ExerciseTrend,
    GroupSummary,
    SessionPoint,
    least_squares_slope,
)
from mindmuscle.analytics.weeks import FIRST_MONTH_WEEKS
from mindmuscle.method.catalog import Catalog

__all__ = [
    "INSIGHT_KINDS",
    "Insight",
    "InsightKind",
    "first_month_insight",
    "insights",
]

InsightKind = Literal[
    "first_month",
    "ego_creep",
    "always_sore",
    "stalled_exercise",
    "lagging_muscle",
    "connection_improving",
]
#: The kinds in the order they are shown: the phase first, then warnings, then good news.
INSIGHT_KINDS: Final[tuple[InsightKind, ...]] = (
    "first_month",
    "ego_creep",
    "always_sore",
    "stalled_exercise",
    "lagging_muscle",
    "connection_improving",
)

#: A trend needs points spread over at least this many weeks: shorter runs are noise.
MIN_TREND_WEEKS: Final = 3.0
#: ... and at least this many sessions of the exercise.
MIN_TREND_POINTS: Final = 4
#: Ego creep: the top load rising at least this fast (% a week) counts as "load going up"
#: (a plate's worth on a typical lift every few weeks).
CREEP_LOAD_SLOPE_PCT: Final = 0.5
#: ... while the measured eccentric shortens by this much a week or more (half a second
#: over ten weeks: the tempo tolerance, lost for good)...
CREEP_ECCENTRIC_SLOPE_S: Final = -0.05
#: ... and by more than the tempo tolerance in all (a shorter drop is within what a
#: sensor resolves).
CREEP_ECCENTRIC_DROP_S: Final = TEMPO_TOLERANCE_S
#: Measured sets needed before a shorter eccentric counts (a few sensor readings are noise).
CREEP_MIN_MEASURED_SETS: Final = 4
#: ... or while the exercise's mmc drops by this much a week or more (a point in ten weeks)
CREEP_MMC_SLOPE: Final = -0.1
#: ... and by at least this much in all (less is the noise of 1-10 ratings).
CREEP_MMC_DROP: Final = 1.0
#: A stall is judged on the sessions of the last this many weeks at the same tempo (at
#: least MIN_TREND_WEEKS of them): session e1RMs scatter by 1-2 % (whole reps, day-to-day
#: form), so a slope over fewer weeks cannot tell a stall from a slow climb.
STALL_LOOKBACK_WEEKS: Final = 8.0
#: e1RM growing slower than this (% a week) is flat: three standard errors of the slope
#: below a steadily progressing lifter's 0.8-1 % a week over the lookback above.
STALL_MAX_SLOPE_PCT: Final = 0.3
#: "Most reports": more than this share of a group's DOMS reports at SORE_LEVEL or above.
SORE_SHARE: Final = 0.5
#: ... in reports spread over at least this many different weeks.
SORE_MIN_WEEKS: Final = 3
#: Lagging: a group's mean mmc at least this many points below the others' median.
LAG_MMC_GAP: Final = 1.0
#: ... and its hard sets a week below this share of the others' median.
LAG_SETS_RATIO: Final = 0.75
#: Lagging compares against at least this many other groups with rated sets.
LAG_MIN_OTHERS: Final = 2
#: Improving: the weekly mean mmc rising at least this much a week (a point in ten weeks).
IMPROVING_MMC_SLOPE: Final = 0.1
#: ... over at least this many weeks with rated sets (fewer weekly means are noise)...
IMPROVING_MIN_WEEKS: Final = 6
#: ... and by at least this much in all (half a point: beyond the scatter of weekly means).
IMPROVING_MIN_RISE: Final = 0.5

_ISOMETRIC = "an isometric hold of 3-5 s in the fully shortened position"


@dataclass(frozen=True, slots=True)
class Insight:
    """One finding: ``text`` states it with its numbers, ``evidence`` holds them, ``advice``
    says what to do by the method."""

    kind: InsightKind
    text: str
    advice: str
    group: str | None = None
    exercise: str | None = None
    evidence: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "group": self.group,
            "exercise": self.exercise,
            "text": self.text,
            "evidence": {k: round(v, 3) for k, v in self.evidence.items()},
            "advice": self.advice,
        }


def _subject(group: str) -> str:
    """``"Chest is"``, ``"Legs are"``: the group as the subject of a sentence."""
    return f"{group.capitalize()} {'are' if group.endswith('s') else 'is'}"


def first_month_insight(training_week: int) -> Insight | None:
    """The first-month phase (weeks 1-4), shown as such; ``None`` after it."""
    if not 1 <= training_week <= FIRST_MONTH_WEEKS:
        return None
    return Insight(
        kind="first_month",
        text=(
            f"Week {training_week} of {FIRST_MONTH_WEEKS} of the introduction (weeks 1-4): the "
            "goal is coordination and the connection, not load; gains now are mostly neural."
        ),
        advice=(
            "Keep every eccentric at 3 s or more and pick loads you can control to failure "
            "at that tempo; expect lower loads than usual and chase no personal records yet."
        ),
        evidence={"training_week": float(training_week)},
    )


def _fitted_ends(points: Sequence[SessionPoint], attr: str) -> tuple[float, float] | None:
    """The least-squares line's values at the first and the last point that has ``attr``."""
    pairs = [(p.weeks, float(v)) for p in points if (v := getattr(p, attr)) is not None]
    slope = least_squares_slope([x for x, _ in pairs], [y for _, y in pairs])
    if slope is None:
        return None
    mx, my = fmean(x for x, _ in pairs), fmean(y for _, y in pairs)
    return my + slope * (pairs[0][0] - mx), my + slope * (pairs[-1][0] - mx)


def _long_enough(trend: ExerciseTrend) -> bool:
    return len(trend.points) >= MIN_TREND_POINTS and trend.span_weeks >= MIN_TREND_WEEKS


def _creep(trend: ExerciseTrend) -> Insight | None:
    if not _long_enough(trend) or (trend.load_slope_pct or 0.0) < CREEP_LOAD_SLOPE_PCT:
        return None
    loads = _fitted_ends(trend.points, "top_load_kg")
    ecc = _fitted_ends(trend.points, "measured_eccentric_s")
    rushed = (
        trend.measured_sets >= CREEP_MIN_MEASURED_SETS
        and (trend.eccentric_slope or 0.0) <= CREEP_ECCENTRIC_SLOPE_S
        and ecc is not None
        and ecc[0] - ecc[1] > CREEP_ECCENTRIC_DROP_S
    )
    mmc = _fitted_ends(trend.points, "mmc")
    fading = (
        (trend.mmc_slope or 0.0) <= CREEP_MMC_SLOPE
        and mmc is not None
        and mmc[0] - mmc[1] >= CREEP_MMC_DROP
    )
    if loads is None or not (rushed or fading):
        return None
    evidence = {"load_slope_pct": trend.load_slope_pct or 0.0, "load_from_kg": loads[0]}
    evidence["load_to_kg"] = loads[1]
    parts = []
    if rushed and ecc is not None:
        prescribed = trend.tempo.eccentric if trend.tempo is not None else None
        said = f" (prescribed {prescribed:g} s)" if prescribed is not None else ""
        parts.append(f"your measured eccentric fell from {ecc[0]:.1f} s to {ecc[1]:.1f} s{said}")
        evidence |= {"eccentric_from_s": ecc[0], "eccentric_to_s": ecc[1]}
        evidence["eccentric_slope_s"] = trend.eccentric_slope or 0.0
    if fading and mmc is not None:
        parts.append(f"your mmc fell from {mmc[0]:.1f} to {mmc[1]:.1f}")
        evidence |= {"mmc_from": mmc[0], "mmc_to": mmc[1], "mmc_slope": trend.mmc_slope or 0.0}
    return Insight(
        kind="ego_creep",
        group=trend.group,
        exercise=trend.exercise,
        text=(
            f"Ego creep on {trend.name}: load up {trend.load_slope_pct:.1f}% a week "
            f"({loads[0]:.1f} -> {loads[1]:.1f} kg over {trend.span_weeks:.0f} weeks) while "
            + " and ".join(parts)
            + "."
        ),
        advice=(
            "Lower the load until the prescribed eccentric and holds are back: a set faster "
            "than prescribed was too heavy. Add load again only while tempo and mmc hold."
        ),
        evidence=evidence,
    )


def _emphasis_hint(catalog: Catalog, group: str | None, exercise: str | None) -> str:
    known = catalog.exercises.get(exercise) if exercise is not None else None
    candidates = [known] if known is not None else []
    if group is not None:
        candidates += catalog.in_group(group)
    for ex in candidates:
        if ex.emphasis:
            option = ex.emphasis[0]
            setup = option.setup.rstrip(".")
            return f" Or try the emphasis option {option.key} on {ex.name}: {setup}."
    return ""


def _stall(trend: ExerciseTrend, catalog: Catalog, now_weeks: float) -> Insight | None:
    recent = [p for p in trend.points if p.weeks >= now_weeks - STALL_LOOKBACK_WEEKS]
    values = [p for p in recent if p.e1rm is not None]
    if len(values) < MIN_TREND_POINTS or values[-1].weeks - values[0].weeks < MIN_TREND_WEEKS:
        return None
    slope = least_squares_slope([p.weeks for p in values], [p.e1rm or 0.0 for p in values])
    mean = fmean(p.e1rm or 0.0 for p in values)
    slope_pct = 100.0 * (slope or 0.0) / mean
    if slope is None or slope_pct >= STALL_MAX_SLOPE_PCT:
        return None
    weeks = values[-1].weeks - values[0].weeks
    tempo = f" at {trend.tempo}" if trend.tempo is not None else ""
    return Insight(
        kind="stalled_exercise",
        group=trend.group,
        exercise=trend.exercise,
        text=(
            f"{trend.name} has stalled: e1RM about {mean:.1f} kg{tempo} for {weeks:.0f} weeks "
            f"({slope_pct:+.1f}% a week)."
        ),
        advice=(
            f"Change the stimulus, not only the load: keep the tempo and add {_ISOMETRIC} "
            "on the last rep of each set, and take the sets to failure with the cues."
            + _emphasis_hint(catalog, trend.group, trend.exercise)
        ),
        evidence={"e1rm_kg": mean, "e1rm_slope_pct": slope_pct, "weeks": weeks},
    )


def _sore(g: GroupSummary) -> Insight | None:
    if g.sore_share is None or g.sore_share <= SORE_SHARE or g.sore_weeks < SORE_MIN_WEEKS:
        return None
    sore = round(g.sore_share * g.soreness_reports)
    return Insight(
        kind="always_sore",
        group=g.group,
        text=(
            f"{_subject(g.group)} sore most of the time: DOMS {SORE_LEVEL} or more in "
            f"{sore} of {g.soreness_reports} reports over {g.sore_weeks} weeks."
        ),
        advice=(
            f"Lower the load or cut the hard sets for {g.group} by about a third for a week, "
            "keeping the slow eccentrics: soreness shows microdamage, but constant DOMS means "
            "recovery falls short of the training."
        ),
        evidence={
            "sore_share": g.sore_share,
            "reports": float(g.soreness_reports),
            "weeks": float(g.sore_weeks),
            "soreness_mean": g.soreness_mean or 0.0,
        },
    )


def _lagging(g: GroupSummary, others: Sequence[GroupSummary], catalog: Catalog) -> Insight | None:
    rated = [o for o in others if o.mmc_mean is not None]
    if g.mmc_mean is None or len(rated) < LAG_MIN_OTHERS:
        return None
    mmc_ref = median(o.mmc_mean or 0.0 for o in rated)
    sets_ref = median(o.hard_sets_per_week for o in rated)
    low_sets = g.hard_sets_per_week < LAG_SETS_RATIO * sets_ref
    if mmc_ref - g.mmc_mean < LAG_MMC_GAP or not low_sets:
        return None
    group = catalog.groups.get(g.group)  # type: ignore[call-overload]
    primers = [
        catalog.exercises[p].name
        for p in (group.primers if group else ())
        if p in catalog.exercises
    ]
    primer = f" ({', '.join(primers[:3])})" if primers else ""
    return Insight(
        kind="lagging_muscle",
        group=g.group,
        text=(
            f"{_subject(g.group)} lagging: mmc {g.mmc_mean:.1f} against {mmc_ref:.1f} for "
            f"the other groups, and {g.hard_sets_per_week:.1f} hard sets a week against "
            f"{sets_ref:.1f}."
        ),
        advice=(
            f"Add an extra primer for {g.group}{primer} with {_ISOMETRIC} before its working "
            f"sets, and bring its hard sets up towards {sets_ref:.0f} a week."
            + _emphasis_hint(catalog, g.group, None)
        ),
        evidence={
            "mmc": g.mmc_mean,
            "mmc_others": mmc_ref,
            "hard_sets_per_week": g.hard_sets_per_week,
            "hard_sets_others": sets_ref,
        },
    )


def _improving(g: GroupSummary) -> Insight | None:
    rated = [w for w in g.weeks if w.mmc is not None]
    if g.mmc_slope is None or g.mmc_slope < IMPROVING_MMC_SLOPE:
        return None
    if len(rated) < IMPROVING_MIN_WEEKS:
        return None
    first, last = rated[0].week.number, rated[-1].week.number
    mean = fmean(w.mmc or 0.0 for w in rated)
    mid = fmean(float(w.week.number) for w in rated)
    start, end = mean + g.mmc_slope * (first - mid), mean + g.mmc_slope * (last - mid)
    if end - start < IMPROVING_MIN_RISE:
        return None
    return Insight(
        kind="connection_improving",
        group=g.group,
        text=(
            f"The connection to {g.group} is improving: mmc up {g.mmc_slope:.2f} a week "
            f"({start:.1f} -> {end:.1f} over {last - first + 1} weeks)."
        ),
        advice=(
            "Keep what works: the primer first, the same tempo and cues; add load only while "
            "the tempo and the mmc hold."
        ),
        evidence={"mmc_slope": g.mmc_slope, "mmc_from": start, "mmc_to": end},
    )


def insights(
    groups: Sequence[GroupSummary],
    exercises: Sequence[ExerciseTrend],
    *,
    start: date,
    today: date,
    catalog: Catalog,
) -> tuple[Insight, ...]:
    """Every insight that fires, in the order of :data:`INSIGHT_KINDS`."""
    first = first_month_insight((today - start).days // 7 + 1)
    found: list[Insight | None] = [first]
    now_weeks = (today - start).days / 7
    found += [_creep(t) for t in exercises]
    found += [_sore(g) for g in groups]
    if first is None:  # in the first month loads are picked for the tempo: no stalls yet
        found += [_stall(t, catalog, now_weeks) for t in exercises if _long_enough(t)]
    found += [_lagging(g, [o for o in groups if o is not g], catalog) for g in groups]
    found += [_improving(g) for g in groups]
    kept = [i for i in found if i is not None]
    return tuple(sorted(kept, key=lambda i: INSIGHT_KINDS.index(i.kind)))
