"""A seeded generator of realistic training histories with known trends. Pure.

Used by the tests (each insight must fire on a history with its trend and stay quiet on a
neutral one) and by ``mindmuscle demo``, which fills a fresh database so that a new user
sees a full app at once.

The lifter trains a push / pull / legs split 3-5 times a week with a primer first, at the
method's slow tempos, taking the last set of each exercise to failure and stopping the
others 1-2 reps short. Strength follows a fast neural rise over the first weeks, then a
steady gain; loads follow double progression (add load once the first set reaches the top
of the rep range). Sets are recorded with their reps, load, tempo, mmc and pump; about half
the sessions carry a sensor, so their sets also have a measured tempo. The next day brings a
soreness report for most trained groups. :class:`DemoTrends` switches the known trends on:

>>> from datetime import date
>>> h = demo_history(today=date(2024, 7, 1), months=6, seed=1)
>>> h.lifter.start_date.isoformat(), len(h.sessions) > 70, len(h.sets) > 900
('2023-12-31', True, True)
>>> h == demo_history(today=date(2024, 7, 1), months=6, seed=1)
True
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Final

from mindmuscle.method.model import GroupName, Level
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet, Unit
from mindmuscle.planning.strength import REFERENCE_TEMPO, tut_factor

__all__ = [
    "DemoHistory",
    "DemoLifter",
    "DemoSession",
    "DemoSoreness",
    "DemoTrends",
    "demo_history",
]

#: Days of the month the generator counts with.
_DAYS_PER_MONTH: Final = 30.44


@dataclass(frozen=True, slots=True)
class DemoTrends:
    """Which known trends the history carries (``None`` / empty: that trend is absent)."""

    lagging: str | None = "shoulders"
    improving: tuple[str, ...] = ("chest", "back")
    always_sore: str | None = "legs"
    ego_creep: str | None = "barbell_curl"
    stalled: str | None = "back_squat"

    @classmethod
    def neutral(cls) -> DemoTrends:
        """Steady progress everywhere, a flat connection, ordinary soreness."""
        return cls(lagging=None, improving=(), always_sore=None, ego_creep=None, stalled=None)


@dataclass(frozen=True, slots=True)
class DemoLifter:
    name: str
    start_date: date
    level: Level = "novice"
    units: Unit = "kg"


@dataclass(frozen=True, slots=True)
class DemoSession:
    id: str
    started_at: datetime
    finished_at: datetime
    title: str


@dataclass(frozen=True, slots=True)
class DemoSoreness:
    """A DOMS report (0-3) of one group, the day after training it."""

    day: date
    group: GroupName
    doms: int
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class DemoHistory:
    lifter: DemoLifter
    sessions: tuple[DemoSession, ...]
    sets: tuple[LoggedSet, ...]
    soreness: tuple[DemoSoreness, ...]
    trends: DemoTrends = field(default_factory=DemoTrends)


@dataclass(frozen=True, slots=True)
class _Item:
    exercise: str
    group: GroupName
    sets: int
    reps: tuple[int, int]
    tempo: str
    e1rm: float  # kg at the reference tempo, at the start
    step: float  # load increment, kg


_SPLIT: Final[dict[str, tuple[_Item, ...]]] = {
    "Push": (
        _Item("barbell_bench_press", "chest", 3, (6, 10), "4-0-1-1", 70.0, 2.5),
        _Item("incline_dumbbell_press", "chest", 3, (8, 12), "3-0-1-1", 26.0, 2.0),
        _Item("cable_fly", "chest", 2, (10, 15), "3-0-1-2", 22.0, 2.5),
        _Item("dumbbell_lateral_raise", "shoulders", 3, (12, 15), "3-0-1-1", 12.0, 1.0),
        _Item("triceps_pushdown", "arms", 3, (10, 15), "3-0-1-1", 35.0, 2.5),
    ),
    "Pull": (
        _Item("lat_pulldown", "back", 3, (8, 12), "4-0-1-1", 70.0, 2.5),
        _Item("seated_cable_row", "back", 3, (8, 12), "3-0-1-3", 65.0, 2.5),
        _Item("dumbbell_rear_delt_raise", "shoulders", 3, (12, 15), "3-0-1-1", 10.0, 1.0),
        _Item("barbell_curl", "arms", 3, (8, 12), "4-0-1-1", 40.0, 1.25),
        _Item("hammer_curl", "arms", 2, (10, 12), "5-0-1-1", 18.0, 1.0),
    ),
    "Legs": (
        _Item("back_squat", "legs", 3, (6, 10), "4-0-1-0", 90.0, 2.5),
        _Item("romanian_deadlift", "legs", 3, (8, 12), "4-0-1-0", 80.0, 2.5),
        _Item("leg_extension", "legs", 2, (12, 15), "3-0-1-2", 50.0, 2.5),
        _Item("standing_calf_raise", "legs", 3, (10, 15), "3-2-1-1", 80.0, 5.0),
    ),
}
_PRIMERS: Final = {"Push": "pec_deck", "Pull": "dumbbell_pullover", "Legs": "leg_extension"}
_PRIMER_GROUP: Final[dict[str, GroupName]] = {"Push": "chest", "Pull": "back", "Legs": "legs"}
_DAYS: Final = {3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
_PUMP_BASE: Final = {"chest": 1.8, "back": 1.4, "shoulders": 1.2, "arms": 2.2, "legs": 1.5}

#: Trend shapes (per week): an improving group's mmc rise, the flat levels, the ego creep.
MMC_RISE: Final = 0.17
MMC_FLAT: Final = 6.5
MMC_LAGGING: Final = 4.2
CREEP_WEEKS: Final = 12
CREEP_LOAD_PER_WEEK: Final = 0.02
CREEP_ECCENTRIC_PER_WEEK: Final = 0.13
STALL_WEEKS: Final = 9


@dataclass
class _State:
    """What the generator carries from session to session (mutable, private)."""

    rng: random.Random
    trends: DemoTrends
    start: date
    total_weeks: float
    tz: tzinfo
    prefix: str
    loads: dict[str, float] = field(default_factory=dict)
    sets: list[LoggedSet] = field(default_factory=list)
    sessions: list[DemoSession] = field(default_factory=list)
    soreness: dict[tuple[date, str], DemoSoreness] = field(default_factory=dict)


def _strength(item: _Item, st: _State, weeks: float) -> float:
    """The true e1RM (kg, reference tempo) after ``weeks`` of training: neural rise + gain."""
    if item.exercise == st.trends.stalled:
        weeks = min(weeks, max(st.total_weeks - STALL_WEEKS, st.total_weeks / 2))
    neural = 0.12 * (1.0 - math.exp(-weeks / 3.0))
    return item.e1rm * (1.0 + neural + 0.012 * weeks)


def _mmc_level(item: _Item, st: _State, weeks: float) -> float:
    t = st.trends
    if item.group == t.lagging:
        return MMC_LAGGING
    if item.exercise == t.ego_creep and weeks > st.total_weeks - CREEP_WEEKS:
        return MMC_FLAT - 0.15 * (weeks - (st.total_weeks - CREEP_WEEKS))
    if item.group in t.improving:
        return min(9.2, 4.3 + MMC_RISE * weeks)
    return MMC_FLAT


def _creep_weeks(item: _Item, st: _State, weeks: float) -> float:
    if item.exercise != st.trends.ego_creep:
        return 0.0
    return max(0.0, weeks - (st.total_weeks - CREEP_WEEKS))


def _measured(tempo: Tempo, creep: float, rng: random.Random) -> Tempo:
    def jitter(value: float, shift: float = 0.0) -> float:
        return round(max(0.0, value - shift + rng.gauss(-0.05, 0.2)), 1)

    return Tempo(
        jitter(tempo.eccentric, CREEP_ECCENTRIC_PER_WEEK * creep),
        jitter(tempo.bottom) if tempo.bottom else 0.0,
        max(0.3, jitter(tempo.concentric)),
        jitter(tempo.top, 0.05 * creep) if tempo.top else 0.0,
    )


def _load(item: _Item, st: _State, weeks: float) -> float:
    """The load of today's session: double progression, or ego creep when that trend is on."""
    tempo = Tempo.parse(item.tempo)
    if item.exercise not in st.loads:
        mid = sum(item.reps) / 2
        reps_ref = mid * tut_factor(tempo, REFERENCE_TEMPO)
        st.loads[item.exercise] = _round(item.e1rm / (1 + reps_ref / 30), item.step)
    creep = _creep_weeks(item, st, weeks)
    if creep:
        base = st.loads[item.exercise]
        return _round(base * (1 + CREEP_LOAD_PER_WEEK * creep), item.step)
    return st.loads[item.exercise]


def _round(load: float, step: float) -> float:
    return max(step, round(load / step) * step)


def _reps_to_failure(e1rm: float, load: float, performed: Tempo) -> float:
    return 30.0 * (e1rm / load - 1.0) / tut_factor(performed, REFERENCE_TEMPO)


def _exercise_sets(
    item: _Item, st: _State, at: datetime, ids: tuple[str, int], sensor: bool
) -> list[LoggedSet]:
    """The sets of one exercise; ``ids`` is the session id and the number of its first set."""
    session_id, first = ids
    weeks = (at.date() - st.start).days / 7
    rng, tempo = st.rng, Tempo.parse(item.tempo)
    load, creep = _load(item, st, weeks), _creep_weeks(item, st, weeks)
    day_form = rng.gauss(1.0, 0.01)
    out: list[LoggedSet] = []
    for n in range(item.sets):
        measured = _measured(tempo, creep, rng) if sensor else None
        performed = measured or tempo
        rtf = _reps_to_failure(_strength(item, st, weeks) * day_form, load, performed) - 1.2 * n
        last = n == item.sets - 1
        rir = None if last else rng.choice((1, 1, 2, 2, 2, 4))
        reps = max(1, math.floor(rtf + 0.5) - (rir or 0))
        mmc = round(_mmc_level(item, st, weeks) + rng.gauss(0, 0.6))
        mmc = min(10, max(1, mmc))
        pump = _PUMP_BASE[item.group] + (mmc - 6) / 4 + rng.gauss(0, 0.5)
        out.append(
            LoggedSet(
                id=f"{session_id}-{first + n:02d}",
                exercise=item.exercise,
                performed_at=at + timedelta(minutes=2.5 * n),
                reps=reps,
                load=load,
                tempo=tempo,
                rep_range=item.reps,
                measured_tempo=measured,
                failure=True if last else None,
                rir=rir,
                mmc=mmc,
                pump=min(3, max(0, round(pump))),
                session_id=session_id,
            )
        )
    if not creep:  # during the creep the load follows the lifter's ego, not the reps
        _progress(item, st, out[0].reps, load)
    return out


def _progress(item: _Item, st: _State, first_reps: int, load: float) -> None:
    if first_reps + 1 >= item.reps[1]:
        st.loads[item.exercise] = _round(load + item.step, item.step)
    elif first_reps + 1 < item.reps[0]:
        st.loads[item.exercise] = _round(load - item.step, item.step)


def _items(title: str, st: _State) -> list[_Item]:
    items: list[_Item] = []
    for item in _SPLIT[title]:
        if item.group == st.trends.lagging:
            if any(i.group == item.group for i in items):
                continue
            item = replace(item, sets=2)
        items.append(item)
    return items


def _primer(title: str, st: _State, at: datetime, session_id: str) -> LoggedSet:
    group = _PRIMER_GROUP[title]
    level = MMC_LAGGING if group == st.trends.lagging else MMC_FLAT
    return LoggedSet(
        id=f"{session_id}-00",
        exercise=_PRIMERS[title],
        performed_at=at,
        reps=12,
        load=None if title == "Push" else 10.0,
        block="primer",
        tempo=Tempo(2, 0, 1, 4),
        mmc=min(10, max(1, round(level + st.rng.gauss(0, 0.6)))),
        session_id=session_id,
    )


def _session(title: str, day: date, st: _State) -> None:
    number = len(st.sessions) + 1
    session_id = f"{st.prefix}-s{number:04d}"
    started = datetime.combine(day, time(18), tzinfo=st.tz) + timedelta(
        minutes=st.rng.randint(-60, 60)
    )
    sensor = st.rng.random() < 0.5
    sets = [_primer(title, st, started + timedelta(minutes=5), session_id)]
    at = started + timedelta(minutes=10)
    for item in _items(title, st):
        done = _exercise_sets(item, st, at, (session_id, len(sets)), sensor)
        sets += done
        at = done[-1].performed_at + timedelta(minutes=4)
    st.sets += sets
    st.sessions.append(DemoSession(session_id, started, at + timedelta(minutes=5), title))
    _soreness(title, day + timedelta(days=1), st)


def _doms(group: str, st: _State, weeks: float) -> int:
    rng = st.rng
    if group == st.trends.always_sore:
        return rng.choice((1, 2, 2, 3, 3))
    if weeks < 2:  # a new stimulus: the first two weeks are sore for everyone
        return rng.choice((1, 2, 2))
    return rng.choice((0, 0, 0, 1, 1, 1, 1, 2))


def _soreness(title: str, day: date, st: _State) -> None:
    weeks = (day - st.start).days / 7
    for group in dict.fromkeys(i.group for i in _SPLIT[title]):
        if st.rng.random() < 0.8 and (day, group) not in st.soreness:
            reported = datetime.combine(day, time(8), tzinfo=st.tz)
            st.soreness[(day, group)] = DemoSoreness(day, group, _doms(group, st, weeks), reported)


def demo_history(
    *,
    today: date,
    months: int = 6,
    seed: int = 0,
    trends: DemoTrends | None = None,
    tz: tzinfo = UTC,
    id_prefix: str = "demo",
    name: str = "Demo lifter",
) -> DemoHistory:
    """``months`` of training ending the day before ``today`` (same seed, same history)."""
    if months < 1:
        raise ValueError(f"A demo history needs 1 month or more, got {months}.")
    start = today - timedelta(days=round(months * _DAYS_PER_MONTH))
    st = _State(
        random.Random(seed), trends or DemoTrends(), start, (today - start).days / 7, tz, id_prefix
    )
    titles = list(_SPLIT)
    week_start = start
    while week_start < today:
        for offset in _DAYS[st.rng.choice((3, 4, 4, 5))]:
            day = week_start + timedelta(days=offset)
            if day < today:
                _session(titles[len(st.sessions) % len(titles)], day, st)
        week_start += timedelta(weeks=1)
    return DemoHistory(
        lifter=DemoLifter(name=name, start_date=start),
        sessions=tuple(st.sessions),
        sets=tuple(st.sets),
        soreness=tuple(sorted(st.soreness.values(), key=lambda r: (r.day, r.group))),
        trends=st.trends,
    )
