"""What a lifter did: the pure record of a performed set, shared by planning, coaching,
analytics and the store (which maps it to and from rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from mindmuscle.method.tempo import Tempo

__all__ = ["UNITS", "Block", "LoggedSet", "Unit", "to_kg"]

Unit = Literal["kg", "lb"]
UNITS: Final[tuple[Unit, ...]] = ("kg", "lb")
Block = Literal["primer", "working"]

_LB_IN_KG: Final = 0.45359237


def to_kg(load: float, unit: Unit) -> float:
    """A load in kilograms."""
    return load * _LB_IN_KG if unit == "lb" else load


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One completed set as the lifter did it.

    ``id`` is chosen by the client (a UUID string) so that storing the same set
    twice is harmless. ``load`` is ``None`` for bodyweight work. ``mmc`` is the
    lifter's 1-10 rating of how well they felt the target muscle; ``pump`` is 0-3.
    ``tempo`` is what was prescribed, ``measured_tempo`` what a sensor or video measured
    (the average over the set's reps). ``set_number`` (1-based) is the set of the plan's
    prescription for this exercise and block that it fills, when it was coached from a plan:
    a skipped set leaves its number unused, so the sets after it keep theirs.
    """

    id: str
    exercise: str
    performed_at: datetime
    reps: int
    load: float | None = None
    unit: Unit = "kg"
    block: Block = "working"
    tempo: Tempo | None = None
    rep_range: tuple[int, int] | None = None
    measured_tempo: Tempo | None = None
    failure: bool | None = None
    rir: int | None = None
    mmc: int | None = None
    pump: int | None = None
    notes: str = ""
    session_id: str | None = None
    set_number: int | None = None

    @property
    def load_kg(self) -> float | None:
        return None if self.load is None else to_kg(self.load, self.unit)
