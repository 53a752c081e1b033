"""Per-session points of the log: the best set of one exercise in each session, and the
mean mmc of each session. Pure: no clock, no I/O.

The best set of a session is its heaviest loaded working set (ties broken by reps); its
e1RM is the session's best estimate at :data:`~mindmuscle.planning.strength.REFERENCE_TEMPO`
(from :mod:`mindmuscle.planning.strength`), so that points before and after a tempo change
compare.

>>> from datetime import datetime, UTC
>>> from mindmuscle.planning.history import LoggedSet
>>> at = datetime(2024, 3, 4, 18, tzinfo=UTC)
>>> s = LoggedSet(id="a", exercise="pec_deck", performed_at=at, reps=10, load=40.0,
...               failure=True, mmc=7, session_id="s1")
>>> (best,) = session_bests([s], "pec_deck", unit="kg")
>>> best.day.isoformat(), best.load, best.reps, best.sets, best.mmc
('2024-03-04', 40.0, 10, 1, 7.0)
>>> session_mmc([s])
((datetime.date(2024, 3, 4), 7.0),)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from typing import Any

from mindmuscle.planning.history import LoggedSet, Unit
from mindmuscle.planning.strength import convert_load, sessions, set_e1rm

__all__ = ["SessionBest", "session_bests", "session_mmc"]


@dataclass(frozen=True, slots=True)
class SessionBest:
    """One session of one exercise: its best set (``load`` in ``unit``, ``None`` when no set
    was loaded; ``reps`` are then the most reps), its working ``sets``, mean ``mmc`` and best
    e1RM in ``unit`` at the reference tempo (``None`` when no set gives one)."""

    day: date
    unit: Unit
    load: float | None
    reps: int
    sets: int
    mmc: float | None
    e1rm: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "load": None if self.load is None else round(self.load, 1),
            "reps": self.reps,
            "sets": self.sets,
            "mmc": None if self.mmc is None else round(self.mmc, 1),
            "e1rm": None if self.e1rm is None else round(self.e1rm, 1),
        }


def _mean_mmc(sets: Sequence[LoggedSet]) -> float | None:
    rated = [float(s.mmc) for s in sets if s.mmc is not None]
    return fmean(rated) if rated else None


def _best(session: Sequence[LoggedSet], unit: Unit) -> SessionBest:
    loaded = [s for s in session if s.load is not None]
    best = max(loaded, key=lambda s: (s.load_kg or 0.0, s.reps), default=None)
    estimates = [e.value for s in session if (e := set_e1rm(s, unit=unit)) is not None]
    return SessionBest(
        day=session[-1].performed_at.date(),
        unit=unit,
        load=None if best is None else convert_load(best.load or 0.0, best.unit, unit),
        reps=max(s.reps for s in session) if best is None else best.reps,
        sets=len(session),
        mmc=_mean_mmc(session),
        e1rm=max(estimates) if estimates else None,
    )


def session_bests(
    sets: Iterable[LoggedSet], exercise: str, *, unit: Unit
) -> tuple[SessionBest, ...]:
    """One :class:`SessionBest` per session of ``exercise``'s working sets, oldest first."""
    mine = [s for s in sets if s.exercise == exercise and s.block == "working"]
    return tuple(_best(session, unit) for session in sessions(mine))


def session_mmc(sets: Iterable[LoggedSet]) -> tuple[tuple[date, float], ...]:
    """The day and mean mmc of each session with rated sets, oldest first."""
    out = []
    for session in sessions(sets):
        value = _mean_mmc(session)
        if value is not None:
            out.append((session[-1].performed_at.date(), value))
    return tuple(out)
