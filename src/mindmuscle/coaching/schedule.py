"""Pure builders of one step's timeline: every time is ``start + cumulative durations``.

>>> from mindmuscle.method.tempo import Tempo
>>> events, ends = rep_events(Tempo(2, 0, 1, 1), start=100.0, first=1, last=1, of=1, cues=())
>>> [(type(e).__name__, e.at) for e in events][:4]
[('RepStarted', 100.0), ('PhaseStarted', 100.0), ('Count', 100.0), ('Count', 101.0)]
>>> ends
[104.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mindmuscle.coaching.events import Count, Cue, Event, PhaseStarted, RepStarted
from mindmuscle.method.tempo import PHASES, Tempo

__all__ = ["countdown", "rep_events"]


def _phase_events(tempo: Tempo, rep: int, at: float) -> tuple[list[Event], float]:
    """Events of one rep's phases from ``at``; zero-length phases are skipped."""
    events: list[Event] = []
    offset = 0.0
    for phase in PHASES:
        seconds = tempo.phase(phase)
        if seconds <= 0:
            continue
        begin = at + offset
        events.append(PhaseStarted(begin, phase, seconds, rep))
        counts = max(1, math.ceil(seconds))
        events += [Count(begin + (n - 1), n, counts) for n in range(1, counts + 1)]
        offset += seconds
    return events, offset


def rep_events(
    tempo: Tempo, *, start: float, first: int, last: int, of: int, cues: Sequence[str]
) -> tuple[list[Event], list[float]]:
    """Reps ``first..last`` (1-based) of a set of ``of`` reps, the first starting at ``start``.

    Each rep opens with :class:`RepStarted` and one cue (the cues in turn), then each
    phase with :class:`PhaseStarted` and a :class:`Count` per started second. Returns the
    events and the end time of each rep.
    """
    events: list[Event] = []
    ends: list[float] = []
    offset = 0.0
    for rep in range(first, last + 1):
        at = start + offset
        events.append(RepStarted(at, rep, of))
        if cues:
            events.append(Cue(at, cues[(rep - 1) % len(cues)]))
        phases, seconds = _phase_events(tempo, rep, at)
        events += phases
        offset += seconds
        ends.append(start + offset)
    return events, ends


def countdown(end: float, seconds: float, last: int) -> list[Event]:
    """A ``last .. 1`` countdown whose final count falls one second before ``end``."""
    n = min(last, math.floor(seconds))
    return [Count(end - k, k, n) for k in range(n, 0, -1)]
