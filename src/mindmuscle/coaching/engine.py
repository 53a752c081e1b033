"""The live-session engine: a pure state machine that runs a :class:`SessionPlan`.

The coach never reads a clock. Front ends call :meth:`Coach.advance` with the time
now, sleep until :attr:`Coach.next_deadline`, and pass what the lifter does to
:meth:`Coach.handle`. Every deadline is the start of its step plus the prescribed
durations, so late calls never make the session drift.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> from mindmuscle.planning.request import PlanRequest
>>> from mindmuscle.planning.session import plan_session
>>> cat = builtin_catalog()
>>> coach = Coach(plan_session(cat, PlanRequest.parse(cat, focus="arms")), start=0.0)
>>> [type(e).__name__ for e in coach.advance(0.0)]
['SessionStarted', 'BlockStarted', 'ExerciseStarted', 'Activate']
>>> coach.next_deadline
10.0
>>> events = coach.advance(1e6)
>>> type(events[-1]).__name__, coach.finished
('SessionCompleted', True)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from mindmuscle.coaching.events import (
    Abort,
    Activate,
    AddRep,
    AdjustTempo,
    BlockStarted,
    EndSet,
    Event,
    ExerciseStarted,
    FailedRep,
    LogSet,
    PartStarted,
    Pause,
    Paused,
    RestEnded,
    RestStarted,
    Resume,
    Resumed,
    SessionAborted,
    SessionCompleted,
    SessionStarted,
    SetCompleted,
    SetDraft,
    SetLogged,
    SetSkipped,
    SetStarted,
    Skip,
    Start,
    TempoAdjusted,
    UserEvent,
)
from mindmuscle.coaching.schedule import countdown, rep_events
from mindmuscle.errors import InputError
from mindmuscle.method.rules import Prescription
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.session import ACTIVATION_S, SWITCH_S, SessionPlan

__all__ = ["SWITCH_S", "Coach", "Stage", "reps_per_run", "set_parts"]

Stage = Literal["activate", "set", "rest", "done"]


def set_parts(p: Prescription, names: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """What one set of ``p`` runs through, back to back: each movement of a tri-set (by
    name, from ``names`` or the id), both sides of a one-sided exercise, or just the set
    (also when the sides alternate rep by rep: see :func:`reps_per_run`)."""
    if p.exercise.components:
        known = names or {}
        return tuple(known.get(c, c.replace("_", " ").capitalize()) for c in p.exercise.components)
    if p.exercise.unilateral and not _alternates(p):
        return ("First side", "Second side")
    return ("",)


def _alternates(p: Prescription) -> bool:
    return p.exercise.unilateral and p.exercise.alternating


def reps_per_run(p: Prescription) -> int:
    """Reps paced in one run of a set of ``p``: the planned reps, twice over when the sides
    alternate rep by rep (the reps are counted per side)."""
    return p.reps[1] * (2 if _alternates(p) else 1)


@dataclass(slots=True)
class _SetRun:
    """The running set: when it started, how many reps are planned per part, when each rep
    of the current part ends, and the reps and failure of the parts already done."""

    item: int
    index: int
    start: float
    planned: int
    rep_ends: list[float]
    parts: tuple[str, ...] = ("",)
    part: int = 0
    part_reps: list[int] = field(default_factory=list)
    failure: bool | None = None

    def done_by(self, now: float) -> int:
        return sum(1 for end in self.rep_ends if end <= now)


class Coach:
    """Runs a session plan: activation, paced reps, rest, set after set.

    ``completed`` holds ``(exercise id, block, set index)`` of sets already done (see
    :meth:`resume`); they are left out. ``activation_s`` is the activation step's length
    and ``countdown_s`` the number of counts at the end of each rest. ``names`` (exercise
    id to name) names the movements of a tri-set as the coach switches between them; a set
    of a one-sided exercise runs each side in turn (see :func:`set_parts`).
    """

    def __init__(
        self,
        plan: SessionPlan,
        start: float,
        *,
        completed: Iterable[tuple[str, str, int]] = (),
        activation_s: float = ACTIVATION_S,
        countdown_s: int = 3,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self._items = [p for block in plan.blocks for p in block.items]
        self._names = dict(names or {})
        done = _completed_slots(self._items, completed)
        self._slots = [
            (i, s) for i, p in enumerate(self._items) for s in range(p.sets) if (i, s) not in done
        ]
        self._activation_s = float(activation_s)
        self._countdown_s = countdown_s
        self._pos = 0
        self._stage: Stage = "activate"
        self._queue: deque[Event] = deque([SessionStarted(start, len(self._slots))])
        self._step_end = start
        self._now = start
        self._paused_at: float | None = None
        self._tempo: dict[int, Tempo] = {}
        self._run: _SetRun | None = None
        self._last: SetDraft | None = None
        self._sets_done = 0
        if self._slots:
            self._enter_slot(start)
        else:
            self._finish(SessionCompleted(start, 0))

    @classmethod
    def resume(
        cls,
        plan: SessionPlan,
        start: float,
        completed: Iterable[tuple[str, str, int]],
        *,
        names: Mapping[str, str] | None = None,
    ) -> Coach:
        """A coach that starts at the first set not in ``completed`` (as stored)."""
        return cls(plan, start, completed=completed, names=names)

    # --- public state ----------------------------------------------------------------

    @property
    def stage(self) -> Stage:
        return self._stage

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    @property
    def finished(self) -> bool:
        """True once the completion or abort event has been emitted."""
        return self._stage == "done" and not self._queue

    @property
    def next_deadline(self) -> float | None:
        """Absolute time of the next scheduled event; ``None`` when paused or finished."""
        if self.paused or self.finished:
            return None
        return self._queue[0].at if self._queue else self._step_end

    @property
    def last_set(self) -> SetDraft | None:
        """The most recently completed (and possibly logged) set."""
        return self._last

    # --- driving ---------------------------------------------------------------------

    def advance(self, now: float) -> list[Event]:
        """All events whose scheduled time is ``<= now``, in order."""
        self._check_time(now)
        out: list[Event] = []
        while self._paused_at is None:
            if self._queue:
                if self._queue[0].at > now:
                    break
                out.append(self._queue.popleft())
                continue
            if self._stage == "done" or self._step_end > now:
                break
            self._transition(self._step_end)
        return out

    def handle(self, event: UserEvent, now: float) -> list[Event]:
        """Apply a lifter's event at ``now``: overdue events first, then its consequences."""
        out = self.advance(now)
        if isinstance(event, LogSet):
            return [*out, self._log(event, now)]
        if self._stage == "done":
            raise InputError(
                f"The session is over; {type(event).__name__} cannot be applied. "
                "Start a new coach to train again."
            )
        if self.paused and not isinstance(event, Resume | Abort):
            raise InputError(f"The session is paused; resume before {type(event).__name__}.")
        out += self._apply(event, now)
        return out + self.advance(now)

    # --- steps -----------------------------------------------------------------------

    def _transition(self, at: float) -> None:
        """The current step ran out at ``at``: queue the next one."""
        if self._stage == "activate":
            self._start_set(at)
        elif self._stage == "set":
            run = self._running()
            self._end_part(at, len(run.rep_ends), None)
        else:
            self._queue.append(RestEnded(at))
            self._enter_slot(at)

    def _enter_slot(self, at: float) -> None:
        item, index = self._slots[self._pos]
        p = self._items[item]
        prev = self._items[self._slots[self._pos - 1][0]] if self._pos else None
        if prev is None or prev.block != p.block:
            self._queue.append(BlockStarted(at, p.block))
        if prev is None or prev is not p:
            ex = p.exercise
            tempo = self._tempo_of(item)
            self._queue.append(ExerciseStarted(at, ex.id, ex.name, p.block, p.sets, p.reps, tempo))
        self._queue.append(Activate(at, p.exercise.id, index + 1, self._activation_s, p.activation))
        self._stage = "activate"
        self._step_end = at + self._activation_s

    def _start_set(self, at: float) -> None:
        item, index = self._slots[self._pos]
        p = self._items[item]
        planned = reps_per_run(p)
        tempo = self._tempo_of(item)
        self._queue.append(SetStarted(at, p.exercise.id, index + 1, p.sets, planned, tempo))
        self._run = _SetRun(item, index, at, planned, [], set_parts(p, self._names))
        self._stage = "set"
        self._start_part(at, switch_s=0.0)

    def _start_part(self, at: float, *, switch_s: float) -> None:
        """Queue the current part's reps, ``switch_s`` after ``at`` (announced at ``at``)."""
        run = self._running()
        p = self._items[run.item]
        if len(run.parts) > 1:
            name = run.parts[run.part]
            self._queue.append(PartStarted(at, run.part + 1, len(run.parts), name, switch_s))
        begin = at + switch_s
        events, ends = rep_events(
            self._tempo_of(run.item), start=begin, first=1, last=run.planned, of=run.planned,
            cues=p.cues,
        )  # fmt: skip
        self._queue.extend(events)
        run.rep_ends = ends
        self._step_end = ends[-1] if ends else begin

    def _end_part(self, at: float, reps: int, failure: bool | None) -> None:
        """The current part ended at ``at`` with ``reps``: the next part follows, or the
        set is complete with the reps of its weakest part (failure if any part failed)."""
        run = self._running()
        run.part_reps.append(reps)
        run.failure = True if failure else (failure if run.failure is None else run.failure)
        if run.part + 1 < len(run.parts):
            run.part += 1
            self._start_part(at, switch_s=SWITCH_S)
        else:
            reps = min(run.part_reps)
            if _alternates(self._items[run.item]):
                reps //= 2  # reps per side: the pairs of reps both sides finished
            self._complete_set(at, reps, run.failure)

    def _complete_set(self, at: float, reps: int, failure: bool | None) -> None:
        run = self._running()
        p = self._items[run.item]
        draft = SetDraft(
            exercise=p.exercise.id,
            block=p.block,
            set_index=run.index,
            reps=reps,
            tempo=self._tempo_of(run.item),  # as adjusted by the lifter, if they did
            rep_range=p.reps,
            completed_at=at,
            failure=failure,
        )
        self._last = draft
        self._sets_done += 1
        self._queue.append(SetCompleted(at, draft))
        self._after_set(at, rest=True)

    def _after_set(self, at: float, *, rest: bool) -> None:
        done = self._items[self._slots[self._pos][0]]
        self._run = None
        self._pos += 1
        if self._pos >= len(self._slots):
            self._finish(SessionCompleted(at, self._sets_done))
        elif rest and done.rest_s > 0:
            self._start_rest(at, done)
        else:
            self._enter_slot(at)

    def _start_rest(self, at: float, done: Prescription) -> None:
        nxt = self._items[self._slots[self._pos][0]]
        seconds = float(done.rest_s)
        cue = nxt.cues[0] if nxt.cues else None
        self._queue.append(RestStarted(at, seconds, done.between_sets, nxt.exercise.id, cue))
        self._queue.extend(countdown(at + seconds, seconds, self._countdown_s))
        self._stage = "rest"
        self._step_end = at + seconds

    def _finish(self, event: Event) -> None:
        self._queue.append(event)
        self._stage = "done"
        self._run = None
        self._step_end = event.at

    # --- user events -----------------------------------------------------------------

    def _apply(self, event: UserEvent, now: float) -> list[Event]:
        match event:
            case Pause():
                return self._pause(now)
            case Resume():
                return self._resume(now)
            case Abort():
                self._queue.clear()
                self._finish(SessionAborted(now, self._sets_done))
                return []
            case Start() | Skip():
                return self._skip(now, start=isinstance(event, Start))
            case EndSet(failure=failure):
                return self._end_set(now, failure)
            case FailedRep():
                return self._end_set(now, True)
            case AddRep():
                return self._add_rep(now)
            case AdjustTempo(tempo=tempo):
                return self._adjust_tempo(tempo, now)
        raise InputError(f"Unknown user event {event!r}.")  # pragma: no cover

    def _pause(self, now: float) -> list[Event]:
        if self._paused_at is not None:
            raise InputError("The session is already paused.")
        self._paused_at = now
        return [Paused(now)]

    def _resume(self, now: float) -> list[Event]:
        if self._paused_at is None:
            raise InputError("The session is not paused; there is nothing to resume.")
        shift = now - self._paused_at
        self._paused_at = None
        self._queue = deque(replace(e, at=e.at + shift) for e in self._queue)
        self._step_end += shift
        if self._run is not None:
            self._run.start += shift
            self._run.rep_ends = [end + shift for end in self._run.rep_ends]
        return [Resumed(now, shift)]

    def _skip(self, now: float, *, start: bool) -> list[Event]:
        if self._stage == "set":
            if start:
                raise InputError("The set is already running; Start applies to activation or rest.")
            run = self._running()
            self._queue.clear()
            self._queue.append(SetSkipped(now, self._items[run.item].exercise.id, run.index + 1))
            self._after_set(now, rest=False)
            return []
        self._queue.clear()
        self._step_end = now
        return []

    def _end_set(self, now: float, failure: bool) -> list[Event]:
        run = self._running_for("EndSet/FailedRep")
        self._queue.clear()
        self._end_part(now, run.done_by(now), failure)
        return []

    def _add_rep(self, now: float) -> list[Event]:
        run = self._running_for("AddRep")
        p = self._items[run.item]
        run.planned += 1
        rep = run.planned
        events, ends = rep_events(
            self._tempo_of(run.item), start=run.rep_ends[-1], first=rep, last=rep, of=rep,
            cues=p.cues,
        )  # fmt: skip
        self._queue.extend(events)
        run.rep_ends += ends
        self._step_end = ends[-1]
        return []

    def _adjust_tempo(self, tempo: Tempo, now: float) -> list[Event]:
        item = self._run.item if self._run is not None else self._slots[self._pos][0]
        self._tempo[item] = tempo
        adjusted = TempoAdjusted(now, self._items[item].exercise.id, tempo)
        run = self._run
        if run is None or run.done_by(now) + 1 >= run.planned:
            return [adjusted]
        current = run.done_by(now)  # reps finished; rep current+1 is under way
        from_at = run.rep_ends[current]
        self._queue = deque(e for e in self._queue if e.at < from_at)
        events, ends = rep_events(
            tempo, start=from_at, first=current + 2, last=run.planned, of=run.planned,
            cues=self._items[item].cues,
        )  # fmt: skip
        self._queue.extend(events)
        run.rep_ends = run.rep_ends[: current + 1] + ends
        self._step_end = run.rep_ends[-1]
        return [adjusted]

    def _log(self, event: LogSet, now: float) -> SetLogged:
        if self._last is None:
            raise InputError("No set has been completed yet; there is nothing to log.")
        self._last = event.apply(self._last)
        return SetLogged(now, self._last)

    # --- helpers ---------------------------------------------------------------------

    def _tempo_of(self, item: int) -> Tempo:
        return self._tempo.get(item, self._items[item].tempo)

    def _running(self) -> _SetRun:
        assert self._run is not None, "no set is running"
        return self._run

    def _running_for(self, what: str) -> _SetRun:
        if self._run is None or self._stage != "set":
            raise InputError(f"{what} applies to a running set; the coach is at {self._stage}.")
        return self._run

    def _check_time(self, now: float) -> None:
        if now < self._now:
            raise InputError(f"Time went backwards: {now} is before {self._now}.")
        self._now = now


def _completed_slots(
    items: list[Prescription], completed: Iterable[tuple[str, str, int]]
) -> set[tuple[int, int]]:
    """Plan positions ``(item, set index)`` of the sets already completed."""
    where: dict[tuple[str, str], int] = {(p.exercise.id, p.block): i for i, p in enumerate(items)}
    slots: set[tuple[int, int]] = set()
    for exercise, block, index in completed:
        item = where.get((exercise, block))
        if item is None or not 0 <= index < items[item].sets:
            raise InputError(
                f"Completed set {exercise!r} ({block}, set index {index}) is not in this plan."
            )
        slots.add((item, index))
    return slots
