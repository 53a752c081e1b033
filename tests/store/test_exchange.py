"""JSON and CSV export; the JSON export round-trips without loss."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mindmuscle.errors import DataError
from mindmuscle.method.tempo import PHASES, Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store import (
    Batch,
    BodyweightEntry,
    Lifter,
    Soreness,
    StoredPlan,
    TrainingSession,
    open_repository,
)
from mindmuscle.store.exchange import (
    CSV_COLUMNS,
    SCHEMA_VERSION,
    batch_from_json,
    batch_to_json,
    sets_to_csv,
)
from mindmuscle.store.sql.repository import SqlRepository

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


def full_history() -> Batch:
    plan = StoredPlan("p1", "session", T0, {"focus": ["chest"], "blocks": [], "x": [1, 2.5]})
    return Batch(
        lifter=Lifter("Ana Müller", date(2024, 1, 8), "intermediate", "kg", ("barbell", "cable")),
        plans=(plan,),
        sessions=(
            TrainingSession("s1", T0, T0 + timedelta(minutes=70), "p1", title="Chest", notes="ok"),
            TrainingSession("auto-me-2024-05-02", T0 + timedelta(hours=6), auto=True),
        ),
        sets=(
            LoggedSet(
                "a", "pec_deck", T0 + timedelta(minutes=1), 12, 30.0, "kg", "primer",
                Tempo.parse("3-0-1-4"), (10, 15), None, None, None, 8, 1, "", "s1",
            ),
            LoggedSet(
                "b", "barbell_bench_press", T0 + timedelta(minutes=9), 8, 132.5, "lb", "working",
                Tempo.parse("4-0-X-1"), (8, 12), Tempo(3.3333333333, 0.1, 0.75, 1.0), True, 0,
                7, 2, 'grip "wide", felt it\non the left', "s1", 2,
            ),
            LoggedSet("c", "pull_up", T0 + timedelta(hours=7), 10, session_id="auto-me-2024-05-02"),
        ),
        soreness=(Soreness(date(2024, 5, 2), "chest", 2, T0 + timedelta(hours=20)),),
        bodyweight=(BodyweightEntry("w1", T0, 81.3, "kg"),),
    )  # fmt: skip


def test_the_json_export_names_its_schema_version() -> None:
    doc = json.loads(batch_to_json(full_history()))
    assert doc["schema_version"] == SCHEMA_VERSION == 3
    assert doc["sets"][1]["tempo"] == {
        "eccentric": 4, "bottom": 0, "concentric": 0.5, "top": 1, "explosive": ["concentric"]
    }  # fmt: skip
    assert doc["sets"][1]["performed_at"] == "2024-05-01T18:09:00+00:00"
    assert doc["sets"][2]["load"] is None
    assert [s["set_number"] for s in doc["sets"]] == [None, 2, None]


def test_json_round_trips_in_memory() -> None:
    text = batch_to_json(full_history())
    assert batch_from_json(text, source="x.json") == full_history()


def test_export_import_export_through_databases_is_identical(db_url: str, tmp_path: object) -> None:
    with open_repository(db_url) as first:
        first.add_batch(full_history())
        exported = batch_to_json(first.snapshot())
    with open_repository(f"sqlite:///{tmp_path}/empty.db") as second:
        second.add_batch(batch_from_json(exported, source="export.json"))
        assert batch_to_json(second.snapshot()) == exported
        assert second.add_batch(batch_from_json(exported, source="export.json")).sets_added == 0


def test_csv_export_has_one_row_per_set() -> None:
    rows = list(csv.DictReader(io.StringIO(sets_to_csv(full_history()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[1]["tempo"] == "4-0-X-1" and rows[1]["failure"] == "true"
    assert rows[1]["notes"] == 'grip "wide", felt it\non the left'
    assert rows[1]["session_title"] == "Chest" and rows[2]["load"] == ""


def _doc() -> dict[str, object]:
    doc: dict[str, object] = json.loads(batch_to_json(full_history()))
    return doc


def _broken(path: str, value: object) -> str:
    doc = _doc()
    *parents, last = path.split(".")
    node: object = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    if value is KeyError:
        del node[last]  # type: ignore[attr-defined]
    else:
        node[int(last) if isinstance(node, list) else last] = value  # type: ignore[index]
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("schema_version", 4, "schema_version: is 4; this version reads 1 to 3"),
        ("sets.1.set_number", 0, "sets[1]: Set field set_number is 0"),
        ("schema_version", 2, "sets: set_number is not part of schema_version 2; expected 3"),
        ("sets.1.mmc", 11, "sets[1]: Set field mmc is 11"),
        ("sets.1.mmc", "7", "sets[1].mmc: expected a whole number, got '7'"),
        ("sets.0.reps", KeyError, "sets[0].reps: is missing"),
        ("sets.0.performed_at", "2024-05-01 18:00", "has no time zone"),
        ("sets.0.performed_at", "yesterday", "'yesterday' is not a valid date or time"),
        ("sets.0.tempo", {"eccentric": 3}, "sets[0].tempo lacks the phase(s) bottom"),
        ("sets.0.colour", "red", "sets[0].colour: unknown field"),
        ("sessions.0.auto", "no", "sessions[0].auto: expected true or false"),
        ("soreness.0.group", "neck", "soreness[0]: Soreness field group is 'neck'"),
        ("lifter.level", "pro", "lifter: Lifter field level is 'pro'"),
        ("bodyweight", {}, "bodyweight: expected a JSON array"),
        ("plans.0.prescription", [], "plans[0].prescription: must be a JSON object"),
    ],
)
def test_a_broken_json_file_names_record_and_field(path: str, value: object, message: str) -> None:
    with pytest.raises(DataError) as info:
        batch_from_json(_broken(path, value), source="h.json")
    assert str(info.value).startswith("h.json")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "h.json, line 1, column 1: not valid JSON"),
        ('{"schema_version": 1, "sets": [', "not valid JSON"),
        ("[]", "the top level: expected a JSON object"),
        ('{"schema_version": 1}', "lifter: is missing"),
    ],
)
def test_malformed_or_truncated_json(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        batch_from_json(text, source="h.json")


seconds = st.one_of(
    st.integers(0, 60).map(float), st.floats(0, 60, allow_nan=False, allow_subnormal=False)
)
explosive = st.lists(st.sampled_from(PHASES), unique=True).map(
    lambda xs: tuple(p for p in PHASES if p in xs)
)
tempos = st.builds(
    lambda e, b, c, t, x: Tempo(e + 0.5, b, c, t, explosive=x),
    seconds.filter(lambda v: v <= 59), seconds, seconds, seconds, explosive,
)  # fmt: skip
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
times = st.builds(
    lambda d, tz: (datetime(2020, 1, 1, tzinfo=UTC) + d).astimezone(tz),
    st.timedeltas(timedelta(0), timedelta(days=3000)),
    zones,
)
texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
sets = st.builds(
    LoggedSet,
    id=st.uuids().map(str),
    exercise=st.sampled_from(["pec_deck", "back_squat", "x"]),
    performed_at=times,
    reps=st.integers(0, 100),
    load=st.none() | st.floats(0, 500, allow_nan=False, allow_subnormal=False),
    unit=st.sampled_from(["kg", "lb"]),
    block=st.sampled_from(["primer", "working"]),
    tempo=st.none() | tempos,
    rep_range=st.none() | st.tuples(st.integers(1, 10), st.integers(10, 30)),
    measured_tempo=st.none() | tempos,
    failure=st.none() | st.just(False),
    rir=st.none() | st.integers(0, 5),
    mmc=st.none() | st.integers(1, 10),
    pump=st.none() | st.integers(0, 3),
    notes=texts,
    session_id=st.just("s1"),
    set_number=st.none() | st.integers(1, 20),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(sets, max_size=5, unique_by=lambda s: s.id), texts)
def test_any_valid_history_round_trips_through_json(
    batch_sets: list[LoggedSet], title: str
) -> None:
    batch = Batch(sessions=(TrainingSession("s1", T0, title=title),), sets=tuple(batch_sets))
    again = batch_from_json(batch_to_json(batch), source="p.json")
    assert again == batch
    assert batch_to_json(again) == batch_to_json(batch)


def test_round_trip_through_sqlite_keeps_odd_floats_and_text(tmp_path: object) -> None:
    odd = LoggedSet(
        "o", "x", T0, 3, 0.1 + 0.2, "kg", measured_tempo=Tempo(1e-07, 0.3, 59.99999999, 0.0),
        notes="émoji 💪 \t tab", session_id="s1",
    )  # fmt: skip
    with open_repository(f"sqlite:///{tmp_path}/odd.db") as repo:
        repo.add_batch(Batch(sessions=(TrainingSession("s1", T0),), sets=(odd,)))
        assert repo.get_set("o") == odd
        assert repo.add_set(odd) == "unchanged"


@pytest.fixture(scope="module")
def sqlite_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlRepository]:
    """One SQLite database for all examples of a property (hypothesis reuses fixtures)."""
    with open_repository(f"sqlite:///{tmp_path_factory.mktemp('prop')}/p.db") as repo:
        repo.add_session(TrainingSession("s1", T0))
        yield repo


_fresh = itertools.count()


@settings(max_examples=40, deadline=None)
@given(st.lists(sets, max_size=4))
def test_any_valid_set_reads_back_equal_from_sqlite(
    sqlite_repo: SqlRepository, batch_sets: list[LoggedSet]
) -> None:
    for logged in batch_sets:
        logged = replace(logged, id=f"{next(_fresh)}-{logged.id}")
        assert sqlite_repo.add_set(logged) == "added"
        assert sqlite_repo.get_set(logged.id) == logged
        assert sqlite_repo.add_set(logged) == "unchanged"
