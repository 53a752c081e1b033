"""Coach events folded into what the lifter sees: stage, counts, progress, countdowns."""

from __future__ import annotations

import doctest
from collections.abc import Callable

import pytest

from mindmuscle.coaching import (
    Activate,
    Coach,
    Count,
    EndSet,
    Event,
    Pause,
    PhaseStarted,
    RestStarted,
    Resume,
    SetCompleted,
    Skip,
    Start,
)
from mindmuscle.coaching import view as view_module
from mindmuscle.coaching.view import CoachView
from mindmuscle.planning.session import SessionPlan

PlanFor = Callable[..., SessionPlan]


def run(plan: SessionPlan, until: float) -> tuple[Coach, CoachView]:
    coach = Coach(plan, start=0.0)
    return coach, CoachView.start(plan).fold_all(coach.advance(until))


def test_doctests() -> None:
    assert doctest.testmod(view_module).failed == 0


def test_activation_shows_prompts_and_a_countdown(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    _, view = run(plan, 2.5)
    assert view.stage == "activate"
    assert view.exercise == first.exercise.name
    assert view.prompts == first.activation
    assert (view.set_number, view.sets) == (1, first.sets)
    assert view.session_total == sum(p.sets for p in plan.items)
    assert view.remaining(2.5) == pytest.approx(7.5)
    assert view.next_change(2.5) == pytest.approx(3.0)  # 8 -> 7 shown at t = 3
    assert view.next_change(3.0) == pytest.approx(4.0)


def test_a_running_set_shows_rep_phase_count_and_cue(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    tempo = first.tempo
    # second rep, one second into its eccentric phase
    at = 10 + tempo.rep_seconds + 1.0
    _, view = run(plan, at)
    assert view.stage == "set"
    assert (view.rep, view.reps) == (2, first.reps[1])
    assert view.phase == "eccentric" and view.phase_word == "lower"
    assert (view.count, view.count_of) == (2, int(tempo.eccentric))
    assert view.cue == first.cues[1 % len(first.cues)]
    assert view.prompts == () and view.remaining(at) is None


def test_set_end_counts_towards_the_session_and_rest_names_the_next_exercise(
    plan_for: PlanFor,
) -> None:
    plan = plan_for("biceps", minutes=10)
    first, second = list(plan.items)[:2]
    coach, view = run(plan, 12.0)
    events = coach.handle(EndSet(), 12.0)
    view = view.fold_all(events)
    assert [type(e) for e in events][:2] == [SetCompleted, RestStarted]
    assert view.stage == "rest"
    assert view.session_done == 1
    assert view.last_set is not None and view.last_set.exercise == first.exercise.id
    assert view.message.startswith("Set 1 done")
    assert view.next_exercise == second.exercise.name
    assert view.prompts == first.between_sets
    assert view.remaining(12.0) == pytest.approx(first.rest_s)


def test_rest_countdown_counts_are_folded_as_counts_of_the_rest(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    coach, view = run(plan, 12.0)
    view = view.fold_all(coach.handle(EndSet(), 12.0))
    view = view.fold_all(coach.advance(12.0 + first.rest_s - 2.0))
    assert view.stage == "rest" and (view.count, view.count_of) == (2, 3)
    assert view.remaining(12.0 + first.rest_s - 2.0) == pytest.approx(2.0)


def test_pause_freezes_the_countdown_and_resume_shifts_it(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    coach, view = run(plan, 4.0)
    view = view.fold_all(coach.handle(Pause(), 4.0))
    assert view.paused and view.remaining(100.0) == pytest.approx(6.0)
    assert view.next_change(100.0) is None
    view = view.fold_all(coach.handle(Resume(), 20.0))
    assert not view.paused and view.remaining(20.0) == pytest.approx(6.0)


def test_skipping_a_set_counts_as_done_but_is_not_a_completed_set(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    coach, view = run(plan, 1.0)
    view = view.fold_all(coach.handle(Start(), 1.0))
    view = view.fold_all(coach.handle(Skip(), 2.0))
    assert view.session_done == 1 and view.last_set is None
    assert view.message == "Set 1 skipped."


def test_a_whole_session_ends_done_with_every_set_counted(plan_for: PlanFor) -> None:
    plan = plan_for("arms", minutes=30)
    _, view = run(plan, 1e7)
    assert view.stage == "done"
    assert view.session_done == view.session_total == sum(p.sets for p in plan.items)
    assert view.ends_at is None and view.message.startswith("Session complete")


def test_a_resumed_session_counts_the_sets_done_before(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    done = [(first.exercise.id, first.block, i) for i in range(first.sets)]
    coach = Coach.resume(plan, 0.0, done)
    view = CoachView.start(plan, done=len(done)).fold_all(coach.advance(0.0))
    assert view.session_done == len(done)
    assert view.session_total == sum(p.sets for p in plan.items)
    assert view.exercise != first.exercise.name


@pytest.mark.parametrize(
    ("events", "stage"),
    [
        ([], "ready"),
        ([Activate(0.0, "x", 1, 10.0, ("flex",))], "activate"),
        ([Activate(0.0, "x", 1, 10.0, ()), PhaseStarted(10.0, "top", 2.0, 1)], "activate"),
        ([RestStarted(0.0, 60.0, (), "x", None), Count(57.0, 3, 3)], "rest"),
    ],
)
def test_stage_follows_step_events(events: list[Event], stage: str) -> None:
    assert CoachView().fold_all(events).stage == stage


def test_unknown_exercise_names_fall_back_to_the_id() -> None:
    view = CoachView().fold(RestStarted(0.0, 30.0, (), "mystery_row", "Pull"))
    assert view.next_exercise == "mystery_row" and view.next_cue == "Pull"
