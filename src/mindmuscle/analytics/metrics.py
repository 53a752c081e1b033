"""Progress metrics over the log, per training group and week. Pure: no clock, no I/O.

Definitions (working sets only; primer sets switch the connection on and are not counted):

- **hard set**: a working set taken to failure or stopped with at most
  :data:`HARD_SET_MAX_RIR` reps in reserve;
- **time under tension** (``tut_s``): seconds per rep of the measured tempo when there is
  one, else of the prescribed tempo, times reps (sets with neither add nothing);
- **volume load** (``volume_kg``): load in kg times reps (bodyweight sets add nothing);
- **mmc**: the mean of the rated sets, and its trend: the least-squares slope of the
  weekly means against the week number, in mmc points per week;
- **tempo adherence**, over sets with a measured *and* a prescribed tempo: mean absolute
  seconds off on the eccentric and on the holds (bottom and top), the signed eccentric bias
  (negative = rushed), and the share of sets within :data:`TEMPO_TOLERANCE_S` on all three;
- **soreness**: the lifter's DOMS reports (0-3) of the group on days in the week;
- **pump**: the mean 0-3 rating of the group's rated working sets.

Exercise trends express every session's best set as an e1RM at one tempo with
:mod:`mindmuscle.planning.strength` (see :func:`exercise_trends`).

>>> least_squares_slope([1, 2, 3], [5.0, 6.0, 7.5])
1.25
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Final, Protocol

from mindmuscle.analytics.weeks import Week
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import GROUPS
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.planning.strength import REFERENCE_TEMPO, sessions, set_e1rm

__all__ = [
    "HARD_SET_MAX_RIR",
    "SORE_LEVEL",
    "TEMPO_TOLERANCE_S",
    "ExerciseTrend",
    "GroupSummary",
    "GroupWeek",
    "SessionPoint",
    "SorenessReport",
    "TempoAdherence",
    "elapsed_weeks",
    "exercise_trend",
    "exercise_trends",
    "group_of",
    "group_summaries",
    "group_weeks",
    "is_hard_set",
    "least_squares_slope",
    "set_tut",
    "set_volume_kg",
    "summarize_group",
    "tempo_adherence",
]

#: A working set with this many reps in reserve or fewer counts as hard (close enough to
#: failure to be a growth stimulus; the usual cut-off in volume research).
HARD_SET_MAX_RIR: Final = 3
#: A measured phase within this many seconds of the prescription counts as on tempo
#: (about what a phone sensor or a video can resolve).
TEMPO_TOLERANCE_S: Final = 0.5


class SorenessReport(Protocol):
    """A DOMS report of one group on one day (the store's ``Soreness`` is one)."""

    @property
    def day(self) -> date: ...
    @property
    def group(self) -> str: ...
    @property
    def doms(self) -> int: ...


def is_hard_set(s: LoggedSet) -> bool:
    """A working set to failure or with at most :data:`HARD_SET_MAX_RIR` reps in reserve."""
    close = s.failure is True or (s.rir is not None and s.rir <= HARD_SET_MAX_RIR)
    return s.block == "working" and close


def set_tut(s: LoggedSet) -> float:
    """Seconds under tension: (measured, else prescribed) seconds per rep x reps; 0 if neither."""
    tempo = s.measured_tempo or s.tempo
    return 0.0 if tempo is None else tempo.rep_seconds * s.reps


def set_volume_kg(s: LoggedSet) -> float:
    """Load in kg x reps (0 for bodyweight sets)."""
    return (s.load_kg or 0.0) * s.reps


def least_squares_slope(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The slope of the least-squares line through the points; ``None`` with fewer than
    two distinct x values."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = fmean(xs), fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


@dataclass(frozen=True, slots=True)
class TempoAdherence:
    """How closely measured tempos followed the prescription (seconds; ``within_pct`` 0-100)."""

    sets: int
    eccentric_off_s: float
    eccentric_bias_s: float
    holds_off_s: float
    within_pct: float


def tempo_adherence(sets: Iterable[LoggedSet]) -> TempoAdherence | None:
    """Adherence over the sets with both a measured and a prescribed tempo (``None`` if none)."""
    ecc: list[float] = []
    holds: list[float] = []
    within = 0
    for s in sets:
        if s.measured_tempo is None or s.tempo is None:
            continue
        m, p = s.measured_tempo, s.tempo
        d_ecc, d_bottom, d_top = m.eccentric - p.eccentric, m.bottom - p.bottom, m.top - p.top
        ecc.append(d_ecc)
        holds.append((abs(d_bottom) + abs(d_top)) / 2)
        within += max(abs(d_ecc), abs(d_bottom), abs(d_top)) <= TEMPO_TOLERANCE_S
    if not ecc:
        return None
    return TempoAdherence(
        sets=len(ecc),
        eccentric_off_s=fmean(abs(d) for d in ecc),
        eccentric_bias_s=fmean(ecc),
        holds_off_s=fmean(holds),
        within_pct=100.0 * within / len(ecc),
    )


@dataclass(frozen=True, slots=True)
class GroupWeek:
    """One training group in one week."""

    group: str
    week: Week
    sets: int
    hard_sets: int
    tut_s: float
    volume_kg: float
    mmc: float | None
    mmc_ratings: int
    pump: float | None
    soreness: float | None
    soreness_reports: int
    tempo: TempoAdherence | None


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """One group over the whole window: its weeks and the window's averages and trends."""

    group: str
    weeks: tuple[GroupWeek, ...]
    hard_sets_per_week: float
    mmc_mean: float | None
    mmc_slope: float | None
    pump_mean: float | None
    soreness_mean: float | None
    soreness_reports: int
    sore_share: float | None
    sore_weeks: int
    tempo: TempoAdherence | None


def group_of(catalog: Catalog, exercise: str) -> str | None:
    """The training group of an exercise id, ``None`` when the catalog does not know it."""
    known = catalog.exercises.get(exercise)
    return None if known is None or known.group not in GROUPS else known.group


def _bucket(
    sets: Iterable[LoggedSet], weeks: Sequence[Week], catalog: Catalog
) -> dict[tuple[str, int], list[LoggedSet]]:
    if not weeks:
        return {}
    first, last = weeks[0], weeks[-1]
    buckets: dict[tuple[str, int], list[LoggedSet]] = {}
    groups: dict[str, str | None] = {}
    for s in sets:
        day = s.performed_at.date()
        if s.block != "working" or not first.starts_on <= day <= last.ends_on:
            continue
        if s.exercise not in groups:
            groups[s.exercise] = group_of(catalog, s.exercise)
        group = groups[s.exercise]
        if group is not None:
            number = first.number + (day - first.starts_on).days // 7
            buckets.setdefault((group, number), []).append(s)
    return buckets


def _group_week(
    group: str, week: Week, sets: Sequence[LoggedSet], doms: Sequence[int]
) -> GroupWeek:
    mmc = [float(s.mmc) for s in sets if s.mmc is not None]
    pump = [float(s.pump) for s in sets if s.pump is not None]
    return GroupWeek(
        group=group,
        week=week,
        sets=len(sets),
        hard_sets=sum(1 for s in sets if is_hard_set(s)),
        tut_s=sum(set_tut(s) for s in sets),
        volume_kg=sum(set_volume_kg(s) for s in sets),
        mmc=_mean(mmc),
        mmc_ratings=len(mmc),
        pump=_mean(pump),
        soreness=_mean([float(d) for d in doms]),
        soreness_reports=len(doms),
        tempo=tempo_adherence(sets),
    )


def _reports(
    soreness: Iterable[SorenessReport], weeks: Sequence[Week]
) -> dict[tuple[str, int], list[int]]:
    reports: dict[tuple[str, int], list[int]] = {}
    if weeks:
        first = weeks[0]
        for r in soreness:
            if first.starts_on <= r.day <= weeks[-1].ends_on:
                number = first.number + (r.day - first.starts_on).days // 7
                reports.setdefault((r.group, number), []).append(r.doms)
    return reports


def _assemble(
    buckets: dict[tuple[str, int], list[LoggedSet]],
    reports: dict[tuple[str, int], list[int]],
    weeks: Sequence[Week],
    groups: Sequence[str],
) -> dict[str, tuple[GroupWeek, ...]]:
    present = {g for g, _ in buckets} | {g for g, _ in reports}
    return {
        group: tuple(
            _group_week(
                group, w, buckets.get((group, w.number), []), reports.get((group, w.number), [])
            )
            for w in weeks
        )
        for group in groups
        if group in present
    }


def group_weeks(
    sets: Iterable[LoggedSet],
    soreness: Iterable[SorenessReport],
    weeks: Sequence[Week],
    catalog: Catalog,
    *,
    groups: Sequence[str] = GROUPS,
) -> dict[str, tuple[GroupWeek, ...]]:
    """Each group's weeks (every week of ``weeks``, empty ones included) from working sets
    of catalog exercises and from soreness reports; groups with neither are left out."""
    return _assemble(_bucket(sets, weeks, catalog), _reports(soreness, weeks), weeks, groups)


#: Soreness at or above this level counts as "sore" (2 = clearly sore, 3 = severe).
SORE_LEVEL: Final = 2


def elapsed_weeks(weeks: Sequence[Week], today: date | None) -> float:
    """How many weeks of ``weeks`` have passed by the end of ``today`` (the current week
    counts by its days so far, so a half-done week does not pull averages down)."""
    if today is None:
        return float(len(weeks))
    return sum(min(7, max(0, (today - w.starts_on).days + 1)) for w in weeks) / 7


def summarize_group(
    group: str,
    weeks: tuple[GroupWeek, ...],
    sets: Sequence[LoggedSet],
    doms: Sequence[int],
    *,
    today: date | None = None,
) -> GroupSummary:
    """Window averages and trends of one group from its weeks, its working sets in the
    window and its soreness levels reported in the window; averages per week count the
    weeks elapsed by ``today`` (all of them when ``None``)."""
    rated = [(float(w.week.number), w.mmc) for w in weeks if w.mmc is not None]
    elapsed = elapsed_weeks([w.week for w in weeks], today)
    return GroupSummary(
        group=group,
        weeks=weeks,
        hard_sets_per_week=sum(w.hard_sets for w in weeks) / elapsed if elapsed else 0.0,
        mmc_mean=_mean([float(s.mmc) for s in sets if s.mmc is not None]),
        mmc_slope=least_squares_slope([x for x, _ in rated], [y for _, y in rated]),
        pump_mean=_mean([float(s.pump) for s in sets if s.pump is not None]),
        soreness_mean=_mean([float(d) for d in doms]),
        soreness_reports=len(doms),
        sore_share=sum(1 for d in doms if d >= SORE_LEVEL) / len(doms) if doms else None,
        sore_weeks=sum(1 for w in weeks if w.soreness_reports),
        tempo=tempo_adherence(sets),
    )


def group_summaries(
    sets: Iterable[LoggedSet],
    soreness: Iterable[SorenessReport],
    weeks: Sequence[Week],
    catalog: Catalog,
    *,
    groups: Sequence[str] = GROUPS,
    today: date | None = None,
) -> tuple[GroupSummary, ...]:
    """:class:`GroupSummary` of every group with data in the window, in the method's order
    (``today``: see :func:`summarize_group`)."""
    buckets = _bucket(sets, weeks, catalog)
    reports = _reports(soreness, weeks)
    out = []
    for group, gweeks in _assemble(buckets, reports, weeks, groups).items():
        mine = [s for w in gweeks for s in buckets.get((group, w.week.number), [])]
        doms = [d for w in gweeks for d in reports.get((group, w.week.number), [])]
        out.append(summarize_group(group, gweeks, mine, doms, today=today))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SessionPoint:
    """One session of one exercise: its best e1RM at the trend's tempo and what was done.

    ``weeks`` is the time since the start of training, in weeks (fractional).
    """

    day: date
    weeks: float
    e1rm: float | None
    top_load_kg: float | None
    measured_eccentric_s: float | None
    mmc: float | None


@dataclass(frozen=True, slots=True)
class ExerciseTrend:
    """One exercise at one prescribed tempo over the window.

    ``points`` are the sessions done at ``tempo`` (the exercise's latest prescribed tempo
    unless one was asked for); e1RMs are in kg at that tempo. Slopes are per week, from
    least squares over the points; ``e1rm_slope_pct`` and ``load_slope_pct`` are relative
    to the mean (percent per week).
    """

    exercise: str
    name: str
    group: str | None
    tempo: Tempo | None
    points: tuple[SessionPoint, ...]
    span_weeks: float
    sets: int
    measured_sets: int
    e1rm_slope_pct: float | None
    load_slope_pct: float | None
    eccentric_slope: float | None
    mmc_slope: float | None


def _point(session: Sequence[LoggedSet], at: Tempo, start: date) -> SessionPoint:
    estimates = [e.value for s in session if (e := set_e1rm(s, tempo=at)) is not None]
    loads = [s.load_kg for s in session if s.load_kg is not None]
    ecc = [s.measured_tempo.eccentric for s in session if s.measured_tempo is not None]
    mmc = [float(s.mmc) for s in session if s.mmc is not None]
    day = session[-1].performed_at.date()
    return SessionPoint(
        day=day,
        weeks=(day - start).days / 7,
        e1rm=max(estimates) if estimates else None,
        top_load_kg=max(loads) if loads else None,
        measured_eccentric_s=_mean(ecc),
        mmc=_mean(mmc),
    )


def _slope_of(points: Sequence[SessionPoint], attr: str, *, relative: bool = False) -> float | None:
    pairs = [(p.weeks, v) for p in points if (v := getattr(p, attr)) is not None]
    slope = least_squares_slope([x for x, _ in pairs], [y for _, y in pairs])
    if slope is None or not relative:
        return slope
    mean = fmean(y for _, y in pairs)
    return None if mean <= 0 else 100.0 * slope / mean


def exercise_trend(
    sets: Sequence[LoggedSet], catalog: Catalog, *, start: date, tempo: Tempo | None = None
) -> ExerciseTrend:
    """The trend of one exercise's working sets (oldest first). With ``tempo=None`` only the
    sessions at its latest prescribed tempo count, e1RMs expressed at that tempo ("at the
    same tempo"); with a tempo every session counts, converted to it."""
    working = sorted((s for s in sets if s.block == "working"), key=lambda s: s.performed_at)
    current = working[-1].tempo if working else None
    mine = working if tempo is not None else [s for s in working if s.tempo == current]
    at = tempo or current or REFERENCE_TEMPO
    points = tuple(_point(session, at, start) for session in sessions(mine))
    known = catalog.exercises.get(sets[0].exercise) if sets else None
    return ExerciseTrend(
        exercise=sets[0].exercise if sets else "",
        name=known.name if known is not None else (sets[0].exercise if sets else ""),
        group=known.group if known is not None else None,
        tempo=tempo or current,
        points=points,
        span_weeks=(points[-1].weeks - points[0].weeks) if points else 0.0,
        sets=len(mine),
        measured_sets=sum(1 for s in mine if s.measured_tempo is not None),
        e1rm_slope_pct=_slope_of(points, "e1rm", relative=True),
        load_slope_pct=_slope_of(points, "top_load_kg", relative=True),
        eccentric_slope=_slope_of(points, "measured_eccentric_s"),
        mmc_slope=_slope_of(points, "mmc"),
    )


def exercise_trends(
    sets: Iterable[LoggedSet],
    catalog: Catalog,
    *,
    start: date,
    since: date | None = None,
    tempo: Tempo | None = None,
) -> tuple[ExerciseTrend, ...]:
    """:func:`exercise_trend` of every exercise with working sets on or after ``since``,
    most sets first."""
    by_exercise: dict[str, list[LoggedSet]] = {}
    for s in sets:
        if s.block == "working" and (since is None or s.performed_at.date() >= since):
            by_exercise.setdefault(s.exercise, []).append(s)
    trends = [
        exercise_trend(group, catalog, start=start, tempo=tempo)
        for _, group in sorted(by_exercise.items())
    ]
    return tuple(sorted(trends, key=lambda t: (-t.sets, t.exercise)))
