"""The session planner: structure, primers, equipment, emphasis, time fitting, determinism."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mindmuscle.errors import InputError, PlanningError, UnknownNameError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.method.model import GROUPS
from mindmuscle.planning.render import session_to_dict, session_to_markdown
from mindmuscle.planning.request import PlanRequest
from mindmuscle.planning.session import item_seconds, plan_session

CAT = builtin_catalog()


def plan(**kw: object) -> dict:  # type: ignore[type-arg]
    return session_to_dict(CAT, plan_session(CAT, PlanRequest.parse(CAT, **kw)))  # type: ignore[arg-type]


def items(doc: dict, kind: str) -> list[dict]:  # type: ignore[type-arg]
    return [i for b in doc["blocks"] if b["kind"] == kind for i in b["items"]]


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("level", ["novice", "intermediate", "advanced"])
def test_primer_block_then_working_block_with_a_method_primer(group: str, level: str) -> None:
    doc = plan(focus=group, level=level, week=1)
    assert [b["kind"] for b in doc["blocks"]] == ["primer", "working"]
    primers = items(doc, "primer")
    method_primers = set(CAT.groups[group].primers)  # type: ignore[index]
    assert any(p["exercise"] in method_primers for p in primers)
    assert all(3 <= p["tempo"]["top"] <= 5 for p in primers)
    assert all(i["group"] == group for i in items(doc, "working"))


def test_arms_get_a_biceps_and_a_triceps_primer() -> None:
    patterns = {p["pattern"] for p in items(plan(focus="arms"), "primer")}
    assert "curl" in patterns
    assert patterns & {"triceps_pushdown", "triceps_overhead", "triceps_extension"}


def test_shoulder_primer_can_be_the_raise_tri_set() -> None:
    seen = {items(plan(focus="shoulders", week=w), "primer")[0]["exercise"] for w in range(1, 5)}
    tri = [e for e in CAT.groups["shoulders"].primers if CAT.exercises[e].components]
    assert set(tri) & seen


def test_contract_fields_and_types() -> None:
    doc = plan(focus="chest", level="novice", week=1)
    assert doc["focus"] == ["chest"] and doc["level"] == "novice" and doc["first_month"] is True
    for item in items(doc, "primer") + items(doc, "working"):
        assert set(item["tempo"]) == {"eccentric", "bottom", "concentric", "top"}
        low, high = item["reps"]
        assert 1 <= low <= high
        assert item["grip"] in (None, "overhand", "underhand", "neutral")
        assert item["group"] in GROUPS
        assert item["cues"] and item["between_sets"] and item["why"]
        assert isinstance(item["rest_s"], int)


def test_muscle_focus_narrows_the_group() -> None:
    doc = plan(focus="hamstrings")
    hams = CAT.muscle_and_parts("hamstrings")
    assert all(set(i["target"]) & hams for i in items(doc, "working"))


def test_dumbbells_only_at_home_still_gets_a_full_session() -> None:
    doc = plan(focus="chest,back,shoulders,arms,legs", equipment="dumbbell")
    for item in items(doc, "primer") + items(doc, "working"):
        assert set(item["equipment"]) <= {"dumbbell", "bodyweight"}, item["exercise"]
    assert {i["group"] for i in items(doc, "working")} == set(GROUPS)
    assert {i["group"] for i in items(doc, "primer")} == set(GROUPS)


def test_no_cable_station_substitutes_and_says_why() -> None:
    doc = plan(focus="chest,back,arms", equipment="barbell,dumbbell,bench,machine,bands")
    every = items(doc, "primer") + items(doc, "working")
    assert all("cable" not in i["equipment"] for i in every)


def test_unavailable_focus_is_a_clear_error() -> None:
    smith_legs = {
        k: replace(e, equipment=("smith_machine",)) if e.group == "legs" else e
        for k, e in CAT.exercises.items()
    }
    cat = replace(CAT, exercises=smith_legs)
    req = PlanRequest.parse(cat, focus="legs", equipment="dumbbell")
    with pytest.raises(PlanningError, match=r"No novice exercise for legs .* add equipment"):
        plan_session(cat, req)


@pytest.mark.parametrize(
    ("emphasis", "focus", "fragment"),
    [
        ("hamstrings:inner", "legs", "toes"),
        ("quads:outer", "legs", "apart"),
        ("back:upper", "back", "lean"),
        ("back:lower", "back", "plates"),
    ],
)
def test_emphasis_applies_the_method_option(emphasis: str, focus: str, fragment: str) -> None:
    doc = plan(focus=focus, emphasis=emphasis)
    chosen = [i for i in items(doc, "working") if i["emphasis"] == emphasis]
    assert chosen, "an exercise carrying the emphasis is chosen"
    text = " ".join(chosen[0]["cues"] + chosen[0]["why"]).lower()
    assert fragment in text


def test_emphasis_outside_the_focus_is_refused() -> None:
    with pytest.raises(PlanningError, match="not in the focus"):
        plan(focus="chest", emphasis="hamstrings:inner")


@pytest.mark.parametrize("minutes", [20, 30, 45, 60, 90])
def test_session_fits_the_minutes(minutes: int) -> None:
    cat_plan = plan_session(CAT, PlanRequest.parse(CAT, focus="chest,back", minutes=minutes))
    total = sum(item_seconds(p) for p in cat_plan.items)
    assert total <= minutes * 60 or any("more than" in n for n in cat_plan.notes)
    assert session_to_dict(CAT, cat_plan)["estimated_minutes"] == round(total / 60)


def test_more_minutes_give_more_work() -> None:
    short = items(plan(focus="legs", minutes=30), "working")
    long = items(plan(focus="legs", minutes=90), "working")
    assert len(long) > len(short)


def test_same_inputs_same_plan_and_seed_varies() -> None:
    assert plan(focus="back,arms") == plan(focus="back,arms")
    seeds = {
        tuple(i["exercise"] for i in items(plan(focus="back,arms", seed=s), "working"))
        for s in range(6)
    }
    assert len(seeds) > 1


def test_arm_programming_varies_from_week_to_week() -> None:
    weeks = {tuple(i["exercise"] for i in items(plan(focus="arms", week=w), "working"))
             for w in range(5, 9)}  # fmt: skip
    assert len(weeks) > 1


def test_first_month_notes_say_no_records_and_later_weeks_do_not() -> None:
    assert any("No records" in n for n in plan(focus="chest", week=3)["notes"])
    assert not any("No records" in n for n in plan(focus="chest", week=5)["notes"])


@pytest.mark.parametrize(
    ("kw", "error", "fragment"),
    [
        ({"focus": "elbowz"}, UnknownNameError, "Unknown focus 'elbowz'"),
        ({"focus": "chets"}, UnknownNameError, "Did you mean 'chest'"),
        ({"focus": "abs"}, InputError, "core muscle"),
        ({"focus": "chest", "level": "pro"}, InputError, "Unknown level 'pro'"),
        ({"focus": "chest", "week": 0}, InputError, "--week 0"),
        ({"focus": "chest", "minutes": 5}, InputError, "--minutes 5"),
        ({"focus": "chest", "equipment": "cabel"}, UnknownNameError, "Did you mean 'cable'"),
        ({"focus": "legs", "emphasis": "quads:sideways"}, UnknownNameError, "Unknown emphasis"),
    ],
)
def test_bad_requests_are_one_sentence(kw: dict, error: type, fragment: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(error) as err:
        plan(**kw)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_markdown_sheet_lists_every_item_with_tempo() -> None:
    p = plan_session(CAT, PlanRequest.parse(CAT, focus="arms"))
    md = session_to_markdown(CAT, p)
    for item in p.items:
        assert item.exercise.name in md and str(item.tempo) in md


def test_arms_alternate_biceps_and_triceps_and_vary_the_grip() -> None:
    work = items(plan(focus="arms"), "working")
    curls = [i for i in work if i["pattern"] == "curl"]
    triceps = [i for i in work if i["pattern"] != "curl"]
    assert len(curls) >= 2 and len(triceps) >= 2
    assert len({i["grip"] for i in curls}) >= 2  # underhand plus neutral or overhand


def test_legs_cover_quads_hamstrings_and_calves_before_repeating() -> None:
    work = items(plan(focus="legs"), "working")
    roots = set()
    for i in work:
        for m in i["target"]:
            while CAT.muscles[m].part_of is not None:
                m = CAT.muscles[m].part_of  # type: ignore[assignment]
            roots.add(m)
    assert {"quadriceps", "hamstrings", "calves"} <= roots


def test_a_full_gym_does_not_get_band_stand_ins() -> None:
    doc = plan(focus="chest,back,shoulders,arms,legs", minutes=120)
    every = items(doc, "primer") + items(doc, "working")
    assert not [i["exercise"] for i in every if set(i["equipment"]) <= {"bands", "bodyweight"}
                and i["pattern"] not in {"push_up"} and "pull_up" not in i["exercise"]
                and "chin_up" not in i["exercise"]]  # fmt: skip
