"""The sound/voice seam: a small :class:`SoundOutput` Protocol, a recording fake, and
:func:`announce`, which decides what each coach event sounds like.

Real outputs (terminal bell, audio player, speech synthesiser) live in the shell
(``mindmuscle.cli.sound``); the core only calls the Protocol.

>>> from mindmuscle.coaching.events import Count, RestStarted
>>> fake = FakeSound()
>>> view = CoachView(stage="set")
>>> announce(Count(1.0, 1, 3), view, fake); announce(Count(2.0, 2, 3), view, fake)
>>> fake.calls
[('click', True), ('click', False)]
"""

from __future__ import annotations

from typing import Protocol

from mindmuscle.coaching.events import (
    Activate,
    Count,
    Cue,
    Event,
    PartStarted,
    PhaseStarted,
    RestEnded,
    RestStarted,
    SessionAborted,
    SessionCompleted,
    SetCompleted,
    SetStarted,
)
from mindmuscle.coaching.view import PHASE_WORDS, CoachView

__all__ = ["FakeSound", "SoundOutput", "announce"]


class SoundOutput(Protocol):
    """Where the coach's sounds go. Calls must return at once (no waiting for audio)."""

    def click(self, accent: bool) -> None:
        """A metronome tick; ``accent`` marks the first count of a phase."""

    def say(self, text: str) -> None:
        """Speak ``text`` (a new utterance may cut the previous one short)."""

    def bell(self) -> None:
        """A signal: a set ends, a rest ends, the session is over."""


class FakeSound:
    """Records every call, e.g. ``[("click", True), ("say", "Rest 60 seconds")]``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def click(self, accent: bool) -> None:
        self.calls.append(("click", accent))

    def say(self, text: str) -> None:
        self.calls.append(("say", text))

    def bell(self) -> None:
        self.calls.append(("bell", None))


def announce(event: Event, view: CoachView, sound: SoundOutput) -> None:
    """Play ``event``; ``view`` is the state after folding it (it tells a rest countdown
    from a tempo count). During a set the clicks carry the tempo and the voice says each
    rep's cue; between sets the voice reads the prompts."""
    match event:
        case Count(n=n) if view.stage == "rest":
            sound.say(str(n))
        case Count(n=n):
            sound.click(n == 1)
        case PhaseStarted(phase=phase) if view.rep == 1:
            sound.say(PHASE_WORDS[phase])  # name each phase once per set
        case Cue(text=text) if view.rep > 1:
            sound.say(text)
        case Activate(prompts=prompts):
            sound.say(prompts[0] if prompts else f"Activate: {view.exercise}")
        case SetStarted(set_number=n, of=of, reps=reps):
            sound.bell()
            sound.say(f"Set {n} of {of}, {reps} reps")
        case PartStarted(part=part, name=name):
            if part > 1:
                sound.bell()  # switch sides, or on to the next movement
            sound.say(name)
        case SetCompleted():
            sound.bell()
        case RestStarted(seconds=seconds, prompts=prompts):
            first = f" {prompts[0]}" if prompts else ""
            sound.say(f"Rest {seconds:g} seconds.{first}")
        case RestEnded():
            sound.bell()
        case SessionCompleted() | SessionAborted():
            sound.bell()
            sound.say(view.message)
