"""Video to keypoints with MediaPipe BlazePose (optional extra ``mindmuscle[video]``).

``mediapipe==0.10.21`` is the newest release that still ships the legacy
``mp.solutions.pose`` with its models inside the wheel (it runs offline); it pins
``numpy<2``, so it lives in its own environment::

    python -m venv .venv-video && .venv-video/bin/pip install -e '.[video]'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import numpy as np

from mindmuscle.errors import DataError, InputError
from mindmuscle.signals.pose import BLAZEPOSE_33, PoseTrack

__all__ = ["MISSING_EXTRA", "video_to_pose"]

MISSING_EXTRA: Final = (
    "Video analysis needs the optional MediaPipe extra, which is not installed: "
    "pip install 'mindmuscle[video]' (mediapipe 0.10.21 needs numpy<2, so use a separate venv)."
)


def _mediapipe() -> tuple[Any, Any]:
    try:
        import cv2
        import mediapipe as mp
    except ImportError:
        raise InputError(MISSING_EXTRA) from None
    return mp, cv2


def video_to_pose(path: str | Path, *, model_complexity: int = 1) -> PoseTrack:
    """BlazePose-33 keypoints of the one person in a video, frame by frame."""
    mp, cv2 = _mediapipe()
    path = Path(path)
    cap = cv2.VideoCapture(str(path))
    if not cap.isOpened():
        raise DataError(f"{path}: cannot be opened as a video.")
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0) or 30.0
    frames: list[np.ndarray[Any, Any]] = []
    with mp.solutions.pose.Pose(static_image_mode=False, model_complexity=model_complexity) as pose:
        while True:
            ok, image = cap.read()
            if not ok:
                break
            h, w = image.shape[:2]
            res = pose.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
            pts = np.zeros((33, 4))
            if res.pose_landmarks is not None:
                for i, lm in enumerate(res.pose_landmarks.landmark):
                    pts[i] = (lm.x * w, lm.y * h, lm.z * w, lm.visibility)
            frames.append(pts)
    cap.release()
    if len(frames) < 2:
        raise DataError(f"{path}: has {len(frames)} readable frame(s); expected a video.")
    return PoseTrack(np.asarray(frames, dtype=float), fps, BLAZEPOSE_33)
