"""``mindmuscle log``, ``session``, ``soreness``, ``bodyweight``, ``history``, ``lifter``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mindmuscle.cli.log_commands import ParsedSet, parse_pairs, parse_set_words
from mindmuscle.errors import InputError
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.store import open_repository
from mindmuscle.store.sql.repository import SqlRepository
from support.clirun import Run


@pytest.fixture
def repo(db_url: str) -> Iterator[SqlRepository]:
    with open_repository(db_url) as opened:
        yield opened


def pec_deck() -> str:
    return builtin_catalog().exercise("pec deck").id


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("bench_press 60kg x 8", ParsedSet("bench_press", 60.0, "kg", 8)),
        ("bench press 60 x 8", ParsedSet("bench press", 60.0, None, 8)),
        ("curl 135lb x 10", ParsedSet("curl", 135.0, "lb", 10)),
        ("curl 135 lbs x10", ParsedSet("curl", 135.0, "lb", 10)),
        ("squat 102,5kgx5", ParsedSet("squat", 102.5, "kg", 5)),
        ("pull_up bodyweight x 12", ParsedSet("pull_up", None, None, 12)),
        ("pull up BW × 12", ParsedSet("pull up", None, None, 12)),
    ],
)
def test_parse_set_words(words: str, expected: ParsedSet) -> None:
    assert parse_set_words(words.split(" ")) == expected


@pytest.mark.parametrize(
    "words", ["bench 60 8", "60 x 8", "bench x 8", "bench 60kg x", "bench -5 x 8"]
)
def test_unreadable_set_words(words: str) -> None:
    with pytest.raises(InputError, match=r"as EXERCISE LOAD x REPS; expected e\.g\."):
        parse_set_words(words.split(" "))


def test_parse_pairs() -> None:
    assert parse_pairs(["chest=2", "Back=0"]) == {"chest": 2, "back": 0}
    with pytest.raises(InputError, match="Unknown muscle group 'neck'"):
        parse_pairs(["neck=1"])
    with pytest.raises(InputError, match="expected GROUP=DOMS"):
        parse_pairs(["chest:1"])


def test_log_a_set_with_everything(mm_db: Run, repo: SqlRepository) -> None:
    ran = mm_db(
        "log", "pec", "deck", "60kg", "x", "8", "--tempo", "4-0-1-1", "--mmc", "7", "--rir", "1",
        "--pump", "2", "--notes", "felt it", "--rep-range", "8-12", "--measured-tempo", "3-0-1-1",
    )  # fmt: skip
    assert ran.code == 0, ran.err
    assert ran.out.startswith("Logged Pec deck: 60 kg x 8, tempo 4-0-1-1, mmc 7, rir 1, pump 2")
    (logged,) = repo.sets()
    assert (logged.exercise, logged.load, logged.unit, logged.reps) == (pec_deck(), 60.0, "kg", 8)
    assert (str(logged.tempo), str(logged.measured_tempo), logged.rep_range) == (
        "4-0-1-1",
        "3-0-1-1",
        (8, 12),
    )
    assert (logged.mmc, logged.rir, logged.pump, logged.notes) == (7, 1, 2, "felt it")
    assert logged.session_id is not None and logged.session_id.startswith("auto-me-")


@pytest.mark.parametrize(
    ("args", "load", "unit", "block", "failure"),
    [
        (["butterfly", "60", "x", "8"], 60.0, "kg", "working", None),
        (["pec_deck", "135lb", "x", "10", "--failure"], 135.0, "lb", "working", True),
        (["machine fly", "bw", "x", "12", "--primer"], None, "kg", "primer", None),
    ],
)
def test_log_variants(
    mm_db: Run, repo: SqlRepository, args: list[str], load: float | None, unit: str, block: str,
    failure: bool | None,
) -> None:  # fmt: skip
    assert mm_db("log", *args).code == 0
    (logged,) = repo.sets()
    assert (logged.load, logged.unit, logged.block, logged.failure) == (load, unit, block, failure)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pec_dek", "60", "x", "8"], "Error: Unknown exercise 'pec_dek'. Did you mean"),
        (["pec_deck", "60", "x", "8", "--mmc", "11"], "Error: Set field mmc is 11; expected"),
        (["pec_deck", "60", "x", "8", "--pump", "4"], "Error: Set field pump is 4"),
        (["pec_deck", "60", "x", "8", "--rir", "-1"], "Error: Set field rir is -1"),
        (["pec_deck", "60", "x", "8", "--failure", "--rir", "2"], "Error: Set field rir is 2"),
        (["pec_deck", "60", "x", "8", "--tempo", "4-0-1"], "Error: --tempo: Tempo '4-0-1' has 3"),
        (["pec_deck", "sixty", "x", "8"], "Error: Cannot read 'pec_deck sixty x 8'"),
        (["pec_deck", "60", "x", "8", "--at", "noon"], "Error: --at 'noon' is not a date"),
        (
            ["pec_deck", "60", "x", "8", "--rep-range", "8"],
            "Error: --rep-range '8' is not LOW-HIGH",
        ),
    ],
)
def test_bad_input_is_one_sentence_exit_2_and_nothing_written(
    mm_db: Run, repo: SqlRepository, args: list[str], message: str
) -> None:
    ran = mm_db("log", *args)
    assert (ran.code, ran.out) == (2, "")
    assert ran.err.startswith(message) and ran.err.count("\n") == 1
    assert "Traceback" not in ran.err
    assert repo.sets() == [] and repo.sessions() == []


def test_logging_the_same_id_twice_is_harmless_and_other_content_is_refused(
    mm_db: Run, repo: SqlRepository
) -> None:
    at = "2024-05-01T18:00:00+02:00"
    assert mm_db("log", "pec_deck", "60", "x", "8", "--id", "s-1", "--at", at).code == 0
    again = mm_db("log", "pec_deck", "60", "x", "8", "--id", "s-1", "--at", at)
    assert again.code == 0 and again.out.startswith("Already logged Pec deck")
    clash = mm_db("log", "pec_deck", "60", "x", "9", "--id", "s-1", "--at", at)
    assert clash.code == 2 and "already stored with different content" in clash.err
    (logged,) = repo.sets()
    assert logged.reps == 8


def test_sessions(mm_db: Run, repo: SqlRepository, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"focus": ["chest"], "blocks": []}))
    started = mm_db("session", "start", "--plan", str(plan), "--title", "Chest day")
    assert started.code == 0 and started.out.startswith("Session started at")
    assert mm_db("session", "start").err.startswith("Error: A session started at")
    mm_db("log", "pec_deck", "50", "x", "10")
    mm_db("log", "pec_deck", "50", "x", "9")
    finished = mm_db("session", "finish")
    assert finished.code == 0 and finished.out.startswith("Session finished: 2 sets")
    assert mm_db("session", "finish").err == (
        "Error: No session is open; start one with 'mindmuscle session start'.\n"
    )
    mm_db("log", "pec_deck", "50", "x", "8")
    live, auto = sorted(repo.sessions(), key=lambda s: s.auto)
    assert (live.title, live.finished_at is not None, auto.auto) == ("Chest day", True, True)
    assert live.plan_id is not None
    plan_stored = repo.get_plan(live.plan_id)
    assert plan_stored is not None and plan_stored.prescription == {
        "focus": ["chest"],
        "blocks": [],
    }
    assert [s.session_id for s in repo.sets()] == [live.id, live.id, auto.id]


def test_soreness(mm_db: Run, repo: SqlRepository) -> None:
    ran = mm_db("soreness", "chest=2", "back=1", "--date", "2024-05-02")
    assert ran.code == 0 and ran.out == "Soreness on 2024-05-02: chest 2, back 1.\n"
    assert [(s.group, s.doms) for s in repo.soreness()] == [("back", 1), ("chest", 2)]
    bad = mm_db("soreness", "chest=1", "legs=4")
    assert bad.code == 2 and bad.err.startswith("Error: Soreness field legs is 4")
    assert len(repo.soreness()) == 2


def test_bodyweight(mm_db: Run, repo: SqlRepository) -> None:
    assert mm_db("bodyweight", "81.5kg").out == "Bodyweight 81.5 kg recorded.\n"
    assert mm_db("bodyweight", "heavy").code == 2
    assert [b.weight for b in repo.bodyweights()] == [81.5]


def test_history(mm_db: Run) -> None:
    assert mm_db("history").out == "No sets logged yet.\n"
    mm_db(
        "log",
        "pec_deck",
        "60",
        "x",
        "8",
        "--tempo",
        "4-0-1-1",
        "--mmc",
        "7",
        "--at",
        "2024-05-01T18:00",
    )
    mm_db("log", "pec_deck", "bw", "x", "12", "--primer", "--at", "2024-06-01T18:00")
    out = mm_db("history").out
    assert "Logged sets" in out and "Pec deck" in out and "4-0-1-1" in out and "bw" in out
    assert "2024-06-01" not in mm_db("history", "--exercise", "butterfly").out.split("Pec")[0]
    since = mm_db("history", "--since", "2024-05-15").out
    assert "2024-06-01" in since and "2024-05-01" not in since
    assert mm_db("history", "--since", "May").err.startswith("Error: --since 'May' is not a date")


def test_lifter_profile_and_its_units(mm_db: Run, repo: SqlRepository) -> None:
    assert mm_db("lifter", "show").out.startswith("No profile yet")
    ran = mm_db(
        "lifter", "set", "--name", "Ana", "--start-date", "2024-01-08", "--level", "novice",
        "--units", "lb", "--equipment", "barbell, dumbbell",
    )  # fmt: skip
    assert ran.code == 0 and "start date: 2024-01-08" in ran.out and "barbell, dumbbell" in ran.out
    assert mm_db("lifter", "set", "--level", "pro").err.startswith(
        "Error: Lifter field level is 'pro'"
    )
    assert mm_db("lifter", "set", "--start-date", "soon").code == 2
    mm_db("log", "pec_deck", "100", "x", "8")
    (logged,) = repo.sets()
    assert logged.unit == "lb"  # the profile's unit when the load has none
    lifter = repo.get_lifter()
    assert (
        lifter is not None
        and lifter.level == "novice"
        and lifter.equipment
        == (
            "barbell",
            "dumbbell",
        )
    )
