"""The built-in catalog says what METHOD.md says: muscles, cues, primers, emphasis, equipment."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import pytest

from mindmuscle.errors import UnknownNameError
from mindmuscle.method.catalog import Catalog, _norm, builtin_catalog
from mindmuscle.method.model import GROUPS, PATTERNS, Exercise

# check_plan.py (the plan contract's checker): a group's primer must contain one of these.
PRIMER_IDS: dict[str, tuple[str, ...]] = {
    "chest": ("push", "fly", "pec_deck", "pec"),
    "back": ("pull_up", "pullup", "chin", "inverted_row", "pullover"),
    "shoulders": ("raise", "tri_set", "triset", "military", "overhead_press"),
    "arms": ("curl", "pushdown", "extension"),
    "legs": ("leg_extension", "leg_curl"),
}

Selector = Callable[[Catalog, Exercise], bool]


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return builtin_catalog()


def usable(cat: Catalog, equipment: set[str]) -> list[Exercise]:
    have = frozenset(equipment)
    return [x for x in cat.exercises.values() if not x.needs(have)]


def cues_of(cat: Catalog, x: Exercise) -> set[str]:
    """The cues a lifter gets on ``x``: the group's key cues plus the exercise's own."""
    return {*cat.groups[x.group].key_cues, *x.cues}


def is_method_primer(x: Exercise) -> bool:
    return "primer" in x.roles and any(k in x.id for k in PRIMER_IDS[x.group])


# --- Selectors for "the exercises a cue applies to" ---------------------------------------


def group(name: str) -> Selector:
    return lambda cat, x: x.group == name


def pattern(grp: str, *patterns: str) -> Selector:
    return lambda cat, x: x.group == grp and x.pattern in patterns


def ids(*names: str) -> Selector:
    return lambda cat, x: x.id in names


def curls(*grips: str) -> Selector:
    return lambda cat, x: x.group == "arms" and x.pattern == "curl" and x.grip in grips


def cable_curls() -> Selector:
    return lambda cat, x: x.group == "arms" and x.pattern == "curl" and "cable" in x.equipment


def triceps_work() -> Selector:
    def sel(cat: Catalog, x: Exercise) -> bool:
        heads = cat.muscle_and_parts("triceps_brachii")
        return x.group == "arms" and any(t in heads for t in x.target)

    return sel


ALL_CURLS = curls("underhand", "overhand", "neutral")
DB_CABLE_CHEST = ids(
    "dumbbell_bench_press",
    "incline_dumbbell_press",
    "dumbbell_floor_press",
    "cable_chest_press",
    "band_chest_press",
    "dumbbell_fly",
    "dumbbell_floor_fly",
    "cable_fly",
    "band_fly",
    "pec_deck",
)
RAISES = ids(
    "dumbbell_front_raise",
    "dumbbell_lateral_raise",
    "dumbbell_rear_delt_raise",
    "dumbbell_raise_tri_set",
    "cable_lateral_raise",
    "band_lateral_raise",
    "machine_lateral_raise",
    "cable_rear_delt_fly",
    "reverse_pec_deck",
)
SIDE_RAISES = ids(
    "dumbbell_lateral_raise",
    "cable_lateral_raise",
    "band_lateral_raise",
    "machine_lateral_raise",
    "dumbbell_raise_tri_set",
)
HINGES_AND_CURLS = ids(
    "romanian_deadlift",
    "stiff_legged_deadlift",
    "dumbbell_romanian_deadlift",
    "lying_leg_curl",
    "seated_leg_curl",
    "dumbbell_leg_curl",
    "band_leg_curl",
    "slider_leg_curl",
    "nordic_leg_curl",
)

HAM_STANCE = ids(
    "romanian_deadlift",
    "stiff_legged_deadlift",
    "dumbbell_romanian_deadlift",
    "lying_leg_curl",
    "seated_leg_curl",
)

# METHOD.md section 5, point by point: (what the method says, cue id, where it must apply).
METHOD_CUES: list[tuple[str, str, Selector]] = [
    # Chest
    ("chest: lead with the elbows", "chest.lead_elbows", group("chest")),
    ("chest: shoulder blades retracted", "chest.blades_back", group("chest")),
    ("chest: emphasise the eccentric", "chest.slow_eccentric", group("chest")),
    (
        "barbell press: shorten the bar",
        "chest.shorten_bar",
        ids("barbell_bench_press", "incline_barbell_press", "smith_machine_bench_press"),
    ),
    ("db/cable press and fly: move only the upper arm", "chest.upper_arm_only", DB_CABLE_CHEST),
    ("db/cable press and fly: elbows close at the top", "chest.elbows_together", DB_CABLE_CHEST),
    ("fly: straighten and squeeze from halfway", "chest.fly_finish", pattern("chest", "fly")),
    # Back
    ("back: pull with the elbows", "back.pull_elbows", group("back")),
    ("back: retract the shoulders", "back.retract_shoulders", group("back")),
    ("back: hard squeeze at the end of every set", "back.end_squeeze", group("back")),
    ("rows: elbow to the opposite back pocket", "row.opposite_pocket", pattern("back", "row")),
    ("rows: elbows, not biceps", "row.elbows_not_biceps", pattern("back", "row")),
    ("rows: rotate and retract the blades", "row.rotate_blades", pattern("back", "row")),
    ("rows: 3 s hard squeeze", "rule.row_squeeze", pattern("back", "row")),
    (
        "pulldown/chin: brace abs in a slight crunch",
        "pull.brace_crunch",
        pattern("back", "vertical_pull"),
    ),
    ("pulldown/chin: lead with the elbows", "pull.lead_elbows", pattern("back", "vertical_pull")),
    (
        "pulldown/chin: lats pull, traps and rhomboids pull the shoulders back",
        "pull.lats_and_blades",
        pattern("back", "vertical_pull"),
    ),
    # Shoulders
    ("shoulders: lead with the elbows", "shoulders.lead_elbows", group("shoulders")),
    ("shoulders: gravity is the resistance", "shoulders.gravity", group("shoulders")),
    ("shoulders: core tight all the time", "shoulders.core_tight", group("shoulders")),
    ("shoulder press: inward intent on a bar", "shoulder_press.bar_inward", ids("military_press")),
    (
        "shoulder press: squeeze the elbows in with dumbbells",
        "shoulder_press.elbows_in",
        ids("dumbbell_military_press", "seated_dumbbell_press", "arnold_press"),
    ),
    (
        "shoulder press: forearms vertical",
        "shoulder_press.forearms_vertical",
        pattern("shoulders", "vertical_press"),
    ),
    ("shoulder press: no lockout", "rule.no_lockout_press", pattern("shoulders", "vertical_press")),
    (
        "shoulder press: slow eccentrics",
        "shoulder_press.slow_eccentric",
        pattern("shoulders", "vertical_press"),
    ),
    ("raises: seated and locked in", "raise.locked_in", RAISES),
    ("raises: side delt head facing up", "raise.side_head_up", SIDE_RAISES),
    ("raises: stay in the active range", "raise.active_range", RAISES),
    (
        "raises: cables change the direction of resistance",
        "raise.cable_angle",
        ids("cable_lateral_raise", "cable_rear_delt_fly"),
    ),
    # Arms
    ("arms: vary the programming", "arms.vary", group("arms")),
    ("arms: use primer sets", "arms.primer_sets", group("arms")),
    ("biceps: the elbow is a single hinge", "curl.single_hinge", ALL_CURLS),
    ("biceps: supinate, little-finger side up", "curl.supinate", curls("underhand")),
    (
        "other flexors: overhand/neutral grip, 4-6 s eccentrics",
        "curl.other_flexors",
        curls("overhand", "neutral"),
    ),
    ("biceps: hold the top at least 1 s", "rule.curl_top_hold", ALL_CURLS),
    ("biceps: cables are excellent", "curl.cables", cable_curls()),
    ("triceps: learn the real range of motion", "triceps.full_range", triceps_work()),
    ("triceps: squeeze hard", "triceps.squeeze", triceps_work()),
    (
        "triceps: long head needs the arm overhead",
        "triceps.long_head_overhead",
        pattern("arms", "triceps_overhead"),
    ),
    (
        "triceps: lateral and medial heads by pushdowns",
        "triceps.pushdown_heads",
        pattern("arms", "triceps_pushdown"),
    ),
    # Legs
    ("legs: push through the ground", "legs.push_through", group("legs")),
    ("legs: never lock the knees", "rule.no_lockout_knees", group("legs")),
    ("legs: smooth reps", "legs.smooth_reps", group("legs")),
    (
        "quads: push the floor apart (outer)",
        "quads.push_apart",
        pattern("legs", "squat", "leg_press"),
    ),
    (
        "quads: pull it together (inner)",
        "quads.pull_together",
        pattern("legs", "squat", "leg_press"),
    ),
    ("quads: stance width", "quads.stance_width", pattern("legs", "squat", "leg_press")),
    (
        "quads: push the floor away",
        "quads.push_floor_away",
        pattern("legs", "squat", "leg_press", "lunge"),
    ),
    (
        "quads: hard eccentrics",
        "quads.hard_eccentric",
        pattern("legs", "squat", "leg_press", "lunge"),
    ),
    ("hamstrings: squeeze hard", "hams.squeeze_hard", pattern("legs", "hinge", "leg_curl")),
    (
        "hamstrings: small plates under the toes on stiff-legged deadlifts",
        "hams.plates_under_toes",
        ids("stiff_legged_deadlift", "romanian_deadlift", "dumbbell_romanian_deadlift"),
    ),
    ("hamstrings: toes out / in", "hams.toe_angle", HINGES_AND_CURLS),
    (
        "hamstrings: stance wide / narrow",
        "hams.stance_width",
        HAM_STANCE,
    ),
    ("calves: roll onto the big toe", "calf.big_toe", pattern("legs", "calf_raise")),
    ("calves: neutral foot", "calf.neutral_foot", pattern("legs", "calf_raise")),
    ("calves: hold the contraction", "calf.hold_top", pattern("legs", "calf_raise")),
    ("calves: loaded stretch, never bounce", "rule.calf_stretch", pattern("legs", "calf_raise")),
]


def test_builtin_catalog_loads_with_enough_content(cat: Catalog) -> None:
    assert len(cat.exercises) >= 45
    assert set(cat.groups) == set(GROUPS)
    for g in GROUPS:
        assert len(cat.in_group(g)) >= 8, g


@pytest.mark.parametrize(
    ("said", "cue_id", "selector"), METHOD_CUES, ids=[c[0] for c in METHOD_CUES]
)
def test_method_cue_reaches_every_exercise_it_applies_to(
    cat: Catalog, said: str, cue_id: str, selector: Selector
) -> None:
    assert cue_id in cat.cues, f"{said}: no cue {cue_id!r}"
    chosen = [x for x in cat.exercises.values() if selector(cat, x)]
    assert chosen, f"{said}: the selector matches no exercise"
    missing = [x.id for x in chosen if cue_id not in cues_of(cat, x)]
    assert not missing, f"{said}: {cue_id} missing on {missing}"


def test_every_method_cue_has_its_own_id() -> None:
    cue_ids = [cue_id for _, cue_id, _ in METHOD_CUES]
    # Two method points share one id only where the method states them as one rule.
    assert len(set(cue_ids)) == len(cue_ids)


GROUP_KEY_CUES = {
    "chest": ("chest.lead_elbows", "chest.blades_back", "chest.slow_eccentric"),
    "back": ("back.pull_elbows", "back.retract_shoulders", "back.end_squeeze"),
    "shoulders": ("shoulders.lead_elbows", "shoulders.gravity", "shoulders.core_tight"),
    "arms": ("arms.vary", "arms.primer_sets"),
    "legs": ("legs.push_through", "rule.no_lockout_knees", "legs.smooth_reps"),
}


@pytest.mark.parametrize(("grp", "key_cues"), GROUP_KEY_CUES.items())
def test_group_key_points_are_key_cues(cat: Catalog, grp: str, key_cues: tuple[str, ...]) -> None:
    assert cat.groups[grp].key_cues == key_cues  # type: ignore[index]


# METHOD.md section 4, in the method's order.
METHOD_PRIMERS = {
    "chest": ("push_up", "cable_fly", "pec_deck"),
    "back": ("pull_up", "chin_up", "inverted_row", "dumbbell_pullover", "cable_pullover"),
    "shoulders": ("dumbbell_raise_tri_set", "military_press", "dumbbell_military_press"),
    "arms": ("dumbbell_curl", "cable_curl"),
    "legs": ("leg_extension", "lying_leg_curl", "seated_leg_curl"),
}


@pytest.mark.parametrize(("grp", "expected"), METHOD_PRIMERS.items())
def test_group_lists_the_method_primers_first(
    cat: Catalog, grp: str, expected: tuple[str, ...]
) -> None:
    primers = cat.groups[grp].primers  # type: ignore[index]
    assert primers[: len(expected)] == expected
    for p in primers:
        x = cat.exercises[p]
        assert x.group == grp
        assert is_method_primer(x), p


def test_arm_primers_cover_biceps_and_triceps(cat: Catalog) -> None:
    patterns = {cat.exercises[p].pattern for p in cat.groups["arms"].primers}
    assert "curl" in patterns
    assert patterns & {"triceps_pushdown", "triceps_overhead", "triceps_extension"}


@pytest.mark.parametrize(
    ("grp", "words"),
    [("arms", ("small", "press", "pull")), ("legs", ("mass", "priming"))],
)
def test_group_notes_carry_the_method_reason(
    cat: Catalog, grp: str, words: tuple[str, ...]
) -> None:
    note = cat.groups[grp].note.lower()  # type: ignore[index]
    assert all(w in note for w in words), note


def test_every_group_has_activation_and_between_set_prompts(cat: Catalog) -> None:
    for g in cat.groups.values():
        assert 1 <= len(g.activation) <= 2, g.id
        assert 2 <= len(g.between_sets) <= 3, g.id
        assert any(w in " ".join(g.between_sets).lower() for w in ("flex", "pose")), g.id
        assert any("picture" in p.lower() for p in g.between_sets), g.id


def test_raise_tri_set_is_front_side_and_rear_raise(cat: Catalog) -> None:
    tri = cat.exercise("tri-set")
    assert tri.id == "dumbbell_raise_tri_set"
    assert tri.pattern == "raise"
    assert "primer" in tri.roles
    heads = [cat.exercises[c].target for c in tri.components]
    assert heads == [("anterior_deltoid",), ("lateral_deltoid",), ("posterior_deltoid",)]
    assert all("dumbbell" in cat.exercises[c].equipment for c in tri.components)
    assert set(tri.target) == {"anterior_deltoid", "lateral_deltoid", "posterior_deltoid"}


# --- Emphasis options -----------------------------------------------------------------------

SQUATS_AND_PRESSES = pattern("legs", "squat", "leg_press")
HAM_EMPHASIS = HAM_STANCE
UNDERHAND_CURLS = ids("barbell_curl", "ez_bar_curl", "dumbbell_curl", "cable_curl")

# (key, where, variable or None for any, muscles that must be targeted, a regex the setup
# must match, or None)
EMPHASIS: list[tuple[str, Selector, str | None, set[str], str | None]] = [
    ("quads:outer", SQUATS_AND_PRESSES, "stance", {"vastus_lateralis"}, r"\bnarrow"),
    ("quads:inner", SQUATS_AND_PRESSES, "stance", {"vastus_medialis", "adductors"}, r"\bwide"),
    ("hamstrings:outer", HAM_EMPHASIS, None, {"biceps_femoris"}, r"\bout\b"),
    ("hamstrings:inner", HAM_EMPHASIS, None, {"semitendinosus", "semimembranosus"}, r"\bin\b"),
    ("back:upper", ids("seated_cable_row"), "lean", {"rhomboids", "trapezius"}, r"\blean"),
    ("back:lower", ids("seated_cable_row"), "seat_height", {"latissimus_dorsi"}, r"plates"),
    ("elbow_flexors:brachialis", UNDERHAND_CURLS, "grip", {"brachialis"}, r"overhand|neutral"),
    (
        "triceps:long",
        pattern("arms", "triceps_overhead"),
        None,
        {"triceps_long_head"},
        r"overhead|behind the head",
    ),
    (
        "triceps:lateral",
        pattern("arms", "triceps_pushdown"),
        None,
        {"triceps_lateral_head"},
        r"at your sides",
    ),
    ("delts:side", SIDE_RAISES, None, {"lateral_deltoid"}, None),
    (
        "delts:front",
        ids("dumbbell_front_raise", "dumbbell_raise_tri_set"),
        None,
        {"anterior_deltoid"},
        None,
    ),
    (
        "delts:rear",
        ids("dumbbell_rear_delt_raise", "dumbbell_raise_tri_set"),
        None,
        {"posterior_deltoid"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("key", "selector", "variable", "targets", "word"), EMPHASIS, ids=[e[0] for e in EMPHASIS]
)
def test_method_emphasis_exists_on_the_right_exercises(
    cat: Catalog,
    key: str,
    selector: Selector,
    variable: str | None,
    targets: set[str],
    word: str | None,
) -> None:
    chosen = [x for x in cat.exercises.values() if selector(cat, x)]
    assert chosen
    for x in chosen:
        options = [o for o in x.emphasis if o.key == key]
        assert len(options) == 1, f"{x.id} lacks {key}"
        opt = options[0]
        if variable is not None:
            assert opt.variable == variable, x.id
        assert targets <= set(opt.targets), x.id
        if word is not None:
            assert re.search(word, opt.setup.lower()), (x.id, opt.setup)
        assert opt.cue


def test_elbow_flexor_emphasis_switches_to_overhand_or_neutral(cat: Catalog) -> None:
    for x in cat.exercises.values():
        for opt in x.emphasis:
            if opt.key == "elbow_flexors:brachialis":
                assert re.search(r"overhand|neutral", opt.setup.lower()), x.id
                assert "4 to 6" in opt.cue, x.id


# The method's inner-thigh emphasis names the adductors beside the vastus medialis.
EMPHASIS_OWNER = {
    "quads": "quadriceps",
    "hamstrings": "hamstrings",
    "triceps": "triceps_brachii",
    "delts": "deltoid",
}


def test_emphasis_targets_are_parts_of_the_named_muscle(cat: Catalog) -> None:
    for x in cat.exercises.values():
        for opt in x.emphasis:
            prefix = opt.key.split(":")[0]
            assert opt.targets, (x.id, opt.key)
            if prefix in EMPHASIS_OWNER:
                whole = cat.muscle_and_parts(EMPHASIS_OWNER[prefix])
                if prefix == "quads":
                    whole |= {"adductors"}
            elif prefix == "back":
                whole = frozenset(m.id for m in cat.muscles.values() if m.group == "back")
                whole |= {"posterior_deltoid"}
            else:
                whole = frozenset({"biceps_brachii", "brachialis", "brachioradialis"})
            assert set(opt.targets) <= whole, (x.id, opt.key)


def test_emphasis_keys_are_unique_per_exercise(cat: Catalog) -> None:
    for x in cat.exercises.values():
        keys = [o.key for o in x.emphasis]
        assert len(keys) == len(set(keys)), x.id


# --- Equipment coverage ---------------------------------------------------------------------

HOME_CASES = {
    "dumbbells only": ({"dumbbell", "bodyweight"}, 2),
    "bodyweight only": ({"bodyweight"}, 1),
}


@pytest.mark.parametrize("grp", GROUPS)
@pytest.mark.parametrize("case", HOME_CASES)
def test_home_equipment_still_primes_and_trains_every_group(
    cat: Catalog, case: str, grp: str
) -> None:
    equipment, min_working = HOME_CASES[case]
    mine = [x for x in usable(cat, equipment) if x.group == grp]
    primers = [x.id for x in mine if is_method_primer(x)]
    working = [x.id for x in mine if "working" in x.roles]
    assert primers, f"{case}: no primer for {grp}"
    group = cat.groups[grp]  # type: ignore[index]
    listed = (*group.primers, *group.fallback_primers)
    assert any(p in listed for p in primers), f"{case}: {grp} primers"
    assert len(working) >= min_working, f"{case}: {grp} working {working}"


def test_every_cable_exercise_has_a_band_or_dumbbell_substitute(cat: Catalog) -> None:
    for x in cat.exercises.values():
        if "cable" not in x.equipment:
            continue
        subs = [cat.exercises[s] for s in x.substitutes]
        assert any(
            "cable" not in s.equipment and {"bands", "dumbbell"} & set(s.equipment) for s in subs
        ), x.id


def test_substitutes_cover_each_missing_piece_of_equipment(cat: Catalog) -> None:
    for x in cat.exercises.values():
        for item in set(x.equipment) - {"bodyweight"}:
            assert any(item not in cat.exercises[s].equipment for s in x.substitutes), (x.id, item)


def test_every_equipment_item_is_used(cat: Catalog) -> None:
    from mindmuscle.method.model import EQUIPMENT

    used = {e for x in cat.exercises.values() for e in x.equipment}
    # Plates are a setup aid (a raised seat, plates under the toes), never required.
    assert set(EQUIPMENT) - {"kettlebell", "plates"} <= used


PRIMER_PATTERNS = {
    "push_up", "fly", "vertical_pull", "row", "pullover", "raise", "rear_delt", "vertical_press",
    "curl", "triceps_pushdown", "triceps_overhead", "triceps_extension", "leg_extension",
    "leg_curl",
}  # fmt: skip


def test_primer_role_exercises_are_light_single_purpose_work(cat: Catalog) -> None:
    for x in cat.exercises.values():
        if "primer" in x.roles:
            assert x.pattern in PRIMER_PATTERNS, x.id
            assert x.min_level == "novice", x.id
            assert any(k in x.id for k in PRIMER_IDS[x.group]), x.id


@pytest.mark.parametrize("machine", ["leg_extension", "lying_leg_curl", "seated_leg_curl"])
def test_leg_machines_are_primers_first(cat: Catalog, machine: str) -> None:
    assert cat.exercises[machine].roles[0] == "primer"


# --- Names and ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bench press", "barbell_bench_press"),
        ("Bench", "barbell_bench_press"),
        ("rdl", "romanian_deadlift"),
        ("RDL", "romanian_deadlift"),
        ("squat", "back_squat"),
        ("pullover", "dumbbell_pullover"),
        ("Lat Pulldown", "lat_pulldown"),
        ("OHP", "military_press"),
        ("skull crushers", "lying_triceps_extension"),
        ("leg curl", "lying_leg_curl"),
        ("pec-deck", "pec_deck"),
        ("hammer curls", "hammer_curl"),
        ("chin ups", "chin_up"),
        ("push-ups", "push_up"),
        ("lateral raise", "dumbbell_lateral_raise"),
        ("stiff leg deadlift", "stiff_legged_deadlift"),
        ("calf raise", "standing_calf_raise"),
    ],
)
def test_aliases_resolve(cat: Catalog, typed: str, expected: str) -> None:
    assert cat.exercise(typed).id == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("lats", "latissimus_dorsi"),
        ("traps", "trapezius"),
        ("abs", "rectus_abdominis"),
        ("lower back", "erector_spinae"),
        ("front delt", "anterior_deltoid"),
        ("teardrop", "vastus_medialis"),
    ],
)
def test_muscle_aliases_resolve(cat: Catalog, typed: str, expected: str) -> None:
    assert cat.muscle(typed).id == expected


def test_unknown_exercise_suggests_a_close_name(cat: Catalog) -> None:
    with pytest.raises(UnknownNameError, match="Did you mean"):
        cat.exercise("benchpress")


def test_no_name_or_alias_points_at_two_entries(cat: Catalog) -> None:
    for items in (cat.exercises.values(), cat.muscles.values()):
        owners: dict[str, set[str]] = defaultdict(set)
        for x in items:
            for name in (x.id, x.name, *x.aliases):
                owners[_norm(name)].add(x.id)
        assert not {k: v for k, v in owners.items() if len(v) > 1}


def test_ids_are_slugs(cat: Catalog) -> None:
    for x in (*cat.exercises, *cat.muscles):
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", x), x
    for c in cat.cues:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", c), c


# --- Muscles ---------------------------------------------------------------------------------

PARTS = {
    "deltoid": {"anterior_deltoid", "lateral_deltoid", "posterior_deltoid"},
    "triceps_brachii": {"triceps_long_head", "triceps_lateral_head", "triceps_medial_head"},
    "quadriceps": {"vastus_lateralis", "vastus_medialis", "rectus_femoris"},
    "hamstrings": {"biceps_femoris", "semitendinosus", "semimembranosus"},
    "calves": {"gastrocnemius", "soleus"},
}
WHOLES = {
    "chest": {"pectoralis_major", "serratus_anterior"},
    "back": {"latissimus_dorsi", "trapezius", "rhomboids", "erector_spinae", "teres_major"},
    "arms": {"biceps_brachii", "brachialis", "brachioradialis", "forearm_flexors"},
    "legs": {"adductors", "gluteus_maximus", "gluteus_medius"},
    "core": {"rectus_abdominis", "obliques"},
}


@pytest.mark.parametrize(("whole", "parts"), PARTS.items())
def test_muscle_parts_link_to_their_whole(cat: Catalog, whole: str, parts: set[str]) -> None:
    assert parts <= cat.muscle_and_parts(whole)
    for p in parts:
        assert cat.muscles[p].group == cat.muscles[whole].group


@pytest.mark.parametrize(("grp", "names"), WHOLES.items())
def test_method_muscles_exist_in_their_group(cat: Catalog, grp: str, names: set[str]) -> None:
    for n in names:
        assert cat.muscles[n].group == grp


def test_every_muscle_says_where_to_feel_it(cat: Catalog) -> None:
    for m in cat.muscles.values():
        assert m.feel, m.id


# --- Rule cues the planner names -------------------------------------------------------------

RULE_CUES = {
    "rule.no_lockout_press": "during",
    "rule.no_lockout_knees": "during",
    "rule.calf_stretch": "during",
    "rule.curl_top_hold": "during",
    "rule.row_squeeze": "during",
    "rule.primer_hold": "during",
    "rule.slow_eccentric": "during",
    "rule.activate": "before",
    "rule.visualise": "during",
    "rule.flex_between": "between",
    "rule.ego_check": "before",
}


@pytest.mark.parametrize(("cue_id", "moment"), RULE_CUES.items())
def test_rule_cues_exist_with_their_moment(cat: Catalog, cue_id: str, moment: str) -> None:
    assert cat.cues[cue_id].moment == moment


@pytest.mark.parametrize(
    ("cue_id", "words"),
    [
        ("rule.primer_hold", ("3 to 5",)),
        ("rule.row_squeeze", ("3 seconds",)),
        ("rule.curl_top_hold", ("second",)),
        ("rule.ego_check", ("lighter", "record")),
        ("rule.calf_stretch", ("stretch", "bounc")),
    ],
)
def test_rule_cues_state_the_numbers(cat: Catalog, cue_id: str, words: tuple[str, ...]) -> None:
    text = cat.cue_text(cue_id).lower()
    assert all(w in text for w in words), text


def test_cue_texts_are_short(cat: Catalog) -> None:
    for c in cat.cues.values():
        assert len(c.text) <= 170, c.id


def test_patterns_in_use_are_known(cat: Catalog) -> None:
    assert {x.pattern for x in cat.exercises.values()} <= set(PATTERNS)
