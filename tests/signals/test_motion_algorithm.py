"""Rep counting and phase timing on generated sets (rates, orientations, tempos)."""

from __future__ import annotations

import numpy as np
import pytest

from mindmuscle.method.tempo import Tempo
from mindmuscle.signals.motion import analyze_imu, eccentric_for_pattern, tempo_adherence
from mindmuscle.signals.pose import COCO_17, PoseTrack, analyze_pose
from mindmuscle.signals.synth import SetSpec, synth_imu, synth_pose
from support.phases import phase_errors


def _phase_error(res, truth) -> float:  # type: ignore[no-untyped-def]
    """Mean absolute phase error (s) over all reps and phases."""
    return float(np.mean(list(phase_errors(res.reps, truth).values())))


@pytest.mark.parametrize(
    ("exercise", "tempo", "fs", "seed"),
    [
        ("squat", (3, 1, 1, 1), 50.0, 1),
        ("squat", (2, 0, 1, 0), 10.0, 2),
        ("bench_press", (6, 1, 1, 5), 50.0, 1),
        ("overhead_press", (3, 1, 1, 1), 100.0, 3),
        ("overhead_press", (2, 0, 1, 0), 25.0, 4),
    ],
)
def test_counts_and_phases(exercise: str, tempo: tuple[float, ...], fs: float, seed: int) -> None:
    spec = SetSpec(exercise=exercise, reps=8, tempo=tempo, walk_before_s=10, walk_after_s=10)  # type: ignore[arg-type]
    rec = synth_imu(spec, fs=fs, seed=seed)
    res = analyze_imu(rec.acc, fs=fs)
    assert res.rep_count == 8
    # the fitted model times quick reps within a few hundredths; a 6 s eccentric right
    # after walking (the first rep's start) is the hardest case here
    slow = tempo[0] >= 6
    assert _phase_error(res, rec.truth) < (0.15 if slow else 0.08)
    starts = [abs(r.start - t.start) for r, t in zip(res.reps, rec.truth, strict=True)]
    assert np.mean(starts) < (0.15 if slow else 0.1)


@pytest.mark.parametrize("seed", range(4))
def test_rest_only_gives_no_reps(seed: int) -> None:
    spec = SetSpec(rest_only=True, before_s=60.0)
    rec = synth_imu(spec, fs=(25.0, 50.0, 100.0, 10.0)[seed], seed=seed)
    assert analyze_imu(rec.acc, fs=rec.fs).rep_count == 0


@pytest.mark.parametrize("seed", [1003, 1009])
def test_walking_only_gives_no_reps(seed: int) -> None:
    spec = SetSpec(rest_only=True, before_s=20.0, walk_before_s=30.0, walk_after_s=30.0)
    rec = synth_imu(spec, fs=100.0 if seed == 1003 else 25.0, seed=seed)
    res = analyze_imu(rec.acc, fs=rec.fs)
    assert res.rep_count == 0
    assert res.walking  # reported in the output


def test_exercise_direction_decides_the_eccentric() -> None:
    rec = synth_imu(SetSpec(exercise="squat", reps=5, tempo=(2, 0, 2, 0)), fs=50.0, seed=8)
    down = analyze_imu(rec.acc, fs=50.0, eccentric="down")
    up = analyze_imu(rec.acc, fs=50.0, eccentric="up")
    assert down.direction_from == up.direction_from == "exercise"
    assert down.eccentric == "down" and up.eccentric == "up"
    d, u = down.reps[0].phases, up.reps[0].phases
    assert (d["eccentric"], d["bottom"]) == (u["concentric"], u["top"])
    assert eccentric_for_pattern("squat") == "down"
    assert eccentric_for_pattern("vertical_pull") == "up"


def test_slow_eccentric_is_inferred_without_exercise() -> None:
    rec = synth_imu(SetSpec(exercise="bench_press", reps=5, tempo=(4, 0, 1, 1)), fs=50.0, seed=2)
    res = analyze_imu(rec.acc, fs=50.0)
    assert (res.eccentric, res.direction_from) == ("down", "tempo")


def test_orientation_does_not_matter() -> None:
    spec = SetSpec(exercise="squat", reps=6, tempo=(3, 1, 1, 1))
    rec = synth_imu(spec, fs=50.0, seed=11)
    rot = np.linalg.qr(np.random.default_rng(0).normal(size=(3, 3)))[0]
    a = analyze_imu(rec.acc, fs=50.0)
    b = analyze_imu(rec.acc @ rot.T, fs=50.0)
    assert a.rep_count == b.rep_count == 6
    assert [r.start for r in a.reps] == pytest.approx([r.start for r in b.reps], abs=0.05)


def test_tempo_adherence() -> None:
    rec = synth_imu(SetSpec(reps=4, tempo=(3, 1, 1, 1), jitter=0.0), fs=50.0, seed=3)
    res = analyze_imu(rec.acc, fs=50.0)
    good = tempo_adherence(res.reps, Tempo.parse("3-1-1-1"))
    bad = tempo_adherence(res.reps, Tempo.parse("6-0-3-3"))
    assert good["score"] > 80 > bad["score"]
    assert set(good["reps"][0]["off"]) == {"eccentric", "bottom", "concentric", "top"}
    data = res.to_dict(Tempo.parse("3-1-1-1"))
    assert data["rep_count"] == len(data["reps"]) == 4 and "tempo" in data


def test_pose_track() -> None:
    rec = synth_pose(SetSpec(exercise="squat", reps=6, tempo=(2, 0, 1, 0)), fs=30.0, seed=0)
    res = analyze_pose(PoseTrack(rec.keypoints, rec.fs, COCO_17))
    assert res.rep_count == 6
    assert _phase_error(res, rec.truth) < 0.3
    assert res.axis.startswith("pose:")


@pytest.mark.parametrize(("exercise", "tempo"), [("squat", (6, 1, 1, 5)), ("curl", (3, 1, 1, 1))])
def test_a_keypoint_track_is_timed_by_the_fitted_model(
    exercise: str, tempo: tuple[float, float, float, float]
) -> None:
    """The model fitted to the track itself, every rep at its own depth, times the phases
    several times better than the swings' speed does."""
    errors = {}
    for timing in ("fit", "holds"):
        per_seed = []
        for seed in (3, 103):
            rec = synth_pose(SetSpec(exercise=exercise, reps=6, tempo=tempo), fs=30.0, seed=seed)
            res = analyze_pose(PoseTrack(rec.keypoints, rec.fs, COCO_17), timing=timing)  # type: ignore[arg-type]
            assert res.rep_count == 6
            per_seed.append(_phase_error(res, rec.truth))
        errors[timing] = float(np.mean(per_seed))
    assert errors["fit"] < 0.08 and errors["fit"] < 0.5 * errors["holds"], errors


def test_input_validation() -> None:
    with pytest.raises(ValueError, match="shape"):
        analyze_imu(np.zeros((10, 2)), fs=10.0)
    with pytest.raises(ValueError, match="fs"):
        analyze_imu(np.zeros((10, 3)), fs=0.0)


#: Regression guard on a fixed seeded suite (accelerometer only). Measured now: 0.97 exact,
#: 1.0 within one, MAE 0.03 reps, phase error 0.07 s with the fitted model (0.33 s timed from
#: the hold edges, 0.40 s from the acceleration lobes); an earlier counting method scored
#: 0.75 exact, 0.92 within one, MAE 0.44 on the same sets.
EXACT_MIN = 0.9
WITHIN_ONE_MIN = 0.97
MAE_MAX = 0.15
PHASE_ERR_MAX = 0.12


def _suite(n: int) -> list[tuple[int, int, float | None]]:
    """(truth, ours, phase error or None) over a fixed spread of exercises, tempos and rates."""
    from mindmuscle.signals.synth import EXERCISES

    rng = np.random.default_rng(7)
    tempos = [(2, 0, 1, 0), (3, 1, 1, 1), (4, 0, 1, 2), (6, 1, 1, 5), (3, 0, 0.5, 3)]
    out: list[tuple[int, int, float | None]] = []
    for i in range(n):
        ex = list(EXERCISES)[i % len(EXERCISES)]
        fs = (10.0, 25.0, 50.0, 100.0)[i % 4]
        walk = i % 3 == 0
        spec = SetSpec(
            exercise=ex,
            reps=int(rng.integers(3, 13)),
            tempo=tempos[i % len(tempos)],  # type: ignore[arg-type]
            walk_before_s=12.0 * walk,
            walk_after_s=12.0 * walk,
        )
        rec = synth_imu(spec, fs=fs, seed=100 + i)
        res = analyze_imu(rec.acc, fs=fs)
        exact = res.rep_count == len(rec.truth)
        out.append((len(rec.truth), res.rep_count, _phase_error(res, rec.truth) if exact else None))
    return out


def test_accuracy_on_a_seeded_suite() -> None:
    """Regression guard for the general method (accelerometer only, any exercise and rate)."""
    rows = _suite(36)
    err = np.array([abs(t - o) for t, o, _ in rows])
    phase = [p for _, _, p in rows if p is not None]
    assert np.mean(err == 0) >= EXACT_MIN, err
    assert np.mean(err <= 1) >= WITHIN_ONE_MIN, err
    assert np.mean(err) <= MAE_MAX, err
    assert np.mean(phase) <= PHASE_ERR_MAX, phase


def test_gyroscope_is_an_extra_candidate() -> None:
    rec = synth_imu(SetSpec(exercise="curl", reps=6, tempo=(3, 1, 1, 1)), fs=50.0, seed=5)
    res = analyze_imu(rec.acc, fs=50.0, gyro=rec.gyro)
    assert res.rep_count == 6
    with pytest.raises(ValueError, match="gyro"):
        analyze_imu(rec.acc, fs=50.0, gyro=rec.gyro[:-1])
