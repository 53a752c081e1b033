"""Movements of a rep trace: turning points, the movement bounds, the set's bout.

Private to :mod:`mindmuscle.signals.motion` (see its module docstring, step 3). Times in
seconds; traces at :data:`~mindmuscle.signals._motion_dsp.WORK_FS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from mindmuscle.signals import _motion_dsp as dsp

Array = NDArray[np.float64]
Direction = Literal["down", "up"]

#: A swing counts when it reaches this share of the set's typical range (partial reps).
RELATIVE_RANGE: Final = 0.3
#: A movement starts (ends) where its accelerating (braking) lobe crosses this share of its peak.
MOVING_ACC: Final = 0.15
#: Without clear acceleration lobes, a movement runs while its speed exceeds this share of its peak.
MOVING_SPEED: Final = 0.1
#: Movements further apart than this (s) belong to different bouts; the longest bout is the set.
MAX_PAUSE_S: Final = 15.0
#: Duration (s) of one movement (eccentric or concentric) that a lifter can make.
MIN_MOVE_S: Final = 0.25
MAX_MOVE_S: Final = 10.0
#: A rep whose range is below this share of the set's median range is flagged partial.
PARTIAL_RANGE: Final = 0.7


def _turning_trace(x: Array, walking: NDArray[np.bool_]) -> Array:
    return dsp.bridge(dsp.filt(x, "lowpass", dsp.TURN_LOWPASS_HZ, fs=dsp.WORK_FS), walking)


def _typical_swing(x: Array, walking: NDArray[np.bool_], floor: float) -> float:
    y = _turning_trace(x, walking)
    piv = dsp.zigzag(y, floor)
    if piv.size < 3:
        return 0.0
    return float(np.percentile(np.abs(np.diff(y[piv])), 80))


@dataclass(frozen=True, slots=True)
class Move:
    start: float  # s
    end: float
    up: bool
    range: float
    strong: bool = True  # bounded by acceleration lobes, not only by speed


def find_moves(
    acc: Array, v: Array, x: Array, walking: NDArray[np.bool_], floor: float, acc_floor: float
) -> list[Move]:
    """Movements between turning points of the set (the longest bout of big-enough swings)."""
    y = _turning_trace(x, walking)
    typical = _typical_swing(x, walking, floor)
    if typical <= 0:
        return []
    fs = dsp.WORK_FS
    piv = dsp.zigzag(y, max(floor, RELATIVE_RANGE * typical))
    piv = dsp.refine_turns(dsp.bridge(x, walking), piv, fs=fs)
    runs = dsp.lobes(acc, fs=fs, floor=acc_floor, white_noise=acc_floor > 0)
    peaks = dsp.speed_peaks(v, piv).tolist()
    edge = [piv[0] if piv.size else 0, *peaks, x.size - 1]
    moves = []
    neg = -acc  # once, not for every downward movement
    for k, (a, b) in enumerate(zip(piv[:-1].tolist(), piv[1:].tolist(), strict=True)):
        swing = abs(float(y[b] - y[a]))
        found = dsp.movement_bounds(
            acc,
            (a, b),
            (edge[k], edge[k + 1], edge[k + 2]),
            runs,
            MOVING_ACC,
            up=bool(y[b] > y[a]),
            min_dv=0.2 * swing * fs / max(b - a, 1),
            fs=fs,
            speed=v,
            strict=acc_floor <= 0,  # a smoothed track or an angle: its speed does not drift
            negated=neg,
        )
        s, e = found if found is not None else _speed_bounds(v, a, b, int(edge[k + 1]))
        if MIN_MOVE_S <= (e - s) / fs <= MAX_MOVE_S and walking[a : b + 1].mean() < 0.5:
            moves.append(Move(s / fs, e / fs, bool(y[b] > y[a]), swing, found is not None))
    bout = _longest_bout(moves)
    return _drop_drift(bout) if acc_floor > 0 else bout


def _drop_drift(bout: list[Move]) -> list[Move]:
    """A displacement integrated from a sensor drifts: a swing that no push or braking
    accounts for is drift. A set starts with a push and ends with a stop, and a bout made
    mostly of such swings is not a set, while a few of them inside a clear set are reps."""
    while bout and not bout[0].strong:
        bout = bout[1:]
    while bout and not bout[-1].strong:
        bout = bout[:-1]
    if len(bout) < 2:
        return []
    return bout if 2 * sum(m.strong for m in bout) > len(bout) else []


def _speed_bounds(v: Array, a: int, b: int, peak: int) -> tuple[float, float]:
    """Start and end of a movement where its speed crosses a share of its peak (no lobes)."""
    seg = np.abs(v[a : b + 1])
    p = min(max(peak - a, 0), seg.size - 1)
    thr = MOVING_SPEED * seg[p]
    before = np.flatnonzero(seg[:p] < thr)
    after = np.flatnonzero(seg[p:] < thr)
    start = a + (int(before[-1]) if before.size else 0)
    end = a + p + (int(after[0]) if after.size else seg.size - 1 - p)
    return float(start), float(end)


def _longest_bout(moves: list[Move]) -> list[Move]:
    bouts: list[list[Move]] = []
    for m in moves:
        if bouts and m.start - bouts[-1][-1].end <= MAX_PAUSE_S and m.up != bouts[-1][-1].up:
            bouts[-1].append(m)
        else:
            bouts.append([m])
    best = max(bouts, key=lambda b: (len(b), sum(m.range for m in b)), default=[])
    return best if len(best) >= 2 else []


def infer_direction(
    moves: list[Move], up_known: bool, given: Direction | None
) -> tuple[Direction | None, bool, str]:
    """Eccentric direction, whether the eccentric is the 'up' movement, and where it came from."""
    med_up = float(np.median([m.end - m.start for m in moves if m.up]))
    med_down = float(np.median([m.end - m.start for m in moves if not m.up]))
    if up_known and given is not None:
        return given, given == "up", "exercise"
    if med_down >= 1.25 * med_up or med_up >= 1.25 * med_down:
        up = med_up > med_down
        return (("up" if up else "down") if up_known else None), up, "tempo"
    if up_known:
        return "down", False, "default"
    return None, moves[0].up, "default"


def complete(moves: list[Move]) -> list[Move]:
    """An odd bout lost one movement at an end (into or out of the rest): the unpaired last
    movement still is a rep, so it gets a partner of the set's typical timing."""
    if len(moves) % 2 == 0 or len(moves) < 3:
        return moves
    if moves[0].range < PARTIAL_RANGE * float(np.median([m.range for m in moves[1:]])):
        return moves[1:]  # a small swing before the set (settling in), not half a rep
    last = moves[-1]
    back = [m.end - m.start for m in moves if m.up != last.up]
    pause = float(
        np.median([moves[i + 1].start - moves[i].end for i in range(0, len(moves) - 2, 2)])
    )
    start = last.end + max(0.0, pause)
    partner = Move(start, start + float(np.median(back)), not last.up, last.range, False)
    return [*moves, partner]
