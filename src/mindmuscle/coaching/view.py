"""What the lifter sees, as data: coach events folded into a :class:`CoachView`.

A front end (the terminal coach, a test) folds every event the engine emits into the view
and draws it; nothing here knows about terminals. Countdowns are absolute end times, so
the front end asks :meth:`CoachView.remaining` with the time now.

>>> from mindmuscle.method.catalog import builtin_catalog
>>> from mindmuscle.planning.request import PlanRequest
>>> from mindmuscle.planning.session import plan_session
>>> from mindmuscle.coaching.engine import Coach
>>> cat = builtin_catalog()
>>> plan = plan_session(cat, PlanRequest.parse(cat, focus="biceps", minutes=10))
>>> view = CoachView.start(plan).fold_all(Coach(plan, start=0.0).advance(0.0))
>>> view.stage, view.exercise, view.set_number, view.remaining(4.0)
('activate', 'Dumbbell curl', 1, 6.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from mindmuscle.coaching.events import (
    Activate,
    BlockStarted,
    Count,
    Cue,
    Event,
    ExerciseStarted,
    PartStarted,
    Paused,
    PhaseStarted,
    RepStarted,
    RestEnded,
    RestStarted,
    Resumed,
    SessionAborted,
    SessionCompleted,
    SessionStarted,
    SetCompleted,
    SetDraft,
    SetLogged,
    SetSkipped,
    SetStarted,
    TempoAdjusted,
)
from mindmuscle.method.tempo import Phase, Tempo
from mindmuscle.planning.history import Block
from mindmuscle.planning.session import SessionPlan

__all__ = ["PHASE_WORDS", "CoachView", "ViewStage"]

ViewStage = Literal["ready", "activate", "set", "rest", "done", "aborted"]

#: What to tell the lifter in each tempo phase (the phase names stay the method's).
PHASE_WORDS: Mapping[Phase, str] = {
    "eccentric": "lower",
    "bottom": "hold (stretch)",
    "concentric": "lift",
    "top": "squeeze",
}


@dataclass(frozen=True, slots=True)
class CoachView:
    """The screen's state. ``session_done`` counts sets finished or skipped, including
    those done before a resume; ``ends_at`` is the end of a timed step (activation, rest)."""

    names: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    stage: ViewStage = "ready"
    exercise: str = ""
    exercise_id: str = ""
    block: Block = "working"
    set_number: int = 0
    sets: int = 0
    rep_range: tuple[int, int] | None = None
    session_done: int = 0
    session_total: int = 0
    rep: int = 0
    reps: int = 0
    tempo: Tempo | None = None
    phase: Phase | None = None
    phase_seconds: float = 0.0
    count: int | None = None
    count_of: int = 0
    cue: str | None = None
    prompts: tuple[str, ...] = ()
    ends_at: float | None = None
    next_exercise: str | None = None
    next_cue: str | None = None
    paused_at: float | None = None
    message: str = ""
    last_set: SetDraft | None = None
    part: str = ""
    part_number: int = 0
    parts: int = 0

    @classmethod
    def start(cls, plan: SessionPlan, *, done: int = 0) -> CoachView:
        """The view before the first event; ``done`` sets were completed before a resume."""
        names = {p.exercise.id: p.exercise.name for p in plan.items}
        return cls(names=names, session_done=done, session_total=done)

    # --- derived ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def phase_word(self) -> str:
        return "" if self.phase is None else PHASE_WORDS[self.phase]

    def remaining(self, now: float) -> float | None:
        """Seconds left in the timed step (frozen while paused), or None."""
        if self.ends_at is None:
            return None
        at = now if self.paused_at is None else self.paused_at
        return max(0.0, self.ends_at - at)

    def next_change(self, now: float) -> float | None:
        """When the whole seconds shown by the countdown next change (None: no countdown)."""
        if self.ends_at is None or self.paused_at is not None:
            return None
        left = self.ends_at - now
        if left <= 0:
            return None
        return self.ends_at - (math.ceil(left) - 1)

    # --- folding ---------------------------------------------------------------------

    def fold_all(self, events: Iterable[Event]) -> CoachView:
        view = self
        for event in events:
            view = view.fold(event)
        return view

    def fold(self, event: Event) -> CoachView:
        """The view after ``event``."""
        match event:
            case SessionStarted(sets=sets):
                return replace(self, session_total=self.session_done + sets)
            case BlockStarted(kind=kind):
                return replace(self, block=kind)
            case ExerciseStarted():
                return self._exercise(event)
            case Activate():
                return self._step(
                    "activate", event.at + event.seconds, event.prompts, set_number=event.set_number
                )
            case SetStarted():
                return replace(
                    self._step("set", None, ()),
                    set_number=event.set_number,
                    sets=event.of,
                    reps=event.reps,
                    tempo=event.tempo,
                )
            case PartStarted(part=part, of=of, name=name):
                return replace(
                    self, part=name, part_number=part, parts=of, rep=0, count=None, phase=None
                )
            case RepStarted(rep=rep, of=of):
                return replace(self, rep=rep, reps=of, count=None, phase=None)
            case Cue(text=text):
                return replace(self, cue=text)
            case PhaseStarted(phase=phase, seconds=seconds):
                return replace(self, phase=phase, phase_seconds=seconds, count=None)
            case Count(n=n, of=of):
                return replace(self, count=n, count_of=of)
            case SetCompleted(draft=draft):
                return replace(
                    self,
                    session_done=self.session_done + 1,
                    last_set=draft,
                    message=f"Set {draft.set_index + 1} done: {draft.reps} reps"
                    + (" to failure." if draft.failure else "."),
                )
            case SetSkipped(set_number=number):
                return replace(
                    self, session_done=self.session_done + 1, message=f"Set {number} skipped."
                )
            case RestStarted():
                return replace(
                    self._step("rest", event.at + event.seconds, event.prompts),
                    next_exercise=self.names.get(event.next_exercise, event.next_exercise),
                    next_cue=event.next_cue,
                )
            case RestEnded():
                return replace(self, ends_at=None)
            case Paused(at=at):
                return replace(self, paused_at=at, message="Paused.")
            case Resumed(paused_seconds=shift):
                ends = None if self.ends_at is None else self.ends_at + shift
                return replace(self, paused_at=None, ends_at=ends, message="")
            case TempoAdjusted(tempo=tempo):
                return replace(self, tempo=tempo, message=f"Tempo now {tempo}.")
            case SetLogged(draft=draft):
                return replace(self, last_set=draft)
            case SessionCompleted():
                done = self._step("done", None, ())
                return replace(done, message="Session complete. Well done.")
            case SessionAborted():
                ended = self._step("aborted", None, ())
                return replace(ended, message=f"Session ended after {self.session_done} sets.")
        return self

    def _exercise(self, event: ExerciseStarted) -> CoachView:
        names = self.names if event.exercise in self.names else {
            **self.names, event.exercise: event.name
        }  # fmt: skip
        return replace(
            self,
            names=names,
            exercise=event.name,
            exercise_id=event.exercise,
            block=event.block,
            sets=event.sets,
            rep_range=event.reps,
            reps=event.reps[1],
            tempo=event.tempo,
            set_number=0,
        )

    def _step(
        self,
        stage: ViewStage,
        ends_at: float | None,
        prompts: tuple[str, ...],
        *,
        set_number: int | None = None,
    ) -> CoachView:
        """A new step: clear what belonged to the previous one."""
        return replace(
            self,
            stage=stage,
            ends_at=ends_at,
            prompts=prompts,
            set_number=self.set_number if set_number is None else set_number,
            rep=0,
            phase=None,
            count=None,
            count_of=0,
            cue=None,
            part="",
            part_number=0,
            parts=0,
            next_exercise=None,
            next_cue=None,
            message="" if stage == "set" else self.message,
        )
