"""``mindmuscle log --motion/--emg`` and ``mindmuscle attach``: the file is analysed and
attached to the set; the measured tempo and the EMG target share show in ``history``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.signals.synth import SetSpec, synth_imu
from mindmuscle.store import open_repository
from mindmuscle.store.sql.repository import SqlRepository
from support.clirun import Run

AT = "2024-05-01T18:00:00+02:00"


@pytest.fixture
def repo(db_url: str) -> Iterator[SqlRepository]:
    with open_repository(db_url) as opened:
        yield opened


@pytest.fixture(scope="module")
def motion_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rec = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
    path = tmp_path_factory.mktemp("motion") / "set.csv"
    table = np.column_stack([rec.t, rec.acc])
    np.savetxt(path, table, delimiter=",", header="time,ax,ay,az", comments="")
    return path


@pytest.fixture(scope="module")
def emg_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    fs, n = 1000, 12_000
    t = np.arange(n) / fs
    x = np.random.default_rng(0).standard_normal((2, n)) * 0.01
    x *= np.where((t % 4) < 1.5, 10.0, 1.0) * np.array([[1.0], [0.4]])
    path = tmp_path_factory.mktemp("emg") / "emg.csv"
    table = np.column_stack([t, x.T])
    np.savetxt(path, table, delimiter=",", header="time,biceps,brachio", comments="")
    return path


def test_log_with_motion_measures_the_tempo(
    mm_db: Run, repo: SqlRepository, motion_csv: Path
) -> None:
    ran = mm_db(
        "log", "squat", "100kg", "x", "5", "--id", "q1", "--at", AT, "--motion", str(motion_csv)
    )
    assert ran.code == 0, ran.err
    assert "Attached set.csv: 5 reps, measured tempo " in ran.out
    logged = repo.get_set("q1")
    assert logged is not None and logged.measured_tempo is not None
    assert 2.0 < logged.measured_tempo.eccentric < 4.0
    (recording,) = repo.recordings("q1")
    assert recording.kind == "motion" and recording.summary["rep_count"] == 5
    assert str(logged.measured_tempo) in mm_db("history").out


def test_attach_emg_to_a_logged_set(mm_db: Run, repo: SqlRepository, emg_csv: Path) -> None:
    assert mm_db("log", "barbell_curl", "20kg", "x", "3", "--id", "c1", "--at", AT).code == 0
    args = ("attach", "c1", str(emg_csv), "--kind", "emg", "--target", "biceps")
    ran = mm_db(*args, "--accessory", "brachio")
    assert ran.code == 0 and "Attached emg.csv: target share 7" in ran.out
    again = mm_db(*args, "--accessory", "brachio")
    assert "already attached to set c1" in again.out and len(repo.recordings()) == 1
    assert "71%" in mm_db("history").out or "72%" in mm_db("history").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["attach", "nope", "{motion}"], "Error: No set with id 'nope' is logged"),
        (["attach", "c1", "{missing}"], "Error: "),
        (["attach", "c1", "{emg}", "--kind", "emg"], "Error: emg.csv: name the target muscle"),
        (["attach", "c1", "{emg}", "--kind", "emg", "--target", "quads"], "Error: "),
        (["attach", "c1", "{motion}", "--target", "x"], "Error: --target and --accessory name"),
    ],
)
def test_errors_are_one_sentence_and_write_nothing(
    mm_db: Run, repo: SqlRepository, motion_csv: Path, emg_csv: Path, tmp_path: Path,
    args: list[str], message: str,
) -> None:  # fmt: skip
    assert mm_db("log", "barbell_curl", "20kg", "x", "3", "--id", "c1", "--at", AT).code == 0
    files = {"motion": motion_csv, "emg": emg_csv, "missing": tmp_path / "no.csv"}
    ran = mm_db(*[a.format(**files) for a in args])
    assert ran.code == 2 and ran.err.startswith(message) and ran.err.count("\n") == 1, ran.err
    assert repo.recordings() == []


def test_log_with_a_bad_file_logs_nothing(mm_db: Run, repo: SqlRepository, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("time,ax,ay,az\n0,a,b,c\n")
    ran = mm_db("log", "squat", "100kg", "x", "5", "--motion", str(bad))
    assert ran.code == 2 and ran.err.count("\n") == 1 and repo.sets() == []
    ran = mm_db("log", "squat", "100kg", "x", "5", "--target", "biceps")
    assert ran.code == 2 and "--emg" in ran.err and repo.sets() == []
