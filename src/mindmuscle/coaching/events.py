"""What the coach says and what the lifter tells it: typed, frozen, timestamped values.

Every :class:`Event` carries ``at``, the *scheduled* absolute time (seconds on the clock the
session was started with), never the time ``advance()`` happened to be called. Front ends
turn events into speech, sound or screen updates; user events go the other way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from mindmuscle.errors import InputError
from mindmuscle.method.tempo import Phase, Tempo
from mindmuscle.planning.history import Block, LoggedSet, Unit

__all__ = [
    "Abort",
    "Activate",
    "AddRep",
    "AdjustTempo",
    "BlockStarted",
    "Count",
    "Cue",
    "EndSet",
    "Event",
    "ExerciseStarted",
    "FailedRep",
    "LogSet",
    "PartStarted",
    "Pause",
    "Paused",
    "PhaseStarted",
    "RepStarted",
    "RestEnded",
    "RestStarted",
    "Resume",
    "Resumed",
    "SessionAborted",
    "SessionCompleted",
    "SessionStarted",
    "SetCompleted",
    "SetDraft",
    "SetLogged",
    "SetSkipped",
    "SetStarted",
    "Skip",
    "Start",
    "TempoAdjusted",
    "UserEvent",
]


@dataclass(frozen=True, slots=True)
class SetDraft:
    """A completed set as the coach saw it; load, MMC rating and failure come from :class:`LogSet`.

    ``set_index`` is 0-based within the exercise; ``completed_at`` is on the session clock.
    """

    exercise: str
    block: Block
    set_index: int
    reps: int
    tempo: Tempo
    rep_range: tuple[int, int]
    completed_at: float
    failure: bool | None = None
    load: float | None = None
    unit: Unit = "kg"
    rir: int | None = None
    mmc: int | None = None
    pump: int | None = None
    notes: str = ""

    def to_logged_set(
        self, *, id: str, performed_at: datetime, session_id: str | None = None
    ) -> LoggedSet:
        """The record to store; the caller supplies the id and the wall-clock time."""
        return LoggedSet(
            id=id,
            exercise=self.exercise,
            performed_at=performed_at,
            reps=self.reps,
            load=self.load,
            unit=self.unit,
            block=self.block,
            tempo=self.tempo,
            rep_range=self.rep_range,
            failure=self.failure,
            rir=self.rir,
            mmc=self.mmc,
            pump=self.pump,
            notes=self.notes,
            session_id=session_id,
            set_number=self.set_index + 1,
        )


# --- events the coach emits ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    """Base of every coach event: ``at`` is the scheduled absolute time in seconds."""

    at: float


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    sets: int


@dataclass(frozen=True, slots=True)
class BlockStarted(Event):
    kind: Block


@dataclass(frozen=True, slots=True)
class ExerciseStarted(Event):
    exercise: str
    name: str
    block: Block
    sets: int
    reps: tuple[int, int]
    tempo: Tempo


@dataclass(frozen=True, slots=True)
class Activate(Event):
    """Contract the target on purpose before the set; ends after ``seconds`` or on ``Start``."""

    exercise: str
    set_number: int
    seconds: float
    prompts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetStarted(Event):
    exercise: str
    set_number: int
    of: int
    reps: int
    tempo: Tempo


@dataclass(frozen=True, slots=True)
class RepStarted(Event):
    rep: int
    of: int


@dataclass(frozen=True, slots=True)
class PhaseStarted(Event):
    phase: Phase
    seconds: float
    rep: int


@dataclass(frozen=True, slots=True)
class Count(Event):
    """A spoken count: ``n`` of ``of`` within a phase (1, 2, ...), or a rest countdown (3, 2, 1)."""

    n: int
    of: int


@dataclass(frozen=True, slots=True)
class Cue(Event):
    text: str


@dataclass(frozen=True, slots=True)
class PartStarted(Event):
    """A set of a one-sided exercise runs once per side, a tri-set once per component, back
    to back: part ``part`` of ``of`` (``name``: the side, or the component exercise) starts
    its reps ``switch_s`` seconds after this event, the time to change hands or movement."""

    part: int
    of: int
    name: str
    switch_s: float


@dataclass(frozen=True, slots=True)
class SetCompleted(Event):
    draft: SetDraft


@dataclass(frozen=True, slots=True)
class SetSkipped(Event):
    exercise: str
    set_number: int


@dataclass(frozen=True, slots=True)
class RestStarted(Event):
    """Rest: flex and visualise (``prompts``), then the first cue of the next set."""

    seconds: float
    prompts: tuple[str, ...]
    next_exercise: str
    next_cue: str | None


@dataclass(frozen=True, slots=True)
class RestEnded(Event):
    pass


@dataclass(frozen=True, slots=True)
class Paused(Event):
    pass


@dataclass(frozen=True, slots=True)
class Resumed(Event):
    paused_seconds: float


@dataclass(frozen=True, slots=True)
class TempoAdjusted(Event):
    exercise: str
    tempo: Tempo


@dataclass(frozen=True, slots=True)
class SetLogged(Event):
    draft: SetDraft


@dataclass(frozen=True, slots=True)
class SessionCompleted(Event):
    sets_completed: int


@dataclass(frozen=True, slots=True)
class SessionAborted(Event):
    sets_completed: int


# --- events the lifter sends --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Start:
    """Activation (or rest) done: begin the set now."""


@dataclass(frozen=True, slots=True)
class Pause:
    pass


@dataclass(frozen=True, slots=True)
class Resume:
    pass


@dataclass(frozen=True, slots=True)
class Skip:
    """Skip the current step: activation, the whole set (not logged), or the rest."""


@dataclass(frozen=True, slots=True)
class EndSet:
    """End the set now with the reps completed so far (at failure by default); in a set of
    parts (both sides, a tri-set) it ends the current part and the next one follows."""

    failure: bool = True


@dataclass(frozen=True, slots=True)
class FailedRep:
    """The rep in progress failed: the set (or its current part) ends now at failure; that
    rep does not count."""


@dataclass(frozen=True, slots=True)
class AddRep:
    """One more rep than planned in the running set."""


@dataclass(frozen=True, slots=True)
class AdjustTempo:
    """A new tempo from the next rep on, for the rest of the exercise."""

    tempo: Tempo


@dataclass(frozen=True, slots=True)
class Abort:
    pass


@dataclass(frozen=True, slots=True)
class LogSet:
    """What the coach cannot see: load, MMC rating (1-10), failure, RIR, pump (0-3), notes.

    ``reps``, when given, corrects the coach's count (the lifter knows best what they did).
    """

    load: float | None = None
    unit: Unit = "kg"
    mmc: int | None = None
    failure: bool | None = None
    rir: int | None = None
    pump: int | None = None
    notes: str = ""
    reps: int | None = None

    def apply(self, draft: SetDraft) -> SetDraft:
        """The draft with these values filled in, or InputError naming the bad value."""
        if self.mmc is not None and not 1 <= self.mmc <= 10:
            raise InputError(f"MMC rating {self.mmc} is out of range; expected 1 to 10.")
        if self.pump is not None and not 0 <= self.pump <= 3:
            raise InputError(f"Pump rating {self.pump} is out of range; expected 0 to 3.")
        if self.load is not None and self.load < 0:
            raise InputError(f"Load {self.load} is negative; expected 0 or more.")
        if self.rir is not None and self.rir < 0:
            raise InputError(f"Reps in reserve {self.rir} is negative; expected 0 or more.")
        if self.reps is not None and not 0 <= self.reps <= 1000:
            raise InputError(f"Reps {self.reps} is out of range; expected 0 to 1000.")
        failure = draft.failure if self.failure is None else self.failure
        return replace(
            draft,
            load=self.load,
            unit=self.unit,
            mmc=self.mmc,
            failure=failure,
            rir=self.rir,
            pump=self.pump,
            notes=self.notes,
            reps=draft.reps if self.reps is None else self.reps,
        )


UserEvent = (
    Start | Pause | Resume | Skip | EndSet | FailedRep | AddRep | AdjustTempo | Abort | LogSet
)
