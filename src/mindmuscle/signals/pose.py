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
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

from mindmuscle.errors import DataError
from mindmuscle.method.model import PATTERNS, Exercise
from mindmuscle.method.tempo import Tempo
from mindmuscle.signals.motion import Direction, MotionAnalysis, Timing, analyze_displacement

__all__ = [
    "BLAZEPOSE_33",
    "COCO_17",
    "KeypointChoice",
    "PoseAnalysis",
    "PoseTrack",
    "analyze_pose",
    "choose_keypoint",
    "preferred_joint",
    "read_pose",
]

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


@dataclass(frozen=True, slots=True)
class KeypointChoice:
    """Which keypoint the trace follows, and why.

    ``joint`` is a keypoint without its side (``"wrist"``), ``used`` the keypoints averaged
    into the trace (one side, or both), ``preferred`` the joint the exercise moves (None without
    an exercise or for a pattern with no preference) and ``reason`` one of ``exercise`` (the
    preferred joint), ``most_movement`` (no preference: the joint that moves most),
    ``preferred_missing`` or ``preferred_small`` (the preferred joint was not seen well enough
    or moved less than :data:`FALLBACK_SHARE` of the joint that moves most, so that one).
    """

    joint: str
    used: tuple[str, ...]
    preferred: str | None
    reason: Literal["exercise", "most_movement", "preferred_missing", "preferred_small", "none"]
    why: str
    pattern: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "joint": self.joint,
            "used": list(self.used),
            "preferred": self.preferred,
            "pattern": self.pattern,
            "reason": self.reason,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class PoseAnalysis(MotionAnalysis):
    """A :class:`MotionAnalysis` from keypoints, with the keypoint it followed.

    Its JSON is the ``analyze motion`` contract plus an optional ``keypoint`` object
    (:meth:`KeypointChoice.to_dict`); ``axis`` stays ``"pose:<keypoint>[+<keypoint>]"``.
    """

    keypoint: KeypointChoice | None = None

    def to_dict(self, tempo: Tempo | None = None) -> dict[str, Any]:
        out = MotionAnalysis.to_dict(self, tempo)
        if self.keypoint is not None:
            out["keypoint"] = self.keypoint.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class _Joint:
    """One joint's vertical trace (up +, image units) from one side or both."""

    name: str
    used: tuple[str, ...]
    y: Array
    spread: float


def _spread(y: Array) -> float:
    return float(np.percentile(y, 95) - np.percentile(y, 5))


def _joint(kp: Array, names: tuple[str, ...], joint: str) -> _Joint | None:
    """The joint's trace: the better-seen side, or both sides averaged when both are good.

    A side counts when at least half its frames reach :data:`MIN_CONFIDENCE`. Both sides are
    averaged when both count, are seen about as well, move together (correlation above 0.5)
    and by a similar amount; otherwise the better-seen side, unless the other moves more than
    twice as much (a one-arm set: the working arm may be the one further from the camera).
    """
    sides = []
    for side in ("left", "right"):
        name = f"{side}_{joint}"
        if name not in names:
            continue
        k = names.index(name)
        conf = kp[:, k, -1]
        seen = float(np.mean(conf >= MIN_CONFIDENCE))
        if seen < 0.5:
            continue
        y = -_clean(kp[:, k, 1], conf)
        vis = float(np.mean(np.where(conf >= MIN_CONFIDENCE, conf, 0.0)))
        sides.append((name, y, _spread(y), seen * vis))
    if not sides:
        return None
    if len(sides) == 2:
        (na, ya, ra, va), (nb, yb, rb, vb) = sides
        alike = min(ra, rb) >= 0.5 * max(ra, rb) and min(va, vb) >= 0.75 * max(va, vb)
        if alike and ra > 0 and rb > 0 and float(np.corrcoef(ya, yb)[0, 1]) > 0.5:
            y = (ya + yb) / 2
            return _Joint(joint, (na, nb), y, _spread(y))
        first, other = (sides[0], sides[1]) if va >= vb else (sides[1], sides[0])
        pick = other if other[2] > 2 * first[2] else first
        return _Joint(joint, (pick[0],), pick[1], pick[2])
    name, y, spread, _ = sides[0]
    return _Joint(joint, (name,), y, spread)


def preferred_joint(pattern: str) -> str | None:
    """The keypoint a catalog movement pattern moves (None: no preference, take the most moving).

    Hips for squats, lunges, hinges and hip thrusts; ankles for leg presses, leg extensions and
    leg curls (the seat holds the hips still and the feet move); shoulders for push-ups, dips
    and back extensions (the hands or the hips are fixed and the trunk moves); wrists for the
    presses, curls, raises, rows, pulls and triceps work of the upper body.
    """
    return _PREFERRED.get(pattern)


_LOWER_OR_TRUNK: Final[dict[str, str]] = {
    **dict.fromkeys(("squat", "lunge", "hinge", "hip_thrust", "calf_raise"), "hip"),
    **dict.fromkeys(("leg_press", "leg_extension", "leg_curl"), "ankle"),
    **dict.fromkeys(("push_up", "dip", "back_extension"), "shoulder"),
}
#: Every catalog pattern but ``core`` (no preference): the upper-body rest move the wrists.
_PREFERRED: Final[dict[str, str]] = {
    p: _LOWER_OR_TRUNK.get(p, "wrist") for p in PATTERNS if p != "core"
}
#: The preferred keypoint is dropped for the most moving one when it moves less than this share.
FALLBACK_SHARE: Final = 1 / 3


def _pattern(exercise: Exercise | str | None) -> str | None:
    """A movement pattern from an exercise, a pattern name, or a built-in exercise id or name."""
    if exercise is None or isinstance(exercise, Exercise):
        return None if exercise is None else exercise.pattern
    if exercise in PATTERNS:
        return exercise
    from mindmuscle.method.catalog import builtin_catalog

    return builtin_catalog().exercise(exercise).pattern


def choose_keypoint(
    track: PoseTrack, exercise: Exercise | str | None = None
) -> tuple[Array, KeypointChoice]:
    """The vertical trace (up +, image units) the set is read from, and which keypoint it is.

    With an exercise, the keypoint its movement pattern moves (:func:`preferred_joint`),
    unless that keypoint is missing, seen in fewer than half the frames, or moves less than
    :data:`FALLBACK_SHARE` of the joint that moves most; then, as without an exercise, the
    joint among wrists, elbows, shoulders, hips and ankles that moves most.
    """
    pattern = _pattern(exercise)
    preferred = preferred_joint(pattern) if pattern else None
    joints = [j for c in _CANDIDATES if (j := _joint(track.keypoints, track.names, c))]
    if not joints:
        none = KeypointChoice(
            "none", (), preferred, "none", "No keypoint was seen in enough frames.", pattern
        )
        return np.zeros(track.keypoints.shape[0]), none
    most = max(joints, key=lambda j: j.spread)
    pref = next((j for j in joints if j.name == preferred), None)
    what = f"a {pattern.replace('_', ' ')}" if pattern else "the exercise"
    if preferred is None:
        why = f"Tracked {_say(most)}: {'they' if len(most.used) == 2 else 'it'} moved most"
        if pattern:
            why += f" (no preferred keypoint for {what})"
        return most.y, KeypointChoice(
            most.name, most.used, None, "most_movement", why + ".", pattern
        )
    if pref is None:
        why = (
            f"The {preferred}s, which {what} moves, were not seen in enough frames; "
            f"tracked {_say(most)}, which moved most."
        )
        return most.y, KeypointChoice(
            most.name, most.used, preferred, "preferred_missing", why, pattern
        )
    if pref is not most and pref.spread < FALLBACK_SHARE * most.spread:
        why = (
            f"The {preferred}s, which {what} moves, moved {pref.spread / most.spread:.0%} "
            f"as much as the {most.name}s; tracked {_say(most)}."
        )
        return most.y, KeypointChoice(
            most.name, most.used, preferred, "preferred_small", why, pattern
        )
    why = f"Tracked {_say(pref)}: the keypoint {what} moves."
    return pref.y, KeypointChoice(pref.name, pref.used, preferred, "exercise", why, pattern)


def _say(joint: _Joint) -> str:
    if len(joint.used) == 2:
        return f"both {joint.name}s (averaged)"
    return "the " + joint.used[0].replace("_", " ")


def analyze_pose(
    track: PoseTrack,
    *,
    eccentric: Direction | None = None,
    exercise: Exercise | str | None = None,
    tempo: Tempo | None = None,
    timing: Timing = "fit",
) -> PoseAnalysis:
    """Reps and phases from one keypoint's vertical image position (up +), in torso lengths.

    ``exercise`` (a catalog :class:`Exercise`, a movement pattern, or a built-in exercise id or
    name) picks the keypoint the exercise moves (:func:`choose_keypoint`); without it the
    keypoint that moves most. ``eccentric`` is the direction of the eccentric when known;
    ``tempo``, the prescription, gives a single rep its closing hold; ``timing="holds"``
    times the phases from the swings' speed instead of the fitted model.
    """
    kp = track.keypoints
    names = track.names
    sh = [names.index(n) for n in ("left_shoulder", "right_shoulder")]
    hp = [names.index(n) for n in ("left_hip", "right_hip")]
    torso = float(np.nanmedian(np.abs(kp[:, hp, 1].mean(axis=1) - kp[:, sh, 1].mean(axis=1))))
    torso = torso if np.isfinite(torso) and torso > 0 else 1.0
    trace, choice = choose_keypoint(track, exercise)
    res = analyze_displacement(
        trace / torso,
        fs=track.fs,
        min_range=MIN_RANGE_TORSO,
        eccentric=eccentric,
        gaps=track.gaps,
        axis="pose:" + ("+".join(choice.used) or "none"),
        unit="torso",
        tempo=tempo,
        timing=timing,
    )
    return PoseAnalysis(**{f.name: getattr(res, f.name) for f in fields(res)}, keypoint=choice)
