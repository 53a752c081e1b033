"""Drift-free timing: every ``at`` is the start plus the prescribed durations."""

from __future__ import annotations

from collections.abc import Callable

from mindmuscle.coaching import (
    Activate,
    Coach,
    Event,
    FakeClock,
    Pause,
    PhaseStarted,
    RestEnded,
    RestStarted,
    Resume,
    SessionCompleted,
    SetCompleted,
    SetStarted,
)
from mindmuscle.method.tempo import PHASES
from mindmuscle.planning.session import ACTIVATION_S, SessionPlan

PlanFor = Callable[..., SessionPlan]

START = 1000.0
_TIMED = (Activate, SetStarted, PhaseStarted, SetCompleted, RestStarted, RestEnded)


def expected_timeline(plan: SessionPlan, start: float) -> list[tuple[str, float]]:
    """An independent model: walk the plan and add up the prescribed durations."""
    items = [p for b in plan.blocks for p in b.items]
    slots = [(p, s) for p in items for s in range(p.sets)]
    out: list[tuple[str, float]] = []
    t = start
    for k, (p, _) in enumerate(slots):
        out.append(("Activate", t))
        t += ACTIVATION_S
        out.append(("SetStarted", t))
        for _rep in range(p.reps[1]):
            for phase in PHASES:
                if p.tempo.phase(phase) > 0:
                    out.append(("PhaseStarted", t))
                    t += p.tempo.phase(phase)
        out.append(("SetCompleted", t))
        if k < len(slots) - 1:
            out += [("RestStarted", t), ("RestEnded", t + p.rest_s)]
            t += p.rest_s
    return out


def timed(events: list[Event]) -> list[tuple[str, float]]:
    return [(type(e).__name__, e.at) for e in events if isinstance(e, _TIMED)]


def drive(coach: Coach, step: float, end: float) -> list[Event]:
    """Advance in steps of ``step`` computed from the start (no accumulated float error)."""
    events: list[Event] = []
    k = 0
    while not coach.finished and START + k * step <= end:
        events += coach.advance(START + k * step)
        k += 1
    return events


def assert_same_times(got: list[tuple[str, float]], want: list[tuple[str, float]]) -> None:
    assert [name for name, _ in got] == [name for name, _ in want]
    for (name, at), (_, expected) in zip(got, want, strict=True):
        assert abs(at - expected) <= 1e-9, (name, at, expected)


def test_a_long_session_has_no_drift_whatever_the_step(plan_for: PlanFor) -> None:
    plan = plan_for("back,chest", week=2, minutes=75, level="intermediate")
    want = expected_timeline(plan, START)
    assert want[-1][1] - START > 40 * 60  # a long session: over 40 minutes of events
    for step in (0.1, 0.7, 13.0, 600.0):
        got = timed(drive(Coach(plan, start=START), step, START + 3 * 3600))
        assert_same_times(got, want)


def test_big_jumps_and_small_steps_give_identical_events(plan_for: PlanFor) -> None:
    plan = plan_for("arms")
    at_once = Coach(plan, start=START).advance(START + 10 * 3600)
    stepped = drive(Coach(plan, start=START), 0.1, START + 10 * 3600)
    assert stepped == at_once
    assert isinstance(at_once[-1], SessionCompleted)


def test_a_late_advance_keeps_scheduled_times_and_later_deadlines(plan_for: PlanFor) -> None:
    coach = Coach(plan_for("arms"), start=START)
    coach.advance(START)
    late = coach.advance(START + ACTIVATION_S + 2.35)  # called late, mid-phase
    set_started = next(e for e in late if isinstance(e, SetStarted))
    assert set_started.at == START + ACTIVATION_S
    assert all(e.at <= START + ACTIVATION_S + 2.35 for e in late)
    deadline = coach.next_deadline
    assert deadline is not None and deadline == START + ACTIVATION_S + 3.0  # not now + 1 s


def test_pause_shifts_every_later_deadline_by_exactly_the_paused_time(plan_for: PlanFor) -> None:
    plan = plan_for("arms")
    plain = Coach(plan, start=START).advance(START + 10 * 3600)
    coach = Coach(plan, start=START)
    pause_at = START + 37.3
    before = coach.handle(Pause(), pause_at)
    assert coach.advance(pause_at + 500) == [] and coach.next_deadline is None
    after = coach.handle(Resume(), pause_at + 620.5) + coach.advance(START + 10 * 3600)
    kept = [e for e in before if type(e).__name__ not in ("Paused",)]
    assert kept == [e for e in plain if e.at <= pause_at]
    shifted = [e for e in after if type(e).__name__ not in ("Resumed",)]
    later = [e for e in plain if e.at > pause_at]
    assert [type(e) for e in shifted] == [type(e) for e in later]
    for got, want in zip(shifted, later, strict=True):
        assert abs(got.at - (want.at + 620.5)) <= 1e-9


def test_fake_clock_drives_a_whole_session(plan_for: PlanFor) -> None:
    clock = FakeClock(START)
    coach = Coach(plan_for("chest"), start=clock.now())
    events = coach.advance(clock.now())
    while (deadline := coach.next_deadline) is not None:
        clock.set(deadline)
        events += coach.advance(clock.now())
    assert coach.finished and isinstance(events[-1], SessionCompleted)
    assert [e.at for e in events] == sorted(e.at for e in events)
