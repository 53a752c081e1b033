"""``mindmuscle import strong|hevy|json FILE`` and ``mindmuscle export``."""

# ruff: noqa: E501 - rows of realistic export files are long lines

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from mindmuscle.store import open_repository
from support.clirun import Run

STRONG = """Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE
2024-03-05 18:02:11,"Push Day",1h 5m,"Bench Press (Barbell)",W,40,10,0,0,"","",
2024-03-05 18:02:11,"Push Day",1h 5m,"Bench Press (Barbell)",1,60,8,0,0,"","",8
2024-03-05 18:02:11,"Push Day",1h 5m,"Zottman Wiggle (Machine)",1,20,10,0,0,"","",
2024-03-07 19:15:03,"Pull Day",45m,"Lat Pulldown (Cable)",1,55,12,0,0,"","",
"""
HEVY = """title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe
"Legs","17 Jan 2024, 07:30","17 Jan 2024, 08:20","","Squat (Barbell)",,"",0,normal,100,5,,,9
"Legs","17 Jan 2024, 07:30","17 Jan 2024, 08:20","","Squat (Barbell)",,"",1,normal,100,5,,,9.5
"""


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def count_sets(url: str) -> int:
    with open_repository(url) as repo:
        return len(repo.sets())


def test_import_strong_reports_and_adds_nothing_twice(
    mm_db: Run, tmp_path: Path, db_url: str
) -> None:
    file = write(tmp_path / "strong.csv", STRONG)
    ran = mm_db("import", "strong", file)
    assert ran.code == 0, ran.err
    assert ran.out.splitlines() == [
        "Read 4 rows: 3 sets in 2 sessions.",
        "Skipped 1 row(s) of 'Zottman Wiggle (Machine)': no such exercise in the catalog.",
        "Imported 3 new sets in 2 new sessions (0 records were already stored).",
    ]
    again = mm_db("import", "strong", file)
    assert again.out.splitlines()[-1] == (
        "Imported 0 new sets in 0 new sessions (5 records were already stored)."
    )
    assert count_sets(db_url) == 3


def test_import_strong_in_pounds(mm_db: Run, tmp_path: Path, db_url: str) -> None:
    assert mm_db("import", "strong", write(tmp_path / "s.csv", STRONG), "--unit", "lb").code == 0
    with open_repository(db_url) as repo:
        assert {s.unit for s in repo.sets()} == {"lb"}
    assert mm_db("import", "strong", str(tmp_path / "s.csv"), "--unit", "st").code == 2


def test_import_hevy(mm_db: Run, tmp_path: Path, db_url: str) -> None:
    ran = mm_db("import", "hevy", write(tmp_path / "workouts.csv", HEVY))
    assert ran.code == 0 and "Imported 2 new sets in 1 new sessions" in ran.out
    assert count_sets(db_url) == 2


@pytest.mark.parametrize(
    ("app", "text", "message"),
    [
        ("hevy", STRONG, "row 1: column 'title' is missing; this looks like a Strong export"),
        ("strong", STRONG.replace(",60,8,", ",60,eight,"), "row 3, column 'Reps': 'eight'"),
        ("strong", STRONG[: STRONG.rindex(",55,")], "row 5: has 5 fields, expected 12"),
        ("strong", STRONG[:-25], "row 5: malformed CSV (unexpected end of data)"),
        ("json", STRONG, "line 1, column 1: not valid JSON"),
    ],
)
def test_broken_files_exit_2_with_one_sentence_and_write_nothing(
    mm_db: Run, tmp_path: Path, db_url: str, app: str, text: str, message: str
) -> None:
    ran = mm_db("import", app, write(tmp_path / "in.csv", text))
    assert ran.code == 2 and ran.out == ""
    assert ran.err.startswith(f"Error: {tmp_path / 'in.csv'}") and message in ran.err
    assert ran.err.count("\n") == 1
    assert count_sets(db_url) == 0


def test_a_missing_file(mm_db: Run, tmp_path: Path) -> None:
    ran = mm_db("import", "strong", str(tmp_path / "nope.csv"))
    assert ran.code == 2 and ran.err.startswith("Error: Cannot read")


def test_export_import_export_is_identical(mm_db: Run, tmp_path: Path) -> None:
    mm_db("lifter", "set", "--name", "Ana", "--start-date", "2024-01-08", "--units", "kg")
    mm_db("import", "strong", write(tmp_path / "strong.csv", STRONG))
    mm_db("session", "start", "--title", "Live")
    mm_db(
        "log", "pec_deck", "50", "x", "10", "--tempo", "3-0-X-2", "--mmc", "8", "--notes", "a,b\nc"
    )
    mm_db("session", "finish")
    mm_db("soreness", "chest=2", "--date", "2024-03-06")
    mm_db("bodyweight", "80.4kg")
    first = tmp_path / "first.json"
    assert mm_db("export", "--format", "json", "--out", str(first)).code == 0
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    ran = mm_db("import", "json", str(first), "--db", empty)
    assert ran.code == 0 and "Imported 4 new sets in 3 new sessions" in ran.out
    second = tmp_path / "second.json"
    mm_db("export", "--format", "json", "--out", str(second), "--db", empty)
    assert second.read_text() == first.read_text()
    doc = json.loads(first.read_text())
    assert doc["schema_version"] == 3 and doc["lifter"]["name"] == "Ana"
    assert len(doc["sets"]) == 4 and len(doc["soreness"]) == 1 and len(doc["bodyweight"]) == 1


def test_export_csv_to_a_file_and_to_stdout(mm_db: Run, tmp_path: Path) -> None:
    mm_db("log", "pec_deck", "60", "x", "8", "--notes", 'say "hi", twice')
    out = tmp_path / "sets.csv"
    ran = mm_db("export", "--format", "csv", "--out", str(out))
    assert ran.code == 0 and ran.err == f"Exported 1 sets to {out}.\n"
    (row,) = csv.DictReader(out.read_text(encoding="utf-8").splitlines(keepends=True))
    assert (row["exercise"], row["load"], row["reps"], row["notes"]) == (
        "pec_deck",
        "60.0",
        "8",
        'say "hi", twice',
    )
    assert mm_db("export", "--format", "csv").out == out.read_text()


def test_importing_conflicting_json_is_refused_whole(
    mm_db: Run, tmp_path: Path, db_url: str
) -> None:
    mm_db("log", "pec_deck", "60", "x", "8", "--id", "x1", "--at", "2024-05-01T10:00:00+00:00")
    exported = tmp_path / "e.json"
    mm_db("export", "--out", str(exported))
    doc = json.loads(exported.read_text())
    doc["sets"][0]["reps"] = 9
    doc["sets"].append({**doc["sets"][0], "id": "x2"})
    ran = mm_db("import", "json", write(tmp_path / "changed.json", json.dumps(doc)))
    assert (
        ran.code == 2 and "A set with id 'x1' is already stored with different content" in ran.err
    )
    assert count_sets(db_url) == 1
