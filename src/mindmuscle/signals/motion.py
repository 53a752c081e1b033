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
   travels twice as far (a horizontal movement). That settles the count;
5. first guesses of the timing: every trace's movements that make that many reps (an odd
   bout completed at either end or cut short) - an odd bout that lost its first movement
   (the weak start of an arc, a rep right after walking) is told by the rest around the
   set, which the sensor spends at the end every rep leaves from
   (``_motion_moves.align_to_rest``) - with the edges of the holds between the movements
   refined from the still accelerometer (``_motion_moves.refine_bounds``);
6. the timing: each guess is fitted to the accelerometer as a whole (all three axes, any
   orientation; ``_motion_fit``): the set's progress holds still, then moves with smooth
   ramps into and out of a cruise, and the reading is gravity as the turning sensor sees
   it plus the acceleration along the path - one model shared by every rep. A grid search
   over each movement's start and end (on the blurred signal first, coarse to fine) and a
   joint least-squares polish place every movement where that model explains the set
   best; the guess whose fit leaves the least unexplained times the set, and the fitted
   path against gravity tells the eccentric's direction whatever trace it came from
   (``timing="holds"`` stops at step 5: quicker, for finding reps live). Split every
   movement from its holds: eccentric, bottom pause, concentric, top hold; the hold that
   closes the last rep ends in the rest after the set, where no reading shows it, so it is
   the other reps' typical one (the prescription's for a single rep) and marked estimated.

A keypoint track (:func:`analyze_displacement`, the pose path) is counted from the swings
of its smoothed trace and timed by the same fit, the tracked position itself the reading:
the keypoint travels a path that may bend, each rep to its own depth.

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
from mindmuscle.signals import _motion_fit as fit
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
Timing = Literal["fit", "holds"]

#: Smallest range of motion (m) that counts as a rep from an IMU: calf raises move ~8 cm.
IMU_MIN_RANGE_M: Final = 0.05
#: Acceleration (m/s^2) below which the IMU is taken as still (sensor noise and tremor).
IMU_MIN_ACC: Final = 0.025
#: Keypoint tracks are smoothed below this (Hz) before differentiating (pixel jitter).
POSE_LOWPASS_HZ: Final = 3.0
#: The fit sees the track through a running median of this many work-rate samples (a
#: keypoint lost for a frame jumps away and back).
POSE_MEDIAN: Final = 5
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
    #: Phases not measured but estimated (the last rep's closing hold, see _pair_reps).
    estimated: tuple[Phase, ...] = ()


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
        "estimated": list(rep.estimated),
    }


def tempo_adherence(reps: Sequence[MotionRep], tempo: Tempo) -> dict[str, Any]:
    """Per rep: seconds off the prescription per phase (+ slower, - faster) and a 0-100 score.

    A rep's score is ``100 * (1 - sum(|off|) / rep_seconds)``, floored at 0: a rep that misses
    by as much as the whole prescribed rep scores 0. The set's score is the mean over reps.
    A phase the analysis estimated rather than measured (the last rep's closing hold) is
    reported but not scored.
    """
    per_rep = []
    for i, rep in enumerate(reps, start=1):
        off = {p: round(rep.phases[p] - tempo.phase(p), 3) for p in PHASES}
        miss = sum(abs(v) for p, v in off.items() if p not in rep.estimated)
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
    tempo: Tempo | None = None,
    timing: Timing = "fit",
) -> MotionAnalysis:
    """Reps and phases from an accelerometer ``(n, 3)`` in m/s^2 sampled uniformly at ``fs`` Hz.

    ``eccentric``: which way the wrist moves in the eccentric (from the exercise); inferred
    when None. Gravity may be included or not; the orientation does not matter. ``gyro``
    ``(n, 3)`` rad/s, when the recording has one, adds the turning angle as a candidate.
    The candidates (vertical displacement, principal-axis displacement, tilt angle, gyro
    angle) are each segmented; the most regular set settles the count, the model fitted to
    the accelerometer the timing (see the module docstring). ``tempo``, the prescription,
    gives a single rep its closing hold; ``timing="holds"`` skips the fit.
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
    return _time_set(best, found, work, walking, eccentric, gaps, tempo, timing)


def _time_set(
    best: MotionAnalysis,
    found: list[tuple[MotionAnalysis, tuple[list[Move], bool, Array]]],
    work: Array,
    walking: NDArray[np.bool_],
    eccentric: Direction | None,
    gaps: Sequence[tuple[float, float]],
    tempo: Tempo | None,
    timing: Timing,
) -> MotionAnalysis:
    """The count settled, every trace's movements that make that many reps are fitted to
    the accelerometer (``_motion_fit``); the best fit times the set and tells up from down.
    ``timing="holds"`` skips the fit: the chosen trace's movements, with the edges of their
    holds refined, time the set (faster, less exact)."""
    cands = _candidates(found, 2 * best.rep_count, work, walking)
    if not cands:
        return best
    rise: float | None = None
    if timing == "fit":
        chosen, done = fit.fit_best([m for _, m in cands], work, fs=dsp.WORK_FS, keep=~walking)
        res, moves, rise = cands[chosen][0], list(done.moves), done.rise
    else:
        res, moves = next(((r, m) for r, m in cands if r is best), cands[0])
    if rise is not None:  # the fit tells up from down, whatever the trace
        direction, ecc_up, source_of = infer_direction(moves, True, eccentric)
    else:  # a horizontal movement, or no fit: the trace's own up (if any) and the tempo tell
        up_known = res.eccentric is not None or res.axis == "vertical"
        direction, ecc_up, source_of = infer_direction(moves, up_known, eccentric)
        direction = direction if direction is not None else best.eccentric
    reps, first_ecc = _timed_reps(moves, ecc_up, tempo, gaps, work.shape[0])
    return replace(
        res,
        reps=reps,
        eccentric=direction,
        direction_from=source_of,  # type: ignore[arg-type]
        eccentric_first=first_ecc,
        confidence=best.confidence,
    )


def _candidates(
    found: list[tuple[MotionAnalysis, tuple[list[Move], bool, Array]]],
    n_moves: int,
    work: Array,
    walking: NDArray[np.bool_],
) -> list[tuple[MotionAnalysis, list[Move]]]:
    """Each trace's movements, as runs of ``n_moves`` (an odd bout completed, or cut at
    either end), with the edges of their holds refined as a first guess."""
    out: list[tuple[MotionAnalysis, list[Move]]] = []
    for res, (moves, _ecc_up, speed) in found:
        if len(moves) < n_moves - 1:
            continue
        aligned = align_to_rest(moves, work, walking, fs=dsp.WORK_FS)
        refined = refine_bounds(aligned, work, speed, res.trace_x, fs=dsp.WORK_FS)
        variants = [complete(refined)]
        if len(refined) % 2:
            variants += [refined[1:], refined[:-1]]
        for var in variants:
            extra = len(var) - n_moves
            # a few movements too many at either end (settling in, reracking, drift); a bout
            # far longer than the set is another pattern, and shifting along it costs fits
            for i in range(extra + 1):
                if i > MAX_TRIM or extra - i > MAX_TRIM:
                    continue
                run = var[i : i + n_moves]
                if not any(_same(run, other) for _, other in out):
                    out.append((res, run))
    return out


#: Movements a first guess may drop at either end of a trace's bout.
MAX_TRIM: Final = 3


def _same(a: list[Move], b: list[Move], tol: float = 0.25) -> bool:
    return all(
        abs(x.start - y.start) <= tol and abs(x.end - y.end) <= tol
        for x, y in zip(a, b, strict=True)
    )


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
    tempo: Tempo | None = None,
    timing: Timing = "fit",
) -> MotionAnalysis:
    """Reps and phases from a position trace (up +) sampled at ``fs`` Hz (e.g. a keypoint).

    The count comes from the smoothed trace's swings; the timing from the model of
    ``_motion_fit`` fitted to the trace itself (``timing="holds"``: from the swings' speed).
    ``tempo`` gives a single rep its closing hold."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must be one-dimensional, got shape {x.shape}")
    work = dsp.to_work_rate(x[:, None], fs=fs)[:, 0]
    wfs = dsp.WORK_FS
    smooth = dsp.filt(work, "lowpass", POSE_LOWPASS_HZ, fs=wfs)
    v = np.gradient(smooth) * wfs
    a = dsp.filt(np.gradient(v) * wfs, "lowpass", dsp.MOVE_LOWPASS_HZ, fs=wfs)
    found, (moves, ecc_up, _) = _segment(
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
    )
    if not found.reps or timing != "fit":
        return found
    from scipy.signal import medfilt

    # the trace as tracked, rid of single-frame jumps (a keypoint lost for a frame)
    clean = medfilt(work, POSE_MEDIAN)
    tracked = np.isfinite(clean)
    clean = np.where(tracked, clean, 0.0)
    n_moves = 2 * found.rep_count
    full = complete(moves)
    cands = [run for run in (full, moves[1:], moves[:-1]) if len(run) == n_moves]
    if not cands:
        return found
    _, done = fit.fit_best(cands, clean[:, None], fs=wfs, keep=tracked, kind="position")
    reps, first_ecc = _timed_reps(list(done.moves), ecc_up, tempo, gaps, work.size)
    return replace(found, reps=reps, eccentric_first=first_ecc)


# ---------------------------------------------------------------- segmentation


def _pair_reps(moves: list[Move], ecc_up: bool, tempo: Tempo | None = None) -> list[MotionRep]:
    """Reps from the alternating movements. The hold that closes the last rep ends in the
    rest after the set, so no reading shows its end: it is the other reps' typical closing
    hold, or with a single rep the prescribed one (none without a prescription), and the
    rep says it is estimated."""
    moves = complete(moves)
    first_is_ecc = moves[0].up == ecc_up
    closing: Phase = "top" if first_is_ecc else "bottom"
    pairs = [(moves[i], moves[i + 1]) for i in range(0, len(moves) - 1, 2)]
    holds_mid = [b.start - a.end for a, b in pairs]
    holds_end = [pairs[i + 1][0].start - pairs[i][1].end for i in range(len(pairs) - 1)]
    if holds_end:
        last_hold = float(np.median(holds_end))
    else:
        last_hold = tempo.phase(closing) if tempo is not None else 0.0
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
                estimated=(closing,) if i == len(pairs) - 1 else (),
            )
        )
    return reps


def _timed_reps(
    moves: list[Move],
    ecc_up: bool,
    tempo: Tempo | None,
    gaps: Sequence[tuple[float, float]],
    n_samples: int,
) -> tuple[tuple[MotionRep, ...], bool]:
    """The fitted movements (a whole number of reps) paired into reps, flagged where they
    span a gap and ended with the recording; and whether the set starts with the eccentric."""
    first_ecc = moves[0].up == ecc_up
    last: Phase = "top" if first_ecc else "bottom"
    end = (n_samples - 1) / dsp.WORK_FS
    reps = _pair_reps(moves, ecc_up, tempo)
    return tuple(_clip_end(_mark_gap(r, gaps), end, last) for r in reps), first_ecc


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
    return replace(rep, end=end, phases=phases)


def _short_set_floor(n_reps: int) -> float:
    """A set of one rep must move 4x the range floor, of two reps 2x (rest fidgets are small)."""
    return {1: 4.0, 2: 2.0}.get(n_reps, 1.0)


def _mark_gap(rep: MotionRep, gaps: Sequence[tuple[float, float]]) -> MotionRep:
    hit = any(a < rep.end and b > rep.start for a, b in gaps)
    return replace(rep, in_gap=True) if hit else rep


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
