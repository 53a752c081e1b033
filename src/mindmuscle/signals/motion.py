"""Reps and tempo phases from motion: a wrist/phone IMU or a keypoint track.

The pipeline, the same for any sensor orientation and any rate from 10 Hz up:

1. bring the signal to a 50 Hz grid and find rhythmic walking (1.5-2.5 Hz step cadence);
2. build candidate rep traces: the vertical displacement (``|a| - g`` integrated twice with
   drift control: orientation-free, the only one that knows which way is up), the
   displacement along the principal axis of the gravity-free acceleration (horizontal
   paths), the tilt of the sensor (the direction of the low-passed accelerometer along its
   principal direction of change: no integration, no drift; the cleanest trace when the
   sensor turns with a limb) and, with a gyroscope, the angle turned about the dominant axis;
3. on each, find turning points whose swings exceed a floor and 30 % of the set's own
   typical range, bound every movement by its accelerating and braking lobes - the ones
   that start or end near rest, so a wobble during a slow cruise is not taken for the
   braking - or, without such lobes, by its speed; keep the longest alternating bout;
   on an integrated sensor trace, swings without lobes at the ends of the bout (or making
   most of it) are drift, not reps; pair the swings into reps - an odd bout lost a
   movement at an end: a small first swing is dropped (settling in), else the last
   movement still is a rep;
4. of the candidate sets, drop those whose range no arm can reach (> 1.2 m: drift); among
   those about as regular as the most regular one (the vertical one counts as a little
   more regular), take the one with the most reps (a weak trace shows only the biggest
   swings); the vertical one whenever it finds the same count, unless the principal axis
   travels twice as far (a horizontal movement); the count settled, the tilt when the
   sensor turns with every rep and the tilt finds the same reps (it times an arc best);
   a tilt or principal-axis trace that finds the same reps and tells the slow eccentric
   from the concentric by itself (it does not know up) times them when its timing repeats
   one pattern from rep to rep better than the vertical's (a slow arc's weak start lost in
   the vertical's drift cuts every rep in the wrong place);
5. an odd bout that lost its first movement (the weak start of an arc, a rep right after
   walking) is told by the rest around the set: the sensor rests before and after it at
   the end every rep leaves from, and its tilt there shows which end that is; the lost
   movement is put back where the reading travels from the rest to the other end
   (``_motion_moves.align_to_rest``). Split every movement from its holds: eccentric,
   bottom pause, concentric, top hold. The count settled, the edges of the holds are
   refined from the accelerometer itself (all axes, any orientation): a hold keeps one
   reading, gravity alone, and each edge is the change point where the reading starts to
   leave it (a push or braking lost in the noise: where the trace's speed ramps to rest);
   a turn without a still moment is bounded where the harder movement departs (see
   ``_motion_moves.refine_bounds``).

>>> from mindmuscle.signals.synth import SetSpec, synth_imu
>>> rec = synth_imu(SetSpec(reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=3)
>>> analyze_imu(rec.acc, fs=rec.fs).rep_count
5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

import numpy as np
from numpy.typing import NDArray

from mindmuscle.method.tempo import PHASES, Phase, Tempo
from mindmuscle.signals import _motion_dsp as dsp
from mindmuscle.signals import motion_channels as channels
from mindmuscle.signals._motion_moves import (
    PARTIAL_RANGE,
    Move,
    align_to_rest,
    complete,
    find_moves,
    infer_direction,
    refine_bounds,
)

__all__ = [
    "Direction",
    "MotionAnalysis",
    "MotionRep",
    "analyze_displacement",
    "analyze_imu",
    "eccentric_for_pattern",
    "tempo_adherence",
]

Array = NDArray[np.float64]
Direction = Literal["down", "up"]

#: Smallest range of motion (m) that counts as a rep from an IMU: calf raises move ~8 cm.
IMU_MIN_RANGE_M: Final = 0.05
#: Acceleration (m/s^2) below which the IMU is taken as still (sensor noise and tremor).
IMU_MIN_ACC: Final = 0.025
#: Keypoint tracks are smoothed below this (Hz) before differentiating (pixel jitter).
POSE_LOWPASS_HZ: Final = 3.0
#: A movement this many work-rate samples from either end of the recording was cut off by it.
EDGE_SAMPLES: Final = 2
#: Seconds around walking kept out of the principal-axis and tilt channels.
WALK_MARGIN_S: Final = 4.0
#: Smallest turn (rad) of the sensor that counts as a rep on the tilt and gyro channels.
MIN_ANGLE_RAD: Final = 0.15
#: Largest range of motion (m) of a wrist in one rep (an arm's reach).
MAX_RANGE_M: Final = 1.2
#: Candidates this close to the most regular one compete on the number of reps.
NEAR_SCORE = 0.1
#: Regularity (confidence) the vertical channel is given over the others: it alone knows up.
VERTICAL_PREFERENCE: Final = 0.1
#: A principal-axis trace travelling this many times the vertical one is the movement's
#: direction (a horizontal pull or push), the vertical one only its path's bulge.
HORIZONTAL_RATIO: Final = 2.0
#: The sensor turning this much (rad) with every rep (a curl, a raise) times the holds by the
#: speed of its tilt, which cannot drift, rather than by an integrated vertical speed.
TIMING_TILT_RAD: Final = 0.5
#: Fewest reps whose timings show the set's pattern (to compare two traces' timings).
MIN_PATTERN_REPS: Final = 3
#: Catalog patterns whose eccentric moves the hand *up* (the load is lowered by letting the
#: handle rise); every other vertical pattern lowers the hand in the eccentric.
_ECCENTRIC_UP: Final = frozenset({"vertical_pull", "triceps_pushdown"})


def eccentric_for_pattern(pattern: str) -> Direction:
    """Which way a wrist sensor moves in the eccentric of a catalog movement pattern."""
    return "up" if pattern in _ECCENTRIC_UP else "down"


@dataclass(frozen=True, slots=True)
class MotionRep:
    """One rep: start and end (s from the recording start), phase seconds, range of motion."""

    start: float
    end: float
    phases: dict[Phase, float]
    range: float
    partial: bool = False
    in_gap: bool = False


@dataclass(frozen=True, slots=True)
class MotionAnalysis:
    """The segmented set, plus the trace it was found on (for plots)."""

    reps: tuple[MotionRep, ...]
    fs: float
    duration: float
    source: Literal["imu", "pose"]
    axis: str
    unit: str
    eccentric: Direction | None
    direction_from: Literal["exercise", "gravity", "tempo", "default"]
    gaps: tuple[tuple[float, float], ...] = ()
    confidence: float = 0.0
    trace_t: Array = field(default_factory=lambda: np.zeros(0))
    trace_x: Array = field(default_factory=lambda: np.zeros(0))
    walking: tuple[tuple[float, float], ...] = ()
    eccentric_first: bool = True

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    def to_dict(self, tempo: Tempo | None = None) -> dict[str, Any]:
        """The ``analyze motion`` JSON contract, with extra keys."""
        out: dict[str, Any] = {
            "rep_count": self.rep_count,
            "reps": [_rep_dict(r) for r in self.reps],
            "sampling_rate": round(self.fs, 3),
            "duration": round(self.duration, 3),
            "source": self.source,
            "axis": self.axis,
            "range_unit": self.unit,
            "eccentric_direction": self.eccentric,
            "direction_from": self.direction_from,
            "gaps": [{"start": round(a, 3), "end": round(b, 3)} for a, b in self.gaps],
            "walking": [{"start": round(a, 3), "end": round(b, 3)} for a, b in self.walking],
            "confidence": round(self.confidence, 2),
            "starts_with": "eccentric" if self.eccentric_first else "concentric",
        }
        if tempo is not None:
            out["tempo"] = tempo_adherence(self.reps, tempo)
        return out


def _rep_dict(rep: MotionRep) -> dict[str, Any]:
    return {
        "start": round(rep.start, 3),
        "end": round(rep.end, 3),
        "phases": {p: round(rep.phases[p], 3) for p in PHASES},
        "range": round(rep.range, 3),
        "partial": rep.partial,
        "in_gap": rep.in_gap,
    }


def tempo_adherence(reps: Sequence[MotionRep], tempo: Tempo) -> dict[str, Any]:
    """Per rep: seconds off the prescription per phase (+ slower, - faster) and a 0-100 score.

    A rep's score is ``100 * (1 - sum(|off|) / rep_seconds)``, floored at 0: a rep that misses
    by as much as the whole prescribed rep scores 0. The set's score is the mean over reps.
    """
    per_rep = []
    for i, rep in enumerate(reps, start=1):
        off = {p: round(rep.phases[p] - tempo.phase(p), 3) for p in PHASES}
        miss = sum(abs(v) for v in off.values())
        score = 100.0 * max(0.0, 1.0 - miss / max(tempo.rep_seconds, 1.0))
        per_rep.append({"rep": i, "off": off, "score": round(score, 1)})
    mean = float(np.mean([r["score"] for r in per_rep])) if per_rep else 0.0
    return {"prescribed": str(tempo), "reps": per_rep, "score": round(mean, 1)}


# ---------------------------------------------------------------- IMU


def analyze_imu(
    acc: Array,
    *,
    fs: float,
    eccentric: Direction | None = None,
    gaps: Sequence[tuple[float, float]] = (),
    gyro: Array | None = None,
) -> MotionAnalysis:
    """Reps and phases from an accelerometer ``(n, 3)`` in m/s^2 sampled uniformly at ``fs`` Hz.

    ``eccentric``: which way the wrist moves in the eccentric (from the exercise); inferred
    when None. Gravity may be included or not; the orientation does not matter. ``gyro``
    ``(n, 3)`` rad/s, when the recording has one, adds the turning angle as a candidate.
    The candidates (vertical displacement, principal-axis displacement, tilt angle, gyro
    angle) are each segmented; the most regular set wins, the vertical one unless another
    is clearly more regular (only the vertical one knows which way is up).
    """
    acc = np.asarray(acc, dtype=float)
    if acc.ndim != 2 or acc.shape[1] != 3:
        raise ValueError(f"acc must have shape (n, 3), got {acc.shape}")
    if fs <= 0:
        raise ValueError(f"fs must be positive, got {fs}")
    if gyro is not None and np.shape(gyro) != acc.shape:
        raise ValueError(f"gyro must have the shape of acc {acc.shape}, got {np.shape(gyro)}")
    work = dsp.to_work_rate(acc, fs=fs)
    norm = np.linalg.norm(work, axis=1)
    walking = dsp.walking_mask(norm - np.median(norm), fs=dsp.WORK_FS)
    turn = None if gyro is None else dsp.to_work_rate(np.asarray(gyro, float), fs=fs)
    found = [
        _segment(
            *trace,
            fs_in=fs,
            duration=acc.shape[0] / fs,
            source="imu",
            axis=axis,
            unit="m" if metric else "rad",
            up_known=up_known,
            eccentric=eccentric,
            gaps=gaps,
            walking=walking,
            min_range=IMU_MIN_RANGE_M if metric else MIN_ANGLE_RAD,
            acc_floor=IMU_MIN_ACC if metric else 0.0,
        )
        for axis, metric, up_known, trace in channels.imu_channels(
            work, turn, walking, walk_margin_s=WALK_MARGIN_S
        )
    ]
    best = _choose([res for res, _ in found])
    if not best.reps:
        return best
    # the count is settled. When the sensor turns with every rep (a curl, a raise) and its
    # tilt finds the same reps, the tilt times them: it cannot drift, and it sees the ends
    # of an arc that the vertical barely moves through (the tilt is bridged near walking)
    near_walk = dsp.dilate(walking, int(WALK_MARGIN_S * dsp.WORK_FS))
    turning = [
        res
        for res, _ in found
        if res.axis == "tilt"
        and res.rep_count == best.rep_count
        and _median_range(res) >= TIMING_TILT_RAD
        and not any(near_walk[_span(r)].any() for r in res.reps)
    ]
    # one that follows the vertical (up is up) times the set
    follows = [res for res in turning if res.eccentric is not None]
    if best.axis == "vertical" and follows:
        best = follows[0]
    timed = _timed(best, found, work, walking)
    # one that does not, but tells the slow eccentric from the concentric by itself, times
    # it when its timing is the more regular of the two: every rep of a set repeats one
    # pattern, and a trace that cuts the movements in the wrong places (a slow arc's
    # vertical, integrated and drifting) breaks it
    own = [
        res
        for res, _ in found
        if (
            any(res is t for t in turning)
            or (res.axis == "principal" and _median_range(res) <= MAX_RANGE_M)
        )
        and res.eccentric is None
        and res.direction_from == "tempo"
        and res.rep_count == best.rep_count
    ]
    if best.axis == "vertical" and best.rep_count >= MIN_PATTERN_REPS:
        for res in own:
            other = _timed(res, found, work, walking)
            if _irregularity(other[0]) < _irregularity(timed[0]):
                # up and down are the vertical's: the others do not know which way is up
                best = replace(res, eccentric=best.eccentric, direction_from=best.direction_from)
                timed = other
    reps, first_ecc = timed
    return replace(best, reps=tuple(_mark_gap(r, gaps) for r in reps), eccentric_first=first_ecc)


def _timed(
    res: MotionAnalysis,
    found: list[tuple[MotionAnalysis, tuple[list[Move], bool, Array]]],
    work: Array,
    walking: NDArray[np.bool_],
) -> tuple[list[MotionRep], bool]:
    """The reps of a candidate timed from where the sensor is still (step 5), and whether
    the set starts with the eccentric."""
    moves, ecc_up, speed = next(seg for r, seg in found if r.trace_x is res.trace_x)
    # a movement lost at one end of the set: the rest around it tells which end
    moves = align_to_rest(moves, work, walking, fs=dsp.WORK_FS)
    reps = _pair_reps(refine_bounds(moves, work, speed, res.trace_x, fs=dsp.WORK_FS), ecc_up)
    return reps, complete(moves)[0].up == ecc_up


def _irregularity(reps: Sequence[MotionRep]) -> float:
    """How much the reps' phase durations differ (s, summed over phases, per rep second)."""
    spread = sum(float(np.std([r.phases[p] for r in reps])) for p in PHASES)
    return spread / max(float(np.mean([r.end - r.start for r in reps])), 1e-9)


def _span(rep: MotionRep) -> slice:
    return slice(int(rep.start * dsp.WORK_FS), int(rep.end * dsp.WORK_FS) + 1)


def _choose(found: list[MotionAnalysis]) -> MotionAnalysis:
    """The candidate set to report (see the module docstring, step 4)."""
    # a wrist cannot travel further than an arm's reach in a rep: such a trace is drift
    found = [r for r in found if r.unit != "m" or _median_range(r) <= MAX_RANGE_M] or found
    score = {id(r): r.confidence + VERTICAL_PREFERENCE * (r.axis == "vertical") for r in found}
    top = max(score.values())
    # among about equally regular sets, the one with the most reps saw every rep (a weak
    # trace only shows the biggest swings, and those are regular too)
    near = [r for r in found if score[id(r)] >= top - NEAR_SCORE]
    best = max(near, key=lambda r: (r.rep_count, score[id(r)]))
    # the same count on the vertical channel: take it, it alone knows which way is up, and
    # its lobes time the phases best - unless the movement is mostly horizontal (a cable
    # row): the vertical trace then only sees the path's bulge, a fraction of the range the
    # principal axis travels
    same = [r for r in found if r.axis == "vertical" and r.rep_count == best.rep_count]
    if not same:
        return best
    wider = [
        r
        for r in found
        if r.axis == "principal"
        and r.rep_count == best.rep_count
        and _median_range(r) > HORIZONTAL_RATIO * _median_range(same[0])
    ]
    return wider[0] if wider else same[0]


def _median_range(res: MotionAnalysis) -> float:
    return float(np.median([r.range for r in res.reps])) if res.reps else 0.0


def analyze_displacement(
    x: Array,
    *,
    fs: float,
    min_range: float,
    up_known: bool = True,
    eccentric: Direction | None = None,
    gaps: Sequence[tuple[float, float]] = (),
    axis: str = "position",
    unit: str = "px",
) -> MotionAnalysis:
    """Reps and phases from a position trace (up +) sampled at ``fs`` Hz (e.g. a keypoint)."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {x.shape}")
    work = dsp.to_work_rate(x[:, None], fs=fs)[:, 0]
    wfs = dsp.WORK_FS
    smooth = dsp.filt(work, "lowpass", POSE_LOWPASS_HZ, fs=wfs)
    v = np.gradient(smooth) * wfs
    a = dsp.filt(np.gradient(v) * wfs, "lowpass", dsp.MOVE_LOWPASS_HZ, fs=wfs)
    return _segment(
        a,
        v,
        smooth,
        fs_in=fs,
        duration=x.size / fs,
        source="pose",
        axis=axis,
        unit=unit,
        up_known=up_known,
        eccentric=eccentric,
        gaps=gaps,
        walking=np.zeros(work.size, dtype=bool),
        min_range=min_range,
    )[0]


# ---------------------------------------------------------------- segmentation


def _pair_reps(moves: list[Move], ecc_up: bool) -> list[MotionRep]:
    moves = complete(moves)
    first_is_ecc = moves[0].up == ecc_up
    pairs = [(moves[i], moves[i + 1]) for i in range(0, len(moves) - 1, 2)]
    holds_mid = [b.start - a.end for a, b in pairs]
    holds_end = [pairs[i + 1][0].start - pairs[i][1].end for i in range(len(pairs) - 1)]
    last_hold = float(np.median(holds_end)) if holds_end else 0.0
    median_range = float(np.median([max(a.range, b.range) for a, b in pairs])) if pairs else 0.0
    reps = []
    for i, (a, b) in enumerate(pairs):
        end_hold = holds_end[i] if i < len(holds_end) else last_hold
        first, second = (a.end - a.start), (b.end - b.start)
        if first_is_ecc:
            ph = {"eccentric": first, "bottom": holds_mid[i], "concentric": second, "top": end_hold}
        else:
            ph = {"concentric": first, "top": holds_mid[i], "eccentric": second, "bottom": end_hold}
        rng = max(a.range, b.range)
        reps.append(
            MotionRep(
                start=a.start,
                end=b.end + end_hold,
                phases={p: max(0.0, float(ph[p])) for p in PHASES},
                range=rng,
                partial=rng < PARTIAL_RANGE * median_range,
            )
        )
    return reps


def _segment(
    a: Array,
    v: Array,
    x: Array,
    *,
    fs_in: float,
    duration: float,
    source: Literal["imu", "pose"],
    axis: str,
    unit: str,
    up_known: bool,
    eccentric: Direction | None,
    gaps: Sequence[tuple[float, float]],
    walking: NDArray[np.bool_],
    min_range: float,
    acc_floor: float = 0.0,
) -> tuple[MotionAnalysis, tuple[list[Move], bool, Array]]:
    """The set found on one trace, with its movements and whether the eccentric is 'up'."""
    moves = _whole_moves(find_moves(a, v, x, walking, min_range, acc_floor), x.size)
    direction: Direction | None = eccentric if up_known else None
    source_of: str = "exercise" if eccentric and up_known else "default"
    reps: list[MotionRep] = []
    ecc_first = True
    ecc_up = False
    if moves:
        direction, ecc_up, source_of = infer_direction(moves, up_known, eccentric)
        ecc_first = moves[0].up == ecc_up
        reps = _pair_reps(moves, ecc_up)
        if (
            reps
            and float(np.median([r.range for r in reps])) < _short_set_floor(len(reps)) * min_range
        ):
            reps = []  # one or two small swings at rest: fidgeting, not a set
        last: Phase = "top" if ecc_first else "bottom"
        reps = [_clip_end(_mark_gap(r, gaps), (x.size - 1) / dsp.WORK_FS, last) for r in reps]
    t = np.arange(x.size) / dsp.WORK_FS
    result = MotionAnalysis(
        reps=tuple(reps),
        fs=fs_in,
        duration=duration,
        source=source,
        axis=axis,
        unit=unit,
        eccentric=direction,
        direction_from=source_of,  # type: ignore[arg-type]
        gaps=tuple(gaps),
        confidence=_confidence(reps),
        trace_t=t,
        trace_x=x,
        walking=_intervals(walking, fs=dsp.WORK_FS),
        eccentric_first=ecc_first,
    )
    return result, (moves, ecc_up, v)


def _whole_moves(moves: list[Move], n: int) -> list[Move]:
    """Drop a movement cut off by either end of the recording (still going at its first or
    last sample): its duration is unknown, and pairing it would invent a rep around it."""
    edge = EDGE_SAMPLES / dsp.WORK_FS
    end = (n - 1) / dsp.WORK_FS
    return [m for m in moves if m.start > edge and m.end < end - edge]


def _clip_end(rep: MotionRep, end: float, last: Phase) -> MotionRep:
    """A rep's closing hold never runs past the end of the recording (the last rep's hold
    is estimated from the others', and the recording may stop sooner)."""
    over = rep.end - end
    if over <= 0:
        return rep
    phases = {**rep.phases, last: max(0.0, rep.phases[last] - over)}
    return MotionRep(rep.start, end, phases, rep.range, rep.partial, rep.in_gap)


def _short_set_floor(n_reps: int) -> float:
    """A set of one rep must move 4x the range floor, of two reps 2x (rest fidgets are small)."""
    return {1: 4.0, 2: 2.0}.get(n_reps, 1.0)


def _mark_gap(rep: MotionRep, gaps: Sequence[tuple[float, float]]) -> MotionRep:
    hit = any(a < rep.end and b > rep.start for a, b in gaps)
    return (
        rep if not hit else MotionRep(rep.start, rep.end, rep.phases, rep.range, rep.partial, True)
    )


def _confidence(reps: Sequence[MotionRep]) -> float:
    """0-1: how regular the set is (range and duration), lowered for very short sets."""
    if not reps:
        return 0.0
    ranges = np.array([r.range for r in reps])
    durs = np.array([r.end - r.start for r in reps])
    cv = float(
        np.std(ranges) / max(np.mean(ranges), 1e-9) + np.std(durs) / max(np.mean(durs), 1e-9)
    )
    return float(np.clip(1.0 - cv / 2, 0.0, 1.0) * min(1.0, 0.5 + 0.25 * len(reps)))


def _intervals(mask: NDArray[np.bool_], *, fs: float) -> tuple[tuple[float, float], ...]:
    if not mask.any():
        return ()
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return tuple(
        (float(a / fs), float(b / fs)) for a, b in zip(edges[::2], edges[1::2], strict=True)
    )
