"""Strong and Hevy imports from files laid out like the apps' real exports."""

# ruff: noqa: E501 - rows of realistic export files, and a table of them, are long lines

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmuscle.errors import DataError
from mindmuscle.method.catalog import Catalog
from mindmuscle.store import InMemoryRepository, Repository
from mindmuscle.store.importers import ImportResult
from mindmuscle.store.importers.hevy import parse_hevy
from mindmuscle.store.importers.names import NameMapper
from mindmuscle.store.importers.strong import parse_strong

STRONG_NEW_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
    "Workout Notes,RPE"
)
STRONG_NEW = f"""{STRONG_NEW_HEADER}
2024-03-05 18:02:11,"Push Day",1h 5m,"Bench Press (Barbell)",W,40,10,0,0,"","Felt strong",
2024-03-05 18:02:11,"Push Day",1h 5m,"Bench Press (Barbell)",1,60,8,0,0,"slow eccentric","Felt strong",8
2024-03-05 18:02:11,"Push Day",1h 5m,"Bench Press (Barbell)",2,60,7,0,0,"","Felt strong",9.5
2024-03-05 18:02:11,"Push Day",1h 5m,"Lateral Raise (Dumbbell)",1,8,15,0,0,"","Felt strong",
2024-03-05 18:02:11,"Push Day",1h 5m,"Plank",1,0,0,0,60,"","Felt strong",
2024-03-05 18:02:11,"Push Day",1h 5m,"Zottman Wiggle (Machine)",1,20,10,0,0,"","Felt strong",
2024-03-07 7:15:03 PM,"Pull Day",45m,"Lat Pulldown (Cable)",1,55,12,0,0,"","",
2024-03-07 7:15:03 PM,"Pull Day",45m,"Pull Up",1,0,8,0,0,"","",
2024-03-07 7:15:03 PM,"Pull Day",45m,"Bicep Curl (Dumbbell)",F,12,9,0,0,"","",
"""

STRONG_OLD = """Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes;Workout Duration
2019-01-11 12:31:54;"Leg";"Squat (Barbell)";1;102,5;kg;5;;;;0;"";"";48m
2019-01-11 12:31:54;"Leg";"Squat (Barbell)";2;225;lbs;4;;;;0;;;48m
2019-01-11 12:31:54;"Leg";"Squat (Barbell)";2;225;lbs;4;;;;0;;;48m
"""

HEVY_HEADER = (
    "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,"
    "set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe"
)
HEVY = f"""{HEVY_HEADER}
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Bench Press (Barbell)",,"",0,warmup,40,10,,,
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Bench Press (Barbell)",,"",1,normal,62.5,8,,,8
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Bench Press (Barbell)",,"",2,failure,62.5,6,,,
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Seated Cable Row - V Grip (Cable)",0,"squeeze",0,normal,50,12,,,
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Seated Cable Row - V Grip (Cable)",0,"squeeze",1,dropset,35,10,,,
"Upper A","15 Jan 2024, 18:04","15 Jan 2024, 19:10","Good session","Treadmill",,"",0,normal,,,1.5,600,
"Legs","17 Jan 2024, 07:30","17 Jan 2024, 08:20","","Squat (Barbell)",,"",0,normal,100,5,,,9
"""

UTC_TZ = UTC


def strong(text: str, catalog: Catalog, unit: str = "kg") -> ImportResult:
    return parse_strong(
        text.encode(),
        source="strong.csv",
        catalog=catalog,
        unit=unit,
        tz=UTC_TZ,  # type: ignore[arg-type]
    )


def hevy(text: str, catalog: Catalog) -> ImportResult:
    return parse_hevy(text.encode(), source="hevy.csv", catalog=catalog, tz=UTC_TZ)


def id_of(catalog: Catalog, name: str) -> str:
    return catalog.exercise(name).id


def test_strong_new_layout(catalog: Catalog) -> None:
    result = strong(STRONG_NEW, catalog)
    sets = result.batch.sets
    assert [s.exercise for s in sets] == [
        id_of(catalog, "barbell bench press"), id_of(catalog, "barbell bench press"),
        id_of(catalog, "barbell bench press"), NameMapper(catalog).map("Lateral Raise (Dumbbell)"),
        id_of(catalog, "lat pulldown"), id_of(catalog, "pull up"), id_of(catalog, "dumbbell curl"),
    ]  # fmt: skip
    warmup, first, second = sets[:3]
    assert (warmup.block, warmup.load, warmup.reps) == ("primer", 40.0, 10)
    assert (first.block, first.load, first.rir, first.notes) == (
        "working",
        60.0,
        2,
        "slow eccentric",
    )
    assert second.rir == 0  # RPE 9.5: floor(0.5)
    assert sets[5].load is None  # bodyweight pull-ups
    assert sets[6].failure is True and sets[6].rir == 0
    push, pull = result.batch.sessions
    assert push.started_at == datetime(2024, 3, 5, 18, 2, 11, tzinfo=UTC)
    assert push.finished_at == push.started_at + timedelta(minutes=65)
    assert (push.title, push.notes) == ("Push Day", "Felt strong")
    assert pull.started_at == datetime(2024, 3, 7, 19, 15, 3, tzinfo=UTC)
    assert [s.performed_at - push.started_at for s in sets[:3]] == [
        timedelta(seconds=i) for i in range(3)
    ]


def test_strong_reports_what_it_skipped(catalog: Catalog) -> None:
    result = strong(STRONG_NEW, catalog)
    assert result.rows == 9
    assert result.unmapped == {"Zottman Wiggle (Machine)": 1}
    assert {s.row for s in result.skipped} == {6, 7}
    summary = "\n".join(result.summary())
    assert "Read 9 rows: 7 sets in 2 sessions." in summary
    assert "Skipped 1 row(s) of 'Zottman Wiggle (Machine)': no such exercise" in summary
    assert "no reps (timed or distance exercise)" in summary


def test_strong_old_layout_with_semicolons_decimal_commas_and_units(catalog: Catalog) -> None:
    result = strong(STRONG_OLD, catalog, unit="lb")
    first, second, third = result.batch.sets
    assert (first.load, first.unit, second.load, second.unit) == (102.5, "kg", 225.0, "lb")
    assert first.exercise == id_of(catalog, "back squat")
    assert second.id != third.id  # identical rows are two sets, not one
    (session,) = result.batch.sessions
    assert session.finished_at == session.started_at + timedelta(minutes=48)


def test_strong_without_a_unit_column_uses_the_given_unit(catalog: Catalog) -> None:
    assert {s.unit for s in strong(STRONG_NEW, catalog, unit="lb").batch.sets} == {"lb"}


def test_hevy(catalog: Catalog) -> None:
    result = hevy(HEVY, catalog)
    sets = result.batch.sets
    assert [s.block for s in sets[:3]] == ["primer", "working", "working"]
    assert sets[1].rir == 2 and sets[2].failure is True
    assert sets[3].exercise == id_of(catalog, "seated cable row")
    assert sets[3].notes == "squeeze" and sets[4].notes == "squeeze drop set"
    assert sets[5].exercise == id_of(catalog, "back squat") and sets[5].rir == 1
    upper, legs = result.batch.sessions
    assert upper.started_at == datetime(2024, 1, 15, 18, 4, tzinfo=UTC)
    assert upper.finished_at == datetime(2024, 1, 15, 19, 10, tzinfo=UTC)
    assert (upper.title, upper.notes, legs.title) == ("Upper A", "Good session", "Legs")
    assert [s.reason for s in result.skipped] == ["no reps (timed or distance exercise)"]


def test_hevy_in_pounds(catalog: Catalog) -> None:
    text = HEVY.replace("weight_kg", "weight_lbs").replace("distance_km", "distance_miles")
    assert {s.unit for s in hevy(text, catalog).batch.sets} == {"lb"}


@pytest.mark.parametrize("parse", [strong, hevy])
def test_importing_the_same_file_twice_adds_nothing(parse: object, catalog: Catalog) -> None:
    text = STRONG_NEW if parse is strong else HEVY
    repo = InMemoryRepository()
    first = repo.add_batch(parse(text, catalog).batch)  # type: ignore[operator]
    again = repo.add_batch(parse(text, catalog).batch)  # type: ignore[operator]
    assert first.sets_added > 0 and again.sets_added == 0 and again.sessions_added == 0


def test_ids_do_not_depend_on_the_time_zone(catalog: Catalog) -> None:
    here = parse_hevy(HEVY.encode(), source="h", catalog=catalog, tz=None)
    assert [s.id for s in here.batch.sets] == [s.id for s in hevy(HEVY, catalog).batch.sets]


@pytest.mark.parametrize(
    ("app_name", "like"),
    [
        ("Bench Press (Barbell)", "barbell bench press"),
        ("Bench Press (Dumbbell)", "dumbbell bench press"),
        ("Bicep Curl (Dumbbell)", "dumbbell curl"),
        ("Bicep Curl (Barbell)", "barbell curl"),
        ("Lat Pulldown (Cable)", "lat pulldown"),
        ("Squat (Barbell)", "back squat"),
        ("Seated Cable Row - Bar Grip", "seated cable row"),
        ("pec deck", "pec deck"),
    ],
)
def test_app_names_map_onto_the_catalog(catalog: Catalog, app_name: str, like: str) -> None:
    assert NameMapper(catalog).map(app_name) == id_of(catalog, like)


@pytest.mark.parametrize("app_name", ["Running", "Zottman Wiggle (Machine)", "Plank", ""])
def test_unknown_names_are_not_invented(catalog: Catalog, app_name: str) -> None:
    assert NameMapper(catalog).map(app_name) is None


def test_fuzzy_matches_respect_the_equipment(catalog: Catalog) -> None:
    found = NameMapper(catalog).map("Bench Press (Dumbbell)")
    assert found is not None and "dumbbell" in catalog.exercises[found].equipment


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("app", "text", "message"),
    [
        ("strong", "", "strong.csv: is empty"),
        ("strong", HEVY, "strong.csv, row 1: column 'Date' is missing; this looks like a Hevy export"),
        ("hevy", STRONG_NEW, "hevy.csv, row 1: column 'title' is missing; this looks like a Strong export"),
        ("strong", "a,b,c\n1,2,3\n", "row 1: column 'Date' is missing; expected a Strong CSV export"),
        ("strong", STRONG_NEW[: STRONG_NEW.rindex(",0,0,")], "row 10: has 7 fields, expected 12"),
        ("strong", STRONG_NEW[:-40], "row 10: malformed CSV (unexpected end of data)"),
        ("strong", _swap(STRONG_NEW, ",60,8,", ",6o,8,"), "row 3, column 'Weight': '6o' is not a number"),
        ("strong", _swap(STRONG_NEW, ",60,8,", ",60,8.5,"), "row 3, column 'Reps': '8.5' is not a whole number"),
        ("strong", _swap(STRONG_NEW, ",60,8,", ",60,-8,"), "row 3, column 'Reps': -8 is negative"),
        ("strong", _swap(STRONG_NEW, "2024-03-05 18:02:11", "05/03/2024"), "row 2, column 'Date': '05/03/2024' is not a date"),
        ("strong", _swap(STRONG_NEW, ",W,", ",Q,"), "row 2, column 'Set Order': 'Q' is not a set number"),
        ("strong", _swap(STRONG_NEW, ",1h 5m,", ",soon,"), "row 2, column 'Duration': 'soon' is not a duration"),
        ("strong", _swap(STRONG_NEW, ",9.5\n", ",12\n"), "row 4, column 'RPE': '12' is not an RPE"),
        ("strong", _swap(STRONG_OLD, ";kg;", ";stone;"), "row 2, column 'Weight Unit': 'stone'"),
        ("strong", STRONG_NEW.replace('"slow eccentric"', '"slow eccentric'), "malformed CSV"),
        ("hevy", _swap(HEVY, ",warmup,", ",superset,"), "row 2, column 'set_type': 'superset' is not one of"),
        ("hevy", _swap(HEVY, '"15 Jan 2024, 19:10"', '"14 Jan 2024, 19:10"'), "row 2, column 'end_time'"),
        ("hevy", HEVY.replace("weight_kg", "weight_stone"), "column 'weight_kg' (or 'weight_lbs') is missing"),
        ("hevy", "\ufeff" + HEVY[: len(HEVY_HEADER) + 53], "hevy.csv, row 2: has 4 fields, expected 14"),
    ],
)  # fmt: skip
def test_broken_files_stop_with_one_sentence_naming_row_and_column(
    app: str, text: str, message: str, catalog: Catalog
) -> None:
    with pytest.raises(DataError) as info:
        (strong if app == "strong" else hevy)(text, catalog)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_bytes_that_are_not_utf8(catalog: Catalog) -> None:
    with pytest.raises(DataError, match=r"strong\.csv: not UTF-8 text at byte 0"):
        parse_strong(b"\xff\xfe\x00D", source="strong.csv", catalog=catalog, unit="kg", tz=UTC)


def _import(repo: Repository, app: str, data: bytes, catalog: Catalog) -> None:
    if app == "strong":
        result = parse_strong(data, source="f", catalog=catalog, unit="kg", tz=UTC)
    else:
        result = parse_hevy(data, source="f", catalog=catalog, tz=UTC)
    repo.add_batch(result.batch)


def _mutations(text: str) -> st.SearchStrategy[bytes]:
    raw = text.encode()
    cut = st.integers(0, len(raw)).map(lambda n: raw[:n])
    flip = st.tuples(st.integers(0, len(raw) - 1), st.binary(min_size=1, max_size=3)).map(
        lambda p: raw[: p[0]] + p[1] + raw[p[0] + 1 :]
    )
    chars = st.sampled_from(list(',;"\n\r x-.:W0123456789'))
    insert = st.tuples(st.integers(0, len(raw)), st.lists(chars, min_size=1, max_size=4)).map(
        lambda p: raw[: p[0]] + "".join(p[1]).encode() + raw[p[0] :]
    )
    return st.one_of(cut, flip, insert, st.binary(max_size=200))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_broken_input_raises_only_data_error_and_writes_nothing(
    data: st.DataObject, catalog: Catalog
) -> None:
    app = data.draw(st.sampled_from(["strong", "hevy"]))
    blob = data.draw(_mutations(STRONG_NEW if app == "strong" else HEVY))
    repo = InMemoryRepository()
    try:
        _import(repo, app, blob, catalog)
    except DataError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert repo.snapshot().sets == () and repo.snapshot().sessions == ()
