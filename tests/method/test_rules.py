"""METHOD.md section 2 (tempo) and section 4 (set structure) as a table of rule checks.

Each case builds one prescription through the real rule pipeline and asserts the rule's
effect, so dropping or weakening a rule fails its row.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mindmuscle.method.catalog import Catalog, builtin_catalog
from mindmuscle.method.model import Exercise, Level, Role
from mindmuscle.method.rules import (
    BACK_PATTERNS,
    RULES,
    Prescription,
    RuleContext,
    apply_rules,
    base_prescription,
)

CAT = builtin_catalog()


def prescribe(ex: Exercise, *, level: Level = "intermediate", week: int = 8,
              block: Role = "working") -> Prescription:  # fmt: skip
    ctx = RuleContext(CAT, level, week, block)
    return apply_rules(base_prescription(ex, ctx), ctx)


def where(pred: Callable[[Exercise], bool], role: Role = "working") -> list[Exercise]:
    found = [e for e in CAT.exercises.values() if pred(e) and role in e.roles]
    assert found, "the catalog has no exercise for this rule"
    return found


def text(cue_id: str, cat: Catalog = CAT) -> str:
    return cat.cue_text(cue_id)


def test_rule_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("level", ["novice", "intermediate", "advanced"])
def test_first_month_every_lift_has_at_least_3s_eccentric(level: Level) -> None:
    for role in ("primer", "working"):
        for ex in where(lambda e: True, role):
            p = prescribe(ex, level=level, week=1, block=role)  # type: ignore[arg-type]
            assert p.tempo.eccentric >= 3, (ex.id, role, str(p.tempo))
            assert any("First month" in w for w in p.why), ex.id


SLOW = {"horizontal_press", "incline_press", "vertical_press", "row", "vertical_pull",
        "squat", "leg_press", "raise"}  # fmt: skip


@pytest.mark.parametrize("level", ["novice", "advanced"])
def test_presses_rows_pulls_squats_and_shoulders_get_3_to_5s_eccentrics(level: Level) -> None:
    for ex in where(lambda e: e.pattern in SLOW):
        p = prescribe(ex, level=level, week=10)
        assert 3 <= p.tempo.eccentric <= 5 or (ex.pattern == "curl"), (ex.id, str(p.tempo))


def test_overhand_and_neutral_curls_get_4_to_6s_eccentrics() -> None:
    for ex in where(lambda e: e.pattern == "curl" and e.grip in ("overhand", "neutral")):
        p = prescribe(ex, week=10)
        assert 4 <= p.tempo.eccentric <= 6, (ex.id, str(p.tempo))
        assert any("brachialis" in w for w in p.why)


def test_every_biceps_curl_holds_the_top_at_least_1s() -> None:
    for ex in where(lambda e: e.pattern == "curl"):
        p = prescribe(ex, week=10)
        assert p.tempo.top >= 1, ex.id
        assert text("rule.curl_top_hold") in p.cues


def test_rows_and_back_work_squeeze_3s() -> None:
    for ex in where(lambda e: e.pattern in BACK_PATTERNS):
        p = prescribe(ex, week=10)
        assert p.tempo.top >= 3, (ex.id, str(p.tempo))
        assert text("rule.row_squeeze") in p.cues


@pytest.mark.parametrize("group", ["chest", "back", "shoulders", "arms", "legs"])
def test_primers_hold_3_to_5s_in_the_shortened_position(group: str) -> None:
    for ex in where(lambda e: e.group == group, "primer"):
        p = prescribe(ex, block="primer")
        assert 3 <= p.tempo.top <= 5, (ex.id, str(p.tempo))
        assert text("rule.primer_hold") in p.cues
        assert p.sets <= 2 and p.reps[1] <= 15  # light work, not a working set


def test_shoulder_presses_never_lock_out() -> None:
    for ex in where(lambda e: e.pattern == "vertical_press"):
        assert text("rule.no_lockout_press") in prescribe(ex).cues


def test_leg_work_never_locks_the_knees() -> None:
    for ex in where(lambda e: e.pattern in {"squat", "leg_press", "lunge"}):
        assert text("rule.no_lockout_knees") in prescribe(ex).cues


def test_calves_take_a_loaded_stretch_without_bouncing() -> None:
    for ex in where(lambda e: e.pattern == "calf_raise"):
        p = prescribe(ex, week=10)
        assert p.tempo.bottom >= 1, str(p.tempo)
        assert text("rule.calf_stretch") in p.cues


def test_every_working_set_has_activation_visualisation_and_between_set_flex() -> None:
    for ex in where(lambda e: True):
        p = prescribe(ex)
        group = CAT.groups[ex.group]
        assert text("rule.activate") in p.activation
        assert set(group.activation) <= set(p.activation)
        assert text("rule.visualise") in p.cues
        assert text("rule.flex_between") in p.between_sets
        assert set(group.between_sets) <= set(p.between_sets)
        assert any("failure" in w for w in p.why)


def test_exercise_and_group_key_cues_reach_the_prescription() -> None:
    for ex in where(lambda e: True):
        p = prescribe(ex)
        wanted = [text(c) for c in (*ex.cues, *CAT.groups[ex.group].key_cues)]
        assert set(wanted) <= set(p.cues), ex.id


def test_first_month_says_no_records() -> None:
    ex = where(lambda e: e.compound)[0]
    assert text("rule.ego_check") in prescribe(ex, week=2).activation
    assert text("rule.ego_check") not in prescribe(ex, week=6).activation


def test_every_change_is_explained_in_why() -> None:
    ex = where(lambda e: e.pattern == "row")[0]
    p = prescribe(ex, week=1)
    assert any("squeeze" in w for w in p.why)
    assert any("eccentric" in w for w in p.why)
