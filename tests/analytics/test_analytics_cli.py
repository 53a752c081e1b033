"""``mindmuscle demo``, ``progress`` and ``report`` end to end on a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from support.clirun import Run


def test_demo_then_progress_json(mm: Run, tmp_path: Path) -> None:
    done = mm("demo", "--months", "3", "--seed", "2")
    assert done.code == 0, done.err
    assert "3-month demo history" in done.out
    assert (tmp_path / "data" / "mindmuscle.db").is_file()

    ran = mm("progress", "--format", "json", "--weeks", "6")
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    assert data["first_month"] is False and data["training_week"] >= 13
    assert len(data["weeks"]) == 6
    assert {g["group"] for g in data["groups"]} == {"chest", "back", "shoulders", "arms", "legs"}
    assert any(i["kind"] == "lagging_muscle" for i in data["insights"])
    assert data["exercises"][0]["sessions"][0]["e1rm"] > 0

    arms = json.loads(mm("progress", "--format", "json", "--group", "arms").out)
    assert [g["group"] for g in arms["groups"]] == ["arms"]

    text = mm("progress", "--weeks", "2")
    assert text.code == 0 and "hard sets a week" in text.out and "Insights" in text.out


def test_demo_refuses_a_database_with_sets(mm: Run) -> None:
    assert mm("demo", "--months", "1").code == 0
    again = mm("demo", "--months", "1")
    assert again.code == 2
    assert again.err.startswith("Error: The database already has ")
    assert again.err.count("\n") == 1 and "--force" in again.err
    assert mm("demo", "--months", "1", "--seed", "5", "--force").code == 0


def test_report_files(mm: Run, tmp_path: Path) -> None:
    assert mm("demo", "--months", "2").code == 0
    html = tmp_path / "report.html"
    ran = mm("report", "--weeks", "4", "--out", str(html))
    assert ran.code == 0, ran.err
    assert "data:image/png;base64," in html.read_text(encoding="utf-8")
    bad = mm("report", "--out", str(tmp_path / "report.docx"))
    assert bad.code == 2 and "must end in .html or .pdf" in bad.err


def test_unknown_group_is_one_sentence(mm: Run) -> None:
    ran = mm("progress", "--group", "abs")
    assert ran.code == 2
    assert ran.err == (
        "Error: Unknown muscle group 'abs'; expected one of chest, back, shoulders, arms, legs.\n"
    )


def test_progress_on_an_empty_database(mm: Run) -> None:
    ran = mm("progress")
    assert ran.code == 0, ran.err
    assert "No working sets" in ran.out
    assert "weeks 1-4" in ran.out
