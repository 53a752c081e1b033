"""The planning commands end to end through the CLI entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mindmuscle.method.model import GROUPS
from support.clirun import cli

CHECK_PLAN = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_plan.py"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cli(*args, timeout=60, env=env)


@pytest.mark.parametrize("group", GROUPS)
def test_plan_json_contract_for_every_group(group: str) -> None:
    out = run("plan", "--focus", group, "--level", "novice", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["focus"] == [group] and doc["first_month"] is True
    assert [b["kind"] for b in doc["blocks"]] == ["primer", "working"]


def test_text_and_markdown_formats() -> None:
    text = run("plan", "--focus", "back", "--week", "6")
    assert text.returncode == 0, text.stderr
    assert "PRIMERS" in text.stdout and "WORKING SETS" in text.stdout
    md = run("plan", "--focus", "back", "--format", "md")
    assert md.stdout.startswith("# Session: back")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("plan", "--focus", "elbowz"), "Unknown focus 'elbowz'"),
        (("plan", "--focus", "chest", "--level", "expert"), "Unknown level"),
        (("exercise", "benchpres"), "Did you mean"),
        (("program", "--split", "arnold"), "Unknown split"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(args: tuple[str, ...], fragment: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert fragment in out.stderr
    assert "Traceback" not in out.stderr + out.stdout
    assert out.stderr.count("\n") == 1


def test_broken_user_catalog_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "exercises.toml").write_text("[exercises.x]\nname = 'X'\ngroup = 'chest'\n")
    env = {"MINDMUSCLE_CONFIG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = run("plan", "--focus", "chest", env=env)
    assert out.returncode == 2
    assert "exercises.toml" in out.stderr and "exercises.x" in out.stderr
    assert "Traceback" not in out.stderr


def test_user_catalog_adds_an_exercise(tmp_path: Path) -> None:
    (tmp_path / "exercises.toml").write_text(
        "[exercises.landmine_press]\nname = 'Landmine press'\ngroup = 'shoulders'\n"
        "pattern = 'vertical_press'\nequipment = ['barbell']\ntarget = ['anterior_deltoid']\n"
    )
    env = {"MINDMUSCLE_CONFIG_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = run("exercise", "landmine press", "--format", "json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["exercise"] == "landmine_press"


def test_exercises_listing_and_detail() -> None:
    listing = run("exercises", "--group", "legs", "--format", "json")
    assert listing.returncode == 0
    groups = {e["group"] for e in json.loads(listing.stdout)}
    assert groups == {"legs"}
    detail = run("exercise", "seated cable row")
    assert detail.returncode == 0 and "back:upper" in detail.stdout


def test_program_json() -> None:
    out = run("program", "--split", "ppl", "--days", "3", "--weeks", "5", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [w["phase"] for w in doc["weeks"]] == ["introduction"] * 4 + ["build"]


@pytest.mark.skipif(
    not CHECK_PLAN.is_file(), reason="shared/tools/check_plan.py not beside the repo"
)
def test_shared_plan_checker_passes() -> None:
    mm = Path(sys.executable).parent / "mindmuscle"
    out = subprocess.run(
        [sys.executable, str(CHECK_PLAN), str(mm)], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_command_has_help() -> None:
    for cmd in ("plan", "program", "exercises", "exercise"):
        out = run(cmd, "--help")
        assert out.returncode == 0 and "Example:" in out.stdout, cmd


def test_plan_for_a_known_lifter_recommends_loads_from_the_log(tmp_path: Path) -> None:
    env = {
        "MINDMUSCLE_DATA_DIR": str(tmp_path / "data"),
        "MINDMUSCLE_CONFIG_DIR": str(tmp_path / "cfg"),
        "MINDMUSCLE_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
    }
    fresh = json.loads(run("plan", "--focus", "chest", "--format", "json", env=env).stdout)
    assert all("recommendation" not in i for b in fresh["blocks"] for i in b["items"])
    assert run("lifter", "set", "--start-date", "2020-01-06", "--level", "advanced", env=env)
    for _ in range(3):
        out = run("log", "barbell_bench_press", "80kg", "x", "10", "--tempo", "4-0-1-0",
                  "--mmc", "8", "--failure", env=env)  # fmt: skip
        assert out.returncode == 0, out.stderr
    doc = json.loads(run("plan", "--focus", "chest", "--format", "json", env=env).stdout)
    assert doc["level"] == "advanced" and doc["first_month"] is False  # from the profile
    bench = next(
        i for b in doc["blocks"] for i in b["items"] if i["exercise"] == "barbell_bench_press"
    )
    rec = bench["recommendation"]
    assert rec["action"] == "increase"  # 10 reps hit the top of 6-10 with a good mmc
    assert rec["previous_load"] == 80 and rec["load"] == 82.5
    assert rec["reasons"]


def test_the_validated_catalog_is_cached_in_the_cache_dir(tmp_path: Path) -> None:
    from mindmuscle.settings import Settings
    from mindmuscle.user_catalog import user_catalog

    settings = Settings.from_environ({"MINDMUSCLE_CACHE_DIR": str(tmp_path), "HOME": str(tmp_path)})
    first = user_catalog(settings)
    (cache,) = tmp_path.glob("catalog-*.pickle")
    assert user_catalog(settings) == first  # served from the cache
    stale = tmp_path / "old.pickle"
    cache.rename(stale)
    assert user_catalog(settings).exercise("bench press").id == "barbell_bench_press"
    assert len(list(tmp_path.glob("catalog-*.pickle"))) == 1
