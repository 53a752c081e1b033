"""``mindmuscle coach``: the screen for a given view, sound detection, and whole sessions
driven through a real pseudo-terminal with a sped-up clock (``MINDMUSCLE_COACH_SPEED``)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from mindmuscle.cli.coach_commands import SPEED_ENV, coach_speed, prepare
from mindmuscle.cli.coach_loop import split_keys
from mindmuscle.cli.coach_screen import big, countdown_text, render
from mindmuscle.cli.sound import AudioClicks, Speech, TerminalBell, detect_sound
from mindmuscle.coaching import Coach, EndSet, Paused
from mindmuscle.coaching.entry import SetEntry
from mindmuscle.coaching.view import CoachView
from mindmuscle.errors import InputError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.planning.request import PlanRequest
from mindmuscle.planning.session import SessionPlan, plan_session
from mindmuscle.store import InMemoryRepository, open_repository


def biceps_plan() -> SessionPlan:
    cat = builtin_catalog()
    return plan_session(cat, PlanRequest.parse(cat, focus="biceps", minutes=10))


def screen(view: CoachView, now: float, **kwargs: object) -> str:
    console = Console(record=True, width=60, color_system=None)
    console.print(render(view, now, **kwargs))  # type: ignore[arg-type]
    return console.export_text()


# --- what the screen shows ---------------------------------------------------------------


def test_the_set_screen_shows_phase_big_count_reps_cue_and_session_progress() -> None:
    plan = biceps_plan()
    first = next(plan.items)
    at = 10 + first.tempo.rep_seconds + 1.0  # rep 2, second count of the eccentric
    view = CoachView.start(plan).fold_all(Coach(plan, 0.0).advance(at))
    text = screen(view, at)
    assert first.exercise.name in text and f"tempo {first.tempo}" in text
    assert "LOWER" in text and "(eccentric)" in text
    assert big("2").plain.splitlines()[0].strip() in text  # the big digit's top row
    assert f"Rep 2/{first.reps[1]}" in text
    assert "set 1/3" in text
    assert first.cues[1][:30] in text.replace("\n", " ")
    assert "space start / pause / resume" in text


def test_the_rest_screen_shows_countdown_prompts_next_exercise_and_the_form() -> None:
    plan = biceps_plan()
    first, second = list(plan.items)[:2]
    coach = Coach(plan, 0.0)
    view = CoachView.start(plan).fold_all(coach.advance(12.0))
    view = view.fold_all(coach.handle(EndSet(), 12.0))
    assert view.last_set is not None
    entry = SetEntry.for_draft(view.last_set, first.exercise.name, load=12.5, unit="kg", mmc=7)
    text = screen(view, 12.0 + 0.5, entry=entry, status="sound: off")
    flat = " ".join(text.split())
    assert "REST" in text
    assert big(countdown_text(first.rest_s - 0.5)).plain.splitlines()[0].strip() in text
    assert first.between_sets[0].split()[0] in flat
    assert f"Next: {second.exercise.name}" in flat
    assert f"Log the set: {first.exercise.name}" in text
    assert "[12.5 kg]" in text and "[7]" in text and "Failure (y/n)" in text
    assert "sound: off" in text


def test_paused_and_prompts_are_visible() -> None:
    plan = biceps_plan()
    view = CoachView.start(plan).fold_all(Coach(plan, 0.0).advance(1.0))
    text = screen(view.fold(_paused(1.0)), 5.0, prompt="End the session now? y: end it")
    assert "PAUSED" in text and "End the session now?" in text
    assert "9" in countdown_text(9.0) and countdown_text(90.0) == "1:30"


def _paused(at: float) -> Paused:
    return Paused(at)


# --- shell helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "speed"), [("", 1.0), ("50", 50.0), (" 2.5 ", 2.5)])
def test_speed_comes_from_the_environment(value: str, speed: float) -> None:
    assert coach_speed({SPEED_ENV: value}) == speed


@pytest.mark.parametrize("value", ["fast", "0", "-3"])
def test_a_bad_speed_names_the_variable_and_value(value: str) -> None:
    with pytest.raises(InputError, match=f"{SPEED_ENV} has value '{value}'"):
        coach_speed({SPEED_ENV: value})


def test_escape_sequences_stay_whole() -> None:
    assert split_keys(" e\x1b[Z9\r") == [" ", "e", "\x1b[Z", "9", "\r"]


def test_sound_is_detected_never_required(tmp_path: Path) -> None:
    import io

    stream = io.StringIO()
    nothing = detect_sound(stream, which=lambda name: None)
    assert [type(o) for o in nothing.outputs] == [TerminalBell]
    assert "terminal bell" in nothing.description and "no voice" in nothing.description
    nothing.bell()
    nothing.click(True)
    nothing.click(False)
    assert stream.getvalue() == "\a\a"

    found = {"aplay": "/usr/bin/aplay", "espeak-ng": "/usr/bin/espeak-ng"}
    both = detect_sound(stream, which=found.get)
    try:
        assert [type(o) for o in both.outputs] == [AudioClicks, Speech]
        assert both.description == "clicks: aplay, voice: espeak-ng"
    finally:
        both.close()
    assert detect_sound(stream, enabled=False, which=found.get).outputs == ()


def test_a_missing_player_binary_stays_silent() -> None:
    clicks = AudioClicks("/nonexistent/player")
    try:
        clicks.click(True)
        clicks.bell()
    finally:
        clicks.close()


# --- whole sessions in a pseudo-terminal -------------------------------------------------

_ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78])")


class Terminal:
    """``mindmuscle`` running in a pty of 100 x 45; ``expect`` waits for text on screen."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            code = "import sys; from mindmuscle.cli import main; main(sys.argv[1:])"
            os.execve(sys.executable, [sys.executable, "-c", code, *args], env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 100, 0, 0))
        self.seen = ""
        self.mark = 0
        self.code: int | None = None

    def _pump(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            self.seen += _ANSI.sub("", data.decode("utf-8", errors="replace"))

    def expect(self, text: str, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while text not in self.seen[self.mark :]:
            if time.monotonic() > end:
                tail = self.seen[-3000:]
                raise AssertionError(f"{text!r} did not appear; the screen ended with:\n{tail}")
            self._pump(0.05)
        self.mark = self.seen.index(text, self.mark) + len(text)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())
        time.sleep(0.05)

    def wait(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self._pump(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                for _ in range(5):
                    self._pump(0.01)
                self.code = os.waitstatus_to_exitcode(status)
                return self.code
        raise AssertionError("mindmuscle coach did not exit:\n" + self.seen[-3000:])

    def close(self) -> None:
        if self.code is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


@pytest.fixture
def coach_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINDMUSCLE_")}
    for name in ("DATA", "CONFIG", "CACHE"):
        env[f"MINDMUSCLE_{name}_DIR"] = str(tmp_path / name.lower())
    env["MINDMUSCLE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'coach.db'}"
    env[SPEED_ENV] = "50"
    env["TERM"] = "xterm-256color"
    return env


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()


def start(env: dict[str, str], terminals: list[Terminal], *args: str) -> Terminal:
    term = Terminal(["coach", "--no-sound", *args], env)
    terminals.append(term)
    return term


def first_set(term: Terminal, exercise: str, *, ready: bool = False) -> None:
    """Begin, wait for the set to run, end it, wait for the form."""
    if not ready:
        term.expect("Press space to begin")
    term.send(" ")
    term.expect("Rep 1/")
    term.send("e")
    term.expect(f"Log the set: {exercise}")


def test_a_coached_session_stores_the_entered_set(
    coach_env: dict[str, str], terminals: list[Terminal]
) -> None:
    term = start(coach_env, terminals, "--focus", "biceps", "--minutes", "10")
    first_set(term, "Dumbbell curl")
    term.send("42.5\t10\ty\t8\r")  # load, reps, failure, mmc; Enter
    term.expect("Saved: 42.5 kg x 10, mmc 8.")
    term.send("q")
    term.expect("End the session now?")
    term.send("y")
    assert term.wait() == 0
    assert "Session ended: 1 sets stored" in term.seen
    with open_repository(coach_env["MINDMUSCLE_DATABASE_URL"]) as repo:
        (stored,) = repo.sets()
        (session,) = repo.sessions()
        plan = repo.get_plan(session.plan_id or "")
    assert (stored.exercise, stored.block, stored.load, stored.reps, stored.mmc) == (
        "dumbbell_curl", "primer", 42.5, 10, 8,
    )  # fmt: skip
    assert stored.failure is True and stored.session_id == session.id
    assert session.finished_at is not None and session.title.startswith("Coached")
    assert plan is not None and plan.kind == "session" and plan.prescription["focus"]


def test_an_interrupted_session_resumes_at_the_next_set(
    coach_env: dict[str, str], terminals: list[Terminal]
) -> None:
    term = start(coach_env, terminals, "--focus", "biceps", "--minutes", "10")
    first_set(term, "Dumbbell curl")
    term.send("\t\t\t6")  # mmc 6, then Ctrl-C before Enter: the set is kept as filled in
    term.send("\x03")
    assert term.wait() == 0
    assert "Session left open with 1 sets stored" in term.seen

    again = start(coach_env, terminals, "--resume")
    again.expect("Press space to begin")
    assert "Barbell curl" in again.seen and "set 2/3" in again.seen
    first_set(again, "Barbell curl", ready=True)
    again.send("\r")
    again.expect("Saved:")
    again.send("qy")
    assert again.wait() == 0
    with open_repository(coach_env["MINDMUSCLE_DATABASE_URL"]) as repo:
        sets = repo.sets()
        (session,) = repo.sessions()
    assert [(s.exercise, s.block, s.mmc) for s in sets] == [
        ("dumbbell_curl", "primer", 6),
        ("barbell_curl", "working", None),
    ]
    assert {s.session_id for s in sets} == {session.id} and session.finished_at is not None


def test_coach_needs_a_terminal(coach_env: dict[str, str]) -> None:
    import subprocess

    code = "from mindmuscle.cli import main; main(['coach', '--focus', 'biceps'])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=coach_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "Error: mindmuscle coach needs an interactive terminal (stdin and stdout)."
    )


# --- choosing what to coach (no terminal needed) ------------------------------------------


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> InMemoryRepository:
    for name in ("DATA", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"MINDMUSCLE_{name}_DIR", str(tmp_path / name.lower()))
    return InMemoryRepository()


NO_OPTIONS: dict[str, object] = dict.fromkeys(
    ("focus", "level", "week", "equipment", "minutes", "emphasis", "seed")
)


def test_a_new_plan_from_options_carries_loads_and_nothing_done(repo: InMemoryRepository) -> None:
    setup = prepare(repo, plan_id=None, resume=False, opts={**NO_OPTIONS, "focus": "biceps"})
    assert setup.session is None and setup.completed == []
    assert setup.stored_plan.kind == "session"
    assert [b.kind for b in setup.plan.blocks] == ["primer", "working"]
    assert set(setup.loads) == {p.exercise.id for p in setup.plan.items if p.block == "working"}


def test_a_stored_plan_is_coached_by_id(repo: InMemoryRepository) -> None:
    first = prepare(repo, plan_id=None, resume=False, opts={**NO_OPTIONS, "focus": "legs"})
    repo.add_plan(first.stored_plan)
    again = prepare(repo, plan_id=first.stored_plan.id, resume=False, opts=NO_OPTIONS)
    assert again.plan.blocks == first.plan.blocks


@pytest.mark.parametrize(
    ("plan_id", "resume", "opts", "message"),
    [
        ("plan-x", False, {**NO_OPTIONS, "focus": "legs"}, "drop --focus"),
        ("plan-x", False, NO_OPTIONS, "neither a stored plan id nor a plan JSON file"),
        (None, True, NO_OPTIONS, "No session is open"),
    ],
)
def test_bad_choices_are_one_sentence(
    repo: InMemoryRepository,
    plan_id: str | None,
    resume: bool,
    opts: dict[str, object],
    message: str,
) -> None:
    with pytest.raises(InputError, match=message):
        prepare(repo, plan_id=plan_id, resume=resume, opts=opts)


def test_an_open_session_is_resumed_with_its_sets_done(repo: InMemoryRepository) -> None:
    from datetime import timedelta

    from mindmuscle.cli.db_commands import now
    from mindmuscle.planning.history import LoggedSet
    from mindmuscle.store.service import record_set, start_session

    new = prepare(repo, plan_id=None, resume=False, opts={**NO_OPTIONS, "focus": "biceps"})
    session = start_session(repo, session_id="s1", now=now(), plan=new.stored_plan)
    primer = next(new.plan.items)
    done = LoggedSet(
        id="a", exercise=primer.exercise.id, performed_at=now() + timedelta(seconds=1),
        reps=12, load=10.0, block="primer", mmc=7, session_id="s1",
    )  # fmt: skip
    record_set(repo, done)
    setup = prepare(repo, plan_id=None, resume=True, opts=NO_OPTIONS)
    assert setup.session == session
    assert setup.completed == [(primer.exercise.id, "primer", 0)]
    assert setup.loads[primer.exercise.id] == 10.0 and setup.mmc == {primer.exercise.id: 7}
    with pytest.raises(InputError, match="pass --resume"):  # stdin is not a terminal here
        prepare(repo, plan_id=None, resume=False, opts=NO_OPTIONS)


def test_an_open_session_without_a_plan_is_not_taken_over(repo: InMemoryRepository) -> None:
    from mindmuscle.cli.db_commands import now
    from mindmuscle.store.service import start_session

    start_session(repo, session_id="manual", now=now())
    with pytest.raises(InputError, match="without a session plan"):
        prepare(repo, plan_id=None, resume=False, opts={**NO_OPTIONS, "focus": "biceps"})
