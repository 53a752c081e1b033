"""Load and rep targets for the next session of one exercise (METHOD.md section 3).

:func:`recommend` reads the lifter's log of one exercise and applies these rules,
each of which adds a one-sentence reason in plain words to the result:

- **Start.** No usable history: no load (``None``); pick one that allows the
  tempo and brings failure inside the rep range.
- **Double progression** at the prescribed tempo. Every working set of the last
  session reached the top of the range with a good connection (every rated set
  ``mmc >= 7``): the load goes up by about 2.5 %, at least one increment. A set
  that hit failure below the range: the load goes down to land inside it.
  Otherwise the load holds and the target is one more rep.
- **Tempo change.** The last session was at another tempo (no recorded tempo
  counts as 2-0-1-0): the load is converted with the time-under-tension model
  of :mod:`.strength` so failure lands in the middle of the range.
- **The connection.** A set of the last session rated ``mmc < 5``, or measured
  faster than prescribed (eccentric or whole rep shorter by more than
  0.5 s or 15 %, whichever is larger): that load was too heavy for the method.
  The load never goes up; too fast means it goes down (about 10 %, at least one
  increment); either way ``extra_primer`` is set with a primer suggestion.
- **Layoff.** The last session is more than four weeks before ``today``: restart
  about 10 % lighter.
- **First month** (``first_month=True``): ``no_records`` is set and no reason
  praises a load. Sets from before the method (no prescribed tempo, or an
  eccentric under 3 s) are not progressed from: if they are all there is, the
  load starts at most 75 % of the old working load ("ego check").

Loads are in the requested unit (history in kg or lb is converted), multiples of
the increment (2.5 kg / 5 lb unless given, e.g. 1 kg for dumbbells), and at least
one increment for a loaded exercise. Only working sets dated on or before ``today``
count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from mindmuscle.errors import InputError
from mindmuscle.method.tempo import PHASES, Tempo
from mindmuscle.planning.history import UNITS, LoggedSet, Unit
from mindmuscle.planning.strength import (
    REFERENCE_TEMPO,
    convert_load,
    epley_load,
    reps_to_failure,
    session_e1rm,
    sessions,
)

__all__ = [
    "ACTIONS",
    "DECREASE_FRACTION",
    "DEFAULT_INCREMENT",
    "EGO_CHECK_FRACTION",
    "FIRST_MONTH_MIN_ECCENTRIC",
    "INCREASE_FRACTION",
    "LAYOFF_DAYS",
    "MMC_GOOD",
    "MMC_LOW",
    "Action",
    "Recommendation",
    "faster_than_prescribed",
    "recommend",
    "round_load",
]

Action = Literal["start", "hold", "increase", "decrease"]
ACTIONS: Final[tuple[Action, ...]] = ("start", "hold", "increase", "decrease")

#: A connection rating below this means the load was too heavy for the method.
MMC_LOW: Final = 5
#: Every rated set needs at least this for the load to go up.
MMC_GOOD: Final = 7
TEMPO_TOLERANCE_S: Final = 0.5
TEMPO_TOLERANCE_FRACTION: Final = 0.15
INCREASE_FRACTION: Final = 0.025
DECREASE_FRACTION: Final = 0.10
#: First month from pre-method history: at most this share of the old working load.
EGO_CHECK_FRACTION: Final = 0.75
#: The method's minimum eccentric in the first month; faster sets predate the method.
FIRST_MONTH_MIN_ECCENTRIC: Final = 3.0
LAYOFF_DAYS: Final = 28
DEFAULT_INCREMENT: Final[dict[Unit, float]] = {"kg": 2.5, "lb": 5.0}

_EPS: Final = 1e-9
_FIRST_MONTH_REASON: Final = (
    "In your first month with the method the load is a tool, not a target, "
    "so load records do not count yet."
)

Rounding = Literal["nearest", "down"]


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What to do in the next session of ``exercise``.

    ``load`` is ``None`` when the lifter should choose it (no history) or for
    bodyweight work; ``reps`` is the target within ``rep_range``;
    ``previous_load`` is the last session's heaviest working load in ``unit``.
    ``primer`` is the suggested extra primer work when ``extra_primer`` is set.
    """

    exercise: str
    action: Action
    load: float | None
    unit: Unit
    reps: int
    rep_range: tuple[int, int]
    tempo: Tempo
    reasons: tuple[str, ...]
    extra_primer: bool = False
    primer: str | None = None
    no_records: bool = False
    previous_load: float | None = None


def round_load(load: float, increment: float, *, rounding: Rounding = "nearest") -> float:
    """``load`` as a multiple of ``increment``, never less than one increment.

    >>> round_load(101.4, 2.5), round_load(101.4, 2.5, rounding="down"), round_load(0.3, 2.5)
    (102.5, 100.0, 2.5)
    """
    if increment <= 0:
        raise InputError(f"A load increment must be above 0, got {increment!r}.")
    steps = load / increment
    count = math.floor(steps + _EPS) if rounding == "down" else math.floor(steps + 0.5)
    return round(max(count, 1) * increment, 6)


def faster_than_prescribed(logged: LoggedSet, *, prescribed: Tempo) -> bool:
    """Whether the measured eccentric or whole rep was clearly shorter than prescribed.

    "Clearly" means by more than 0.5 s or 15 % of the prescribed time, whichever is
    larger. A set without a measured tempo is not faster.
    """
    measured = logged.measured_tempo
    if measured is None:
        return False
    pairs = (
        (measured.eccentric, prescribed.eccentric),
        (measured.rep_seconds, prescribed.rep_seconds),
    )
    return any(m < p - max(TEMPO_TOLERANCE_S, TEMPO_TOLERANCE_FRACTION * p) for m, p in pairs)


@dataclass(frozen=True, slots=True)
class _Request:
    exercise: str
    low: int
    high: int
    tempo: Tempo
    first_month: bool
    today: date
    unit: Unit
    step: float
    label: str

    @property
    def middle(self) -> int:
        return (self.low + self.high) // 2

    def fmt(self, load: float) -> str:
        return f"{load:g} {self.unit}"


def recommend(
    history: Sequence[LoggedSet],
    *,
    exercise: str,
    rep_range: tuple[int, int],
    tempo: Tempo,
    first_month: bool,
    today: date,
    unit: Unit = "kg",
    increment: float | None = None,
    label: str | None = None,
) -> Recommendation:
    """The load and rep target for the next session of ``exercise`` (see the module doc).

    ``history`` may hold sets of other exercises; they are ignored. ``label`` is the
    exercise's name for the reasons (default: its id).

    >>> from datetime import datetime
    >>> t = Tempo.parse("3-0-1-1")
    >>> done = [LoggedSet(str(i), "squat", datetime(2024, 5, 1, 18, i), reps=12, load=100,
    ...                   tempo=t, rep_range=(8, 12), failure=True, mmc=8) for i in range(3)]
    >>> r = recommend(done, exercise="squat", rep_range=(8, 12), tempo=t,
    ...               first_month=False, today=date(2024, 5, 4))
    >>> r.action, r.load, r.reps
    ('increase', 102.5, 8)
    """
    req = _request(exercise, rep_range, tempo, first_month, today, unit, increment, label)
    sets = [
        s
        for s in history
        if s.exercise == exercise and s.block == "working" and s.performed_at.date() <= today
    ]
    if first_month:
        method_sets = [s for s in sets if _is_method_set(s)]
        if sets and not method_sets:
            return _ego_check(req, sessions(sets)[-1])
        sets = method_sets
    if not sets:
        return _start(req)
    last = sessions(sets)[-1]
    if not any(_loaded(s) for s in last):
        return _bodyweight(req, last)
    return _progress(req, last)


def _request(
    exercise: str,
    rep_range: tuple[int, int],
    tempo: Tempo,
    first_month: bool,
    today: date,
    unit: Unit,
    increment: float | None,
    label: str | None = None,
) -> _Request:
    if not exercise.strip():
        raise InputError("An exercise is needed for a recommendation; got an empty name.")
    low, high = rep_range
    if not 1 <= low <= high:
        raise InputError(
            f"Rep range {low}-{high} is not valid; expected 1 <= low <= high, e.g. 8-12."
        )
    if unit not in UNITS:
        raise InputError(f"Unit {unit!r} is not known; expected one of {', '.join(UNITS)}.")
    step = DEFAULT_INCREMENT[unit] if increment is None else increment
    if not step > 0:
        raise InputError(f"A load increment must be above 0, got {increment!r}.")
    name = label or exercise
    return _Request(exercise, low, high, tempo, first_month, today, unit, float(step), name)


def _is_method_set(logged: LoggedSet) -> bool:
    return logged.tempo is not None and logged.tempo.eccentric >= FIRST_MONTH_MIN_ECCENTRIC


def _loaded(logged: LoggedSet) -> bool:
    return logged.load is not None and logged.load > 0


def _same_timing(a: Tempo, b: Tempo) -> bool:
    return all(math.isclose(a.phase(p), b.phase(p)) for p in PHASES)


def _base_load(req: _Request, loaded: Sequence[LoggedSet]) -> float:
    return max(convert_load(s.load or 0.0, s.unit, req.unit) for s in loaded)


def _step_down(req: _Request, load: float) -> float:
    """About 10 % lighter, at least one increment lighter (never below one increment)."""
    lower = min(load * (1 - DECREASE_FRACTION), load - req.step)
    return round_load(lower, req.step, rounding="down")


def _finish(
    req: _Request,
    action: Action,
    load: float | None,
    reps: int,
    reasons: list[str],
    *,
    primer: str | None = None,
    previous_load: float | None = None,
) -> Recommendation:
    if req.first_month:
        reasons.append(_FIRST_MONTH_REASON)
    return Recommendation(
        exercise=req.exercise,
        action=action,
        load=load,
        unit=req.unit,
        reps=min(max(reps, req.low), req.high),
        rep_range=(req.low, req.high),
        tempo=req.tempo,
        reasons=tuple(reasons),
        extra_primer=primer is not None,
        primer=primer,
        no_records=req.first_month,
        previous_load=None if previous_load is None else round(previous_load, 6),
    )


def _start(req: _Request) -> Recommendation:
    reasons = [
        f"No sets of {req.label} are logged yet, so choose the starting load yourself.",
        f"Pick a load you can lower in {req.tempo.eccentric:g} s on every rep "
        f"and that brings you to failure between {req.low} and {req.high} reps; "
        "when unsure, go lighter.",
    ]
    return _finish(req, "start", None, req.middle, reasons)


def _ego_check(req: _Request, last: tuple[LoggedSet, ...]) -> Recommendation:
    loaded = [s for s in last if _loaded(s)]
    if not loaded:
        return _start(req)
    base = _base_load(req, loaded)
    strength = session_e1rm(loaded, tempo=req.tempo, unit=req.unit)
    converted = base if strength is None else epley_load(strength, req.middle)
    load = round_load(min(converted, base * EGO_CHECK_FRACTION), req.step, rounding="down")
    share = round(100 * (1 - load / base))
    reasons = [
        f"Your logged {req.label} sets ({req.fmt(base)}) come from before the method, "
        f"without its slow {req.tempo} tempo.",
        f"Ego check: start at {req.fmt(load)}, about {share} % below what you are used to, "
        "so you keep the tempo and feel the target muscle all the way to failure.",
        "Expect clearly lower loads than before while the tempo and the connection are learnt.",
    ]
    return _finish(req, "decrease", load, req.middle, reasons, previous_load=base)


def _connection_problems(req: _Request, sets: Sequence[LoggedSet]) -> tuple[list[str], bool]:
    """Reasons about a weak connection in the last session, and whether it was too fast."""
    reasons: list[str] = []
    low = [s.mmc for s in sets if s.mmc is not None and s.mmc < MMC_LOW]
    if low:
        reasons.append(
            f"You rated the connection {min(low)}/10 on at least one set: the load was "
            "too heavy to feel the target muscle, so it does not go up."
        )
    fast = [
        (measured, prescribed)
        for s in sets
        if (measured := s.measured_tempo) is not None
        and faster_than_prescribed(s, prescribed=(prescribed := s.tempo or req.tempo))
    ]
    if fast:
        measured, prescribed = fast[0]
        reasons.append(
            f"Your reps were faster than prescribed ({measured} against {prescribed}): "
            "that load was too heavy for the tempo, so it goes down."
        )
    return reasons, bool(fast)


def _primer_text(req: _Request) -> str:
    return (
        f"Before your {req.label} working sets, add one extra primer set: light reps with "
        "a 3-5 s isometric hold of the target muscle in its fully shortened position, "
        "thinking only of that muscle."
    )


def _tempo_change(
    req: _Request, last_tempo: Tempo | None, base: float, strength: float | None
) -> tuple[float, list[str]] | None:
    """The load converted to the new tempo with reasons, or ``None`` if it did not change."""
    old = last_tempo or REFERENCE_TEMPO
    if _same_timing(old, req.tempo):
        return None
    load = base if strength is None else epley_load(strength, req.middle)
    load = round_load(load, req.step, rounding="down")
    more = "more" if req.tempo.rep_seconds > old.rep_seconds else "less"
    reasons = [] if last_tempo else ["No tempo was recorded last time; it is taken as 2-0-1-0."]
    reasons.append(
        f"The tempo changes from {old} ({old.rep_seconds:g} s a rep) to {req.tempo} "
        f"({req.tempo.rep_seconds:g} s a rep): {more} time under tension per rep, so the "
        f"load moves from {req.fmt(base)} to {req.fmt(load)} to keep failure within "
        f"{req.low}-{req.high} reps."
    )
    return load, reasons


def _reps_in_tank(logged: LoggedSet) -> int | None:
    """Reps to failure; reps done when failure is not reported; None if stopped short."""
    known = reps_to_failure(logged)
    if known is None and logged.failure is None:
        return logged.reps
    return known


def _double_progression(
    req: _Request, loaded: Sequence[LoggedSet], base: float, strength: float | None
) -> tuple[float, int, list[str]]:
    """Load, reps target and reasons at an unchanged tempo."""
    held = round_load(base, req.step)
    ended = [r for s in loaded if (r := _reps_in_tank(s)) is not None]
    lowest = min(s.reps for s in loaded)
    if ended and min(ended) < req.low:
        target = base if strength is None else epley_load(strength, req.middle)
        load = round_load(min(target, base - req.step), req.step, rounding="down")
        why = (
            f"Your sets ran out at {min(ended)} reps, below the {req.low}-{req.high} range: "
            f"lower the load to {req.fmt(load)} so failure lands inside it."
        )
        return load, req.middle, [why]
    if lowest >= req.high:
        rated = [s.mmc for s in loaded if s.mmc is not None]
        if rated and min(rated) < MMC_GOOD:
            why = (
                f"Every set reached {req.high} reps, but your connection rating was "
                f"{min(rated)}/10: keep {req.fmt(held)} until you feel the muscle clearly "
                f"({MMC_GOOD}/10 or more)."
            )
            return held, req.high, [why]
        load = held + max(req.step, round_load(held * INCREASE_FRACTION, req.step))
        why = (
            f"Every working set reached {req.high} reps at {req.tempo} with a good connection, "
            f"so the load goes up to {req.fmt(load)}; start again at {req.low} reps."
        )
        return round(load, 6), req.low, [why]
    target = min(max(lowest + 1, req.low), req.high)
    why = (
        f"Not every set reached {req.high} reps yet (lowest {lowest}), so keep "
        f"{req.fmt(held)} and aim for {target} reps."
    )
    return held, target, [why]


def _progress(req: _Request, last: tuple[LoggedSet, ...]) -> Recommendation:
    loaded = [s for s in last if _loaded(s)]
    base = _base_load(req, loaded)
    strength = session_e1rm(loaded, tempo=req.tempo, unit=req.unit)
    heaviest = max(loaded, key=lambda s: convert_load(s.load or 0.0, s.unit, req.unit))
    changed = _tempo_change(req, heaviest.tempo, base, strength)
    if changed is not None:
        load, reasons = changed
        reps, reference = req.middle, min(load, base)
    else:
        load, reps, reasons = _double_progression(req, loaded, base, strength)
        reference = base
    problems, too_fast = _connection_problems(req, last)
    caps = list(problems)
    limit = load
    if problems:
        held = round_load(reference, req.step, rounding="down")
        limit, reps = min(limit, _step_down(req, reference) if too_fast else held), req.middle
    idle = (req.today - last[-1].performed_at.date()).days
    if idle > LAYOFF_DAYS:
        limit = min(limit, _step_down(req, reference))
        caps.append(f"Your last {req.label} session was {idle} days ago: restart lighter.")
    if caps:
        # progression reasons would contradict a cap; a tempo conversion still explains
        kept = reasons if changed or (limit >= load and not problems) else []
        reasons = [*kept, *caps, f"Next session: {req.fmt(limit)}, aiming for about {reps} reps."]
        load = limit
    action = _action(load, round_load(base, req.step))
    primer = _primer_text(req) if problems else None
    return _finish(req, action, load, reps, reasons, primer=primer, previous_load=base)


def _action(load: float, held: float) -> Action:
    if load > held + _EPS:
        return "increase"
    if load < held - _EPS:
        return "decrease"
    return "hold"


def _bodyweight(req: _Request, last: tuple[LoggedSet, ...]) -> Recommendation:
    problems, _ = _connection_problems(req, last)
    lowest = min(s.reps for s in last)
    if problems:
        reasons = [*problems, "Make each rep slower and more deliberate rather than adding reps."]
        return _finish(req, "hold", None, req.middle, reasons, primer=_primer_text(req))
    if lowest >= req.high:
        why = (
            f"Every set reached {req.high} reps: make it harder with a small added load "
            f"or a longer eccentric, and start again at {req.low} reps."
        )
        return _finish(req, "increase", None, req.low, [why])
    target = min(max(lowest + 1, req.low), req.high)
    why = f"Not every set reached {req.high} reps yet (lowest {lowest}): aim for {target}."
    return _finish(req, "hold", None, target, [why])
