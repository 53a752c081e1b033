"""Movements of a rep trace: turning points, the movement bounds, the set's bout.

Private to :mod:`mindmuscle.signals.motion` (see its module docstring, step 3). Times in
seconds; traces at :data:`~mindmuscle.signals._motion_dsp.WORK_FS`.
"""

from __future__ import annotations

import itertools
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
    if up_known and given is not None:
        return given, given == "up", "exercise"
    ups = [m.end - m.start for m in moves if m.up]
    downs = [m.end - m.start for m in moves if not m.up]
    med_up = float(np.median(ups)) if ups else 0.0
    med_down = float(np.median(downs)) if downs else 0.0
    if ups and downs and (med_down >= 1.25 * med_up or med_up >= 1.25 * med_down):
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


# ---------------------------------------------------------------- phase timing

#: Cut-off (Hz) of the accelerometer for telling holds from movement.
HOLD_LOWPASS_HZ: Final = 5.0
#: A hold ends where the accelerometer leaves its hold reading by this share of the change
#: the neighbouring movement makes (or by HOLD_NOISE times the hold's noise, if more).
HOLD_FRAC: Final = 0.1
HOLD_NOISE: Final = 4.0
#: How far (share of a movement's duration, and s) a hold edge may move from its first guess.
EDGE_SHARE: Final = 0.45
EDGE_MAX_S: Final = 1.5
#: Rest considered before the first and after the last movement (s).
REST_S: Final = 2.0
#: Shortest hold (s): a quiet moment shorter than this at a turn is the turn itself.
MIN_HOLD_S: Final = 0.1
#: A guessed hold this short (s) with no still moment in it is a turn without a pause, bounded
#: where the harder of its two movements departs, within TURN_NEAR_S of the trace's turning
#: point (or at that point).
MAX_TURN_S: Final = 0.4
TURN_NEAR_S: Final = 0.25
#: A movement's lobe next to a hold is clear when it leaves the hold's reading by this many
#: times the noise threshold; a fainter one is timed by the speed's ramp between RAMP_HIGH
#: and RAMP_LOW of its peak, extended to zero.
CLEAR_LOBE: Final = 3.0
RAMP_HIGH: Final = 0.5
RAMP_LOW: Final = 0.2
#: Longest (s) such a ramp may take between the two: a lifter starts or stops a load in well
#: under a second; a slower change is drift.
MAX_RAMP_S: Final = 0.8
#: A hold keeps the trace's speed below this share of the neighbouring movement's peak.
HOLD_SPEED: Final = 0.3


def refine_bounds(moves: list[Move], acc: Array, v: Array, x: Array, *, fs: float) -> list[Move]:
    """The movements with their starts and ends moved to the edges of the holds between them.

    ``acc`` is the accelerometer ``(n, 3)``, ``v`` and ``x`` the speed and position of the
    trace the movements were found on. A hold is where the accelerometer (all three axes:
    no orientation needed) keeps one reading, gravity alone, while the trace moves slower
    than a share of the neighbouring movements' peak speed (a cruise at constant speed
    reads like a hold, but it travels); a movement changes the reading by its acceleration
    and by the sensor's turning. Around each first guess of a hold (from the acceleration
    lobes), the still stretches make the hold; each of its edges is where the reading's
    change starts to build up - the minimum of the cumulative sum of the change above a
    level between the hold's and the neighbouring movement's (a change point: the whole
    departure votes, far less noisy than one threshold crossing at 10 Hz). Where a slow
    movement's push or braking is lost in the noise, the trace's speed ramping to or from
    rest, extended to zero, times the edge instead. A short guess with no still moment is
    a turn without a pause, bounded where the harder of the two movements departs.
    """
    if not moves:
        return moves
    margin = (REST_S + EDGE_MAX_S + 1.0) * fs  # only the set is filtered (long recordings)
    w0 = max(0, int(moves[0].start * fs - margin))
    w1 = min(acc.shape[0], int(moves[-1].end * fs + margin) + 1)
    f = dsp.filt(acc[w0:w1], "lowpass", HOLD_LOWPASS_HZ, fs=fs)
    v, x = v[w0:w1], x[w0:w1]
    g = float(np.median(np.linalg.norm(f, axis=1)))
    n = f.shape[0]
    starts = [m.start * fs - w0 for m in moves]
    ends = [m.end * fs - w0 for m in moves]
    peak = [
        float(np.abs(v[max(0, int(s)) : int(e) + 1]).max()) if e > s else 0.0
        for s, e in zip(starts, ends, strict=True)
    ]
    # a movement the trace barely sees (bridged near walking, or put back by
    # align_to_rest) is as fast as a share of the set's typical one in its direction
    for up in (True, False):
        same = [p for p, m in zip(peak, moves, strict=True) if m.up == up]
        typical = RELATIVE_RANGE * float(np.median(same)) if same else 0.0
        peak = [max(p, typical) if m.up == up else p for p, m in zip(peak, moves, strict=True)]
    holds: list[_Hold] = []
    for i in range(len(moves) + 1):
        reach_prev = (
            min(EDGE_MAX_S * fs, EDGE_SHARE * (ends[i - 1] - starts[i - 1])) if i > 0 else 0.0
        )
        reach_next = (
            min(EDGE_MAX_S * fs, EDGE_SHARE * (ends[i] - starts[i])) if i < len(moves) else 0.0
        )
        c0 = ends[i - 1] if i > 0 else max(0.0, starts[0] - REST_S * fs)
        c1 = starts[i] if i < len(moves) else min(n - 1.0, ends[-1] + REST_S * fs)
        top = moves[i - 1].up if i > 0 else not moves[0].up
        speeds = (peak[i - 1] if i > 0 else peak[0], peak[i] if i < len(moves) else peak[-1])
        holds.append(((c0, c1), (reach_prev, reach_next), top, speeds))
    noise = _hold_noise(f, holds)
    new_start, new_end = list(starts), list(ends)
    for i, (guess, reach, top, speeds) in enumerate(holds):
        edges = _hold_edges(f, (v, x), g, guess, reach, top=top, speeds=speeds, noise=noise)
        if edges is None:
            continue
        if i > 0:
            new_end[i - 1] = edges[0]
        if i < len(moves):
            new_start[i] = edges[1]
    out = []
    for m, s, e in zip(moves, new_start, new_end, strict=True):
        if e - s < MIN_MOVE_S * fs:  # the refinement lost the movement: keep the guess
            out.append(m)
        else:
            out.append(Move((s + w0) / fs, (e + w0) / fs, m.up, m.range, m.strong))
    return out


#: A hold's first guess (samples), how far its edges may move (samples), whether it is at
#: the top of the trace, and the peak speeds of the movements before and after it.
_Hold = tuple[tuple[float, float], tuple[float, float], bool, tuple[float, float]]


def _hold_noise(f: Array, holds: list[_Hold]) -> float:
    """Typical spread (m/s^2) of the accelerometer within the holds' first guesses."""
    spread = []
    for (c0, c1), *_ in holds:
        a, b = int(np.ceil(c0)), int(np.floor(c1)) + 1
        if b - a >= 5:
            seg = f[a:b]
            spread.append(float(np.linalg.norm(np.median(np.abs(seg - np.median(seg, 0)), 0))))
    return 1.4826 * float(np.median(spread)) if spread else 0.0


def _hold_edges(
    f: Array,
    trace: tuple[Array, Array],
    g: float,
    guess: tuple[float, float],
    reach: tuple[float, float],
    *,
    top: bool,
    speeds: tuple[float, float],
    noise: float,
) -> tuple[float, float] | None:
    """End of the movement before and start of the one after a hold guessed at ``guess``."""
    n = f.shape[0]
    v, x = trace
    c0, c1 = guess
    lo = max(0, int(np.floor(c0 - reach[0])))
    hi = min(n, int(np.ceil(c1 + reach[1])) + 1)
    if hi - lo < 5:
        return None
    # the turning point of the trace, near the guess
    t_lo = max(lo, int(c0 - TURN_NEAR_S * dsp.WORK_FS))
    t_hi = min(hi, int(np.ceil(c1 + TURN_NEAR_S * dsp.WORK_FS)) + 1)
    if t_hi - t_lo < 1:
        return None
    seg_x = x[t_lo:t_hi]
    turn = t_lo + int(np.argmax(seg_x) if top else np.argmin(seg_x))
    no_pause = None if c1 - c0 > MAX_TURN_S * dsp.WORK_FS else (float(turn), float(turn))
    a, b = max(lo, int(np.ceil(c0))), min(hi, int(np.floor(c1)) + 1)
    if b - a >= 5:
        mid = (a + b) // 2
        ref = np.median(f[max(a, mid - (b - a) // 4) : min(b, mid + (b - a) // 4 + 1)], axis=0)
    else:
        ref = f[turn]
    d = np.linalg.norm(f[lo:hi] - ref, axis=1)
    # each side is measured against its own movement (a slow eccentric's push is weak
    # beside the concentric's braking)
    k = min(max(turn - lo, 1), d.size - 1)
    floor = HOLD_NOISE * noise
    thr_l = max(floor, HOLD_FRAC * float(d[:k].max()))
    thr_r = max(floor, HOLD_FRAC * float(d[k:].max()))
    thr = np.where(np.arange(d.size) < k, thr_l, thr_r)
    # still: the reading of the hold, and the trace slow (a cruise at constant speed reads
    # like a hold, but it travels)
    limit = np.where(np.arange(lo, hi) < turn, speeds[0], speeds[1]) * HOLD_SPEED
    quiet = (d <= thr) & (np.abs(v[lo:hi]) <= limit)
    # the hold: from the first to the last still stretch overlapping the guess (or the
    # turning point); a fidget within the hold is part of it
    near = [
        (r0, r1)
        for r0, r1 in _runs(quiet)
        if r0 + lo <= max(b, turn + 1)
        and r1 + lo >= min(a, turn)
        and r1 - r0 >= MIN_HOLD_S * dsp.WORK_FS
    ]
    still = abs(float(np.linalg.norm(ref)) - g) <= min(thr_l, thr_r)
    if not near or not still:
        if no_pause is None:
            return None  # no better guess
        # a turn without a pause: where the harder of the two movements departs (its sharp
        # lobe times the turn better than a drifting trace's turning point)
        reach_turn = int(TURN_NEAR_S * dsp.WORK_FS)
        if float(d[k:].max()) >= float(d[:k].max()):
            j0 = max(0, k - reach_turn)
            above = np.flatnonzero(d[j0:] > thr_r)
            if not above.size or above[0] == 0:
                return no_pause
            j = j0 + int(above[0])
            at = lo + j - 1 + _cross(float(d[j - 1]), float(d[j]), thr_r)
        else:
            j1 = min(d.size, k + reach_turn + 1)
            above = np.flatnonzero(d[:j1] > thr_l)
            if not above.size or above[-1] == j1 - 1:
                return no_pause
            j = int(above[-1])
            at = lo + j + _cross(float(d[j]), float(d[j + 1]), thr_l)
        return at, at
    (r0, q0), (q1, r1) = near[0], near[-1]
    # the change point's level: halfway from the hold's to between the noise and the
    # movement's threshold (a turning sensor leaves the hold's reading gradually)
    level = float(np.median(d[r0:q0]))
    h = (r0 + q0) // 2
    mu = 0.5 * (level + float(np.sqrt(floor * thr_l)))
    end = lo + h - _onset(d[: h + 1][::-1], mu, h - r0 + 1)
    level = float(np.median(d[q1:r1]))
    h = (q1 + r1) // 2
    mu = 0.5 * (level + float(np.sqrt(floor * thr_r)))
    start = lo + h + _onset(d[h:], mu, r1 - h)
    # a slow movement's push or braking can hide in the sensor's noise: there its speed
    # (integrated, so far less noisy) ramping to or from rest, extended to zero, times it
    sgn = 1.0 if top else -1.0
    if float(d[:k].max()) < CLEAR_LOBE * floor:
        ramp = _ramp_zero(sgn * v[lo:hi], speeds[0], k, before=True)
        if ramp is not None and lo + ramp <= c1:
            end = lo + ramp
    if float(d[k:].max()) < CLEAR_LOBE * floor:
        ramp = _ramp_zero(-sgn * v[lo:hi], speeds[1], k, before=False)
        if ramp is not None and lo + ramp >= c0:
            start = lo + ramp
    if end > start:  # the two timings disagree: meet halfway
        end = start = 0.5 * (end + start)
    return float(end), float(start)


def _ramp_zero(u: Array, peak: float, k: int, *, before: bool) -> float | None:
    """Where the speed ``u`` (positive in the movement's direction) of the movement ending
    before sample ``k`` (``before``) or starting after it ramps from (to) rest: the line
    through its crossings of RAMP_HIGH and RAMP_LOW of ``peak``, extended to zero."""
    hi_t, lo_t = RAMP_HIGH * peak, RAMP_LOW * peak
    if before:
        above = np.flatnonzero(u[: k + 1] >= hi_t)
        if not above.size:
            return None
        i = int(above[-1])
        below = np.flatnonzero(u[i:] <= lo_t)
        if not below.size or i + 1 >= u.size:
            return None
        j = i + int(below[0])
        t_hi = i + _cross(float(u[i]), float(u[i + 1]), hi_t)
        t_lo = j - 1 + _cross(float(u[j - 1]), float(u[j]), lo_t)
        if t_lo - t_hi > MAX_RAMP_S * dsp.WORK_FS:
            return None  # a slow decay: the drift of an integrated speed, not a braking
        return t_lo + (t_lo - t_hi) * RAMP_LOW / (RAMP_HIGH - RAMP_LOW)
    above = np.flatnonzero(u[k:] >= hi_t)
    if not above.size or above[0] == 0:
        return None
    i = k + int(above[0])
    below = np.flatnonzero(u[:i] <= lo_t)
    if not below.size:
        return None
    j = int(below[-1])
    t_hi = i - 1 + _cross(float(u[i - 1]), float(u[i]), hi_t)
    t_lo = j + _cross(float(u[j]), float(u[j + 1]), lo_t)
    if t_hi - t_lo > MAX_RAMP_S * dsp.WORK_FS:
        return None
    return t_lo - (t_hi - t_lo) * RAMP_LOW / (RAMP_HIGH - RAMP_LOW)


def _onset(d: Array, mu: float, quiet: int) -> float:
    """Samples from ``d[0]`` (inside a hold, ``d[:quiet]`` quiet) to where the change starts:
    the minimum of the cumulative sum of ``d - mu`` before the departure's peak."""
    if d.size <= quiet:
        return quiet - 0.5
    peak = quiet + int(np.argmax(d[quiet : quiet + int(0.6 * dsp.WORK_FS)]))
    c = np.cumsum(d[: peak + 1] - mu)
    return int(np.argmin(c)) + 0.5


def _cross(y0: float, y1: float, thr: float) -> float:
    """Fraction of the step from ``y0`` to ``y1`` at which it crosses ``thr``."""
    return float(np.clip((thr - y0) / (y1 - y0), 0.0, 1.0)) if y1 != y0 else 0.5


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(int(p), int(q)) for p, q in zip(edges[::2], edges[1::2], strict=True)]


# ---------------------------------------------------------------- where the set starts

#: A set's reps all leave the position the lifter rests in before and after the set; the
#: accelerometer's static reading (the sensor's tilt) there is compared with its readings at
#: the two ends of the range. The ends must differ by this many times the spread of the
#: holds' readings at one end, and a rest reading must lie within this share of the
#: distance between the ends from one of them (else the rest is elsewhere: undecided).
END_SEPARATION: Final = 3.0
REST_NEAR: Final = 0.3
#: Seconds of rest read before the set's first (after its last) movement.
REST_READ_S: Final = 1.0
#: A lost movement runs where the reading travels from this share of the way between the
#: ends to one minus it (refined afterwards like every movement).
LOST_EDGE: Final = 0.1


def align_to_rest(
    moves: list[Move], acc: Array, walking: NDArray[np.bool_], *, fs: float
) -> list[Move]:
    """An odd bout lost a movement at one end. The sensor rests before and after the set at
    the end of the range every rep leaves from; when its tilt there (before and after the
    set alike) shows that the first movement found arrives at that end, the lost movement
    is the first one (its start from the rest was too weak to find: the start of an arc, a
    rep right after walking): it is put back where the reading travels from the rest's end
    to the other one. Otherwise (or undecided: the sensor does not turn between the ends,
    or rests elsewhere) the bout is left as it is (:func:`complete` ends it)."""
    if len(complete(moves)) != len(moves) + 1:
        return moves  # even, or a settling-in swing before the set
    found = _rest_side(moves, acc, walking, fs=fs)
    if found is None:
        return moves
    starts_top, lo, q = found
    first = moves[0]
    if first.up != starts_top:  # the first movement leaves the rest's end: as found
        return moves
    # q: 0 at the rest's end, 1 at the other; the lost movement is its last rise before
    # the first movement found
    q = 1.0 - q if starts_top else q  # q was 0 at the bottom's reading, 1 at the top's
    k = int(first.start * fs) - lo
    below = np.flatnonzero(q[:k] < 0.5)
    if not below.size:
        return moves
    c = int(below[-1])
    rest = np.flatnonzero(q[:c] <= LOST_EDGE)
    there = np.flatnonzero(q[c:k] >= 1.0 - LOST_EDGE)
    if not rest.size or not there.size:
        return moves
    s, e = (lo + int(rest[-1])) / fs, (lo + c + int(there[0])) / fs
    if not MIN_MOVE_S <= e - s <= MAX_MOVE_S:
        return moves
    return [Move(s, e, not first.up, first.range, False), *moves]


def _rest_side(
    moves: list[Move], acc: Array, walking: NDArray[np.bool_], *, fs: float
) -> tuple[bool, int, Array] | None:
    """Whether the rest around the set is at the top of the range (None: undecided), with
    the first sample read and the reading from there on projected between the ends (0 at
    the bottom's reading, 1 at the top's)."""
    durs = [m.end - m.start for m in moves]
    gaps = [b.start - a.end for a, b in itertools.pairwise(moves)]
    span = 2.0 * (float(np.median(durs)) + max(0.0, float(np.median(gaps)))) + REST_READ_S
    lo = max(0, int((moves[0].start - span) * fs))
    hi = min(acc.shape[0], int((moves[-1].end + span) * fs) + 1)
    f = dsp.filt(acc[lo:hi], "lowpass", HOLD_LOWPASS_HZ, fs=fs)
    ends: dict[bool, list[Array]] = {True: [], False: []}
    for a, b in itertools.pairwise(moves):
        i0, i1 = int(a.end * fs) - lo, int(b.start * fs) - lo
        q = (i1 - i0) // 4
        if i1 - i0 >= 4:
            ends[a.up].append(np.median(f[i0 + q : i1 - q + 1], axis=0))
    if not ends[True] or not ends[False]:
        return None
    top, bot = np.median(ends[True], axis=0), np.median(ends[False], axis=0)
    axis = top - bot
    sep = float(np.linalg.norm(axis))
    spread = [float(np.linalg.norm(r - (top if k else bot))) for k in ends for r in ends[k]]
    if sep <= 0 or sep < END_SEPARATION * float(np.median(spread)):
        return None
    free = ~dsp.dilate(walking[lo:hi], int(fs))
    n_read = max(2, int(REST_READ_S * fs))
    k0, k1 = int(moves[0].start * fs) - lo, int(moves[-1].end * fs) - lo + 1
    before = np.flatnonzero(free[: max(0, k0)])
    after = np.flatnonzero(free[k1:]) + k1
    votes = []
    for idx in (before[:n_read], after[-n_read:]):
        if idx.size < n_read:
            return None  # both rests must be seen
        r = np.median(f[idx], axis=0) - bot
        p = float(r @ axis) / sep**2
        if float(np.linalg.norm(r - p * axis)) / sep > REST_NEAR:
            return None
        if p >= 1 - REST_NEAR:
            votes.append(True)
        elif p <= REST_NEAR:
            votes.append(False)
        else:
            return None
    if len(set(votes)) > 1:
        return None  # the rests before and after the set must agree
    # the movements' own acceleration kept out: the tilt alone tells where the sensor is
    slow = dsp.filt(acc[lo:hi], "lowpass", dsp.TURN_LOWPASS_HZ, fs=fs)
    return votes[0], lo, ((slow - bot) @ axis) / sep**2
