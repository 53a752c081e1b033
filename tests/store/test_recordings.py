"""Recordings attached to sets: the fake, SQLite and PostgreSQL behave the same; attaching a
motion recording sets the set's measured tempo; the JSON export carries recordings."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.errors import ConflictError, DataError, InputError
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet
from mindmuscle.signals.synth import SetSpec, synth_imu
from mindmuscle.store import InMemoryRepository, Repository, TrainingSession, open_repository
from mindmuscle.store.exchange import batch_from_json, batch_to_json
from mindmuscle.store.recording_files import emg_recording, motion_recording
from mindmuscle.store.records import Recording, check_recording, measured_tempo_of

from .conftest import T0

SHA = "a" * 64
P1 = {"eccentric": 3, "bottom": 0.2, "concentric": 1, "top": 1}
P2 = {"eccentric": 2, "bottom": 0.4, "concentric": 1, "top": 1}
MOTION = {
    "rep_count": 2,
    "reps": [
        {"start": 0, "end": 5, "phases": P1},
        {"start": 5, "end": 10, "phases": P2},
    ],
}  # fmt: skip


def rec(rid: str = "r1", sha: str = SHA, kind: str = "motion", set_id: str = "x1") -> Recording:
    summary = MOTION if kind == "motion" else {"target": 0.4, "target_share": 0.7}
    return Recording(rid, set_id, kind, "set.csv", sha, T0, summary)  # type: ignore[arg-type]


@pytest.fixture
def logged(repo: Repository, session: TrainingSession) -> LoggedSet:
    s = LoggedSet("x1", "pec_deck", T0 + timedelta(minutes=5), 10, session_id=session.id)
    repo.add_set(s)
    return s


def test_motion_recording_sets_measured_tempo(repo: Repository, logged: LoggedSet) -> None:
    stored, result = repo.attach_recording(rec())
    assert result == "added" and stored.id == "r1"
    assert repo.get_set("x1").measured_tempo == Tempo(2.5, 0.3, 1, 1)  # type: ignore[union-attr]
    assert [r.id for r in repo.recordings()] == ["r1"] == [r.id for r in repo.recordings("x1")]
    assert repo.recordings("other") == []
    assert repo.recordings()[0].summary["reps"][0]["phases"]["eccentric"] == 3


def test_same_file_again_is_harmless(repo: Repository, logged: LoggedSet) -> None:
    repo.attach_recording(rec())
    again, result = repo.attach_recording(rec(rid="r2"))
    assert result == "unchanged" and again.id == "r1" and len(repo.recordings()) == 1
    assert repo.attach_recording(rec())[1] == "unchanged"


def test_emg_recording_leaves_the_tempo_alone(repo: Repository, logged: LoggedSet) -> None:
    repo.attach_recording(rec(kind="emg", sha="b" * 64))
    assert repo.get_set("x1").measured_tempo is None  # type: ignore[union-attr]


def test_errors_write_nothing(repo: Repository, logged: LoggedSet) -> None:
    with pytest.raises(InputError, match="set_id 'nope' names no stored set"):
        repo.attach_recording(rec(set_id="nope"))
    repo.attach_recording(rec())
    with pytest.raises(ConflictError, match="recording with id 'r1'"):
        repo.attach_recording(rec(sha="c" * 64))
    with pytest.raises(InputError, match="kind is 'video'; expected motion or emg"):
        repo.attach_recording(rec(rid="r3", kind="video"))
    assert len(repo.recordings()) == 1


def test_another_lifters_set_is_not_found(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}"
    with open_repository(url) as me, open_repository(url, lifter_id="other") as other:
        me.add_session(TrainingSession("s1", T0))
        me.add_set(LoggedSet("x1", "pec_deck", T0, 10, session_id="s1"))
        with pytest.raises(InputError, match="names no stored set"):
            other.attach_recording(rec())


def test_export_import_round_trip(repo: Repository, logged: LoggedSet) -> None:
    repo.attach_recording(rec())
    text = batch_to_json(repo.snapshot())
    doc = json.loads(text)
    assert doc["schema_version"] == 3 and doc["recordings"][0]["sha256"] == SHA
    fresh = InMemoryRepository()
    fresh.add_batch(batch_from_json(text, source="x.json"))
    assert batch_to_json(fresh.snapshot()) == text


def test_version_1_files_are_still_read() -> None:
    doc = {"schema_version": 1, "lifter": None, "plans": [], "sessions": [], "sets": []}
    doc |= {"soreness": [], "bodyweight": []}
    assert batch_from_json(json.dumps(doc), source="v1.json").recordings == ()
    doc["recordings"] = []
    with pytest.raises(DataError, match="not part of schema_version 1"):
        batch_from_json(json.dumps(doc), source="v1.json")


def test_check_and_mean() -> None:
    with pytest.raises(InputError, match="sha256"):
        check_recording(rec(sha="xyz"))
    assert measured_tempo_of({"reps": []}) is None


def test_files_are_analysed(tmp_path: Path) -> None:
    imu = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
    path = tmp_path / "set.csv"
    np.savetxt(path, np.column_stack([imu.t, imu.acc]), delimiter=",", header="time,ax,ay,az")
    path.write_text(path.read_text().lstrip("# "))
    got = motion_recording(path, recording_id="m", set_id="x1", created_at=T0, pattern="squat")
    assert got.summary["rep_count"] == 5 and len(got.sha256) == 64
    assert 2.0 < got.summary["measured_tempo"]["eccentric"] < 4.0
    fs, n = 1000, 12_000
    t = np.arange(n) / fs
    x = np.random.default_rng(0).standard_normal((2, n)) * 0.01
    x *= np.where((t % 4) < 1.5, 10.0, 1.0) * np.array([[1.0], [0.4]])
    emg = tmp_path / "emg.csv"
    np.savetxt(emg, np.column_stack([t, x.T]), delimiter=",", header="time,biceps,brachio")
    emg.write_text(emg.read_text().lstrip("# "))
    got = emg_recording(
        emg, recording_id="e", set_id="x1", created_at=T0, target="biceps", accessory="brachio"
    )
    assert 0.6 < got.summary["target_share"] < 0.8 and got.summary["units"]
    with pytest.raises(DataError, match="no such file"):
        motion_recording(tmp_path / "no.csv", recording_id="m", set_id="x1", created_at=T0)
