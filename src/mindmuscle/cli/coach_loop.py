"""The terminal loop of ``mindmuscle coach``: raw keys, deadlines, sound, screen, storage.

The loop never sleeps a fixed interval: it waits in ``select`` on stdin until the engine's
next deadline (or the moment the shown countdown changes), so cues fire on time and a late
wake-up never accumulates.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from dataclasses import replace
from types import FrameType
from typing import TYPE_CHECKING, Final

from mindmuscle.coaching import (
    Abort,
    Activate,
    AddRep,
    AdjustTempo,
    Coach,
    EndSet,
    Event,
    FailedRep,
    LogSet,
    Pause,
    Resume,
    SetCompleted,
    SetDraft,
    SetLogged,
    Skip,
    Start,
    UserEvent,
)
from mindmuscle.coaching.entry import SetEntry
from mindmuscle.coaching.sound import announce
from mindmuscle.coaching.view import CoachView
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from rich.live import Live

    from mindmuscle.cli.coach_commands import CoachSetup
    from mindmuscle.cli.sound import Tee
    from mindmuscle.store import Repository, TrainingSession

__all__ = ["KeyReader", "ShellClock", "TerminalCoach", "run_coach", "split_keys"]

_ESC: Final = "\x1b"


#: Long waits end early and finish with short ones: some kernels (and sandboxes) overshoot
#: a long ``select`` by about 0.1% of its length (see benchmarks/coach_timing.py).
_FINAL_WAIT: Final = 0.002
_SLACK: Final = 0.002


class ShellClock:
    """``time.monotonic`` from a start, ``speed`` times faster (the coach's seconds)."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self._t0 = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._t0) * self.speed

    def real(self, at: float) -> float:
        """The ``time.monotonic`` moment of the coach's time ``at``."""
        return self._t0 + at / self.speed


def split_keys(data: str) -> list[str]:
    """Keys in a chunk read from the terminal; escape sequences stay whole.

    >>> split_keys("a\\x1b[Z+\\x1b[A")
    ['a', '\\x1b[Z', '+', '\\x1b[A']
    """
    keys: list[str] = []
    i = 0
    while i < len(data):
        if data[i] == _ESC and data[i + 1 : i + 2] in ("[", "O"):
            j = i + 2
            while j < len(data) and not data[j].isalpha() and data[j] != "~":
                j += 1
            keys.append(data[i : j + 1])
            i = j + 1
        else:
            keys.append(data[i])
            i += 1
    return keys


class KeyReader:
    """Keys from a terminal file descriptor in cbreak mode."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read_until(self, until: float | None) -> list[str]:
        """Keys typed before the ``time.monotonic`` moment ``until`` (None: wait for one)."""
        if until is None:
            return self._read(None)
        while (left := until - time.monotonic()) > 2 * _FINAL_WAIT:
            keys = self._read(left - _FINAL_WAIT - left * _SLACK)
            if keys:
                return keys
        return self._read(max(0.0, left))

    def _read(self, timeout: float | None) -> list[str]:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self.fd, 256)
        if not data:
            raise EOFError("the terminal closed")
        return split_keys(data.decode("utf-8", errors="ignore"))


class TerminalCoach:
    """One coached session: keys in (:meth:`tick`), events folded into :attr:`view`, sounds
    out, each set stored as soon as its form is entered. Drawing is :func:`_drive`'s job."""

    def __init__(
        self, repo: Repository, setup: CoachSetup, session: TrainingSession, sound: Tee
    ) -> None:
        self.repo = repo
        self.setup = setup
        self.session = session
        self.sound = sound
        self.clock = ShellClock()
        self.coach: Coach | None = None
        done = len(setup.completed)
        self.view = CoachView.start(setup.plan, done=done)
        self.entry: SetEntry | None = None
        self.draft: SetDraft | None = None  # the set the open form logs
        self.prompt = ""  # "quit" or "tempo" while asking
        self.typed = ""
        self.auto_paused = False
        self.stored = 0
        self.last_load: dict[str, float | None] = dict(setup.loads)
        self.last_mmc: dict[str, int] = dict(setup.mmc)

    # --- the loop --------------------------------------------------------------------

    def preview(self) -> None:
        """The ready screen: the first exercise, before the clock starts."""
        first = Coach.resume(
            self.setup.plan, 0.0, self.setup.completed, names=self.setup.names
        ).advance(0.0)
        view = self.view.fold_all(e for e in first if not isinstance(e, Activate))
        self.view = replace(view, stage="ready", message="Press space to begin.")

    def begin(self) -> None:
        self.coach = Coach.resume(
            self.setup.plan, self.clock.now(), self.setup.completed, names=self.setup.names
        )
        self.view = CoachView.start(self.setup.plan, done=len(self.setup.completed))
        self.process(self.coach.advance(self.clock.now()))

    @property
    def running(self) -> bool:
        return self.coach is None or not self.coach.finished or self.entry is not None

    def wake_at(self) -> float | None:
        """The monotonic moment of the next deadline or countdown change (None: a key)."""
        if self.coach is None:
            return None
        now = self.clock.now()
        times = (self.coach.next_deadline, self.view.next_change(now))
        moments = [t for t in times if t is not None]
        return self.clock.real(min(moments)) if moments else None

    def tick(self, keys: list[str]) -> None:
        """Apply keys, then every event now due."""
        for key in keys:
            self.key(key)
        if self.coach is not None:
            self.process(self.coach.advance(self.clock.now()))

    def process(self, events: list[Event]) -> None:
        for event in events:
            self.view = self.view.fold(event)
            announce(event, self.view, self.sound)
            if isinstance(event, SetCompleted):
                if self.entry is not None:  # a set ended before the last one was logged
                    self.save_entry(self.entry.key("\r"))
                self.open_entry(event)
        coach = self.coach
        waiting = coach is not None and coach.stage in ("activate", "set") and not coach.paused
        if self.entry is not None and waiting:
            self.send(Pause())  # the next set waits until this one is logged
            self.auto_paused = True
            self.view = replace(self.view, message="Log the set to go on.")

    # --- keys ------------------------------------------------------------------------

    def key(self, key: str) -> None:
        if self.coach is None:
            if key in (" ", "\r", "\n"):
                self.begin()
            return
        if self.entry is not None:
            self.entry = self.entry.key(key)
            if self.entry.result is not None:
                self.save_entry(self.entry)
            return
        if self.prompt:
            self.prompt_key(key)
            return
        self.command_key(key)

    def command_key(self, key: str) -> None:
        coach = self.coach
        assert coach is not None
        actions: dict[str, UserEvent] = {
            "s": Skip(), "e": EndSet(), "f": FailedRep(), "+": AddRep(), "=": AddRep()
        }  # fmt: skip
        if key == " ":
            if coach.paused:
                self.send(Resume())
            else:
                self.send(Pause() if coach.stage == "set" else Start())
        elif key.lower() in actions:
            self.send(actions[key.lower()])
        elif key.lower() == "t":
            self.prompt, self.typed = "tempo", ""
        elif key.lower() == "q":
            self.prompt = "quit"

    def prompt_key(self, key: str) -> None:
        if self.prompt == "quit":
            self.prompt = ""
            if key.lower() == "y":
                self.send(Abort())
            return
        if key == _ESC:
            self.prompt = ""
        elif key in ("\r", "\n"):
            self.prompt = ""
            self.adjust_tempo(self.typed)
        elif key in ("\x7f", "\b"):
            self.typed = self.typed[:-1]
        elif len(key) == 1 and key.isprintable():
            self.typed += key

    def adjust_tempo(self, text: str) -> None:
        from mindmuscle.method.tempo import Tempo

        try:
            self.send(AdjustTempo(Tempo.parse(text)))
        except InputError as exc:
            self.view = replace(self.view, message=str(exc))

    def prompt_text(self) -> str:
        if self.prompt == "quit":
            return "End the session now? y: end it · any other key: go on"
        if self.prompt == "tempo":
            return f"New tempo (e.g. 4-0-1-2), Enter to apply, Esc to cancel: {self.typed}▏"
        return ""

    def send(self, event: UserEvent) -> None:
        assert self.coach is not None
        try:
            events = self.coach.handle(event, self.clock.now())
        except InputError as exc:
            self.view = replace(self.view, message=str(exc))
            return
        self.process(events)

    # --- logging ---------------------------------------------------------------------

    def open_entry(self, done: SetCompleted) -> None:
        draft = self.draft = done.draft
        name = self.view.names.get(draft.exercise, draft.exercise)
        self.entry = SetEntry.for_draft(
            draft,
            name,
            load=self.last_load.get(draft.exercise),
            unit=self.setup.unit,
            mmc=self.last_mmc.get(draft.exercise),
        )

    def save_entry(self, entry: SetEntry) -> None:
        """Store the set now (a crash after this loses nothing)."""
        import uuid

        from mindmuscle.cli.db_commands import now
        from mindmuscle.store.service import record_set

        assert self.coach is not None and self.draft is not None
        result = entry.result or LogSet(unit=self.setup.unit)
        draft = result.apply(self.draft)
        self.entry, self.draft = None, None
        logged = draft.to_logged_set(
            id=str(uuid.uuid4()), performed_at=now(), session_id=self.session.id
        )
        record_set(self.repo, logged)
        self.stored += 1
        self.last_load[draft.exercise] = draft.load
        if draft.mmc is not None:
            self.last_mmc[draft.exercise] = draft.mmc
        load = "bodyweight" if draft.load is None else f"{draft.load:g} {draft.unit}"
        mmc = f", mmc {draft.mmc}" if draft.mmc is not None else ""
        self.view = replace(
            self.view.fold(SetLogged(self.clock.now(), draft)),
            message=f"Saved: {load} x {draft.reps}{mmc}.",
        )
        if self.auto_paused and self.coach.paused:
            self.auto_paused = False
            self.send(Resume())

    def save_pending(self) -> None:
        """On interruption: store a set whose form is still open, as currently filled in."""
        if self.entry is None or self.coach is None:
            return
        submitted = self.entry.key("\r")
        self.save_entry(submitted if submitted.result is not None else self.entry)


def _start_session(repo: Repository, setup: CoachSetup) -> TrainingSession:
    from mindmuscle.cli.coach_commands import new_session_id
    from mindmuscle.cli.db_commands import now
    from mindmuscle.store.service import start_session

    if setup.session is not None:
        return setup.session
    stored = repo.get_plan(setup.stored_plan.id) or setup.stored_plan
    focus = ", ".join(str(f) for f in stored.prescription.get("focus", []))
    return start_session(
        repo, session_id=new_session_id(), now=now(), plan=stored, title=f"Coached: {focus}"
    )


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _drive(tc: TerminalCoach, keys: KeyReader, live: Live, status: str) -> None:
    from mindmuscle.cli.coach_screen import render

    while tc.running:
        live.update(
            render(
                tc.view,
                tc.clock.now(),
                entry=tc.entry,
                prompt=tc.prompt_text(),
                status=status,
            ),
            refresh=True,
        )
        tc.tick(keys.read_until(tc.wake_at()))


def run_coach(repo: Repository, setup: CoachSetup, *, speed: float, sound: bool) -> str:
    """Run the session in this terminal; return a one-line summary for after the screen."""
    import termios
    import tty

    from rich.console import Console
    from rich.live import Live

    from mindmuscle.cli.db_commands import now
    from mindmuscle.cli.sound import detect_sound
    from mindmuscle.store.service import finish_session

    output = detect_sound(sys.stdout, enabled=sound)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    handlers = {s: signal.signal(s, _raise_interrupt) for s in (signal.SIGTERM, signal.SIGHUP)}
    session = _start_session(repo, setup)
    tc = TerminalCoach(repo, setup, session, output)
    tc.clock = ShellClock(speed)
    tc.preview()
    interrupted = False
    try:
        tty.setcbreak(fd)
        with Live(console=Console(), screen=True, auto_refresh=False) as live:
            _drive(tc, KeyReader(fd), live, f"sound: {output.description}")
    except (KeyboardInterrupt, EOFError):
        interrupted = True
        tc.save_pending()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        output.close()
    done = len(setup.completed) + tc.stored
    if interrupted:
        return f"Session left open with {done} sets stored; go on with 'mindmuscle coach --resume'."
    finish_session(repo, now=now())
    how = "complete" if tc.view.stage == "done" else "ended"
    return f"Session {how}: {done} sets stored (session {session.id})."
