"""Reps from EMG (or a motion channel) and activation per rep.

A rep is one contraction of the target muscle: a burst of its envelope found with
hysteresis (:func:`segment_bursts`), or one excursion of a motion channel recorded
alongside (:func:`segment_motion`). Reps are ``(start, stop)`` sample indices, stop
exclusive, in an ``(n, 2)`` int array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "Segmentation",
    "coactivation",
    "rep_activation",
    "segment_bursts",
    "segment_motion",
    "target_share",
]

Reps = npt.NDArray[np.int64]
_MAX_POINTS = 1_000_000


@dataclass(frozen=True, slots=True)
class Segmentation:
    """Hysteresis thresholds as fractions between the envelope's baseline and peak.

    ``baseline`` is the ``baseline_pct`` percentile of the envelope (the resting level),
    ``peak`` its ``peak_pct`` percentile. A burst starts above ``on`` and ends below
    ``off``; bursts closer than ``min_gap_s`` are merged, shorter than ``min_burst_s``
    dropped. With ``peak < min_ratio * baseline`` there is no clear contraction: no reps.
    """

    on: float = 0.2
    off: float = 0.1
    min_burst_s: float = 0.4
    min_gap_s: float = 0.3
    baseline_pct: float = 10.0
    peak_pct: float = 99.5
    min_ratio: float = 3.0


def _runs(mask: npt.NDArray[np.bool_]) -> Reps:
    edges = np.diff(mask.astype(np.int8), prepend=0, append=0)
    return np.stack([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)], axis=1).astype(
        np.int64
    )


def _merge_close(runs: Reps, min_gap: int) -> Reps:
    if len(runs) < 2:
        return runs
    keep_break = (runs[1:, 0] - runs[:-1, 1]) >= min_gap
    starts = runs[np.concatenate([[True], keep_break]), 0]
    stops = runs[np.concatenate([keep_break, [True]]), 1]
    return np.stack([starts, stops], axis=1)


def _levels(x: npt.NDArray[np.floating], seg: Segmentation) -> tuple[float, float] | None:
    sample = x[:: max(1, x.size // _MAX_POINTS)]
    base, peak = (float(v) for v in np.nanpercentile(sample, [seg.baseline_pct, seg.peak_pct]))
    if not peak > max(base * seg.min_ratio, 0.0) or not np.isfinite(peak):
        return None
    return base, peak


def _hysteresis(
    x: npt.NDArray[np.floating], on: float, off: float, *, fs: float, seg: Segmentation
) -> Reps:
    runs = _merge_close(_runs(x > off), round(seg.min_gap_s * fs))
    if len(runs) == 0:
        return runs
    bounds = runs.ravel()
    bounds = bounds[:-1] if bounds[-1] >= x.size else bounds
    peaks = np.maximum.reduceat(x, bounds)[::2]  # max over each [start, stop)
    keep = (peaks >= on) & ((runs[:, 1] - runs[:, 0]) >= round(seg.min_burst_s * fs))
    return runs[keep]


def segment_bursts(
    envelope: npt.NDArray[np.floating], *, fs: float, seg: Segmentation | None = None
) -> Reps:
    """Contractions in one envelope (target muscle) by hysteresis; ``(n, 2)`` sample indices."""
    seg = seg or Segmentation()
    levels = _levels(envelope, seg)
    if levels is None:
        return np.empty((0, 2), dtype=np.int64)
    base, peak = levels
    span = peak - base
    return _hysteresis(envelope, base + seg.on * span, base + seg.off * span, fs=fs, seg=seg)


def segment_motion(
    motion: npt.NDArray[np.floating],
    *,
    fs: float,
    seg: Segmentation | None = None,
    lowpass_hz: float = 3.0,
) -> Reps:
    """Reps as excursions of a motion channel (angle, position, acceleration) from rest.

    The channel is low-passed (zero-phase, ``lowpass_hz``) and scaled to 0..1 between its
    2nd and 98th percentiles; the side where it spends more time is rest, and each trip
    to the other side (past 0.5, back below 0.25 from rest) is a rep.
    """
    from scipy import signal

    seg = seg or Segmentation()
    x = np.nan_to_num(np.asarray(motion, dtype=np.float64))
    sos = signal.butter(2, min(lowpass_hz, 0.45 * fs), output="sos", fs=fs)
    smooth = signal.sosfiltfilt(sos, x)
    lo, hi = np.percentile(smooth[:: max(1, smooth.size // _MAX_POINTS)], [2, 98])
    if not hi > lo:
        return np.empty((0, 2), dtype=np.int64)
    unit = (smooth - lo) / (hi - lo)
    if np.median(unit) > 0.5:
        unit = 1.0 - unit
    return _hysteresis(unit, 0.5, 0.25, fs=fs, seg=seg)


def rep_activation(
    envelopes: npt.NDArray[np.floating], reps: Reps, *, rms: bool = True
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Mean and peak activation per rep and channel, each ``(n_reps, n_channels)``.

    With an RMS envelope the mean is ``sqrt(mean(envelope**2))``: the RMS of the processed
    signal over the rep (blurred by half a window at its edges); with a linear envelope
    it is the mean of the envelope.
    """
    env = np.atleast_2d(envelopes)
    mean = np.zeros((len(reps), env.shape[0]))
    peak = np.zeros_like(mean)
    for i, (a, b) in enumerate(reps):
        part = env[:, a:b].astype(np.float64)
        mean[i] = np.sqrt(np.mean(part**2, axis=1)) if rms else np.mean(part, axis=1)
        peak[i] = np.max(part, axis=1)
    return mean, peak


def target_share(
    target: npt.NDArray[np.floating], accessory: npt.NDArray[np.floating]
) -> npt.NDArray[np.float64]:
    """``target / (target + sum of accessory)`` per rep; ``accessory`` is ``(n_reps, k)``.

    The values must share one scale (recording units or MVC), never each channel's own
    peak. NaN where every value is zero.

    >>> target_share(np.array([3.0]), np.array([[1.0, 0.0]])).tolist()
    [0.75]
    """
    total = np.asarray(target, np.float64) + np.sum(np.atleast_2d(accessory), axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, np.asarray(target, np.float64) / total, np.nan)


def coactivation(
    target_env: npt.NDArray[np.floating], other_env: npt.NDArray[np.floating], reps: Reps
) -> npt.NDArray[np.float64]:
    """Co-activation index per rep (Falconer & Winter): ``2 * sum(min) / sum(T + A)``.

    1 when both envelopes coincide, 0 when only one muscle is active.
    """
    out = np.full(len(reps), np.nan)
    for i, (a, b) in enumerate(reps):
        t = target_env[a:b].astype(np.float64)
        o = other_env[a:b].astype(np.float64)
        total = float(np.sum(t + o))
        if total > 0:
            out[i] = 2.0 * float(np.sum(np.minimum(t, o))) / total
    return out
