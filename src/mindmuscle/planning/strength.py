"""Estimated one-rep max (e1RM), made tempo-aware.

The model, in three steps
-------------------------
1. **Reps to failure.** A set says something about strength only when we know how
   many reps the lifter had in them: it went to failure (``failure=True``: its
   reps) or it reports reps in reserve (``reps + rir``). Other sets are skipped,
   unless a caller asks to ``assume_failure`` - then the reps done count as reps
   to failure, which *under*-estimates strength (safe for load recommendations).

2. **Tempo equivalence by time under tension.** A slow tempo keeps the muscle
   under load longer per rep, so the same load gives fewer reps. Reps done at
   tempo A are expressed at tempo B as::

       reps_B = reps_A * clamp(tut_A / tut_B, 1/4, 4) ** 0.5

   where ``tut`` is :attr:`Tempo.rep_seconds` (an ``X`` phase counts as 0.5 s).
   Assumptions: fatigue in a set grows with total time under tension, but less
   than proportionally - the eccentric and the holds cost less than the
   concentric, and a longer rep also gives a little recovery within it - hence
   the square root (:data:`TUT_EXPONENT`, bounded to 0..1 by construction: 0
   would ignore tempo, 1 would make a rep's cost proportional to its seconds).
   The ratio is clamped to :data:`MAX_TUT_RATIO` either way so that extreme
   tempos cannot produce absurd numbers. Conversion A -> B -> A round-trips
   exactly; because of the clamp, A -> B -> C equals A -> C only while every ratio
   stays inside the clamp. Tempos are compared at the performed tempo: a
   measured tempo when there is one, else the prescribed one, else
   :data:`REFERENCE_TEMPO` (sets imported from other apps carry no tempo and
   are taken to be ordinary lifting).

3. **Epley on equivalent reps:** ``e1RM = load * (1 + reps / 30)``, with ``reps``
   the reps to failure expressed at the estimate's tempo (by default
   :data:`REFERENCE_TEMPO`, 2-0-1-0). Epley is the usual choice for sets of up
   to 10 reps; it equals Brzycki's formula at 10 reps and stays close to
   Wathan's up to about 20, so we keep it beyond 10 (see
   :attr:`E1RM.within_epley_range`) and only refuse sets of more than
   :data:`MAX_ESTIMATE_REPS` equivalent reps, which are endurance work. The
   formula is used unmodified (a single gives 1.033 x load) so that it is smooth
   and exactly invertible: :meth:`E1RM.load_for_reps`.

>>> slow = Tempo.parse("4-0-1-2")  # 7 s per rep against 3 s for 2-0-1-0
>>> round(equivalent_reps(10, slow, REFERENCE_TEMPO), 2)  # worth more ordinary reps
15.28
>>> round(epley(100, 10), 2)
133.33
>>> round(epley_load(epley(100, 10), 10), 6)
100.0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean
from typing import Final

from mindmuscle.errors import InputError
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import UNITS, LoggedSet, Unit, to_kg

__all__ = [
    "E1RM",
    "EPLEY_DIVISOR",
    "EPLEY_RELIABLE_REPS",
    "MAX_ESTIMATE_REPS",
    "MAX_TUT_RATIO",
    "REFERENCE_TEMPO",
    "TUT_EXPONENT",
    "convert_load",
    "e1rm_by_exercise",
    "e1rm_history",
    "epley",
    "epley_load",
    "equivalent_reps",
    "estimate_e1rm",
    "performed_tempo",
    "reps_to_failure",
    "session_e1rm",
    "session_key",
    "sessions",
    "set_e1rm",
    "tut_factor",
]

#: The tempo of ordinary lifting; e1RMs are expressed at it unless asked otherwise.
REFERENCE_TEMPO: Final = Tempo(2.0, 0.0, 1.0, 0.0)
#: How strongly time under tension per rep changes a rep's cost (0: not at all, 1: in
#: proportion to its seconds).
TUT_EXPONENT: Final = 0.5
#: Time-under-tension ratios between two tempos are clamped to [1/4, 4].
MAX_TUT_RATIO: Final = 4.0
EPLEY_DIVISOR: Final = 30.0
#: Epley is best established up to this many reps.
EPLEY_RELIABLE_REPS: Final = 10
#: Sets worth more equivalent reps than this give no estimate.
MAX_ESTIMATE_REPS: Final = 30.0

_LB_IN_KG: Final = 0.45359237


def tut_factor(from_tempo: Tempo, to_tempo: Tempo) -> float:
    """How many reps at ``to_tempo`` one rep at ``from_tempo`` is worth.

    >>> tut_factor(Tempo.parse("2-0-1-0"), Tempo.parse("2-0-1-0"))
    1.0
    >>> tut_factor(Tempo.parse("8-0-4-0"), Tempo.parse("2-0-1-0"))  # ratio 4: 2 reps
    2.0
    >>> tut_factor(Tempo.parse("20-0-10-0"), Tempo.parse("2-0-1-0"))  # clamped at 4
    2.0
    """
    ratio = from_tempo.rep_seconds / to_tempo.rep_seconds
    ratio = min(max(ratio, 1.0 / MAX_TUT_RATIO), MAX_TUT_RATIO)
    factor: float = ratio**TUT_EXPONENT
    return factor


def equivalent_reps(reps: float, from_tempo: Tempo, to_tempo: Tempo) -> float:
    """``reps`` done at ``from_tempo`` expressed as reps at ``to_tempo``."""
    if reps < 0:
        raise InputError(f"Reps must be 0 or more, got {reps!r}.")
    return reps * tut_factor(from_tempo, to_tempo)


def epley(load: float, reps: float) -> float:
    """Epley's e1RM of ``load`` lifted for ``reps`` reps to failure (any unit).

    >>> epley(100, 0)
    100.0
    """
    if load <= 0:
        raise InputError(f"A load for an e1RM must be above 0, got {load!r}.")
    if reps < 0:
        raise InputError(f"Reps must be 0 or more, got {reps!r}.")
    return float(load) * (1.0 + reps / EPLEY_DIVISOR)


def epley_load(e1rm: float, reps: float) -> float:
    """The load that Epley's formula says can be lifted for ``reps`` reps to failure.

    >>> round(epley_load(120, 10), 6)
    90.0
    """
    if e1rm <= 0:
        raise InputError(f"An e1RM must be above 0, got {e1rm!r}.")
    if reps < 0:
        raise InputError(f"Reps must be 0 or more, got {reps!r}.")
    return float(e1rm) / (1.0 + reps / EPLEY_DIVISOR)


def convert_load(load: float, from_unit: Unit, to_unit: Unit) -> float:
    """A load in another unit.

    >>> round(convert_load(225, "lb", "kg"), 2)
    102.06
    """
    for unit in (from_unit, to_unit):
        if unit not in UNITS:
            raise InputError(f"Unit {unit!r} is not known; expected one of {', '.join(UNITS)}.")
    if from_unit == to_unit:
        return float(load)
    kg = to_kg(load, from_unit)
    return kg / _LB_IN_KG if to_unit == "lb" else kg


def reps_to_failure(logged: LoggedSet) -> int | None:
    """Reps the lifter had in them: reps at failure, or ``reps + rir``; ``None`` if unknown."""
    if logged.rir is not None and logged.rir < 0:
        raise InputError(f"Set {logged.id}: reps in reserve must be 0 or more, got {logged.rir}.")
    if logged.failure:
        return logged.reps
    if logged.rir is not None:
        return logged.reps + logged.rir
    return None


def performed_tempo(logged: LoggedSet) -> Tempo:
    """The tempo a set was done at: measured, else prescribed, else :data:`REFERENCE_TEMPO`."""
    return logged.measured_tempo or logged.tempo or REFERENCE_TEMPO


def session_key(logged: LoggedSet) -> tuple[str, str]:
    """Which session a set belongs to: its ``session_id``, else its calendar day."""
    if logged.session_id is not None:
        return ("session", logged.session_id)
    return ("day", logged.performed_at.date().isoformat())


def sessions(sets: Iterable[LoggedSet]) -> list[tuple[LoggedSet, ...]]:
    """Sets grouped by :func:`session_key`, each in time order, sessions oldest first."""
    groups: dict[tuple[str, str], list[LoggedSet]] = {}
    for logged in sorted(sets, key=lambda s: s.performed_at):
        groups.setdefault(session_key(logged), []).append(logged)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[-1].performed_at)


@dataclass(frozen=True, slots=True)
class E1RM:
    """An estimated one-rep max of one exercise, valid for one tempo.

    ``value`` is in ``unit``; ``reps`` are the reps to failure of the source set
    expressed at ``tempo``; ``load``, ``performed_at`` and ``set_id`` describe the
    source set (its load converted to ``unit``).
    """

    exercise: str
    value: float
    unit: Unit
    tempo: Tempo
    reps: float
    load: float
    performed_at: datetime
    set_id: str

    @property
    def within_epley_range(self) -> bool:
        """Whether the source set had at most 10 equivalent reps, where Epley is best."""
        return self.reps <= EPLEY_RELIABLE_REPS

    def load_for_reps(self, reps: float) -> float:
        """The load (in ``unit``) for ``reps`` reps to failure at this estimate's tempo."""
        return epley_load(self.value, reps)


def set_e1rm(
    logged: LoggedSet,
    *,
    tempo: Tempo = REFERENCE_TEMPO,
    unit: Unit = "kg",
    assume_failure: bool = False,
) -> E1RM | None:
    """The e1RM at ``tempo`` from one set, or ``None`` if the set cannot give one.

    Bodyweight sets, sets with no reps, sets without failure or reps in reserve
    (unless ``assume_failure``) and sets worth more than :data:`MAX_ESTIMATE_REPS`
    equivalent reps give ``None``.
    """
    if logged.load is None or logged.load <= 0:
        return None
    rtf = reps_to_failure(logged)
    if rtf is None and assume_failure:
        rtf = logged.reps
    if rtf is None or rtf < 1:
        return None
    reps = equivalent_reps(rtf, performed_tempo(logged), tempo)
    if reps > MAX_ESTIMATE_REPS:
        return None
    load = convert_load(logged.load, logged.unit, unit)
    return E1RM(
        exercise=logged.exercise,
        value=epley(load, reps),
        unit=unit,
        tempo=tempo,
        reps=reps,
        load=load,
        performed_at=logged.performed_at,
        set_id=logged.id,
    )


def session_e1rm(
    sets: Iterable[LoggedSet], *, tempo: Tempo = REFERENCE_TEMPO, unit: Unit = "kg"
) -> float | None:
    """The mean e1RM at ``tempo`` over loaded working sets, counting reps done as reps
    to failure where nothing else is known (a cautious figure for recommendations)."""
    values = [
        e.value
        for s in sets
        if s.block == "working"
        and (e := set_e1rm(s, tempo=tempo, unit=unit, assume_failure=True)) is not None
    ]
    return fmean(values) if values else None


def _one_exercise(sets: Sequence[LoggedSet]) -> None:
    names = sorted({s.exercise for s in sets})
    if len(names) > 1:
        raise InputError(
            f"Sets of one exercise expected, got {', '.join(names)}; use e1rm_by_exercise."
        )


def e1rm_history(
    sets: Sequence[LoggedSet], *, tempo: Tempo = REFERENCE_TEMPO, unit: Unit = "kg"
) -> tuple[E1RM, ...]:
    """The best e1RM of each session of one exercise, oldest first (working sets only).

    Sessions without a usable set are left out. Express every point at one tempo
    (the default :data:`REFERENCE_TEMPO`) so that points before and after a tempo
    change are comparable.
    """
    _one_exercise(sets)
    history: list[E1RM] = []
    for session in sessions(s for s in sets if s.block == "working"):
        estimates = [e for s in session if (e := set_e1rm(s, tempo=tempo, unit=unit)) is not None]
        if estimates:
            history.append(max(estimates, key=lambda e: e.value))
    return tuple(history)


def estimate_e1rm(
    sets: Sequence[LoggedSet], *, tempo: Tempo = REFERENCE_TEMPO, unit: Unit = "kg"
) -> E1RM | None:
    """The current e1RM of one exercise: the best set of its latest usable session.

    >>> from datetime import datetime
    >>> s = LoggedSet("a", "bench_press", datetime(2024, 5, 1, 18), reps=10, load=100,
    ...               tempo=Tempo.parse("2-0-1-0"), failure=True)
    >>> round(estimate_e1rm([s]).value, 2)
    133.33
    >>> round(estimate_e1rm([s], tempo=Tempo.parse("4-0-1-2")).value, 2)  # a slower 1RM
    121.82
    """
    history = e1rm_history(sets, tempo=tempo, unit=unit)
    return history[-1] if history else None


def e1rm_by_exercise(
    sets: Iterable[LoggedSet], *, tempo: Tempo = REFERENCE_TEMPO, unit: Unit = "kg"
) -> dict[str, E1RM]:
    """:func:`estimate_e1rm` for each exercise in a mixed log (exercises without one left out)."""
    by_exercise: dict[str, list[LoggedSet]] = {}
    for logged in sets:
        by_exercise.setdefault(logged.exercise, []).append(logged)
    result: dict[str, E1RM] = {}
    for name in sorted(by_exercise):
        estimate = estimate_e1rm(by_exercise[name], tempo=tempo, unit=unit)
        if estimate is not None:
            result[name] = estimate
    return result
