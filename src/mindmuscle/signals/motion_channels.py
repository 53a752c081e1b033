"""Orientation-free rep channels of an IMU besides the vertical displacement.

* :func:`tilt_trace` - the direction of the low-passed accelerometer (gravity as the sensor
  sees it) projected on its principal direction of change: the angle of the limb segment
  the sensor rides on. It needs no integration, so it cannot drift, and it is the cleanest
  rep signal when the sensor turns with the movement (curls, raises, pushdowns).
* :func:`gyro_trace` - the angular velocity about the dominant rotation axis, integrated to
  an angle with drift control (when the recording has a gyroscope).

:func:`imu_channels` builds them all, with the vertical and principal-axis displacements.
The traces return (acceleration, velocity, position) of the trace in radians, like
:func:`mindmuscle.signals._motion_dsp.displacement` does in metres. Private to
:mod:`mindmuscle.signals.motion`.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from mindmuscle.signals import _motion_dsp as dsp

Array = NDArray[np.float64]
Trace = tuple[Array, Array, Array]
Channel = tuple[str, bool, bool, Trace]

#: Correlation with the vertical displacement from which a trace is taken to know up.
UP_CORRELATION: Final = 0.5
#: Cut-off (Hz) of the gravity direction: keeps the segment's turns, drops tremor and noise.
TILT_LOWPASS_HZ: Final = 1.5


def _principal(values: Array, keep: NDArray[np.bool_]) -> Array:
    """Scores of ``values`` (n, 3) on the direction of their largest variance over ``keep``."""
    sub = values[keep] if keep.sum() > 3 else values
    centre = np.median(sub, axis=0)
    _, vecs = np.linalg.eigh(np.cov((sub - centre).T))
    out: Array = (values - centre) @ vecs[:, -1]
    return out


def _derivatives(x: Array, *, fs: float) -> Trace:
    v = np.gradient(x) * fs
    a = dsp.filt(np.gradient(v) * fs, "lowpass", dsp.MOVE_LOWPASS_HZ, fs=fs)
    return a, v, x


def tilt_trace(acc: Array, *, fs: float, still: NDArray[np.bool_]) -> Trace:
    """Angle (rad, sign arbitrary) of the sensor's tilt along its main direction of turning."""
    lp = dsp.filt(acc, "lowpass", TILT_LOWPASS_HZ, fs=fs)
    unit = lp / np.maximum(np.linalg.norm(lp, axis=1, keepdims=True), 1e-9)
    x = _principal(unit, ~still)
    x = dsp.bridge(x, still)
    x = dsp.filt(x, "highpass", dsp.DRIFT_HIGHPASS_HZ, fs=fs)
    return _derivatives(x, fs=fs)


def gyro_trace(gyro: Array, *, fs: float, still: NDArray[np.bool_]) -> Trace:
    """Angle (rad, sign arbitrary) turned about the dominant rotation axis, drift controlled."""
    w = dsp.filt(gyro, "lowpass", dsp.MOVE_LOWPASS_HZ, fs=fs)
    omega = _principal(w, ~still)
    omega = np.where(still, 0.0, omega)
    omega = dsp.filt(omega, "highpass", dsp.DRIFT_HIGHPASS_HZ, fs=fs)
    x = dsp.filt(np.cumsum(omega) / fs, "highpass", dsp.DRIFT_HIGHPASS_HZ, fs=fs)
    a = dsp.filt(np.gradient(omega) * fs, "lowpass", dsp.MOVE_LOWPASS_HZ, fs=fs)
    return a, omega, x


def imu_channels(
    work: Array, gyro: Array | None, walking: NDArray[np.bool_], *, walk_margin_s: float
) -> list[Channel]:
    """Candidate traces ``(axis, in metres, up known, (acc, velocity, position))`` of an IMU
    at :data:`~mindmuscle.signals._motion_dsp.WORK_FS`; ``walk_margin_s`` around ``walking``
    is kept out of the traces that a slow gravity estimate or the arm swing would upset.

    A trace that follows the vertical displacement (or mirrors it) is turned so that up is
    positive, and then knows which way is up too.
    """
    wfs = dsp.WORK_FS
    near_walk = dsp.dilate(walking, int(walk_margin_s * wfs))
    gravity = dsp.gravity_included(work)
    pa = dsp.principal_acc(work, fs=wfs, gravity=gravity, keep=~near_walk)
    others = [("principal", True, dsp.displacement(pa, fs=wfs, still=near_walk))]
    if gravity:
        others.append(("tilt", False, tilt_trace(work, fs=wfs, still=near_walk)))
    if gyro is not None:
        others.append(("gyro", False, gyro_trace(gyro, fs=wfs, still=near_walk)))
    if not gravity:
        return [(axis, metric, False, trace) for axis, metric, trace in others]
    vert = dsp.displacement(dsp.vertical_acc(work, fs=wfs, still=walking), fs=wfs, still=walking)
    out = [("vertical", True, True, vert)]
    for axis, metric, trace in others:
        r = _correlation(trace[2], vert[2], ~near_walk)
        sign = -1.0 if r < 0 else 1.0
        flipped = (sign * trace[0], sign * trace[1], sign * trace[2])
        out.append((axis, metric, abs(r) >= UP_CORRELATION, flipped))
    return out


def _correlation(x: Array, y: Array, keep: NDArray[np.bool_]) -> float:
    xs, ys = (x[keep], y[keep]) if keep.sum() > 3 else (x, y)
    den = float(np.std(xs) * np.std(ys))
    return float(np.mean((xs - xs.mean()) * (ys - ys.mean())) / den) if den > 0 else 0.0
