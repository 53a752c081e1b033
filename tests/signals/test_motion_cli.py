"""``mindmuscle analyze motion`` end to end, and the missing video extra."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.errors import InputError
from mindmuscle.signals.synth import SetSpec, synth_imu
from support.clirun import cli


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return cli("analyze", "motion", *args)


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rec = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
    path = tmp_path_factory.mktemp("motion") / "set.csv"
    np.savetxt(
        path, np.column_stack([rec.t, rec.acc]), delimiter=",", header="time,ax,ay,az", comments=""
    )
    return path


def test_json_contract(recording: Path, tmp_path: Path) -> None:
    plot = tmp_path / "p.png"
    out = _run(
        str(recording),
        "--format",
        "json",
        "--exercise",
        "squat",
        "--tempo",
        "3-1-1-1",
        "--plot",
        str(plot),
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["rep_count"] == 5 == len(data["reps"])
    rep = data["reps"][0]
    assert rep["end"] > rep["start"]
    assert set(rep["phases"]) == {"eccentric", "bottom", "concentric", "top"}
    assert data["eccentric_direction"] == "down" and 0 <= data["tempo"]["score"] <= 100
    assert plot.stat().st_size > 1000


def test_text_table(recording: Path) -> None:
    out = _run(str(recording))
    assert out.returncode == 0, out.stderr
    assert "5 reps" in out.stdout


@pytest.mark.parametrize("content", ["time,ax\n0,1\n", "not,a\nrecording,at\nall,!\n"])
def test_bad_file_is_one_sentence_and_exit_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    out = _run(str(path), "--format", "json")
    assert out.returncode == 2
    assert out.stderr.startswith("Error: ") and out.stderr.count("\n") == 1
    assert "Traceback" not in out.stderr


def test_missing_video_extra_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from mindmuscle.signals import video

    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name in ("mediapipe", "cv2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(InputError) as info:
        video.video_to_pose(tmp_path / "set.mp4")
    message = str(info.value)
    assert "mindmuscle[video]" in message and message.count(".") >= 1 and "\n" not in message


def test_the_estimated_closing_hold_is_marked_in_the_table(tmp_path: Path) -> None:
    rec = synth_imu(SetSpec(exercise="squat", reps=1, tempo=(4, 0, 1, 2)), fs=50.0, seed=3)
    path = tmp_path / "one.csv"
    np.savetxt(
        path,
        np.column_stack([rec.t, rec.acc]),
        delimiter=",",
        header="time,ax,ay,az",
        comments="",
        fmt="%.5f",
    )
    out = _run(str(path), "--exercise", "squat", "--tempo", "4-0-1-2")
    assert out.returncode == 0, out.stderr
    assert "~2.0" in out.stdout and "~ estimated, not measured" in out.stdout
    data = json.loads(_run(str(path), "--tempo", "4-0-1-2", "--format", "json").stdout)
    assert data["reps"][0]["estimated"] == ["top"] and data["reps"][0]["phases"]["top"] == 2.0
