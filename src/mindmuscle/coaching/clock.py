"""The clock seam for front ends and tests; the engine itself only takes ``now`` arguments.

>>> clock = FakeClock(10.0)
>>> clock.advance(2.5)
12.5
>>> clock.set(20.0); clock.now()
20.0
"""

from __future__ import annotations

from typing import Protocol

from mindmuscle.errors import InputError

__all__ = ["Clock", "FakeClock"]


class Clock(Protocol):
    """Anything that tells the time in seconds (e.g. ``time.monotonic`` wrapped by a shell)."""

    def now(self) -> float: ...


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def set(self, when: float) -> None:
        """Jump to ``when``; time never goes backwards."""
        if when < self._now:
            raise InputError(f"FakeClock cannot go back from {self._now} to {when}.")
        self._now = float(when)

    def advance(self, seconds: float) -> float:
        """Move on by ``seconds`` and return the new time."""
        self.set(self._now + seconds)
        return self._now
