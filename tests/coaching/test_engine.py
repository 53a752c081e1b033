"""The coach runs the method: rules visible in the event sequence, user events, resume."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

import pytest

from mindmuscle.coaching import (
    Abort,
    Activate,
    AddRep,
    AdjustTempo,
    Coach,
    Count,
    EndSet,
    Event,
    FailedRep,
    LogSet,
    PartStarted,
    Pause,
    PhaseStarted,
    RepStarted,
    RestEnded,
    RestStarted,
    Resume,
    SessionAborted,
    SessionCompleted,
    SetCompleted,
    SetSkipped,
    SetStarted,
    Skip,
    Start,
    clock,
    engine,
    schedule,
)
from mindmuscle.coaching.engine import SWITCH_S, reps_per_run, set_parts
from mindmuscle.errors import InputError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.session import ACTIVATION_S, Block, SessionPlan

PlanFor = Callable[..., SessionPlan]
END = 1e7


def all_events(plan: SessionPlan) -> list[Event]:
    return Coach(plan, start=0.0).advance(END)


def phases_of(events: list[Event], exercise: str) -> list[PhaseStarted]:
    """Phase events of every set of ``exercise``."""
    out: list[PhaseStarted] = []
    current = None
    for e in events:
        if isinstance(e, SetStarted):
            current = e.exercise
        elif isinstance(e, PhaseStarted) and current == exercise:
            out.append(e)
    return out


def single_item_plan(plan: SessionPlan, block: int = -1, item: int = 0) -> SessionPlan:
    chosen = plan.blocks[block]
    return replace(plan, blocks=(Block(chosen.kind, (chosen.items[item],)),))


def at_set_start(plan: SessionPlan) -> tuple[Coach, float]:
    """A coach whose first set has just started (activation done)."""
    coach = Coach(plan, start=0.0)
    coach.advance(ACTIVATION_S)
    return coach, ACTIVATION_S


@pytest.mark.parametrize("module", [engine, schedule, clock])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


# --- the method's rules in the event sequence ----------------------------------------


def test_curl_reps_hold_the_top_at_least_one_second(plan_for: PlanFor) -> None:
    events = all_events(plan_for("arms"))
    plan = plan_for("arms")
    curl = next(p for p in plan.blocks[-1].items if p.exercise.pattern == "curl")
    tops = [e for e in phases_of(events, curl.exercise.id) if e.phase == "top"]
    reps = [e for e in phases_of(events, curl.exercise.id) if e.phase == "eccentric"]
    assert tops and len(tops) == len(reps) and all(e.seconds >= 1 for e in tops)


def test_row_reps_end_in_a_three_second_squeeze(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    row = next(p for p in plan.blocks[-1].items if p.exercise.pattern == "row")
    phases = phases_of(all_events(plan), row.exercise.id)
    tops = [e for e in phases if e.phase == "top"]
    sides = len(set_parts(row))  # a one-arm row runs each side in turn
    assert len(tops) == row.sets * row.reps[1] * sides and all(e.seconds == 3 for e in tops)


@pytest.mark.parametrize("focus", ["arms", "back", "chest", "legs"])
def test_primer_reps_hold_three_to_five_seconds_at_the_top(plan_for: PlanFor, focus: str) -> None:
    plan = plan_for(focus)
    primer = plan.blocks[0]
    assert primer.kind == "primer"
    events = all_events(plan)
    for p in primer.items:
        tops = [e for e in phases_of(events, p.exercise.id) if e.phase == "top"]
        assert len(tops) == p.reps[1] and all(3 <= e.seconds <= 5 for e in tops)
        counts = [e for e in events if isinstance(e, Count) and e.at == tops[0].at]
        assert counts and counts[0].of == int(tops[0].seconds)


def test_every_rest_prompts_flexing_and_every_set_is_activated(plan_for: PlanFor) -> None:
    cat = builtin_catalog()
    flex = cat.cue_text("rule.flex_between")
    events = all_events(plan_for("arms"))
    rests = [e for e in events if isinstance(e, RestStarted)]
    assert rests and all(flex in e.prompts for e in rests)
    for i, e in enumerate(events):
        if isinstance(e, SetStarted):
            previous = events[i - 1]
            assert isinstance(previous, Activate) and previous.prompts
            assert e.at - previous.at == ACTIVATION_S


def test_first_month_eccentrics_last_at_least_three_seconds(plan_for: PlanFor) -> None:
    events = all_events(plan_for("arms,legs", week=1))
    eccentric = [e for e in events if isinstance(e, PhaseStarted) and e.phase == "eccentric"]
    assert eccentric and all(e.seconds >= 3 for e in eccentric)


def test_zero_phases_are_skipped_and_counts_follow_seconds(plan_for: PlanFor) -> None:
    plan = plan_for("chest")
    press = next(p for p in plan.blocks[-1].items if p.tempo.top == 0 and p.tempo.bottom == 0)
    phases = phases_of(all_events(plan), press.exercise.id)
    assert {e.phase for e in phases} == {"eccentric", "concentric"}
    events = all_events(single_item_plan(plan, item=plan.blocks[-1].items.index(press)))
    first = next(i for i, e in enumerate(events) if isinstance(e, PhaseStarted))
    counts = [e for e in events[first:] if isinstance(e, Count)][: int(press.tempo.eccentric)]
    assert [c.n for c in counts] == list(range(1, int(press.tempo.eccentric) + 1))
    assert [c.at - counts[0].at for c in counts] == [float(n) for n in range(len(counts))]


def test_sets_default_to_the_top_of_the_rep_range_and_draft_the_record(
    plan_for: PlanFor,
) -> None:
    plan = plan_for("back")
    done = [e for e in all_events(plan) if isinstance(e, SetCompleted)]
    items = [p for b in plan.blocks for p in b.items]
    assert len(done) == sum(p.sets for p in items)
    first = done[0].draft
    assert (first.exercise, first.block, first.set_index) == (items[0].exercise.id, "primer", 0)
    assert first.reps == items[0].reps[1] and first.rep_range == items[0].reps
    assert first.tempo == items[0].tempo and first.load is None


def test_rest_counts_down_the_last_three_seconds_then_ends(plan_for: PlanFor) -> None:
    events = all_events(plan_for("arms"))
    i = next(i for i, e in enumerate(events) if isinstance(e, RestStarted))
    rest = events[i]
    assert isinstance(rest, RestStarted) and rest.next_cue
    tail = events[i + 1 : i + 5]
    assert [(type(e).__name__, e.at - rest.at) for e in tail] == [
        ("Count", rest.seconds - 3),
        ("Count", rest.seconds - 2),
        ("Count", rest.seconds - 1),
        ("RestEnded", rest.seconds),
    ]
    assert [e.n for e in tail[:3] if isinstance(e, Count)] == [3, 2, 1]


# --- user events -----------------------------------------------------------------------


def test_end_set_completes_with_the_reps_done_so_far(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    p = plan.blocks[-1].items[0]
    coach, t0 = at_set_start(single_item_plan(plan))
    now = t0 + 3 * p.tempo.rep_seconds + 1.0  # three reps done, the fourth under way
    out = coach.handle(EndSet(), now)
    done = next(e for e in out if isinstance(e, SetCompleted))
    assert done.at == now and done.draft.reps == 3 and done.draft.failure is True
    rest = next(e for e in out if isinstance(e, RestStarted))
    assert rest.at == now and coach.next_deadline == now + p.rest_s - 3


def test_failed_rep_ends_the_set_at_failure_without_that_rep(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    p = plan.blocks[-1].items[0]
    coach, t0 = at_set_start(single_item_plan(plan))
    out = coach.handle(FailedRep(), t0 + 5 * p.tempo.rep_seconds + 0.5)
    done = next(e for e in out if isinstance(e, SetCompleted))
    assert done.draft.reps == 5 and done.draft.failure is True


def test_add_rep_appends_one_paced_rep(plan_for: PlanFor) -> None:
    plan = single_item_plan(plan_for("arms"))
    p = plan.blocks[0].items[0]
    coach, t0 = at_set_start(plan)
    coach.handle(AddRep(), t0 + 1)
    events = coach.advance(END)
    done = next(e for e in events if isinstance(e, SetCompleted))
    assert done.draft.reps == p.reps[1] + 1
    assert done.at == t0 + (p.reps[1] + 1) * p.tempo.rep_seconds
    assert [e.rep for e in events if isinstance(e, RepStarted)][:1] == [2]


def test_adjust_tempo_changes_later_reps_only(plan_for: PlanFor) -> None:
    plan = single_item_plan(plan_for("arms"))
    p = plan.blocks[0].items[0]
    coach, t0 = at_set_start(plan)
    slow = Tempo(5, 1, 1, 2)
    coach.handle(AdjustTempo(slow), t0 + 0.5)  # during rep 1
    events = coach.advance(END)
    first_set = events[: next(i for i, e in enumerate(events) if isinstance(e, SetCompleted))]
    ecc = [e for e in first_set if isinstance(e, PhaseStarted) and e.phase == "eccentric"]
    assert ecc[0].at == t0 + p.tempo.rep_seconds  # rep 1 kept its prescribed tempo
    assert all(e.seconds == 5 for e in ecc)
    done = next(e for e in events if isinstance(e, SetCompleted))
    assert done.at == t0 + p.tempo.rep_seconds + (p.reps[1] - 1) * slow.rep_seconds
    later = [e for e in events[events.index(done) :] if isinstance(e, PhaseStarted)]
    assert later and later[0].seconds == 5  # the next set of the same exercise too


def test_skip_moves_on_through_activation_set_and_rest(plan_for: PlanFor) -> None:
    plan = single_item_plan(plan_for("back"))
    coach = Coach(plan, start=0.0)
    coach.advance(0.0)
    assert isinstance(coach.handle(Start(), 2.0)[0], SetStarted)
    out = coach.handle(Skip(), 4.0)
    out = out[next(i for i, e in enumerate(out) if isinstance(e, SetSkipped)) :]
    assert out[0].at == 4.0 and isinstance(out[1], Activate) and out[1].at == 4.0
    assert not any(isinstance(e, SetCompleted | RestStarted) for e in out)
    coach.handle(Skip(), 5.0)  # activation
    coach.handle(EndSet(failure=False), 20.0)  # last set ends: no rest, done
    assert coach.finished
    # skipping a rest ends it now
    coach2, t0 = at_set_start(plan)
    coach2.handle(EndSet(), t0 + 10)
    out2 = coach2.handle(Skip(), t0 + 11)
    assert isinstance(out2[0], RestEnded) and out2[0].at == t0 + 11


def test_abort_ends_the_session_and_later_events_are_refused(plan_for: PlanFor) -> None:
    coach, t0 = at_set_start(plan_for("arms"))
    out = coach.handle(Abort(), t0 + 3)
    assert isinstance(out[-1], SessionAborted) and out[-1].at == t0 + 3
    assert coach.finished and coach.next_deadline is None and coach.advance(END) == []
    with pytest.raises(InputError, match="session is over"):
        coach.handle(Pause(), END + 1)


def test_events_after_completion_are_refused(plan_for: PlanFor) -> None:
    coach = Coach(single_item_plan(plan_for("arms")), start=0.0)
    assert isinstance(coach.advance(END)[-1], SessionCompleted)
    for event in (Skip(), EndSet(), AddRep(), AdjustTempo(Tempo(3, 0, 1, 1))):
        with pytest.raises(InputError, match="session is over"):
            coach.handle(event, END + 1)


def test_log_set_fills_in_load_and_mmc(plan_for: PlanFor) -> None:
    coach = Coach(single_item_plan(plan_for("arms")), start=0.0)
    coach.advance(END)
    logged = coach.handle(LogSet(load=12.5, mmc=8, failure=True), END)[-1]
    record = logged.draft.to_logged_set(id="s1", performed_at=datetime(2024, 5, 1, 18))  # type: ignore[attr-defined]
    assert (record.load, record.mmc, record.failure, record.id) == (12.5, 8, True, "s1")
    with pytest.raises(InputError, match="MMC rating 11"):
        coach.handle(LogSet(mmc=11), END)


def test_wrong_moments_are_refused_clearly(plan_for: PlanFor) -> None:
    coach = Coach(plan_for("arms"), start=0.0)
    with pytest.raises(InputError, match="running set"):
        coach.handle(EndSet(), 1.0)
    with pytest.raises(InputError, match="not paused"):
        coach.handle(Resume(), 1.0)
    coach.handle(Pause(), 2.0)
    with pytest.raises(InputError, match="paused"):
        coach.handle(Skip(), 3.0)
    with pytest.raises(InputError, match="backwards"):
        coach.advance(1.0)


# --- resume ------------------------------------------------------------------------------


def test_resume_after_two_sets_starts_at_the_third(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    full = [e for e in all_events(plan) if isinstance(e, SetCompleted)]
    done = [(e.draft.exercise, e.draft.block, e.draft.set_index) for e in full[:2]]
    coach = Coach.resume(plan, 50.0, done)
    events = coach.advance(END)
    started = [e for e in events if isinstance(e, SetStarted)]
    third = full[2].draft
    assert (started[0].exercise, started[0].set_number) == (third.exercise, third.set_index + 1)
    assert events[0].at == 50.0 and len(started) == len(full) - 2
    assert isinstance(events[-1], SessionCompleted) and events[-1].sets_completed == len(full) - 2


def test_resume_refuses_sets_not_in_the_plan(plan_for: PlanFor) -> None:
    with pytest.raises(InputError, match="not in this plan"):
        Coach.resume(plan_for("arms"), 0.0, [("back_squat", "working", 0)])


def test_a_fully_done_session_completes_at_once(plan_for: PlanFor) -> None:
    plan = plan_for("arms")
    done = [(p.exercise.id, p.block, s) for p in plan.items for s in range(p.sets)]
    events = Coach.resume(plan, 5.0, done).advance(5.0)
    assert [type(e).__name__ for e in events] == ["SessionStarted", "SessionCompleted"]


# --- one-sided exercises and tri-sets: each part in turn, back to back -----------------------


def _first_set(plan: SessionPlan, exercise: str) -> list[Event]:
    """The events of the first set of ``exercise``, from SetStarted to SetCompleted."""
    events = all_events(plan)
    start = next(
        i for i, e in enumerate(events) if isinstance(e, SetStarted) and e.exercise == exercise
    )
    end = next(i for i in range(start, len(events)) if isinstance(events[i], SetCompleted))
    return events[start : end + 1]


def test_a_one_sided_set_runs_each_side_with_a_switch_between(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    row = next(p for p in plan.items if p.exercise.unilateral)
    events = _first_set(plan, row.exercise.id)
    parts = [e for e in events if isinstance(e, PartStarted)]
    assert [(e.part, e.of, e.name) for e in parts] == [(1, 2, "First side"), (2, 2, "Second side")]
    reps = [e for e in events if isinstance(e, RepStarted)]
    planned = row.reps[1]
    assert [e.rep for e in reps] == [*range(1, planned + 1)] * 2
    # side 2 starts when side 1's last rep ends, its first rep after the switch
    side_one_end = reps[planned].at - SWITCH_S
    assert parts[1].at == pytest.approx(side_one_end) and parts[1].switch_s == SWITCH_S
    done = events[-1]
    assert isinstance(done, SetCompleted) and done.draft.reps == planned


def test_failure_on_the_first_side_moves_on_to_the_second(plan_for: PlanFor) -> None:
    plan = plan_for("back")
    row = next(p for p in plan.items if p.exercise.unilateral)
    coach = Coach(plan, start=0.0)
    now, out = 0.0, []
    while True:  # to the row's first set
        now = coach.next_deadline or now
        out = coach.advance(now)
        if any(isinstance(e, SetStarted) and e.exercise == row.exercise.id for e in out):
            break
    rep_s = row.tempo.rep_seconds
    t = now + 2 * rep_s + 0.5  # two reps into the first side
    after = coach.handle(FailedRep(), t)
    second = [e for e in after if isinstance(e, PartStarted)]
    assert second and second[0].part == 2 and second[0].at == pytest.approx(t)
    rest = coach.advance(t + SWITCH_S + row.reps[1] * rep_s + 1)
    (done,) = [e for e in rest if isinstance(e, SetCompleted)]
    # the set counts its weaker side, and it went to failure
    assert done.draft.reps == 2 and done.draft.failure is True


def test_a_tri_set_names_each_movement_as_it_starts(plan_for: PlanFor) -> None:
    from mindmuscle.method.catalog import builtin_catalog

    cat = builtin_catalog()
    plan = plan_for("shoulders", week=1)
    tri = next(p for p in plan.items if p.exercise.components)
    names = {k: e.name for k, e in cat.exercises.items()}
    expected = [cat.exercises[c].name for c in tri.exercise.components]
    assert set_parts(tri, names) == tuple(expected)
    coach = Coach(plan, start=0.0, names=names)
    events = coach.advance(END)
    parts = [e.name for e in events if isinstance(e, PartStarted)][: len(expected)]
    assert parts == expected
    # without names the ids are readable still
    assert set_parts(tri)[0] == tri.exercise.components[0].replace("_", " ").capitalize()


def test_alternating_sides_run_as_one_set_counted_per_side(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", week=1, minutes=20)
    alt = next(p for p in plan.items if p.exercise.alternating)
    assert set_parts(alt) == ("",) and reps_per_run(alt) == 2 * alt.reps[1]
    events = _first_set(plan, alt.exercise.id)
    assert not any(isinstance(e, PartStarted) for e in events)  # no switch: left, right, ...
    reps = [e.rep for e in events if isinstance(e, RepStarted)]
    assert reps == list(range(1, 2 * alt.reps[1] + 1))
    done = events[-1]
    assert isinstance(done, SetCompleted) and done.draft.reps == alt.reps[1]  # per side
