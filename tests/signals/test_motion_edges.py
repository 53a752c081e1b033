"""A recording cut off in the middle of a rep (the video or the logger stopped early): the
movement still going at the end is not a rep, and no rep runs past the recording."""

from __future__ import annotations

import pytest

from mindmuscle.signals.motion import analyze_imu
from mindmuscle.signals.pose import COCO_17, PoseTrack, analyze_pose
from mindmuscle.signals.synth import SetSpec, synth_imu, synth_pose

FS = 30.0


@pytest.mark.parametrize("exercise", ["curl", "squat"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_pose_track_cut_mid_rep_counts_the_whole_reps(exercise: str, seed: int) -> None:
    rec = synth_pose(SetSpec(exercise=exercise, reps=5, tempo=(2, 0, 1, 1), after_s=0), fs=FS,
                     seed=seed)  # fmt: skip
    cut = int((rec.truth[-1].start + 1.0) * FS)  # one second into the fifth rep
    result = analyze_pose(PoseTrack(rec.keypoints[:cut], FS, COCO_17), exercise=exercise)
    assert len(result.reps) == 4
    assert result.reps[-1].end <= (cut - 1) / FS + 1e-9


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_pose_track_that_stops_right_after_the_last_rep_keeps_it(seed: int) -> None:
    rec = synth_pose(SetSpec(exercise="curl", reps=5, tempo=(2, 0, 1, 1), after_s=0.5), fs=FS,
                     seed=seed)  # fmt: skip
    result = analyze_pose(PoseTrack(rec.keypoints, FS, COCO_17), exercise="curl")
    assert len(result.reps) == 5
    assert all(r.end <= rec.t[-1] + 1e-9 for r in result.reps)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_imu_recording_cut_mid_rep_counts_the_whole_reps(seed: int) -> None:
    rec = synth_imu(SetSpec(reps=5, tempo=(2, 0, 1, 1), after_s=0), fs=50.0, seed=seed)
    cut = int((rec.truth[-1].start + 1.0) * 50)
    result = analyze_imu(rec.acc[:cut], fs=50.0)
    assert len(result.reps) == 4
    assert result.reps[-1].end <= rec.t[cut - 1]
