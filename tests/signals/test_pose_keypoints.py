"""Which keypoint the pose path follows: the one the exercise moves, with fallbacks and sides."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.signals.pose import (
    BLAZEPOSE_33,
    COCO_17,
    PoseTrack,
    analyze_pose,
    choose_keypoint,
    preferred_joint,
)
from mindmuscle.signals.synth import SetSpec, SynthPose, synth_pose
from support.clirun import Run

FS = 30.0
REPS = 6


def _synth(exercise: str, seed: int = 1) -> SynthPose:
    return synth_pose(SetSpec(exercise=exercise, reps=REPS), fs=FS, seed=seed)


def _coco(exercise: str, seed: int = 1) -> PoseTrack:
    return PoseTrack(_synth(exercise, seed).keypoints.copy(), FS, COCO_17)


def _blazepose(track: PoseTrack) -> PoseTrack:
    """The COCO track in the BlazePose-33 layout (points COCO lacks: unseen)."""
    kp = np.zeros((track.keypoints.shape[0], 33, 3))
    for k, name in enumerate(track.names):
        kp[:, BLAZEPOSE_33.index(name)] = track.keypoints[:, k]
    return PoseTrack(kp, track.fs, BLAZEPOSE_33, track.gaps)


def _hide(track: PoseTrack, *names: str, conf: float = 0.1) -> PoseTrack:
    kp = track.keypoints.copy()
    for name in names:
        kp[:, track.names.index(name), -1] = conf
    return PoseTrack(kp, track.fs, track.names, track.gaps)


LAYOUTS = pytest.mark.parametrize("layout", ["coco", "blazepose"])


def _in(layout: str, track: PoseTrack) -> PoseTrack:
    return track if layout == "coco" else _blazepose(track)


def _spread(track: PoseTrack, name: str) -> float:
    y = track.keypoints[:, track.names.index(name), 1]
    return float(np.percentile(y, 95) - np.percentile(y, 5))


# ---------------------------------------------------------------- the exercise's keypoint


@LAYOUTS
def test_squat_tracks_the_hips_though_the_wrists_move_as_much(layout: str) -> None:
    track = _in(layout, _coco("squat"))
    # Arms holding the bar (or dumbbells at the sides) ride along with the hips: here the
    # wrists even move a little more, so "most moving" alone would take them.
    assert _spread(track, "left_wrist") > _spread(track, "left_hip")
    assert analyze_pose(track).keypoint.joint == "wrist"  # type: ignore[union-attr]

    res = analyze_pose(track, exercise="squat", eccentric="down")
    choice = res.keypoint
    assert choice is not None
    assert (choice.joint, choice.preferred, choice.reason) == ("hip", "hip", "exercise")
    assert choice.used == ("left_hip", "right_hip")
    assert res.axis == "pose:left_hip+right_hip"
    assert res.rep_count == REPS


@LAYOUTS
@pytest.mark.parametrize("exercise", ["curl", "barbell curl", "barbell_curl"])
def test_curl_tracks_the_wrists(layout: str, exercise: str) -> None:
    res = analyze_pose(_in(layout, _coco("curl")), exercise=exercise)
    assert res.keypoint is not None
    assert (res.keypoint.joint, res.keypoint.reason) == ("wrist", "exercise")
    assert res.keypoint.pattern == "curl"
    assert res.rep_count == REPS


def test_an_exercise_object_from_the_catalog_works_too() -> None:
    lunge = builtin_catalog().exercise("bodyweight_lunge")
    res = analyze_pose(_coco("squat"), exercise=lunge)
    assert res.keypoint is not None and res.keypoint.joint == "hip"
    assert res.keypoint.pattern == lunge.pattern


@pytest.mark.parametrize(
    ("pattern", "joint"),
    [
        ("squat", "hip"),
        ("lunge", "hip"),
        ("hinge", "hip"),
        ("horizontal_press", "wrist"),
        ("vertical_press", "wrist"),
        ("curl", "wrist"),
        ("raise", "wrist"),
        ("row", "wrist"),
        ("vertical_pull", "wrist"),
        ("triceps_pushdown", "wrist"),
        ("push_up", "shoulder"),
        ("core", None),
    ],
)
def test_preferred_joint_by_pattern(pattern: str, joint: str | None) -> None:
    assert preferred_joint(pattern) == joint


def test_every_catalog_exercise_resolves() -> None:
    track = _coco("curl")
    for ex in builtin_catalog().exercises.values():
        _, choice = choose_keypoint(track, ex)
        assert choice.pattern == ex.pattern
        assert choice.used, ex.id


# ---------------------------------------------------------------- fallbacks


@LAYOUTS
def test_a_missing_wrist_falls_back_to_what_moves(layout: str) -> None:
    base = _coco("curl")
    kp = base.keypoints.copy()
    # A press-like set where the elbows move well too; then the camera loses both wrists.
    for side in ("left", "right"):
        w, e = COCO_17.index(f"{side}_wrist"), COCO_17.index(f"{side}_elbow")
        rest = np.median(kp[:, e, 1])
        kp[:, e, 1] = rest + 0.7 * (kp[:, w, 1] - np.median(kp[:, w, 1]))
    track = _hide(_in(layout, PoseTrack(kp, FS, COCO_17)), "left_wrist", "right_wrist")
    res = analyze_pose(track, exercise="curl")
    assert res.keypoint is not None
    assert (res.keypoint.preferred, res.keypoint.reason) == ("wrist", "preferred_missing")
    assert res.keypoint.joint == "elbow"
    assert "not seen" in res.keypoint.why
    assert res.rep_count == REPS


@LAYOUTS
def test_a_wrist_seen_in_under_half_the_frames_does_not_count(layout: str) -> None:
    track = _coco("curl")
    kp = track.keypoints.copy()
    k = COCO_17.index("left_wrist")
    kp[::3, k, 2] = 0.05  # a third of the frames lost: still usable
    kp[1::3, k, 2] = 0.05  # two thirds lost: not
    res = analyze_pose(_in(layout, PoseTrack(kp, FS, COCO_17)), exercise="curl")
    assert res.keypoint is not None
    assert res.keypoint.used == ("right_wrist",)
    assert res.keypoint.reason == "exercise"
    assert res.rep_count == REPS


@LAYOUTS
def test_a_preferred_keypoint_that_hardly_moves_gives_way(layout: str) -> None:
    # Told "squat" but the clip is a curl: the hips stay put, the wrists move.
    res = analyze_pose(_in(layout, _coco("curl")), exercise="squat")
    assert res.keypoint is not None
    assert (res.keypoint.preferred, res.keypoint.reason) == ("hip", "preferred_small")
    assert res.keypoint.joint == "wrist"
    assert res.rep_count == REPS


def test_nothing_seen_gives_no_keypoint_and_no_reps() -> None:
    track = _coco("curl")
    kp = track.keypoints.copy()
    kp[:, :, 2] = 0.0
    res = analyze_pose(PoseTrack(kp, FS, COCO_17), exercise="curl")
    assert res.keypoint is not None and res.keypoint.reason == "none"
    assert res.rep_count == 0
    assert res.axis == "pose:none"


# ---------------------------------------------------------------- left and right


@LAYOUTS
def test_the_better_seen_side_is_used_alone(layout: str) -> None:
    track = _coco("curl")
    kp = track.keypoints.copy()
    kp[:, COCO_17.index("right_wrist"), 2] = 0.4  # seen, but far less surely
    res = analyze_pose(_in(layout, PoseTrack(kp, FS, COCO_17)), exercise="curl")
    assert res.keypoint is not None and res.keypoint.used == ("left_wrist",)
    assert res.axis == "pose:left_wrist"


def test_a_one_arm_set_follows_the_working_arm() -> None:
    track = _coco("curl")
    kp = track.keypoints.copy()
    still = COCO_17.index("left_wrist")
    kp[:, still, 1] = np.median(kp[:, still, 1]) + np.random.default_rng(0).normal(
        scale=1.5, size=kp.shape[0]
    )
    kp[:, still, 2] = 0.99  # the idle arm is even seen better
    res = analyze_pose(PoseTrack(kp, FS, COCO_17), exercise="dumbbell curl")
    assert res.keypoint is not None and res.keypoint.used == ("right_wrist",)
    assert res.rep_count == REPS


def test_alternating_arms_are_not_averaged_away() -> None:
    track = _coco("curl")
    kp = track.keypoints.copy()
    left = COCO_17.index("left_wrist")
    mid = np.median(kp[:, left, 1])
    kp[:, left, 1] = 2 * mid - kp[:, left, 1]  # the left arm goes up as the right comes down
    _, choice = choose_keypoint(PoseTrack(kp, FS, COCO_17), "curl")
    assert len(choice.used) == 1


# ---------------------------------------------------------------- JSON and the CLI


def test_json_keeps_the_contract_and_says_which_keypoint() -> None:
    data = analyze_pose(_coco("squat"), exercise="squat").to_dict()
    assert data["rep_count"] == len(data["reps"]) == REPS
    assert {"start", "end", "phases", "in_gap"} <= set(data["reps"][0])
    assert data["source"] == "pose"
    assert data["axis"] == "pose:left_hip+right_hip"
    assert data["keypoint"] == {
        "joint": "hip",
        "used": ["left_hip", "right_hip"],
        "preferred": "hip",
        "pattern": "squat",
        "reason": "exercise",
        "why": "Tracked both hips (averaged): the keypoint a squat moves.",
    }
    json.dumps(data)


@pytest.fixture(scope="module")
def gapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A curl set whose keypoints are lost for 0.6 s in the middle of the third rep."""
    rec = _synth("curl", seed=2)
    third = rec.truth[2]
    mid = (third.start + third.end) / 2
    keep = np.abs(rec.t - mid) > 0.3
    path = tmp_path_factory.mktemp("pose") / "set.npz"
    np.savez(path, keypoints=rec.keypoints[keep], time=rec.t[keep])
    return path


def test_reps_across_a_gap_count_and_are_flagged(
    gapped: Path, mm: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the table's note column stays on one line
    out = mm("analyze", "motion", str(gapped), "--format", "json")
    assert out.code == 0, out.err
    data = json.loads(out.out)
    flagged = [r for r in data["reps"] if r["in_gap"]]
    assert data["gaps"] and flagged
    assert data["rep_count"] == len(data["reps"])  # counted, not dropped

    text = mm("analyze", "motion", str(gapped))
    assert text.code == 0, text.err
    assert "in gap *" in text.out
    assert f"{len(flagged)} of the {data['rep_count']} reps" in text.out
    assert "Keypoint: Tracked both wrists" in text.out


def test_the_cli_passes_the_exercise_on(tmp_path: Path, mm: Run) -> None:
    rec = _synth("squat")
    path = tmp_path / "squat.npz"
    np.savez(path, keypoints=rec.keypoints, fs=FS)
    out = mm("analyze", "motion", str(path), "--format", "json", "--exercise", "squat")
    assert out.code == 0, out.err
    data = json.loads(out.out)
    assert data["rep_count"] == REPS
    assert data["keypoint"]["joint"] == "hip"
