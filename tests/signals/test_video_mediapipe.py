"""The video path with the real MediaPipe and OpenCV (skipped unless the ``video`` extra is
installed: ``make video``, then ``.venv-video/bin/python -m pytest tests/signals/test_video*``).

The generated videos here have no person in them (nothing here fakes a detection), so they
check decoding, the estimator running offline, the frame count and rate, and the errors.
``MINDMUSCLE_TEST_VIDEO=path/to/a/video/with/a/person.mp4`` adds a run on a real video.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.errors import DataError, InputError
from support.clirun import cli

cv2 = pytest.importorskip("cv2")
mp = pytest.importorskip("mediapipe")

from mindmuscle.signals.video import model_available, read_video  # noqa: E402

VIDEO_ENV = "MINDMUSCLE_TEST_VIDEO"


@pytest.fixture(scope="module")
def empty_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 frames (15 fps, 640x360) of a moving grey bar: a video without a person."""
    path = tmp_path_factory.mktemp("video") / "empty.mp4"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 15.0, (640, 360))
    assert out.isOpened()
    for i in range(20):
        frame = np.full((360, 640, 3), 40, dtype=np.uint8)
        frame[:, 20 * i : 20 * i + 40] = 200
        out.write(frame)
    out.release()
    return path


def test_a_video_without_a_person_says_so(empty_video: Path) -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(DataError, match="a person was found in 0 of its 20 frames"):
        read_video(empty_video, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (20, 20)


def test_a_60_fps_video_is_estimated_on_every_other_frame(tmp_path: Path) -> None:
    path = tmp_path / "fast.mp4"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 60.0, (320, 240))
    for i in range(24):
        out.write(np.full((240, 320, 3), 10 * i, dtype=np.uint8))
    out.release()
    seen: list[tuple[int, int]] = []
    with pytest.raises(DataError, match="0 of its 12 frames"):
        read_video(path, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (12, 12)


def test_cli_error_is_one_sentence_without_mediapipe_logs(empty_video: Path) -> None:
    out = cli("analyze", "motion", str(empty_video), "--format", "json", timeout=300)
    assert out.returncode == 2
    assert out.stderr.startswith("Error: ") and out.stderr.count("\n") == 1, out.stderr


def test_a_file_that_is_not_a_video(tmp_path: Path) -> None:
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video", encoding="utf-8")
    with pytest.raises(DataError, match=r"notes\.mp4: "):
        read_video(bad)


def test_models_that_are_not_shipped_are_refused_not_downloaded(empty_video: Path) -> None:
    if model_available(mp, 2):
        pytest.skip("the heavy model has been installed by hand here")
    with pytest.raises(InputError, match=r"model_complexity 2 needs pose_landmark_heavy\.tflite"):
        read_video(empty_video, model_complexity=2)
    assert model_available(mp, 1)


@pytest.mark.slow
def test_a_real_video_with_a_person() -> None:
    path = os.environ.get(VIDEO_ENV)
    if not path:
        pytest.skip(f"{VIDEO_ENV} is not set")
    video = read_video(path)
    assert video.found >= video.frames // 2
    assert video.track.keypoints.shape == (video.frames, 33, 4)
    assert min(video.size) <= 480 and video.speed > 0
