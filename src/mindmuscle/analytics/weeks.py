"""Weeks of training: the calendar a progress view is laid out on. Pure.

Two bases, both counted from the lifter's ``start`` date (the first day of training with
the method; it comes in as an argument):

- ``"training"``: week 1 is ``start`` to ``start + 6 days``, week 2 the next seven days...
  The method's first month is weeks 1-4 on this basis.
- ``"iso"``: ISO calendar weeks (Monday to Sunday); week 1 is the ISO week holding
  ``start`` and the label names the ISO week (``2024-W05``).

>>> from datetime import date
>>> w = week_of(date(2024, 1, 10), start=date(2024, 1, 1))
>>> w.number, w.starts_on.isoformat(), w.label
(2, '2024-01-08', 'week 2')
>>> week_of(date(2024, 1, 10), start=date(2024, 1, 3), basis="iso").label
'2024-W02'
>>> [w.number for w in window(date(2024, 2, 1), start=date(2024, 1, 1), weeks=3)]
[3, 4, 5]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from mindmuscle.errors import InputError

__all__ = ["BASES", "FIRST_MONTH_WEEKS", "Week", "WeekBasis", "week_number", "week_of", "window"]

WeekBasis = Literal["training", "iso"]
BASES: Final[tuple[WeekBasis, ...]] = ("training", "iso")
#: The method's first month: weeks 1-4 of training with it (coordination, not load).
FIRST_MONTH_WEEKS: Final = 4


@dataclass(frozen=True, slots=True)
class Week:
    """One week of the view: ``number`` counts from 1 at the start of training."""

    number: int
    starts_on: date
    label: str

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=6)


def _origin(start: date, basis: WeekBasis) -> date:
    if basis not in BASES:
        raise InputError(f"Week basis {basis!r} is not known; expected training or iso.")
    return start - timedelta(days=start.weekday()) if basis == "iso" else start


def week_number(day: date, *, start: date, basis: WeekBasis = "training") -> int:
    """The week ``day`` falls in (1 = the first week; 0 or less = before the start)."""
    return (day - _origin(start, basis)).days // 7 + 1


def week_of(day: date, *, start: date, basis: WeekBasis = "training") -> Week:
    """The :class:`Week` holding ``day``."""
    number = week_number(day, start=start, basis=basis)
    first = _origin(start, basis) + timedelta(weeks=number - 1)
    if basis == "iso":
        year, iso_week, _ = first.isocalendar()
        return Week(number, first, f"{year}-W{iso_week:02d}")
    return Week(number, first, f"week {number}")


def window(today: date, *, start: date, weeks: int, basis: WeekBasis = "training") -> list[Week]:
    """The last ``weeks`` weeks up to the one holding ``today``, none before week 1."""
    if weeks < 1:
        raise InputError(f"The number of weeks must be 1 or more, got {weeks}.")
    if today < start:
        raise InputError(
            f"Today ({today.isoformat()}) is before the start of training "
            f"({start.isoformat()}); expected a start date on or before today."
        )
    last = week_number(today, start=start, basis=basis)
    origin = _origin(start, basis)
    return [
        week_of(origin + timedelta(weeks=n - 1), start=start, basis=basis)
        for n in range(max(1, last - weeks + 1), last + 1)
    ]
