"""Signal steps of motion analysis: filters, the movement channel, displacement, walking, swings.

Every function takes the sampling rate as the required keyword ``fs`` (Hz) and works in
physical units (s, m/s^2, m). Private to :mod:`mindmuscle.signals.motion`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Internal processing rate (Hz): inputs from 10 to 1000 Hz are brought to this grid.
WORK_FS: Final = 50.0
#: Highest frequency (Hz) of lifting movements kept before integrating.
MOVE_LOWPASS_HZ: Final = 4.0
#: Drift control: high-pass (Hz) of velocity and displacement, below the slowest rep (~14 s).
DRIFT_HIGHPASS_HZ: Final = 0.03
#: Cut-off (Hz) for finding turning points: keeps reps, drops walking's 1.5-2.5 Hz steps.
TURN_LOWPASS_HZ: Final = 1.5
#: Gravity with orientation changes, for the principal-axis channel (Hz).
GRAVITY_LOWPASS_HZ: Final = 0.15
#: Walking: step band (Hz), step periods (s), and what counts as rhythmic stepping.
STEP_BAND_HZ: Final = (1.2, 3.0)
STEP_PERIOD_S: Final = (0.33, 0.8)
STEP_MIN_RMS: Final = 0.5
STEP_MIN_CORR: Final = 0.5


def _sos(
    kind: Literal["lowpass", "highpass", "bandpass"],
    cutoff: float | tuple[float, float],
    *,
    fs: float,
) -> Array:
    from scipy.signal import butter

    nyq = fs / 2
    if isinstance(cutoff, tuple):
        lo, hi = cutoff
        if hi >= nyq:
            return _sos("highpass", lo, fs=fs)
        return np.asarray(butter(2, [lo, hi], btype="bandpass", fs=fs, output="sos"))
    return np.asarray(butter(2, min(cutoff, 0.45 * fs), btype=kind, fs=fs, output="sos"))


def filt(
    x: Array,
    kind: Literal["lowpass", "highpass", "bandpass"],
    cutoff: float | tuple[float, float],
    *,
    fs: float,
) -> Array:
    """Zero-phase Butterworth filter along axis 0 (a low-pass above Nyquist returns ``x``)."""
    from scipy.signal import sosfiltfilt

    if kind == "lowpass" and isinstance(cutoff, float) and cutoff >= 0.45 * fs:
        return x
    if x.shape[0] < 16:
        return x - x.mean(axis=0) if kind != "lowpass" else x
    sos = _sos(kind, cutoff, fs=fs)
    pad = min(x.shape[0] - 1, int(3 * fs / (cutoff if isinstance(cutoff, float) else cutoff[0])))
    out: Array = sosfiltfilt(sos, x, axis=0, padlen=pad)
    return out


def to_work_rate(values: Array, *, fs: float) -> Array:
    """Resample a uniformly sampled ``(n, k)`` signal from ``fs`` to :data:`WORK_FS`."""
    if fs == WORK_FS:
        return values
    if fs > WORK_FS:
        values = filt(values, "lowpass", 0.4 * WORK_FS, fs=fs)
    n_out = max(1, int(np.floor((values.shape[0] - 1) * WORK_FS / fs)) + 1)
    t_in = np.arange(values.shape[0]) / fs
    t_out = np.arange(n_out) / WORK_FS
    return np.stack([np.interp(t_out, t_in, values[:, i]) for i in range(values.shape[1])], axis=1)


def gravity_included(acc: Array) -> bool:
    """Whether the accelerometer reads gravity (median magnitude near 1 g)."""
    return bool(6.0 < float(np.median(np.linalg.norm(acc, axis=1))) < 14.0)


def vertical_acc(acc: Array, *, fs: float, still: NDArray[np.bool_]) -> Array:
    """Vertical linear acceleration (up +), m/s^2, independent of the sensor's orientation.

    ``|f| - g`` equals the vertical component of the linear acceleration to first order,
    whatever the orientation and however the hand rotates. ``g`` is the median magnitude
    outside ``still`` (walking), which also absorbs the sensor's scale error.
    """
    norm = np.linalg.norm(acc, axis=1)
    g = float(np.median(norm[~still])) if (~still).any() else float(np.median(norm))
    return filt(norm - g, "lowpass", MOVE_LOWPASS_HZ, fs=fs)


def principal_acc(acc: Array, *, fs: float, gravity: bool, keep: NDArray[np.bool_]) -> Array:
    """Linear acceleration along the dominant movement axis (sign arbitrary), m/s^2."""
    dyn = acc - (filt(acc, "lowpass", GRAVITY_LOWPASS_HZ, fs=fs) if gravity else acc.mean(axis=0))
    dyn = filt(dyn, "lowpass", MOVE_LOWPASS_HZ, fs=fs)
    band = filt(dyn, "lowpass", 1.2, fs=fs)[keep] if keep.any() else dyn
    _, vecs = np.linalg.eigh(np.cov(band.T) if band.shape[0] > 3 else np.eye(3))
    out: Array = dyn @ vecs[:, -1]
    return out


def displacement(
    a: Array, *, fs: float, still: NDArray[np.bool_] | None = None
) -> tuple[Array, Array, Array]:
    """Acceleration, velocity (m/s) and displacement (m) from acceleration, drift controlled.

    Offsets are removed by a zero-phase high-pass at every integration step; samples in
    ``still`` (e.g. walking, where no rep can be) contribute no acceleration.
    """
    if still is not None:
        a = np.where(still, 0.0, a)
    a = filt(a, "highpass", DRIFT_HIGHPASS_HZ, fs=fs)
    v = filt(np.cumsum(a) / fs, "highpass", DRIFT_HIGHPASS_HZ, fs=fs)
    x = filt(np.cumsum(v) / fs, "highpass", DRIFT_HIGHPASS_HZ, fs=fs)
    return a, v, x


def walking_mask(vert: Array, *, fs: float, window_s: float = 4.0) -> NDArray[np.bool_]:
    """Samples inside rhythmic stepping: strong, periodic energy at 1.5-2.5 Hz step cadence."""
    n = vert.size
    win, hop = int(window_s * fs), max(1, int(0.5 * fs))
    mask = np.zeros(n, dtype=bool)
    if n < win:
        return mask
    band = filt(vert, "bandpass", STEP_BAND_HZ, fs=fs)
    frames = np.lib.stride_tricks.sliding_window_view(band, win)[::hop]
    frames = frames - frames.mean(axis=1, keepdims=True)
    nfft = 1 << int(np.ceil(np.log2(2 * win)))
    spec = np.fft.rfft(frames, nfft, axis=1)
    ac = np.fft.irfft(np.abs(spec) ** 2, nfft, axis=1)[:, :win]
    lo, hi = int(STEP_PERIOD_S[0] * fs), int(STEP_PERIOD_S[1] * fs)
    norm_ac = ac / np.maximum(ac[:, :1], 1e-12)
    lag = lo + np.argmax(norm_ac[:, lo:hi], axis=1)
    rows = np.arange(frames.shape[0])
    # rhythm: correlated at one step period and again at two (a lone burst is not)
    corr = np.minimum(norm_ac[rows, lag], norm_ac[rows, np.minimum(2 * lag, win - 1)])
    rms = np.sqrt(ac[:, 0] / win)
    walking = (corr >= STEP_MIN_CORR) & (rms >= STEP_MIN_RMS)
    half = int(0.5 * window_s * fs) - hop
    centres = rows * hop + win // 2
    for c in centres[walking]:
        mask[max(0, c - half) : c + half] = True
    if walking.size and walking[0]:
        mask[: centres[0]] = True
    if walking.size and walking[-1]:
        mask[centres[-1] :] = True
    return mask


def dilate(mask: NDArray[np.bool_], n: int) -> NDArray[np.bool_]:
    """``mask`` widened by ``n`` samples on each side."""
    if n <= 0 or not mask.any():
        return mask
    c = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
    idx = np.arange(mask.size)
    hi = np.minimum(idx + n + 1, mask.size)
    lo = np.maximum(idx - n, 0)
    out: NDArray[np.bool_] = (c[hi] - c[lo]) > 0
    return out


def bridge(y: Array, mask: NDArray[np.bool_]) -> Array:
    """``y`` with the masked samples replaced by a straight line between their neighbours."""
    if not mask.any() or mask.all():
        return y if not mask.all() else np.zeros_like(y)
    idx = np.arange(y.size)
    return np.interp(idx, idx[~mask], y[~mask])


def zigzag(y: Array, h: float) -> IntArray:
    """Alternating turning points of ``y`` whose swings are each at least ``h``."""
    d = np.diff(y)
    cand = np.flatnonzero(np.sign(d[1:]) != np.sign(d[:-1])) + 1
    cand = np.concatenate([[0], cand, [y.size - 1]]).astype(np.intp)
    vals = y[cand].tolist()
    pivots: list[int] = []
    hi = lo = 0
    trend = 0
    ext = 0
    for i in range(1, len(vals)):
        v = vals[i]
        if trend == 0:
            hi = i if v > vals[hi] else hi
            lo = i if v < vals[lo] else lo
            if vals[hi] - vals[lo] >= h:
                trend = -1 if hi < lo else 1
                pivots.append(hi if hi < lo else lo)
                ext = lo if hi < lo else hi
        elif (v - vals[ext]) * trend > 0:
            ext = i
        elif (vals[ext] - v) * trend >= h:
            pivots.append(ext)
            trend, ext = -trend, i
    if trend != 0:
        pivots.append(ext)
    return cand[np.asarray(pivots, dtype=np.intp)] if pivots else np.zeros(0, dtype=np.intp)


def refine_turns(x: Array, pivots: IntArray, *, fs: float, within_s: float = 0.4) -> IntArray:
    """Move each turning point to the extreme of ``x`` (less smoothed) near it."""
    out = pivots.copy()
    w = int(within_s * fs)
    for k in range(pivots.size):
        lo, hi = max(0, pivots[k] - w), min(x.size, pivots[k] + w + 1)
        if k > 0:
            lo = max(lo, int(out[k - 1]) + 1)
        if k + 1 < pivots.size:
            hi = min(hi, int(pivots[k + 1]))
        if hi <= lo:
            continue
        seg = x[lo:hi]
        rising = k + 1 < pivots.size and x[pivots[k + 1]] > x[pivots[k]]
        rising = rising or (k + 1 == pivots.size and k > 0 and x[pivots[k - 1]] > x[pivots[k]])
        out[k] = lo + int(np.argmin(seg) if rising else np.argmax(seg))
    return out


def lobes(acc: Array, *, fs: float, floor: float, white_noise: bool) -> tuple[IntArray, IntArray]:
    """Start and end (exclusive) samples of the acceleration lobes: one-signed runs above
    the noise (a sensor's white noise, or the typical level of a smoothed track) and ``floor``.
    """
    sm = filt(acc, "lowpass", 2.0, fs=fs)
    if white_noise:  # a sensor: white noise, seen in sample-to-sample differences
        thr = 4 * 1.4826 * float(np.median(np.abs(np.diff(acc)))) * np.sqrt(fs / 4)
    else:  # a smoothed track: most of a recording is holds and cruise
        thr = 3 * 1.4826 * float(np.median(np.abs(sm)))
    thr = max(thr, floor)
    bounds = []
    for on in (sm > thr, sm < -thr):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(np.int8), [0]])))
        bounds.append(edges.reshape(-1, 2))
    runs = np.concatenate(bounds)
    runs = runs[np.argsort(runs[:, 0])]
    return runs[:, 0].astype(np.intp), runs[:, 1].astype(np.intp)


def speed_peaks(v: Array, pivots: IntArray) -> IntArray:
    """Sample of peak speed of each movement between consecutive turning points."""
    out = np.empty(max(0, pivots.size - 1), dtype=np.intp)
    for k in range(out.size):
        a, b = int(pivots[k]), int(pivots[k + 1])
        sign = 1.0 if v[a : b + 1].sum() >= 0 else -1.0
        out[k] = a + int(np.argmax(v[a : b + 1] * sign))
    return out


def movement_bounds(
    acc: Array,
    turns: tuple[int, int],
    peaks: tuple[int, int, int],
    lobe_runs: tuple[IntArray, IntArray],
    frac: float,
    *,
    up: bool,
    min_dv: float,
    fs: float,
    speed: Array | None = None,
    strict: bool = False,
    negated: Array | None = None,
) -> tuple[float, float] | None:
    """Start and end (fractional samples) of the movement between turning points ``turns``.

    ``peaks`` are the samples of peak speed of the previous, this and the next movement.
    The movement starts with its accelerating lobe of acceleration (the last lobe after the
    previous peak that pushes this way) and ends with its braking lobe (the first one after
    its peak that brakes), ignoring lobes that change the speed by less than ``min_dv``
    (noise, tremor). Within a lobe, the bound is where it crosses ``frac`` of its
    peak. A lobe carrying much more speed change than the movement's other lobe is a turn
    without a pause (this braking and the next push in one) and is cut where it has
    changed the speed as much as the other lobe did. Lobes, unlike an integrated velocity, do not
    shift with drift. None when either lobe is missing (the swing is drift, not a movement).
    ``speed`` and ``strict``: see :func:`_from_rest`; ``negated`` is ``-acc`` when the caller
    has it (one copy per trace, not per movement).
    """
    a, b = turns
    prev_peak, peak, next_peak = peaks
    starts, ends = lobe_runs
    signed = acc if up else (-acc if negated is None else negated)
    push = brake = (0, 0)
    fs_dv = min_dv * fs  # lobe sums are in samples
    # lobes never overlap, so both their starts and their ends are sorted
    push_k = range(
        int(np.searchsorted(ends, prev_peak, "right")), int(np.searchsorted(starts, peak, "right"))
    )
    pushes = (k for k in push_k[::-1] if signed[starts[k] : ends[k]].sum() > fs_dv)
    # the push starts from (near) standstill; a wobble during a slow cruise does not
    k_push = _from_rest(pushes, starts, speed, peak, strict)
    if k_push is not None:
        push = (max(int(starts[k_push]), prev_peak), min(int(ends[k_push]), peak + 1))
    brake_k = range(
        int(np.searchsorted(ends, peak, "right")), int(np.searchsorted(starts, next_peak, "left"))
    )
    brakes = (k for k in brake_k if signed[starts[k] : ends[k]].sum() < -fs_dv)
    k_brake = _from_rest(brakes, ends - 1, speed, peak, strict)
    if k_brake is not None:
        brake = (max(int(starts[k_brake]), peak), min(int(ends[k_brake]), next_peak + 1))
    dv_push = float(signed[push[0] : push[1]].sum())
    dv_brake = float(-signed[brake[0] : brake[1]].sum())
    if push[1] <= push[0] or brake[1] <= brake[0]:
        return None  # no push or no braking: a drift of the integrated trace, not a movement
    both = push[0] < a < push[1] - 1 and brake[0] < b < brake[1] - 1  # no pause at either end
    start = float(a) if both else _rise(signed, *push, frac, dv_brake)
    if both:
        return start, float(b)
    lo, hi = brake
    return start, hi - 1 - _rise(-signed[lo:hi][::-1], 0, hi - lo, frac, dv_push)


#: A movement's push starts, and its braking ends, below this share of its peak speed.
REST_SPEED: Final = 0.3


def _from_rest(
    cands: Iterator[int], at: IntArray, speed: Array | None, peak: int, strict: bool
) -> int | None:
    """The first of the candidate lobes (nearest the peak first) at whose far edge the speed
    is near rest (without a speed trace, the first). When none is: with a ``strict`` (drift
    free) speed, None - the lobe of the neighbouring movement, still moving, is not this
    movement's push or braking; else the first candidate."""
    first = next(cands, None)
    if first is None or speed is None:
        return first
    limit = REST_SPEED * abs(float(speed[peak]))
    for k in itertools.chain((first,), cands):
        if abs(float(speed[min(int(at[k]), speed.size - 1)])) <= limit:
            return k
    return None if strict else first


def _rise(x: Array, lo: int, hi: int, frac: float, carried: float) -> float:
    """Where the lobe ``x[lo:hi]`` (ending at the peak side) starts; see movement_bounds."""
    seg = x[lo:hi]
    total = float(seg.sum())
    if carried > 0 and total > 1.5 * carried:  # a turn without a pause: cut it
        cum = np.cumsum(seg[::-1])
        k = int(np.searchsorted(cum, carried))
        return float(hi - 1 - min(k, seg.size - 1))
    i0 = int(np.argmax(seg))
    thr = frac * seg[i0]
    below = np.flatnonzero(seg[:i0] < thr)
    if not below.size:
        return float(lo)
    i = int(below[-1])
    return lo + i + float((thr - seg[i]) / max(seg[i + 1] - seg[i], 1e-12))
