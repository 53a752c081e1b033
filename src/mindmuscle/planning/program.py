"""Multi-week programs: a split spread over training days, the method's introduction first.

Weeks 1-4 are the introduction phase: the tempo rules hold on every lift and there are
no load records. From week 5 volume grows in four-week waves (base, +1 set, +1 set,
then a deload week with one set fewer) while the tempo rules stay.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> cat = builtin_catalog()
>>> prog = plan_program(cat, ProgramRequest(split="upper-lower", days=4, weeks=6))
>>> [w.phase for w in prog.weeks]
['introduction', 'introduction', 'introduction', 'introduction', 'build', 'build']
>>> [d.name for d in prog.weeks[0].days]
['Upper', 'Lower', 'Upper', 'Lower']
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal

from mindmuscle.errors import InputError
from mindmuscle.method.catalog import Catalog
from mindmuscle.method.model import EmphasisOption, Level
from mindmuscle.planning.request import EQUIPMENT_PRESETS, PlanRequest, parse_focus
from mindmuscle.planning.session import Block, SessionPlan, plan_session

__all__ = [
    "SPLITS",
    "Phase",
    "ProgramDay",
    "ProgramPlan",
    "ProgramRequest",
    "ProgramWeek",
    "phase_of",
    "plan_program",
    "volume_change",
]

Phase = Literal["introduction", "build", "deload"]

#: Day templates of each split: (name, focus tokens). Days cycle through them.
SPLITS: Final[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    "full": (("Full body", ("chest", "back", "shoulders", "arms", "legs")),),
    "upper-lower": (("Upper", ("chest", "back", "shoulders", "arms")), ("Lower", ("legs",))),
    "ppl": (
        ("Push", ("chest", "shoulders", "triceps")),
        ("Pull", ("back", "biceps")),
        ("Legs", ("legs",)),
    ),
    "bro": (
        ("Chest", ("chest",)),
        ("Back", ("back",)),
        ("Shoulders", ("shoulders",)),
        ("Arms", ("arms",)),
        ("Legs", ("legs",)),
    ),
}
_INTRO_WEEKS: Final = 4
_MAX_SETS: Final = 5


@dataclass(frozen=True, slots=True)
class ProgramRequest:
    split: str = "upper-lower"
    days: int = 4
    weeks: int = 8
    level: Level = "novice"
    start_week: int = 1
    equipment: frozenset[str] = EQUIPMENT_PRESETS["gym"]
    minutes: int | None = None
    emphasis: tuple[EmphasisOption, ...] = ()
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.split not in SPLITS:
            raise InputError(f"Unknown split {self.split!r}; expected one of {', '.join(SPLITS)}.")
        if not 1 <= self.days <= 7:
            raise InputError(f"--days {self.days} is out of range; expected 1 to 7 per week.")
        if not 1 <= self.weeks <= 52:
            raise InputError(f"--weeks {self.weeks} is out of range; expected 1 to 52.")
        if self.start_week < 1:
            raise InputError(f"Start week {self.start_week} is out of range; expected 1 or more.")


@dataclass(frozen=True, slots=True)
class ProgramDay:
    day: int
    name: str
    session: SessionPlan


@dataclass(frozen=True, slots=True)
class ProgramWeek:
    week: int
    phase: Phase
    days: tuple[ProgramDay, ...]


@dataclass(frozen=True, slots=True)
class ProgramPlan:
    request: ProgramRequest
    weeks: tuple[ProgramWeek, ...]


def phase_of(week: int) -> Phase:
    """Introduction for weeks 1-4, then waves of three build weeks and a deload week."""
    if week <= _INTRO_WEEKS:
        return "introduction"
    return "deload" if (week - _INTRO_WEEKS) % 4 == 0 else "build"


def volume_change(week: int) -> int:
    """Sets added to (or taken from) each working item in ``week``."""
    if week <= _INTRO_WEEKS:
        return 0
    return {1: 0, 2: 1, 3: 1, 0: -1}[(week - _INTRO_WEEKS) % 4]


def _with_volume(plan: SessionPlan, week: int) -> SessionPlan:
    delta = volume_change(week)
    if delta == 0:
        return plan
    why = (
        f"Week {week}: one set more per exercise as volume builds."
        if delta > 0
        else f"Week {week}: deload, one set fewer to recover; keep the tempo."
    )
    blocks = tuple(
        b if b.kind == "primer"
        else Block(b.kind, tuple(
            replace(p, sets=max(1, min(_MAX_SETS, p.sets + delta))).because(why) for p in b.items
        ))
        for b in plan.blocks
    )  # fmt: skip
    return replace(plan, blocks=blocks)


def plan_program(catalog: Catalog, req: ProgramRequest) -> ProgramPlan:
    """Every session of the program, week by week."""
    templates = SPLITS[req.split]
    for _, tokens in templates:  # fail early on a focus the catalog cannot resolve
        parse_focus(catalog, tokens)
    weeks = []
    slot = 0
    for week in range(req.start_week, req.start_week + req.weeks):
        days = []
        seen: dict[str, int] = {}
        for day in range(1, req.days + 1):
            name, tokens = templates[slot % len(templates)]
            slot += 1
            repeat = seen.get(name, 0)
            seen[name] = repeat + 1
            seed = req.seed if repeat == 0 else (req.seed or 0) * 31 + repeat
            groups = {f.group for f in parse_focus(catalog, tokens)}
            emphasis = tuple(o for o in req.emphasis if _emphasis_group(catalog, o) & groups)
            session_req = PlanRequest(
                focus=parse_focus(catalog, tokens),
                level=req.level,
                week=week,
                equipment=req.equipment,
                minutes=req.minutes,
                emphasis=emphasis,
                seed=seed,
            )
            session = _with_volume(plan_session(catalog, session_req), week)
            days.append(ProgramDay(day, name, session))
        weeks.append(ProgramWeek(week, phase_of(week), tuple(days)))
    return ProgramPlan(req, tuple(weeks))


def _emphasis_group(catalog: Catalog, opt: EmphasisOption) -> set[str]:
    return {e.group for e in catalog.exercises.values() if opt in e.emphasis}
