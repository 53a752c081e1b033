"""Keypoint tracks (COCO-17, BlazePose-33) from CSV, JSON or NumPy, and reps from them.

A track is ``(frames, keypoints, 3|4)``: x, y in image units (y down), optional z, and a
confidence in 0-1. Formats:

- CSV: ``time`` (s) or ``frame`` (then ``fs`` is needed), and per keypoint ``<name>_x``,
  ``<name>_y``, optional ``<name>_z``, ``<name>_conf`` (or ``kp<i>_x`` ...)
- JSON: ``{"fps": 30, "frames": [{"time": 0.0, "keypoints": [[x, y, conf], ...]}, ...]}``
  (``time`` optional with ``fps``) or a bare list of frames
- NumPy: ``.npy`` (needs ``fs``) or ``.npz`` with ``keypoints`` and ``time`` or ``fs``
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from mindmuscle.errors import DataError
from mindmuscle.signals.motion import Direction, MotionAnalysis, analyze_displacement

__all__ = ["BLAZEPOSE_33", "COCO_17", "PoseTrack", "analyze_pose", "read_pose"]

Array = NDArray[np.float64]

COCO_17: Final = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)
BLAZEPOSE_33: Final = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
_CANDIDATES: Final = ("wrist", "elbow", "shoulder", "hip", "ankle")
#: Smallest range of motion that counts as a rep, as a share of the torso (shoulder-hip) length.
MIN_RANGE_TORSO: Final = 0.08
MIN_CONFIDENCE: Final = 0.3


@dataclass(frozen=True, slots=True)
class PoseTrack:
    """Keypoints ``(frames, K, 3|4)`` (x, y[, z], confidence) at ``fs`` frames/s."""

    keypoints: Array
    fs: float
    names: tuple[str, ...]
    gaps: tuple[tuple[float, float], ...] = ()


def _layout(k: int, where: str) -> tuple[str, ...]:
    if k == 17:
        return COCO_17
    if k == 33:
        return BLAZEPOSE_33
    raise DataError(f"{where}: has {k} keypoints per frame; expected 17 (COCO) or 33 (BlazePose).")


def _uniform(
    t: Array, kp: Array, where: str
) -> tuple[Array, float, tuple[tuple[float, float], ...]]:
    if t.size < 2 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise DataError(f"{where}: frame times must be finite and increasing.")
    fs = 1.0 / float(np.median(np.diff(t)))
    t = t - t[0]
    dt = np.diff(t)
    gaps = tuple((float(t[i]), float(t[i + 1])) for i in np.flatnonzero(dt > max(3 / fs, 0.2)))
    grid = np.arange(int(t[-1] * fs) + 1) / fs
    flat = kp.reshape(kp.shape[0], -1)
    out = np.stack([np.interp(grid, t, flat[:, i]) for i in range(flat.shape[1])], axis=1)
    return out.reshape((grid.size, *kp.shape[1:])), fs, gaps


def _track(kp: Array, t: Array | None, fs: float | None, where: str) -> PoseTrack:
    if kp.ndim != 3 or kp.shape[2] not in (3, 4) or kp.shape[0] < 2:
        raise DataError(f"{where}: keypoints have shape {kp.shape}; expected (frames, 17|33, 3|4).")
    names = _layout(kp.shape[1], where)
    if t is not None:
        kp, rate, gaps = _uniform(t, kp, where)
        return PoseTrack(kp, rate, names, gaps)
    if not fs:
        raise DataError(f"{where}: has no frame times; give the frame rate (--fs).")
    return PoseTrack(kp, float(fs), names)


def read_pose(path: str | Path, *, fs: float | None = None) -> PoseTrack:
    """Read a keypoint track from ``.csv``, ``.json``, ``.npy`` or ``.npz``."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".npy", ".npz"):
            data = np.load(path, allow_pickle=False)
            if isinstance(data, np.lib.npyio.NpzFile):
                kp = np.asarray(data["keypoints"], dtype=float)
                t = np.asarray(data["time"], dtype=float) if "time" in data else None
                rate = float(data["fs"]) if "fs" in data else fs
                return _track(kp, t, rate, str(path))
            return _track(np.asarray(data, dtype=float), None, fs, str(path))
        if suffix == ".json":
            return _from_json(json.loads(path.read_text(encoding="utf-8")), fs, str(path))
        return _from_csv(path, fs)
    except DataError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(
            f"{path}: cannot be read as a keypoint track ({type(exc).__name__})."
        ) from None


def _from_json(doc: object, fs: float | None, where: str) -> PoseTrack:
    frames = doc.get("frames") if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and doc.get("fps") is not None:
        fs = float(doc["fps"])
    if not isinstance(frames, list) or not frames:
        raise DataError(f"{where}: expected a list of frames (or an object with 'frames').")
    rows, times = [], []
    for i, fr in enumerate(frames):
        pts = fr.get("keypoints") if isinstance(fr, dict) else fr
        if not isinstance(pts, list):
            raise DataError(f"{where}, frame {i}: expected a list of keypoints [x, y, conf].")
        rows.append(pts)
        if isinstance(fr, dict) and "time" in fr:
            times.append(float(fr["time"]))
    try:
        kp = np.asarray(rows, dtype=float)
    except ValueError:
        raise DataError(f"{where}: frames have different numbers of keypoints or values.") from None
    t = np.asarray(times) if len(times) == len(rows) else None
    return _track(kp, t, fs, where)


def _from_csv(path: Path, fs: float | None) -> PoseTrack:
    from mindmuscle.signals.imu_readers import _table

    header, body = _table(path)
    low = [h.lower() for h in header]
    t = body[:, low.index("time")] if "time" in low else None
    xs = [i for i, h in enumerate(low) if h.endswith("_x")]
    if len(xs) not in (17, 33):
        raise DataError(
            f"{path}, line 1: has {len(xs)} '<keypoint>_x' columns; expected 17 "
            "(COCO) or 33 (BlazePose)."
        )
    cols = []
    for i in xs:
        base = low[i][:-2]
        conf = next(
            (
                low.index(base + s)
                for s in ("_conf", "_score", "_visibility", "_c")
                if base + s in low
            ),
            None,
        )
        y = low.index(base + "_y") if base + "_y" in low else None
        if y is None:
            raise DataError(f"{path}, line 1: column {header[i]!r} has no matching '{base}_y'.")
        cols.append((i, y, conf))
    kp = np.ones((body.shape[0], len(cols), 3))
    for k, (xi, yi, ci) in enumerate(cols):
        kp[:, k, 0], kp[:, k, 1] = body[:, xi], body[:, yi]
        if ci is not None:
            kp[:, k, 2] = body[:, ci]
    return _track(kp, t, fs, str(path))


def _clean(series: Array, conf: Array) -> Array:
    """A coordinate with low-confidence frames replaced by interpolation."""
    ok = (conf >= MIN_CONFIDENCE) & np.isfinite(series)
    if ok.sum() < 2:
        return np.zeros_like(series)
    idx = np.arange(series.size)
    return np.interp(idx, idx[ok], series[ok])


def analyze_pose(track: PoseTrack, *, eccentric: Direction | None = None) -> MotionAnalysis:
    """Reps and phases from the keypoint that moves most (vertical image axis, up +)."""
    kp = track.keypoints
    conf = kp[:, :, -1]
    names = track.names
    sh = [names.index(n) for n in ("left_shoulder", "right_shoulder")]
    hp = [names.index(n) for n in ("left_hip", "right_hip")]
    torso = float(np.nanmedian(np.abs(kp[:, hp, 1].mean(axis=1) - kp[:, sh, 1].mean(axis=1))))
    torso = torso if np.isfinite(torso) and torso > 0 else 1.0
    best, best_name, best_range = np.zeros(kp.shape[0]), "none", -1.0
    for k, name in enumerate(names):
        if not any(c in name for c in _CANDIDATES) or np.mean(conf[:, k] >= MIN_CONFIDENCE) < 0.5:
            continue
        y = -_clean(kp[:, k, 1], conf[:, k])
        spread = float(np.percentile(y, 95) - np.percentile(y, 5))
        if spread > best_range:
            best, best_name, best_range = y, name, spread
    return analyze_displacement(
        best / torso,
        fs=track.fs,
        min_range=MIN_RANGE_TORSO,
        eccentric=eccentric,
        gaps=track.gaps,
        axis=f"pose:{best_name}",
        unit="torso",
    )
