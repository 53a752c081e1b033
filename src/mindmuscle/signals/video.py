"""Video to keypoints with MediaPipe BlazePose (optional extra ``mindmuscle[video]``).

``mediapipe==0.10.21`` is the newest release that still ships the legacy
``mp.solutions.pose`` with its models inside the wheel (it runs offline); it pins
``numpy<2``, so it lives in its own environment (``make video``)::

    python -m venv .venv-video && .venv-video/bin/pip install -e '.[video]'

Frames are read with OpenCV, shrunk so that the short side is at most 480 px (the
landmark model sees 256x256 anyway), thinned to about 30 frames/s (a 60 fps phone video
gives every other frame: reps need far less), and given to BlazePose in video (tracking)
mode. Keypoints are returned in the pixels of the original video. A frame without a person
has NaN coordinates and confidence 0; a run of such frames longer than :data:`GAP_S`, and a
jump of the tracking to another person, are reported as gaps. Only ``model_complexity=1``
("full") ships in the wheel: 0 and 2 work when their model file has been put beside it, and
are refused otherwise, because MediaPipe would download them at run time.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
from numpy.typing import NDArray

from mindmuscle.errors import DataError, InputError
from mindmuscle.signals.pose import BLAZEPOSE_33, PoseTrack

__all__ = [
    "GAP_S",
    "MAX_JUMP_TORSO",
    "MAX_POSE_FPS",
    "MAX_SHORT_SIDE",
    "MISSING_EXTRA",
    "MODEL_NAMES",
    "Estimator",
    "PoseFrames",
    "Progress",
    "VideoPose",
    "estimate_poses",
    "frame_step",
    "landmarks_to_array",
    "model_available",
    "person_switches",
    "pose_gaps",
    "processing_size",
    "read_video",
    "track_from_frames",
    "video_to_pose",
]

Array = NDArray[np.float64]

MISSING_EXTRA: Final = (
    "Video analysis needs the optional MediaPipe extra, which is not installed: "
    "pip install 'mindmuscle[video]' in a venv of its own (mediapipe 0.10.21 needs numpy<2; "
    "in a checkout: make video, then .venv-video/bin/mindmuscle)."
)
#: Frames are shrunk until their short side is at most this (480p).
MAX_SHORT_SIDE: Final = 480
#: Videos filmed faster than this are thinned to about this rate (every 2nd frame of 60 fps):
#: reps are analysed below 10 Hz, and pose estimation is the slow part.
MAX_POSE_FPS: Final = 30.0
#: A run of frames without a person longer than this (s) is a gap in the recording.
GAP_S: Final = 0.2
#: Hips moving more than this many torso lengths from one frame with a person to the next
#: means the estimator switched to someone else.
MAX_JUMP_TORSO: Final = 1.0
#: BlazePose landmark model per ``model_complexity``; only "full" is inside the mediapipe wheel.
MODEL_NAMES: Final = {0: "lite", 1: "full", 2: "heavy"}
_MAX_FPS: Final = 1000.0

Progress = Callable[[int, int], None]
"""Called as ``progress(frames_done, frames_total)``; ``frames_total`` is 0 when unknown."""


class _Landmark(Protocol):
    x: float
    y: float
    z: float
    visibility: float


class Estimator(Protocol):
    """What :func:`estimate_poses` needs: MediaPipe's ``Pose`` (or a stand-in in tests)."""

    def process(self, image: NDArray[np.uint8]) -> Any:
        """A result whose ``pose_landmarks.landmark`` lists 33 landmarks, or
        ``pose_landmarks is None`` when there is no person."""


@dataclass(frozen=True, slots=True)
class PoseFrames:
    """Per-frame output of :func:`estimate_poses`."""

    keypoints: Array  # (frames, 33, 4): x, y, z in source pixels, visibility; NaN/0 if none
    times: Array  # (frames,) s from the video container, NaN where it gave none
    found: NDArray[np.bool_]  # (frames,) a person was found
    seconds: float  # wall time of the loop: decoding, resizing and pose estimation
    pose_seconds: float  # of which in the estimator


@dataclass(frozen=True, slots=True)
class VideoPose:
    """A video's keypoint track and how it was made (for the speed report)."""

    track: PoseTrack
    frames: int
    found: int
    seconds: float
    pose_seconds: float
    size: tuple[int, int]  # (width, height) given to the estimator
    source_size: tuple[int, int]
    model_complexity: int
    switches: tuple[float, ...] = ()  # s: where tracking jumped to another person
    step: int = 1  # every step-th frame of the video was estimated

    @property
    def speed(self) -> float:
        """Frames processed per second of wall time (reading included)."""
        return self.frames / self.seconds if self.seconds > 0 else float("inf")

    @property
    def realtime(self) -> float:
        """How many times faster than the video plays (1.0 = real time)."""
        return self.speed / self.track.fs

    def to_dict(self) -> dict[str, Any]:
        """The JSON ``video`` block of ``analyze motion``."""
        return {
            "frames": self.frames,
            "frames_with_pose": self.found,
            "fps": round(self.track.fs, 3),
            "every_nth_frame": self.step,
            "size": list(self.source_size),
            "processed_size": list(self.size),
            "model": f"mediapipe-blazepose-{MODEL_NAMES[self.model_complexity]}",
            "model_complexity": self.model_complexity,
            "processing_fps": round(self.speed, 1),
            "realtime_factor": round(self.realtime, 2),
            "person_switches": list(self.switches),
        }


def processing_size(
    width: int, height: int, max_short_side: int = MAX_SHORT_SIDE
) -> tuple[int, int]:
    """The ``(width, height)`` to give the estimator: short side at most ``max_short_side``,
    aspect ratio kept, never enlarged."""
    if width <= 0 or height <= 0:
        raise ValueError(f"frame size must be positive, got {width}x{height}")
    short = min(width, height)
    if short <= max_short_side:
        return width, height
    scale = max_short_side / short
    return max(1, round(width * scale)), max(1, round(height * scale))


def frame_step(fps: float, max_fps: float = MAX_POSE_FPS) -> int:
    """Take every ``frame_step``-th frame so that at most about ``max_fps`` frames/s are
    estimated (1 for an unknown rate)."""
    if not np.isfinite(fps) or fps <= 0:
        return 1
    return max(1, round(fps / max_fps))


def landmarks_to_array(landmarks: Sequence[_Landmark] | None, width: int, height: int) -> Array:
    """33 landmarks (x, y, z normalised to the frame) as ``(33, 4)`` source pixels + visibility;
    ``None`` (no person) gives NaN coordinates and visibility 0."""
    out = np.full((len(BLAZEPOSE_33), 4), np.nan)
    out[:, 3] = 0.0
    if landmarks is None:
        return out
    if len(landmarks) != len(BLAZEPOSE_33):
        raise ValueError(f"expected {len(BLAZEPOSE_33)} landmarks, got {len(landmarks)}")
    for i, lm in enumerate(landmarks):
        out[i] = (lm.x * width, lm.y * height, lm.z * width, lm.visibility)
    return out


def estimate_poses(
    frames: Iterable[tuple[float, NDArray[np.uint8]]],
    estimator: Estimator,
    *,
    source_size: tuple[int, int],
    total: int = 0,
    progress: Progress | None = None,
) -> PoseFrames:
    """Run ``estimator`` on each ``(time, rgb_image)``; coordinates are scaled to
    ``source_size`` (the frames may have been shrunk)."""
    width, height = source_size
    rows: list[Array] = []
    times: list[float] = []
    found: list[bool] = []
    in_pose = 0.0
    start = time.perf_counter()
    for t, image in frames:
        t0 = time.perf_counter()
        result = estimator.process(image)
        in_pose += time.perf_counter() - t0
        marks = getattr(result, "pose_landmarks", None)
        rows.append(landmarks_to_array(None if marks is None else marks.landmark, width, height))
        times.append(t)
        found.append(marks is not None)
        if progress is not None:
            progress(len(rows), total)
    seconds = time.perf_counter() - start
    k = len(BLAZEPOSE_33)
    return PoseFrames(
        keypoints=np.asarray(rows, dtype=float).reshape(len(rows), k, 4),
        times=np.asarray(times, dtype=float),
        found=np.asarray(found, dtype=bool),
        seconds=seconds,
        pose_seconds=in_pose,
    )


def pose_gaps(
    found: NDArray[np.bool_], times: Array, *, min_gap: float = GAP_S
) -> tuple[tuple[float, float], ...]:
    """``(start, end)`` of each run of frames without a person lasting more than ``min_gap`` s,
    from the last frame with a person before it to the first after it (or the video's ends)."""
    gaps: list[tuple[float, float]] = []
    n = found.size
    i = 0
    while i < n:
        if found[i]:
            i += 1
            continue
        j = i
        while j < n and not found[j]:
            j += 1
        a = float(times[i - 1]) if i > 0 else float(times[0])
        b = float(times[j]) if j < n else float(times[-1])
        if b - a > min_gap:
            gaps.append((round(a, 3), round(b, 3)))
        i = j
    return tuple(gaps)


def person_switches(
    keypoints: Array, found: NDArray[np.bool_], *, max_jump: float = MAX_JUMP_TORSO
) -> list[int]:
    """Frames where the tracked hips jump by more than ``max_jump`` torso lengths from the
    previous frame with a person: the estimator lost one person and picked up another."""
    idx = np.flatnonzero(found)
    if idx.size < 2:
        return []
    names = BLAZEPOSE_33
    sh = keypoints[idx][:, [names.index("left_shoulder"), names.index("right_shoulder")], :2]
    hp = keypoints[idx][:, [names.index("left_hip"), names.index("right_hip")], :2]
    hips = hp.mean(axis=1)
    torso = float(np.nanmedian(np.linalg.norm(sh.mean(axis=1) - hips, axis=1)))
    if not np.isfinite(torso) or torso <= 0:
        return []
    jump = np.linalg.norm(np.diff(hips, axis=0), axis=1) / torso
    return [int(idx[i + 1]) for i in np.flatnonzero(np.nan_to_num(jump) > max_jump)]


def _frame_times(times: Array, fps: float | None) -> tuple[Array, float]:
    """Frame times (s from the first frame) and the frame rate: the container's timestamps
    when they are usable, else ``fps`` (the container's nominal rate or the user's)."""
    n = times.size
    usable = n >= 2 and bool(np.all(np.isfinite(times))) and bool(np.all(np.diff(times) > 0))
    if usable:
        t = times - times[0]
        return t, 1.0 / float(np.median(np.diff(t)))
    if fps is None or not np.isfinite(fps) or not 0 < fps <= _MAX_FPS:
        raise DataError("has no usable frame rate or frame times; give the frame rate (--fs).")
    return np.arange(n) / fps, float(fps)


def track_from_frames(
    frames: PoseFrames, *, fps: float | None, where: str, min_gap: float = GAP_S
) -> PoseTrack:
    """A uniform-rate BlazePose-33 track with gaps where no person was found. Videos with an
    uneven frame rate (phones) are resampled onto an even grid at their median rate."""
    n = frames.keypoints.shape[0]
    if n < 2:
        raise DataError(f"{where}: has {n} readable frame(s); expected a video.")
    found = int(frames.found.sum())
    if found < 2:
        raise DataError(
            f"{where}: a person was found in {found} of its {n} frames; "
            "expected one person in full view."
        )
    try:
        t, fs = _frame_times(frames.times, fps)
    except DataError as exc:
        raise DataError(f"{where}: {exc}") from None
    gaps = list(pose_gaps(frames.found, t, min_gap=min_gap))
    for i in person_switches(frames.keypoints, frames.found):
        before = int(np.flatnonzero(frames.found[:i])[-1])
        gaps.append((round(float(t[before]), 3), round(float(t[i]), 3)))
    kp = frames.keypoints
    if np.max(np.abs(np.diff(t) - 1.0 / fs)) > 0.25 / fs:
        grid = np.arange(int(t[-1] * fs + 1e-9) + 1) / fs
        flat = kp.reshape(n, -1)
        kp = np.stack([np.interp(grid, t, flat[:, c]) for c in range(flat.shape[1])], axis=1)
        kp = kp.reshape(grid.size, *frames.keypoints.shape[1:])
        kp[:, :, 3] = np.nan_to_num(kp[:, :, 3])
    return PoseTrack(kp, fs, BLAZEPOSE_33, tuple(sorted(set(gaps))))


def _mediapipe() -> tuple[Any, Any]:
    try:
        import cv2
        import mediapipe as mp
    except ImportError:
        raise InputError(MISSING_EXTRA) from None
    return mp, cv2


def model_available(mp: Any, model_complexity: int) -> bool:
    """Whether the landmark model of ``model_complexity`` is installed beside mediapipe."""
    name = f"pose_landmark_{MODEL_NAMES[model_complexity]}.tflite"
    return (Path(mp.__file__).parent / "modules" / "pose_landmark" / name).is_file()


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Hide what MediaPipe's C++ side logs to file descriptor 2 (TFLite and absl start-up
    notices) while its graph starts: they are not for the user."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no real stderr (embedded): nothing to hide
        yield
        return
    try:
        with Path(os.devnull).open("wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class _QuietStart:
    """The estimator, with MediaPipe's start-up notices hidden: ``unsilence`` is called once it
    has found a person (its landmark model, and so its last notices, only start then)."""

    def __init__(self, pose: Any, unsilence: Callable[[], None]) -> None:
        self._pose = pose
        self._unsilence: Callable[[], None] | None = unsilence

    def process(self, image: NDArray[np.uint8]) -> Any:
        result = self._pose.process(image)
        if self._unsilence is not None and getattr(result, "pose_landmarks", None) is not None:
            self._unsilence()
            self._unsilence = None
        return result


def _frames(cap: Any, cv2: Any, size: tuple[int, int], step: int) -> Iterator[tuple[float, Any]]:
    while True:
        ok, image = cap.read()
        if not ok:
            return
        t = float(cap.get(cv2.CAP_PROP_POS_MSEC)) / 1000.0
        if (image.shape[1], image.shape[0]) != size:
            image = cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)  # AREA: 10x the CPU
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False
        yield t, rgb
        for _ in range(step - 1):  # decoded (the codec needs them), not estimated
            if not cap.grab():
                return


def read_video(
    path: str | Path,
    *,
    model_complexity: int = 1,
    max_short_side: int = MAX_SHORT_SIDE,
    fps: float | None = None,
    max_pose_fps: float = MAX_POSE_FPS,
    progress: Progress | None = None,
) -> VideoPose:
    """BlazePose-33 keypoints of the one person in a video, frame by frame, and how fast.

    ``fps`` overrides the container's frame rate (and its timestamps); videos faster than
    ``max_pose_fps`` are thinned (see :func:`frame_step`)."""
    mp, cv2 = _mediapipe()
    path = Path(path)
    if model_complexity not in MODEL_NAMES:
        raise InputError(f"model_complexity {model_complexity}: expected 0, 1 or 2.")
    if not model_available(mp, model_complexity):
        raise InputError(
            f"model_complexity {model_complexity} needs pose_landmark_"
            f"{MODEL_NAMES[model_complexity]}.tflite, which mediapipe {mp.__version__} does not "
            "ship (and it is never downloaded at run time); use model_complexity 1."
        )
    cap = cv2.VideoCapture(str(path))
    try:
        if not cap.isOpened():
            raise DataError(f"{path}: cannot be opened as a video.")
        source = (int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)))
        if min(source) <= 0:
            raise DataError(f"{path}: has no readable frames; expected a video.")
        size = processing_size(*source, max_short_side)
        nominal = fps if fps is not None else float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        step = frame_step(nominal, max_pose_fps)
        total = max(0, int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)) // step
        with contextlib.ExitStack() as quiet, contextlib.ExitStack() as stack:
            quiet.enter_context(_native_stderr_silenced())
            pose = stack.enter_context(
                mp.solutions.pose.Pose(static_image_mode=False, model_complexity=model_complexity)
            )
            frames = estimate_poses(
                _frames(cap, cv2, size, step),
                _QuietStart(pose, quiet.close),
                source_size=source,
                total=total,
                progress=progress,
            )
    finally:
        cap.release()
    if fps is not None:
        frames = PoseFrames(
            frames.keypoints,
            np.full(frames.times.size, np.nan),
            frames.found,
            frames.seconds,
            frames.pose_seconds,
        )
    track = track_from_frames(frames, fps=nominal / step, where=str(path))
    return VideoPose(
        track=track,
        frames=int(frames.found.size),
        found=int(frames.found.sum()),
        seconds=frames.seconds,
        pose_seconds=frames.pose_seconds,
        size=size,
        source_size=source,
        model_complexity=model_complexity,
        switches=tuple(
            round(i / track.fs, 3) for i in person_switches(frames.keypoints, frames.found)
        ),
        step=step,
    )


def video_to_pose(path: str | Path, *, model_complexity: int = 1) -> PoseTrack:
    """BlazePose-33 keypoints of the one person in a video, frame by frame."""
    return read_video(path, model_complexity=model_complexity).track
