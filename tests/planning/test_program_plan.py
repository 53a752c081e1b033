"""Multi-week programs: splits, the introduction phase, volume waves."""

from __future__ import annotations

import pytest

from mindmuscle.errors import InputError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.planning.program import (
    SPLITS,
    ProgramRequest,
    phase_of,
    plan_program,
    volume_change,
)
from mindmuscle.planning.render import program_to_dict, program_to_markdown

CAT = builtin_catalog()


@pytest.mark.parametrize("split", list(SPLITS))
def test_every_split_plans_every_day(split: str) -> None:
    prog = plan_program(CAT, ProgramRequest(split=split, days=3, weeks=2))
    assert len(prog.weeks) == 2
    assert all(len(w.days) == 3 for w in prog.weeks)
    for w in prog.weeks:
        for d in w.days:
            assert [b.kind for b in d.session.blocks] == ["primer", "working"]


def test_first_four_weeks_are_the_introduction_with_tempo_rules() -> None:
    prog = plan_program(CAT, ProgramRequest(split="full", days=2, weeks=6))
    for w in prog.weeks:
        first = w.week <= 4
        assert (w.phase == "introduction") == first
        for d in w.days:
            assert d.session.request.first_month == first
            if first:
                assert all(p.tempo.eccentric >= 3 for p in d.session.items)


def test_ppl_days_focus_push_pull_legs() -> None:
    prog = plan_program(CAT, ProgramRequest(split="ppl", days=3, weeks=1))
    push, pull, legs = prog.weeks[0].days
    assert {p.exercise.group for p in push.session.items} <= {"chest", "shoulders", "arms"}
    assert all(p.exercise.pattern != "curl" for p in push.session.items)
    assert {p.exercise.group for p in legs.session.items} == {"legs"}
    assert any(p.exercise.group == "back" for p in pull.session.items)


def test_days_continue_the_rotation_across_weeks() -> None:
    prog = plan_program(CAT, ProgramRequest(split="ppl", days=4, weeks=2))
    names = [d.name for w in prog.weeks for d in w.days]
    assert names == ["Push", "Pull", "Legs", "Push", "Pull", "Legs", "Push", "Pull"]


@pytest.mark.parametrize(
    ("week", "phase", "delta"),
    [(1, "introduction", 0), (4, "introduction", 0), (5, "build", 0), (6, "build", 1),
     (7, "build", 1), (8, "deload", -1), (9, "build", 0), (12, "deload", -1)],
)  # fmt: skip
def test_volume_waves(week: int, phase: str, delta: int) -> None:
    assert phase_of(week) == phase
    assert volume_change(week) == delta


def test_build_weeks_add_a_set_and_deload_takes_one_off() -> None:
    prog = plan_program(CAT, ProgramRequest(split="bro", days=1, weeks=8, start_week=5))
    sets = {w.week: [p.sets for p in w.days[0].session.items if p.block == "working"]
            for w in prog.weeks}  # fmt: skip
    assert sum(sets[6]) > sum(sets[5])
    assert sum(sets[8]) < sum(sets[7])


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"split": "arnold"}, "Unknown split"),
        ({"days": 8}, "--days 8"),
        ({"weeks": 0}, "--weeks 0"),
    ],
)
def test_bad_program_requests(kw: dict, fragment: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match=fragment):
        ProgramRequest(**kw)


def test_program_renders_as_json_and_markdown() -> None:
    prog = plan_program(CAT, ProgramRequest(split="upper-lower", days=2, weeks=5))
    doc = program_to_dict(CAT, prog)
    assert [w["phase"] for w in doc["weeks"]] == ["introduction"] * 4 + ["build"]
    assert doc["weeks"][0]["days"][0]["session"]["blocks"][0]["kind"] == "primer"
    md = program_to_markdown(CAT, prog)
    assert "## Week 5 - build" in md and "| 1 | Upper |" in md
