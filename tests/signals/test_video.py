"""The video path without MediaPipe: frames -> keypoints, resizing, gaps, person switches,
frame rates, and the whole chain to reps with a stand-in estimator (it replays a synthetic
COCO track as BlazePose landmarks; no person is ever detected in an image here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from mindmuscle.errors import DataError
from mindmuscle.signals.pose import BLAZEPOSE_33, COCO_17, PoseTrack, analyze_pose
from mindmuscle.signals.synth import SetSpec, synth_pose
from mindmuscle.signals.video import (
    PoseFrames,
    estimate_poses,
    frame_step,
    landmarks_to_array,
    person_switches,
    pose_gaps,
    processing_size,
    track_from_frames,
)
from support.clirun import cli

W, H = 1280, 720


def _marks(points: np.ndarray, width: int = W, height: int = H) -> list[SimpleNamespace]:
    """(33, 3) pixels + visibility as MediaPipe-style normalised landmarks."""
    return [SimpleNamespace(x=x / width, y=y / height, z=-0.1, visibility=v) for x, y, v in points]


def _person(hip_y: float = 400.0, x: float = 640.0) -> np.ndarray:
    """A standing BlazePose-33 skeleton (pixels, visibility 0.9) with its hips at ``hip_y``."""
    pts = np.zeros((33, 3))
    pts[:, 0], pts[:, 1], pts[:, 2] = x, hip_y - 150, 0.9
    for name, dy in (("shoulder", -150), ("elbow", -75), ("wrist", 0), ("hip", 0)):
        for side, dx in (("left", 30), ("right", -30)):
            i = BLAZEPOSE_33.index(f"{side}_{name}")
            pts[i] = (x + dx, hip_y + dy, 0.9)
    for name, dy in (("knee", 100), ("ankle", 200)):
        for side, dx in (("left", 20), ("right", -20)):
            pts[BLAZEPOSE_33.index(f"{side}_{name}")] = (x + dx, hip_y + dy, 0.9)
    return pts


class Replay:
    """A stand-in for ``mp.solutions.pose.Pose``: frame i's landmarks, or no person."""

    def __init__(self, per_frame: list[np.ndarray | None]) -> None:
        self.per_frame = per_frame
        self.calls = 0

    def process(self, image: np.ndarray) -> Any:
        pts = self.per_frame[self.calls]
        self.calls += 1
        marks = None if pts is None else SimpleNamespace(landmark=_marks(pts))
        return SimpleNamespace(pose_landmarks=marks)


def _images(times: list[float], size: tuple[int, int] = (64, 36)) -> Iterator[tuple[float, Any]]:
    for t in times:
        yield t, np.zeros((size[1], size[0], 3), dtype=np.uint8)


def _frames(per_frame: list[np.ndarray | None], fps: float = 30.0) -> PoseFrames:
    times = [i / fps for i in range(len(per_frame))]
    return estimate_poses(_images(times), Replay(per_frame), source_size=(W, H))


# ---------------------------------------------------------------- resizing


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1920, 1080), (853, 480)),
        ((1080, 1920), (480, 853)),  # portrait phone video: the short side is the width
        ((1768, 994), (854, 480)),
        ((640, 480), (640, 480)),
        ((320, 240), (320, 240)),  # never enlarged
    ],
)
def test_processing_size_is_480p_at_most(size: tuple[int, int], expected: tuple[int, int]) -> None:
    assert processing_size(*size) == expected


def test_processing_size_other_limits_and_bad_sizes() -> None:
    assert processing_size(1920, 1080, 720) == (1280, 720)
    with pytest.raises(ValueError, match="positive"):
        processing_size(0, 480)


@pytest.mark.parametrize(
    ("fps", "step"),
    [(30.0, 1), (29.97, 1), (25.0, 1), (50.0, 2), (60.0, 2), (120.0, 4), (240.0, 8), (0.0, 1)],
)
def test_fast_videos_are_thinned_to_about_30_fps(fps: float, step: int) -> None:
    assert frame_step(fps) == step
    assert frame_step(float("nan")) == 1


# ---------------------------------------------------------------- landmarks -> array


def test_landmarks_scale_to_source_pixels() -> None:
    pts = _person()
    arr = landmarks_to_array(_marks(pts), W, H)
    assert arr.shape == (33, 4)
    np.testing.assert_allclose(arr[:, :2], pts[:, :2])
    np.testing.assert_allclose(arr[:, 2], -0.1 * W)  # z is in the scale of x
    np.testing.assert_allclose(arr[:, 3], 0.9)


def test_no_person_is_nan_with_zero_confidence() -> None:
    arr = landmarks_to_array(None, W, H)
    assert np.isnan(arr[:, :3]).all() and (arr[:, 3] == 0).all()


def test_wrong_landmark_count_is_refused() -> None:
    with pytest.raises(ValueError, match="33 landmarks"):
        landmarks_to_array(_marks(_person()[:17]), W, H)


# ---------------------------------------------------------------- the frame loop


def test_estimate_poses_marks_frames_without_a_person_and_reports_progress() -> None:
    per_frame: list[np.ndarray | None] = [_person(), None, _person(410), None, _person(420)]
    seen: list[tuple[int, int]] = []
    est = Replay(per_frame)
    out = estimate_poses(
        _images([0.0, 0.04, 0.08, 0.12, 0.16]),
        est,
        source_size=(W, H),
        total=5,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert est.calls == 5
    assert out.keypoints.shape == (5, 33, 4)
    assert out.found.tolist() == [True, False, True, False, True]
    np.testing.assert_allclose(out.times, [0.0, 0.04, 0.08, 0.12, 0.16])
    assert np.isnan(out.keypoints[1, :, 1]).all()
    hip = BLAZEPOSE_33.index("left_hip")
    assert out.keypoints[2, hip, 1] == pytest.approx(410)
    assert seen == [(i, 5) for i in range(1, 6)]
    assert out.seconds >= out.pose_seconds >= 0


def test_estimate_poses_on_no_frames() -> None:
    out = estimate_poses(iter(()), Replay([]), source_size=(W, H))
    assert out.keypoints.shape == (0, 33, 4) and out.found.size == 0


# ---------------------------------------------------------------- gaps and switches


def test_gaps_are_runs_without_a_person_longer_than_the_limit() -> None:
    t = np.arange(30) / 10.0  # 10 fps
    found = np.ones(30, dtype=bool)
    found[5] = False  # 0.2 s between neighbours: not a gap
    found[10:14] = False  # 0.9 -> 1.4
    found[:1] = False  # first frame only: 0.0 -> 0.1, too short
    found[27:] = False  # to the end: 2.6 -> 2.9
    assert pose_gaps(found, t) == ((0.9, 1.4), (2.6, 2.9))
    assert pose_gaps(np.ones(3, dtype=bool), t[:3]) == ()


def test_a_jump_to_another_person_is_found_and_becomes_a_gap() -> None:
    per_frame: list[np.ndarray | None] = [_person(400 + i) for i in range(20)]
    per_frame[10] = None
    per_frame[11:] = [_person(300, x=100) for _ in range(9)]  # someone else, far left
    frames = _frames(per_frame)
    assert person_switches(frames.keypoints, frames.found) == [11]
    track = track_from_frames(frames, fps=30.0, where="v.mp4")
    assert track.gaps == ((round(9 / 30, 3), round(11 / 30, 3)),)


def test_moving_person_is_not_a_switch() -> None:
    frames = _frames([_person(400 + 10 * np.sin(i / 3), x=600 + 3 * i) for i in range(40)])
    assert person_switches(frames.keypoints, frames.found) == []


# ---------------------------------------------------------------- frame rates and errors


def test_rate_from_container_timestamps() -> None:
    frames = _frames([_person() for _ in range(10)], fps=25.0)
    track = track_from_frames(frames, fps=0.0, where="v.mp4")
    assert track.fs == pytest.approx(25.0)
    assert track.keypoints.shape == (10, 33, 4) and track.names == BLAZEPOSE_33


def test_rate_from_nominal_fps_when_timestamps_are_missing() -> None:
    frames = _frames([_person() for _ in range(10)])
    frames = PoseFrames(frames.keypoints, np.full(10, np.nan), frames.found, 1.0, 0.5)
    assert track_from_frames(frames, fps=24.0, where="v.mp4").fs == 24.0
    with pytest.raises(DataError, match=r"v\.mp4: .*frame rate \(--fs\)"):
        track_from_frames(frames, fps=0.0, where="v.mp4")


def test_uneven_frame_times_are_resampled_to_an_even_grid() -> None:
    times = np.cumsum([0.0] + [1 / 30 if i % 2 else 1 / 20 for i in range(59)])
    per_frame: list[np.ndarray | None] = [_person(400 + 50 * np.sin(t)) for t in times]
    est = Replay(per_frame)
    frames = estimate_poses(_images(list(times)), est, source_size=(W, H))
    track = track_from_frames(frames, fps=30.0, where="v.mp4")
    step = np.median(np.diff(times))
    assert track.fs == pytest.approx(1 / step)
    grid = np.arange(track.keypoints.shape[0]) / track.fs
    hip = BLAZEPOSE_33.index("left_hip")
    np.testing.assert_allclose(track.keypoints[:, hip, 1], 400 + 50 * np.sin(grid), atol=0.1)


@pytest.mark.parametrize(
    ("per_frame", "message"),
    [
        ([None] * 10, "a person was found in 0 of its 10 frames"),
        ([_person()] + [None] * 9, "a person was found in 1 of its 10 frames"),
        ([_person()], "has 1 readable frame"),
    ],
)
def test_videos_that_cannot_be_analysed_say_why(
    per_frame: list[np.ndarray | None], message: str
) -> None:
    with pytest.raises(DataError, match=message) as info:
        track_from_frames(_frames(per_frame), fps=30.0, where="set.mp4")
    assert str(info.value).startswith("set.mp4: ") and "\n" not in str(info.value)


# ---------------------------------------------------------------- the chain to reps


def _coco_to_blazepose(kp: np.ndarray) -> np.ndarray:
    """(frames, 17, 3) COCO -> (frames, 33, 3): shared names copied, the rest at the nose."""
    out = np.repeat(kp[:, :1, :], 33, axis=1)
    for i, name in enumerate(COCO_17):
        out[:, BLAZEPOSE_33.index(name)] = kp[:, i]
    return out


_TRUNK = ("shoulder", "elbow", "wrist", "hip")  # in the synthetic squat these move alike


@pytest.mark.parametrize(
    ("exercise", "reps", "keypoints"),
    [("squat", 5, _TRUNK), ("bench_press", 6, _TRUNK), ("curl", 4, ("wrist",))],
)
def test_video_chain_counts_like_the_pose_path(
    exercise: str, reps: int, keypoints: tuple[str, ...]
) -> None:
    """A synthetic set replayed as BlazePose landmarks, frame by frame, through the video
    code gives the same reps as the keypoint file path, on the expected keypoint."""
    synth = synth_pose(SetSpec(exercise=exercise, reps=reps, tempo=(2, 0, 1, 1)), fs=30.0, seed=4)
    blaze = _coco_to_blazepose(synth.keypoints)
    frames = estimate_poses(_images(list(synth.t)), Replay(list(blaze)), source_size=(W, H))
    via_video = analyze_pose(track_from_frames(frames, fps=30.0, where="set.mp4"))
    via_file = analyze_pose(PoseTrack(synth.keypoints, 30.0, COCO_17))
    assert via_video.rep_count == via_file.rep_count == reps
    assert any(k in via_video.axis for k in keypoints), via_video.axis
    for a, b in zip(via_video.reps, via_file.reps, strict=True):
        assert a.start == pytest.approx(b.start, abs=0.05)
        assert a.end == pytest.approx(b.end, abs=0.05)


# ---------------------------------------------------------------- the CLI without the extra


def test_cli_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    try:
        import mediapipe  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("mediapipe is installed here")
    video = tmp_path / "set.mp4"
    video.write_bytes(b"\x00" * 64)
    out = cli("analyze", "motion", str(video), "--format", "json")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith("Error: ") and out.stderr.count("\n") == 1
    assert "pip install 'mindmuscle[video]'" in out.stderr
