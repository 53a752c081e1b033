"""The pure helpers of the terminal coach: the after-set form, sound cues, resuming."""

from __future__ import annotations

import doctest
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmuscle.coaching import Coach, EndSet, LogSet, SetDraft
from mindmuscle.coaching import entry as entry_module
from mindmuscle.coaching import resume as resume_module
from mindmuscle.coaching import sound as sound_module
from mindmuscle.coaching.entry import SetEntry
from mindmuscle.coaching.resume import completed_sets, plan_from_dict
from mindmuscle.coaching.sound import FakeSound, announce
from mindmuscle.coaching.view import CoachView
from mindmuscle.errors import DataError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.method.tempo import PHASES, Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.planning.render import session_to_dict
from mindmuscle.planning.session import SessionPlan

PlanFor = Callable[..., SessionPlan]
DRAFT = SetDraft("barbell_curl", "working", 0, 11, Tempo(3, 0, 1, 1), (10, 15), 50.0, True)


@pytest.mark.parametrize("module", [entry_module, resume_module, sound_module])
def test_doctests(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def form(load: float | None = 30.0, mmc: int | None = None) -> SetEntry:
    return SetEntry.for_draft(DRAFT, "Barbell curl", load=load, unit="kg", mmc=mmc)


def typed(entry: SetEntry, keys: str) -> SetEntry:
    for key in keys:
        entry = entry.key(key)
    return entry


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("\r", LogSet(load=30.0, unit="kg", failure=True, reps=11)),
        ("32.5\r", LogSet(load=32.5, unit="kg", failure=True, reps=11)),
        ("\t9\t\t7\r", LogSet(load=30.0, unit="kg", failure=True, reps=9, mmc=7)),
        ("\t\tn\r", LogSet(load=30.0, unit="kg", failure=False, reps=11)),
        ("bw\r", LogSet(load=None, unit="kg", failure=True, reps=11)),
        ("3\x7f4\r", LogSet(load=4.0, unit="kg", failure=True, reps=11)),
        ("\x1b[Z8\r", LogSet(load=30.0, unit="kg", failure=True, reps=11, mmc=8)),
    ],
)
def test_the_form_takes_defaults_with_enter_and_edits_with_few_keys(
    keys: str, expected: LogSet
) -> None:
    entry = typed(form(), keys) if "\x1b" not in keys else typed(form().key("\x1b[Z"), keys[3:])
    assert entry.result == expected


@pytest.mark.parametrize(
    ("keys", "field", "words"),
    [
        ("abc\r", 0, "Load 'abc'"),
        ("\t\x7f\x7f\r", 1, "Reps ''"),
        ("\t\t\t11\r", 3, "MMC '11'"),
        ("\t\tx", 2, "y or n"),
    ],
)
def test_bad_values_keep_the_form_open_on_the_field(keys: str, field: int, words: str) -> None:
    entry = typed(form(), keys)
    assert entry.result is None
    assert entry.focus == field and words in entry.error


def test_defaults_show_the_last_rating_and_the_coach_count() -> None:
    entry = form(load=None, mmc=6)
    assert entry.fields == {"load": "", "reps": "11", "failure": "y", "mmc": "6"}
    assert typed(entry, "\r").result == LogSet(unit="kg", failure=True, reps=11, mmc=6)


def test_a_logged_set_keeps_the_lifters_rep_count() -> None:
    logged = LogSet(load=30.0, reps=9, mmc=7).apply(DRAFT)
    assert (logged.reps, logged.load, logged.mmc) == (9, 30.0, 7)
    assert LogSet().apply(DRAFT).reps == 11


# --- sound -----------------------------------------------------------------------------


def test_a_set_sounds_like_a_metronome_with_accents_and_spoken_cues(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    coach = Coach(plan, 0.0)
    view = CoachView.start(plan)
    fake = FakeSound()
    two_reps = 10 + 2 * first.tempo.rep_seconds - 0.01
    for event in coach.advance(two_reps):
        view = view.fold(event)
        announce(event, view, fake)
    clicks = [accent for kind, accent in fake.calls if kind == "click"]
    phases = [p for p in PHASES if first.tempo.phase(p) > 0]
    assert clicks.count(True) == 2 * len(phases)  # one accent at each phase start
    assert len(clicks) == 2 * sum(int(first.tempo.phase(p)) for p in phases)
    said = [str(text) for kind, text in fake.calls if kind == "say"]
    assert said[0] == first.activation[0]
    assert said[1].startswith("Set 1 of")
    assert "lower" in said and "squeeze" in said  # rep 1 names the phases
    assert said[-1] == first.cues[1 % len(first.cues)]  # rep 2 says its cue
    assert ("bell", None) in fake.calls


def test_rest_is_announced_and_counted_down_aloud(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    first = next(plan.items)
    coach = Coach(plan, 0.0)
    view = CoachView.start(plan).fold_all(coach.advance(12.0))
    fake = FakeSound()
    for event in coach.handle(EndSet(), 12.0) + coach.advance(12.0 + first.rest_s):
        view = view.fold(event)
        announce(event, view, fake)
    said = [str(text) for kind, text in fake.calls if kind == "say"]
    assert said[0].startswith(f"Rest {first.rest_s} seconds.")
    assert said[1:4] == ["3", "2", "1"]
    assert not [c for c in fake.calls if c[0] == "click"]


# --- resume ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("focus", "options"),
    [
        ("arms", {}),
        ("legs", {"emphasis": "hamstrings:inner"}),
        ("chest,back", {"minutes": 45, "equipment": "home"}),
        ("biceps", {"week": 2, "level": "advanced"}),
    ],
)
def test_a_stored_plan_rebuilds_the_same_session(
    plan_for: PlanFor, focus: str, options: dict[str, object]
) -> None:
    cat = builtin_catalog()
    plan = plan_for(focus, **options)
    rebuilt = plan_from_dict(cat, session_to_dict(cat, plan))
    assert rebuilt.blocks == plan.blocks
    assert rebuilt.request.focus == plan.request.focus
    assert rebuilt.request.first_month == plan.request.first_month


def test_a_broken_stored_plan_is_a_data_error() -> None:
    with pytest.raises(DataError, match="cannot be coached"):
        plan_from_dict(builtin_catalog(), {"blocks": [{"kind": "working"}]})
    with pytest.raises(DataError, match="'no_such_lift'"):
        item = {"exercise": "no_such_lift"}
        plan_from_dict(builtin_catalog(), {"blocks": [{"kind": "working", "items": [item]}]})


T0 = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


def logged(exercise: str, block: str, minute: int) -> LoggedSet:
    return LoggedSet(
        id=f"s{minute}", exercise=exercise, performed_at=T0 + timedelta(minutes=minute),
        reps=10, block=block,  # type: ignore[arg-type]
    )  # fmt: skip


def test_completed_sets_are_numbered_in_the_order_performed(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=10)
    primer, working = list(plan.items)[:2]
    sets = [
        logged(working.exercise.id, "working", 9),
        logged(primer.exercise.id, "primer", 1),
        logged(working.exercise.id, "working", 5),
        logged("bench_press", "working", 7),  # not in the plan
    ] + [logged(primer.exercise.id, "primer", 10 + i) for i in range(primer.sets)]
    done = completed_sets(plan, sets)
    assert done[:3] == [
        (primer.exercise.id, "primer", 0),
        (working.exercise.id, "working", 0),
        (working.exercise.id, "working", 1),
    ]
    # sets beyond the plan's count are left out, so Coach.resume accepts the result
    assert len([d for d in done if d[0] == primer.exercise.id]) == primer.sets
    Coach.resume(plan, 0.0, done)


@given(st.lists(st.integers(min_value=0, max_value=1), max_size=8))
def test_resuming_from_any_stored_prefix_never_repeats_a_set(picks: list[int]) -> None:
    cat = builtin_catalog()
    from mindmuscle.planning.request import PlanRequest
    from mindmuscle.planning.session import plan_session

    plan = plan_session(cat, PlanRequest.parse(cat, focus="biceps", minutes=20))
    items = list(plan.items)
    sets = [logged(items[p % len(items)].exercise.id, items[p % len(items)].block, i)
            for i, p in enumerate(picks)]  # fmt: skip
    done = completed_sets(plan, sets)
    assert len(done) == len(set(done))
    remaining = Coach.resume(plan, 0.0, done).advance(0.0)
    total = sum(p.sets for p in items)
    assert remaining[0].sets == total - len(done)  # type: ignore[attr-defined]


def test_a_set_done_at_an_adjusted_tempo_is_logged_with_that_tempo(plan_for: PlanFor) -> None:
    from mindmuscle.coaching import AdjustTempo, SetCompleted

    plan = plan_for("biceps", minutes=10)
    coach = Coach(plan, 0.0)
    coach.advance(1.0)
    slower = Tempo(4, 1, 1, 2)
    coach.handle(AdjustTempo(slower), 1.0)
    done = [e for e in coach.advance(1e4) if isinstance(e, SetCompleted)]
    assert done[0].draft.tempo == slower


def _coach_through(
    plan: SessionPlan, skip: set[tuple[str, int]], stop_after: int
) -> list[LoggedSet]:
    """Drive a coach over ``plan``, skipping the sets ``(exercise, set number)`` in ``skip``
    (once running) and logging every completed one, until ``stop_after`` sets are stored."""
    from mindmuscle.coaching import SetCompleted, SetStarted, Skip

    coach, now, stored = Coach(plan, 0.0), 0.0, []
    while len(stored) < stop_after and not coach.finished:
        now = coach.next_deadline or now
        for event in coach.advance(now):
            if isinstance(event, SetStarted) and (event.exercise, event.set_number) in skip:
                coach.handle(Skip(), now)
            elif isinstance(event, SetCompleted):
                coach.handle(LogSet(load=20.0, mmc=8), now)
                at = T0 + timedelta(seconds=now)
                stored.append(event.draft.to_logged_set(id=f"x{len(stored)}", performed_at=at))
    return stored


def test_a_skipped_set_keeps_its_place_when_the_session_is_resumed(plan_for: PlanFor) -> None:
    plan = plan_for("biceps", minutes=20)
    items = list(plan.items)
    item = next(p for p in items if p.block == "working" and p.sets >= 2)
    ex = item.exercise.id
    before = sum(p.sets for p in items[: items.index(item)])
    # every set before the item; then its set 1 is skipped and set 2 done
    stored = _coach_through(plan, {(ex, 1)}, before + 1)
    assert [s.set_number for s in stored if s.exercise == ex] == [2]
    done = completed_sets(plan, stored)
    assert (ex, item.block, 1) in done and (ex, item.block, 0) not in done
    # the resumed coach offers the skipped set, not the one already done
    started = [
        (e.exercise, e.set_number)  # type: ignore[attr-defined]
        for e in Coach.resume(plan, 0.0, done).advance(1e5)
        if type(e).__name__ == "SetStarted"
    ]
    assert started[0] == (ex, 1) and (ex, 2) not in started


def test_sets_without_a_number_follow_the_last_numbered_one() -> None:
    from mindmuscle.coaching.resume import set_slots

    numbered = [
        replace(logged("pec_deck", "working", m), set_number=n) for m, n in ((1, 2), (3, 1))
    ]
    loose = [logged("pec_deck", "working", 5), logged("pec_deck", "primer", 6)]
    assert set_slots([*loose, *numbered]) == [
        ("pec_deck", "working", 1),
        ("pec_deck", "working", 0),
        ("pec_deck", "working", 2),
        ("pec_deck", "primer", 0),
    ]


def test_the_voice_names_each_part_and_rings_at_a_switch() -> None:
    from mindmuscle.coaching import PartStarted

    fake = FakeSound()
    view = CoachView(stage="set")
    for event in (
        PartStarted(0.0, 1, 2, "First side", 0.0),
        PartStarted(9.0, 2, 2, "Second side", 3.0),
    ):
        view = view.fold(event)
        announce(event, view, fake)
    assert fake.calls == [("say", "First side"), ("bell", None), ("say", "Second side")]
    assert (view.part, view.part_number, view.parts) == ("Second side", 2, 2)
