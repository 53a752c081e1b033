"""Catalog files are validated with one-sentence errors that name file, entry and field."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmuscle.errors import CatalogError
from mindmuscle.method.catalog import Catalog, builtin_catalog, builtin_sources, load_catalog

BUILTIN = builtin_sources()

CURL = """
[exercises.my_curl]
name = "My curl"
group = "arms"
pattern = "curl"
equipment = ["dumbbell"]
target = ["biceps_brachii"]
"""


def with_user(text: str) -> Catalog:
    return load_catalog([*BUILTIN, ("my.toml", text)])


def error_of(text: str) -> str:
    with pytest.raises(CatalogError) as info:
        with_user(text)
    return str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "[exercises.my_curl\nname = 'x'",
            [r"^my\.toml: not valid TOML"],
            id="broken TOML",
        ),
        pytest.param(
            CURL.replace('name = "My curl"', 'nmae = "My curl"'),
            ["my.toml", "exercises.my_curl", "'nmae'", "unknown field", "did you mean 'name'"],
            id="unknown field with a suggestion",
        ),
        pytest.param(
            CURL.replace('["biceps_brachii"]', '["biceps_brachi"]'),
            ["my.toml", "exercises.my_curl", "'target'", "unknown muscle 'biceps_brachi'",
             "did you mean 'biceps_brachii'"],
            id="unknown muscle in target",
        ),
        pytest.param(
            CURL + 'accessory = ["forearm"]\n',
            ["my.toml", "exercises.my_curl", "'accessory'", "unknown muscle 'forearm'"],
            id="unknown muscle in accessory",
        ),
        pytest.param(
            CURL + "alternating = true\n",
            ["my.toml", "exercises.my_curl", "'alternating'", "expected unilateral = true too"],
            id="alternating sides without sides",
        ),
        pytest.param(
            CURL.replace('pattern = "curl"', 'pattern = "curls"'),
            ["my.toml", "exercises.my_curl", "'pattern'", "expected one of", "got 'curls'"],
            id="unknown pattern",
        ),
        pytest.param(
            CURL.replace('equipment = ["dumbbell"]\n', ""),
            ["my.toml", "exercises.my_curl", "'equipment'", "missing"],
            id="missing required field",
        ),
        pytest.param(
            CURL.replace('["dumbbell"]', '["dumbell"]'),
            ["my.toml", "exercises.my_curl", "'equipment'", "'dumbell' is not one of"],
            id="unknown equipment",
        ),
        pytest.param(
            CURL + 'cues = ["curl.supinate", "curl.no_such_cue"]\n',
            ["my.toml", "exercises.my_curl", "'cues'", "unknown cue 'curl.no_such_cue'"],
            id="unknown cue",
        ),
        pytest.param(
            CURL + 'substitutes = ["my_curl"]\n',
            ["my.toml", "exercises.my_curl", "'substitutes'", "cannot name itself"],
            id="substitute naming itself",
        ),
        pytest.param(
            CURL + '[[exercises.my_curl.emphasis]]\nkey = "biceps"\nvariable = "grip"\n'
            'setup = "x"\ncue = "y"\n',
            ["my.toml", "exercises.my_curl.emphasis[0]", "'key'", "muscle:part"],
            id="malformed emphasis key",
        ),
        pytest.param(
            CURL + '[[exercises.my_curl.emphasis]]\nkey = "biceps:long"\nvariable = "grip"\n'
            'setup = "x"\ncue = "y"\ntargets = ["long_biceps"]\n',
            ["my.toml", "exercises.my_curl", "'emphasis.targets'", "unknown muscle 'long_biceps'"],
            id="unknown muscle in emphasis targets",
        ),
        pytest.param(
            CURL.replace('group = "arms"', 'group = "core"'),
            ["my.toml", "exercises.my_curl", "'group'", "got 'core'"],
            id="exercise in a muscle-only group",
        ),
        pytest.param(
            '[groups.chest]\nname = "Chest"\nactivation = ["a"]\nbetween_sets = ["b"]\n'
            'primers = ["barbell_bench_press"]\n',
            ["my.toml", "groups.chest", "'primers'",
             "'barbell_bench_press' does not have the role 'primer'"],
            id="primer without the primer role",
        ),
        pytest.param(
            '[groups.chest]\nname = "Chest"\nactivation = ["a"]\nbetween_sets = ["b"]\n'
            'primers = ["pec_dek"]\n',
            ["my.toml", "groups.chest", "'primers'", "unknown exercise 'pec_dek'",
             "did you mean 'pec_deck'"],
            id="unknown primer",
        ),
        pytest.param(
            '[groups.core]\nname = "Core"\nactivation = ["a"]\nbetween_sets = ["b"]\n'
            'primers = ["push_up"]\n',
            ["my.toml", "groups.core", "unknown id"],
            id="unknown group id",
        ),
        pytest.param(
            '[muscles.biceps_short_head]\nname = "Short head"\ngroup = "arms"\n'
            'part_of = "biceps"\n',
            ["my.toml", "muscles.biceps_short_head", "'part_of'", "unknown muscle 'biceps'"],
            id="part of an unknown muscle",
        ),
        pytest.param(
            '[cues."curl.mine"]\ntext = "Curl it."\nmoment = "after"\n',
            ["my.toml", "cues.curl.mine", "'moment'", "got 'after'"],
            id="unknown cue moment",
        ),
        pytest.param(
            "[exercise.my_curl]\nname = 'x'\n",
            ["my.toml", "unknown table 'exercise'", "expected muscles, cues, groups, exercises"],
            id="unknown table",
        ),
        pytest.param(
            "exercises = 3\n",
            ["my.toml", "'exercises' must be a table"],
            id="table that is not a table",
        ),
    ],
)  # fmt: skip
def test_errors_name_file_entry_and_field(text: str, expected: list[str]) -> None:
    message = error_of(text)
    for part in expected:
        assert re.search(part, message) if part.startswith("^") else part in message, message
    assert "\n" not in message.strip()


def test_an_error_in_a_builtin_file_names_that_file() -> None:
    sources = [
        (name, text.replace('pattern = "fly"', 'pattern = "flye"', 1))
        if name == "exercises.toml"
        else (name, text)
        for name, text in BUILTIN
    ]
    with pytest.raises(CatalogError, match=r"^exercises\.toml: exercises\.\w+, field 'pattern'"):
        load_catalog(sources)


def test_a_catalog_without_a_group_is_refused() -> None:
    sources = [(n, t) for n, t in BUILTIN if n != "groups.toml"]
    with pytest.raises(CatalogError, match="no entry for group 'chest'"):
        load_catalog(sources)


def test_user_file_overrides_an_exercise_and_adds_a_new_one() -> None:
    user = (
        '[exercises.pec_deck]\nname = "Butterfly machine"\ngroup = "chest"\npattern = "fly"\n'
        'equipment = ["machine"]\ntarget = ["pectoralis_major"]\nroles = ["primer"]\n' + CURL
    )
    cat = with_user(user)
    assert cat.exercises["pec_deck"].name == "Butterfly machine"
    assert cat.exercises["pec_deck"].roles == ("primer",)
    # An override replaces the whole entry: the built-in aliases and cues are gone.
    assert cat.exercises["pec_deck"].cues == ()
    assert cat.exercise("butterfly machine").id == "pec_deck"
    assert cat.exercise("my curl").id == "my_curl"
    assert cat.exercises["my_curl"].roles == ("working",)
    assert len(cat.exercises) == len(builtin_catalog().exercises) + 1
    # The built-in catalog is untouched.
    assert builtin_catalog().exercises["pec_deck"].name == "Pec deck"


def test_user_file_can_add_a_cue_and_use_it() -> None:
    cat = with_user(
        '[cues."curl.mine"]\ntext = "Curl it slowly."\n' + CURL + 'cues = ["curl.mine"]\n'
    )
    assert cat.cue_text("curl.mine") == "Curl it slowly."
    assert cat.cues["curl.mine"].moment == "during"


def test_later_files_win_in_order() -> None:
    first = CURL
    second = CURL.replace('name = "My curl"', 'name = "Second curl"')
    cat = load_catalog([*BUILTIN, ("a.toml", first), ("b.toml", second)])
    assert cat.exercises["my_curl"].name == "Second curl"


def test_an_empty_user_file_changes_nothing() -> None:
    assert with_user("").exercises.keys() == builtin_catalog().exercises.keys()


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text_as_a_user_file_loads_or_raises_catalog_error(text: str) -> None:
    try:
        with_user(text)
    except CatalogError as exc:
        assert str(exc).startswith("my.toml")


FIELDS = [
    "name", "group", "pattern", "equipment", "target", "accessory", "grip", "roles", "cues",
    "components", "substitutes", "aliases", "compound", "unilateral", "min_level", "note",
    "tags", "emphasis", "nmae",
]  # fmt: skip
VALUES = st.recursive(
    st.one_of(
        st.sampled_from(["arms", "curl", "dumbbell", "biceps_brachii", "primer", "novice"]),
        st.text(max_size=8),
        st.integers(),
        st.booleans(),
    ),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=6,
)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


@settings(deadline=None, max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["exercises", "muscles", "cues", "groups"]),
    st.sampled_from(["my_curl", "pec_deck", "chest", "deltoid", "curl.mine"]),
    st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8),
)
def test_any_entry_loads_or_raises_catalog_error(
    table: str, entry: str, body: dict[str, object]
) -> None:
    lines = [f'[{table}."{entry}"]'] + [f"{k} = {toml_value(v)}" for k, v in body.items()]
    try:
        with_user("\n".join(lines) + "\n")
    except CatalogError as exc:
        # A valid override can break a built-in reference (a group's primer losing its
        # role); then the built-in entry that refers to it is named.
        assert str(exc).startswith(("my.toml", *(name for name, _ in BUILTIN))), str(exc)
