"""IMU and keypoint readers: app layouts, time units, uneven sampling, gaps, broken files."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mindmuscle.errors import DataError
from mindmuscle.signals.imu_readers import imu_from_arrays, read_imu, resample_uniform
from mindmuscle.signals.pose import read_pose
from mindmuscle.signals.synth import SetSpec, synth_imu, synth_pose

G = 9.80665


@pytest.fixture(scope="module")
def rec():  # type: ignore[no-untyped-def]
    return synth_imu(SetSpec(reps=3, tempo=(2, 0, 1, 0), before_s=2, after_s=2), fs=50.0, seed=5)


def _write(path: Path, header: list[str], cols: list[np.ndarray], quote: bool = False) -> Path:
    q = '"' if quote else ""
    lines = [",".join(f"{q}{h}{q}" for h in header)]
    lines += [",".join(repr(float(v)) for v in row) for row in np.column_stack(cols)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _layouts(rec, tmp: Path):  # type: ignore[no-untyped-def]
    t, a, g = rec.t, rec.acc, rec.gyro
    yield (
        "generic",
        _write(tmp / "g.csv", ["time", "ax", "ay", "az", "gx", "gy", "gz"], [t, *a.T, *g.T]),
        True,
    )
    yield (
        "phyphox",
        _write(
            tmp / "p.csv",
            [
                "Time (s)",
                "Acceleration x (m/s^2)",
                "Acceleration y (m/s^2)",
                "Acceleration z (m/s^2)",
            ],
            [t, *a.T],
            quote=True,
        ),
        False,
    )
    sl = tmp / "sl"
    sl.mkdir()
    ns = 1_700_000_000_000_000_000 + t * 1e9
    _write(
        sl / "TotalAcceleration.csv",
        ["time", "seconds_elapsed", "z", "y", "x"],
        [ns, t, a[:, 2], a[:, 1], a[:, 0]],
    )
    _write(
        sl / "Gyroscope.csv",
        ["time", "seconds_elapsed", "z", "y", "x"],
        [ns, t, g[:, 2], g[:, 1], g[:, 0]],
    )
    yield "sensor-logger", sl / "TotalAcceleration.csv", True
    ms = 1_600_000_000_000 + t * 1e3
    mw = tmp / "MetaWear_2024_Accelerometer_50Hz.csv"
    _write(
        mw,
        ["epoch (ms)", "elapsed (s)", "x-axis (g)", "y-axis (g)", "z-axis (g)"],
        [ms, t, *(a / G).T],
    )
    _write(
        tmp / "MetaWear_2024_Gyroscope_50Hz.csv",
        ["epoch (ms)", "elapsed (s)", "x-axis (deg/s)", "y-axis (deg/s)", "z-axis (deg/s)"],
        [ms, t, *np.rad2deg(g).T],
    )
    yield "metawear", mw, True
    yield (
        "watch-ms-g",
        _write(
            tmp / "w.csv", ["timestamp", "accelX", "accelY", "accelZ"], [t * 1e3 + 5e11, *(a / G).T]
        ),
        False,
    )


def test_every_layout_reads_the_same_signal(rec, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name, path, has_gyro in _layouts(rec, tmp_path):
        got = read_imu(path)
        n = min(got.acc.shape[0], rec.acc.shape[0])
        assert got.fs == pytest.approx(50.0, rel=1e-3), name
        assert np.allclose(got.acc[:n], rec.acc[:n], atol=1e-3), name
        assert (got.gyro is not None) == has_gyro, name
        if has_gyro:
            assert np.allclose(got.gyro[:n], rec.gyro[:n], atol=1e-3), name  # type: ignore[index]


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e6, 1e9])
def test_time_units_are_detected(tmp_path: Path, scale: float) -> None:
    t = np.arange(200) / 20.0
    acc = np.tile([0.0, 0.0, G], (200, 1))
    path = _write(tmp_path / "t.csv", ["time", "ax", "ay", "az"], [t * scale, *acc.T])
    assert read_imu(path).fs == pytest.approx(20.0, rel=1e-6)


def test_uneven_sampling_is_resampled_and_gaps_reported() -> None:
    rng = np.random.default_rng(0)
    t = np.sort(np.concatenate([np.arange(0, 10, 0.02), np.arange(12, 20, 0.02)]))
    t = t + rng.uniform(-0.004, 0.004, t.size)
    values, fs, gaps = resample_uniform(t, np.sin(t)[:, None])
    assert fs == pytest.approx(50.0, rel=0.02)
    assert len(gaps) == 1 and gaps[0][0] == pytest.approx(10, abs=0.05)
    assert gaps[0][1] == pytest.approx(12, abs=0.05)
    assert np.allclose(values[:400, 0], np.sin(np.arange(400) / fs + t[0]), atol=0.02)


def test_arrays_need_a_rate_or_times() -> None:
    with pytest.raises(ValueError, match="fs"):
        imu_from_arrays(np.zeros((10, 3)))
    assert imu_from_arrays(np.zeros((10, 3)), fs=10.0).fs == 10.0


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("time,ax,ay,az\n0,1,2,3\n0.1,1,x,3\n0.2,1,2,3\n", "line 3, column 'ay'"),
        ("time,ax,ay,az\n0,1,2,3\n0.1,1,2\n0.2,1,2,3\n", "line 3"),
        ("time,foo,bar\n0,1,2\n0.1,1,2\n0.2,1,2\n", "line 1"),
        ("time,ax,ay,az\n", "data row"),
        ("ax,ay,az\n1,2,3\n1,2,3\n", "time column"),
    ],
)
def test_broken_files_give_one_sentence(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        read_imu(path)
    message = str(info.value)
    assert str(path) in message and where in message
    assert "\n" not in message and message.endswith(".")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_garbage_gives_data_error_only(tmp_path: Path, blob: bytes) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"time,ax,ay,az\n" + blob)
    with contextlib.suppress(DataError):
        read_imu(path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_garbage_pose_gives_data_error_only(tmp_path: Path, text: str) -> None:
    for name in ("g.json", "g.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(DataError):
            read_pose(path, fs=30.0)


def test_pose_formats_round_trip(tmp_path: Path) -> None:
    rec = synth_pose(SetSpec(reps=2, tempo=(2, 0, 1, 0)), fs=30.0, seed=1)
    kp = rec.keypoints
    np.save(tmp_path / "k.npy", kp)
    np.savez(tmp_path / "k.npz", keypoints=kp, time=rec.t)
    import json

    (tmp_path / "k.json").write_text(
        json.dumps({"fps": 30, "frames": [{"keypoints": f.tolist()} for f in kp]}), encoding="utf-8"
    )
    from mindmuscle.signals.pose import COCO_17

    header = [f"{n}_{c}" for n in COCO_17 for c in ("x", "y", "conf")]
    _write(tmp_path / "k.csv", ["time", *header], [rec.t, *kp.reshape(len(kp), -1).T])
    for name in ("k.npy", "k.npz", "k.json", "k.csv"):
        track = read_pose(tmp_path / name, fs=30.0)
        assert track.keypoints.shape[1] == 17, name
        assert track.fs == pytest.approx(30.0, rel=1e-3), name
        assert np.allclose(track.keypoints[:10, :, :2], kp[:10, :, :2], atol=1e-6), name
