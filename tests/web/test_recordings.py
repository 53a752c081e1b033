"""Uploading a motion or EMG recording of a logged set: analysed, attached, shown on the
History page; bad files are one 4xx JSON error and write nothing."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest

from mindmuscle.signals.synth import SetSpec, synth_imu

AT = "2024-05-01T18:00:00+02:00"


def log_set(client: Any, set_id: str = "q1", exercise: str = "barbell_back_squat") -> None:
    body = {"id": set_id, "exercise": exercise, "performed_at": AT, "reps": 5, "load": 100}
    body["tempo"] = {"eccentric": 3, "bottom": 1, "concentric": 1, "top": 1}
    assert client.post("/api/sets", json=body).status_code == 201, client.post(
        "/api/sets", json=body
    ).text


def csv_bytes(table: np.ndarray, header: str) -> bytes:
    out = io.StringIO()
    np.savetxt(out, table, delimiter=",", header=header, comments="")
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def motion() -> bytes:
    rec = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
    return csv_bytes(np.column_stack([rec.t, rec.acc]), "time,ax,ay,az")


@pytest.fixture(scope="module")
def emg() -> bytes:
    fs, n = 1000, 12_000
    t = np.arange(n) / fs
    x = np.random.default_rng(0).standard_normal((2, n)) * 0.01
    x *= np.where((t % 4) < 1.5, 10.0, 1.0) * np.array([[1.0], [0.4]])
    return csv_bytes(np.column_stack([t, x.T]), "time,biceps,brachio")


def test_upload_motion_and_emg(client: Any, motion: bytes, emg: bytes) -> None:
    log_set(client)
    up = client.post(
        "/api/sets/q1/recordings", files={"file": ("set.csv", motion)}, data={"kind": "motion"}
    )
    assert up.status_code == 201, up.text
    assert up.json()["summary"]["rep_count"] == 5 and up.json()["result"] == "added"
    form = {"kind": "emg", "target": "biceps", "accessory": "brachio"}
    up = client.post("/api/sets/q1/recordings", files={"file": ("emg.csv", emg)}, data=form)
    assert up.status_code == 201 and 0.6 < up.json()["summary"]["target_share"] < 0.8
    assert len(client.get("/api/sets/q1/recordings").json()) == 2
    page = client.get("/history").text
    assert "measured" in page and "share 7" in page


@pytest.mark.parametrize(
    ("name", "content", "form", "field", "message"),
    [
        ("bad.csv", b"time,ax,ay,az\n0,a,b,c\n", {"kind": "motion"}, "file", "bad.csv"),
        ("x.png", b"..", {"kind": "motion"}, "file", "x.png: expected a .csv"),
        ("e.csv", b"time,a\n0,1\n", {"kind": "emg"}, "target", "Name the target"),
        ("e.csv", b"time,a\n0,1\n", {"kind": "emg", "target": "quads"}, "file", ""),
    ],
)
def test_bad_files_are_one_error_and_write_nothing(
    client: Any, name: str, content: bytes, form: dict[str, str], field: str, message: str
) -> None:
    log_set(client)
    got = client.post("/api/sets/q1/recordings", files={"file": (name, content)}, data=form)
    assert 400 <= got.status_code < 500
    error = got.json()["error"]
    assert error["field"] == field and error["message"].startswith(message)
    assert client.get("/api/sets/q1/recordings").json() == []


def test_unknown_set_is_404(client: Any, motion: bytes) -> None:
    got = client.post("/api/sets/nope/recordings", files={"file": ("set.csv", motion)})
    assert got.status_code == 404 and got.json()["error"]["field"] == "set_id"
