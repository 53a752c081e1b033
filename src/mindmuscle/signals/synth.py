"""Synthetic sets for tests and benchmarks: a rep sequence rendered into IMU and keypoint signals.

Pure and seeded: the same :class:`SetSpec` and seed give the same signals. In presses,
pulls and squats the wrist follows a curved path (an arc bulging off the main direction) and
the hand rotates a little; in curls, raises and pushdowns the sensor rides a segment that
swings about a joint, so the wrist moves on a circular arc and the sensor turns with the
segment by the whole joint angle (:data:`ARCS`). Velocity profiles are smooth (raised-cosine
ramps into a cruise, close to minimum jerk for short phases), and the sensor sits at a
random orientation with bias, slow drift, noise and scale error. Walking before and after
the set swings the arm at stride rate and bobs the body at step rate. Ground truth comes
back beside the signals.

>>> rec = synth_imu(SetSpec(reps=3, tempo=(2, 0, 1, 0)), fs=50.0, seed=1)
>>> len(rec.truth), rec.acc.shape[1]
(3, 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from mindmuscle.method.tempo import PHASES, Phase

__all__ = [
    "ARCS",
    "EXERCISES",
    "Profile",
    "SetSpec",
    "SynthImu",
    "SynthPose",
    "TruthRep",
    "synth_imu",
    "synth_pose",
]

Profile = Literal["ramps", "minimum_jerk", "uneven"]
G: Final = 9.80665
#: Shortest time (s) in which a lifter speeds a load up to cruising speed (or stops it).
MIN_RAMP_S: Final = 0.2
Array = NDArray[np.float64]

#: exercise -> (main direction of the eccentric in the world frame (x fwd, y left, z up),
#: whether the set starts in the shortened position (eccentric first), path bulge, rotation deg)
EXERCISES: Final[dict[str, tuple[tuple[float, float, float], bool, float, float]]] = {
    "squat": ((0.0, 0.0, -1.0), True, 0.08, 6.0),
    "bench_press": ((0.0, 0.0, -1.0), True, 0.15, 8.0),
    "overhead_press": ((0.0, 0.0, -1.0), True, 0.12, 10.0),
    "curl": ((0.0, 0.0, -1.0), False, 0.45, 25.0),
    "row": ((0.0, 0.0, -1.0), False, 0.2, 12.0),
    "lateral_raise": ((0.0, 0.0, -1.0), False, 0.35, 15.0),
    "pulldown": ((0.0, 0.0, 1.0), False, 0.15, 10.0),
    "pushdown": ((0.0, 0.0, 1.0), True, 0.3, 15.0),
    "cable_row": ((1.0, 0.0, 0.0), False, 0.1, 10.0),
}

#: Exercises where the sensor rides on a limb segment that swings about a joint, so the wrist
#: moves on a circular arc and the sensor turns with the segment by the whole arc angle
#: (a forearm in a curl turns ~125 deg, not a few degrees): exercise -> (direction the
#: segment swings towards from hanging straight down (world), segment length (m) at the
#: default 0.4 m range, angle from straight down in the shortened and stretched positions).
ARCS: Final[dict[str, tuple[tuple[float, float, float], float, float, float]]] = {
    "curl": ((1.0, 0.0, 0.0), 0.3, 135.0, 10.0),  # elbow flexion, forearm length
    "lateral_raise": ((0.0, 1.0, 0.0), 0.6, 85.0, 10.0),  # shoulder abduction, arm length
    "pushdown": ((1.0, 0.0, 0.0), 0.3, 5.0, 95.0),  # elbow extension
}


@dataclass(frozen=True, slots=True)
class SetSpec:
    """What to render. Durations in seconds, ``rom_m`` the wrist's range of motion in metres."""

    exercise: str = "squat"
    reps: int = 8
    tempo: tuple[float, float, float, float] = (3.0, 0.0, 1.0, 1.0)
    jitter: float = 0.1
    rom_m: float = 0.4
    partial: tuple[int, ...] = ()
    before_s: float = 4.0
    after_s: float = 4.0
    walk_before_s: float = 0.0
    walk_after_s: float = 0.0
    noise: float = 0.03
    bias: float = 0.15
    drift: float = 0.02
    random_orientation: bool = True
    rest_only: bool = False
    #: The speed profile of every movement: ``ramps`` (raised-cosine ramps into and out of a
    #: cruise), ``minimum_jerk`` (a bell, no cruise) or ``uneven`` (unequal ramps, a cruise
    #: that speeds up or slows down).
    profile: Profile = "ramps"


@dataclass(frozen=True, slots=True)
class TruthRep:
    """Ground truth of one rep: start and end (s from the recording start) and phase seconds."""

    start: float
    end: float
    phases: dict[Phase, float] = field(default_factory=dict)
    partial: bool = False


@dataclass(frozen=True, slots=True)
class SynthImu:
    """Rendered IMU signals: ``acc`` m/s^2 with gravity, ``gyro`` rad/s, at times ``t`` (s)."""

    t: Array
    acc: Array
    gyro: Array
    fs: float
    truth: tuple[TruthRep, ...]
    eccentric_down: bool | None


@dataclass(frozen=True, slots=True)
class SynthPose:
    """Rendered COCO-17 keypoints ``(frames, 17, 3)``: x, y (pixels, y down), confidence."""

    t: Array
    keypoints: Array
    fs: float
    truth: tuple[TruthRep, ...]


# ---------------------------------------------------------------- movement timeline


def _ramp_profile(tau: Array, dur: float, rng_ramp: float) -> Array:
    """Progress 0..1 of a movement of ``dur`` s at times ``tau`` (smooth trapezoid velocity)."""
    # a loaded limb needs ~0.2 s to reach cruising speed (no 2-g jolts), short moves are bells
    ramp = min(max(rng_ramp * dur, MIN_RAMP_S), 0.45 * dur, 0.8)
    cruise = dur - 2 * ramp
    tt = np.clip(tau, 0.0, dur)
    up = np.clip(tt / ramp, 0, 1)
    down = np.clip((tt - ramp - cruise) / ramp, 0, 1)
    # integral of a raised-cosine velocity ramp: (u - sin(pi u)/pi) / 2 * ramp
    dist = (
        0.5 * ramp * (up - np.sin(np.pi * up) / np.pi)
        + np.clip(tt - ramp, 0, cruise)
        + 0.5 * ramp * (down + np.sin(np.pi * down) / np.pi)
    )
    total = ramp + cruise
    result: Array = dist / total
    return result


def _minimum_jerk(tau: Array, dur: float) -> Array:
    """Progress of the smoothest point-to-point movement (Flash and Hogan): no cruise, the
    speed a bell that leaves rest and comes back to it ever so gently."""
    u = np.clip(tau / dur, 0.0, 1.0)
    out: Array = u**3 * (10 - 15 * u + 6 * u * u)
    return out


def _uneven(tau: Array, dur: float, up: float, down: float, lean: float) -> Array:
    """Progress of a movement that speeds up over ``up`` of its time and stops over ``down``
    (raised cosines, unequal) and does not cruise evenly: its speed leans from ``1 + lean``
    to ``1 - lean`` of the mean on the way."""
    u = np.linspace(0.0, 1.0, 2001)
    speed = (1 + lean * (1 - 2 * u)) * np.minimum(
        0.5 - 0.5 * np.cos(np.pi * np.clip(u / up, 0, 1)),
        0.5 - 0.5 * np.cos(np.pi * np.clip((1 - u) / down, 0, 1)),
    )
    dist = np.concatenate([[0.0], np.cumsum(0.5 * (speed[1:] + speed[:-1]))])
    out: Array = np.interp(np.clip(tau / dur, 0.0, 1.0), u, dist / dist[-1])
    return out


#: A movement of the timeline: start (s), duration (s), progress from and to, and its shape
#: (the ramp share; for ``uneven`` also the ramp-up share, ramp-down share and lean).
Movement = tuple[float, float, float, float, tuple[float, ...]]


def _shape(spec: SetSpec, rng: np.random.Generator) -> tuple[float, ...]:
    ramp = float(rng.uniform(0.12, 0.3))
    if spec.profile != "uneven":
        return (ramp,)
    return (
        ramp,
        float(rng.uniform(0.1, 0.4)),
        float(rng.uniform(0.05, 0.3)),
        float(rng.uniform(-0.25, 0.25)),
    )


def _timeline(
    spec: SetSpec, rng: np.random.Generator
) -> tuple[list[Movement], list[TruthRep], float]:
    """Movements of the progress s (0 shortened, 1 stretched), the truth, and the end (s)."""
    ecc_first = EXERCISES[spec.exercise][1]
    t = spec.walk_before_s + spec.before_s
    moves: list[Movement] = []
    truth: list[TruthRep] = []
    for k in range(spec.reps):
        durs = {
            p: max(0.0, v * (1 + spec.jitter * rng.uniform(-1, 1)))
            for p, v in zip(PHASES, spec.tempo, strict=True)
        }
        for p in ("eccentric", "concentric"):
            durs[p] = max(durs[p], 0.4)
        depth = 0.5 if k in spec.partial else 1.0 + 0.05 * rng.uniform(-1, 1)
        order: tuple[Phase, ...] = (
            ("eccentric", "bottom", "concentric", "top")
            if ecc_first
            else ("concentric", "top", "eccentric", "bottom")
        )
        start = t
        for p in order:
            # a rep leaves from where the set starts (shortened or stretched) and comes back
            # there; a partial rep turns back halfway (the movement ends at ``to``)
            if p == "eccentric":
                to = depth if ecc_first else 1.0
                moves.append((t, durs[p], 0.0, to, _shape(spec, rng)))
            elif p == "concentric":
                to = 0.0 if ecc_first else 1.0 - depth
                moves.append((t, durs[p], depth, to, _shape(spec, rng)))
            t += durs[p]
        truth.append(TruthRep(start, t, {p: durs[p] for p in PHASES}, k in spec.partial))
    return moves, truth, t + spec.after_s + spec.walk_after_s


def _progress(t: Array, moves: list[Movement], s0: float, profile: Profile = "ramps") -> Array:
    """Progress at times ``t``; every movement starts where the previous one ended."""
    s = np.full_like(t, s0)
    level = s0
    for t0, dur, _, b, shape in moves:
        mask = t >= t0
        tau = t[mask] - t0
        if profile == "minimum_jerk":
            p = _minimum_jerk(tau, dur)
        elif profile == "uneven":
            p = _uneven(tau, dur, *shape[1:])
        else:
            p = _ramp_profile(tau, dur, shape[0])
        s[mask] = level + (b - level) * p
        level = b
    return s


# ---------------------------------------------------------------- world motion


def _unit(v: Array) -> Array:
    out: Array = v / np.linalg.norm(v)
    return out


def _rot(axis: Array, angle: Array) -> Array:
    """Rotation matrices ``(n, 3, 3)`` about a unit axis by angles (Rodrigues)."""
    k = _unit(axis)
    kx = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    a = angle[:, None, None]
    out: Array = np.eye(3) + np.sin(a) * kx + (1 - np.cos(a)) * (kx @ kx)
    return out


def _walking(t: Array, t_from: float, t_to: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Wrist displacement (n, 3) and arm swing angle (n,) while walking in [t_from, t_to)."""
    step_hz = rng.uniform(1.6, 2.2)
    ramp = 1.0  # s: the lifter speeds up and slows down smoothly
    up = np.clip((t - t_from) / ramp, 0, 1)
    down = np.clip((t_to - t) / ramp, 0, 1)
    on = np.minimum(0.5 - 0.5 * np.cos(np.pi * up), 0.5 - 0.5 * np.cos(np.pi * down))
    on *= t_to > t_from
    ph = 2 * np.pi * step_hz * (t - t_from)
    swing = np.deg2rad(rng.uniform(15, 30)) * np.sin(ph / 2) * on
    arm = 0.65
    pos = np.zeros((t.size, 3))
    pos[:, 0] = arm * np.sin(swing)
    pos[:, 2] = -arm * np.cos(swing) + arm + 0.025 * np.cos(ph) * on + 0.008 * np.cos(2 * ph) * on
    return pos, swing


def _rest_fidgets(t: Array, rng: np.random.Generator) -> Array:
    """Small sway and occasional fidgets of a lifter standing or sitting (n, 3) metres."""
    pos = np.zeros((t.size, 3))
    for axis in range(3):
        f = rng.uniform(0.1, 0.4)
        pos[:, axis] += rng.uniform(0.002, 0.01) * np.sin(2 * np.pi * f * t + rng.uniform(0, 6))
    for _ in range(int(t[-1] // 20) + 1):
        c, w = rng.uniform(t[0], t[-1]), rng.uniform(0.5, 1.5)
        bump = np.exp(-0.5 * ((t - c) / (w / 3)) ** 2)
        pos += bump[:, None] * rng.uniform(-0.025, 0.025, 3)
    return pos


def _segment(spec: SetSpec, s: Array, rng: np.random.Generator) -> tuple[Array, Array]:
    """Wrist path (n, 3) and orientation (n, 3, 3) of the load-moving segment at progress ``s``.

    A segment swinging about a joint (see :data:`ARCS`) moves the wrist on an arc and turns
    the sensor with it about the joint axis (tilted a little, lifters differ); a pressing or
    pulling movement moves it on a bulging line and turns the hand a little about any axis.
    """
    direction, _, bulge, rot_deg = EXERCISES[spec.exercise]
    if spec.exercise in ARCS:
        swing_to, length, short_deg, stretch_deg = ARCS[spec.exercise]
        fwd, down = np.array(swing_to), np.array([0.0, 0.0, -1.0])
        theta = np.deg2rad(short_deg + (stretch_deg - short_deg) * s)
        arm = length * spec.rom_m / 0.4
        pos = arm * (np.cos(theta)[:, None] * down + np.sin(theta)[:, None] * fwd)
        axis = _unit(np.cross(down, fwd)) + 0.15 * rng.normal(size=3)
        return pos, _rot(axis, theta)
    u = np.array(direction)
    perp = _unit(np.cross(u, [0.0, 1.0, 0.0]) if abs(u[1]) < 0.9 else np.array([1.0, 0, 0]))
    pos = spec.rom_m * (s[:, None] * u + bulge * np.sin(np.pi * np.clip(s, 0, 1))[:, None] * perp)
    turn = np.deg2rad(rot_deg * rng.uniform(0.5, 1.2)) * s
    return pos, _rot(rng.normal(size=3), turn)


def _world(
    spec: SetSpec, t: Array, rng: np.random.Generator
) -> tuple[Array, Array, list[TruthRep]]:
    """World position of the wrist (n, 3) and its orientation (n, 3, 3), plus ground truth."""
    ecc_first = EXERCISES[spec.exercise][1]
    if spec.rest_only:
        moves: list[Movement] = []
        truth: list[TruthRep] = []
    else:
        moves, truth, _ = _timeline(spec, rng)
    s = _progress(t, moves, 0.0 if ecc_first else 1.0, spec.profile)
    pos, r_hand = _segment(spec, s, rng)
    pos += _rest_fidgets(t, rng)
    t_end = float(t[-1])
    walk_b = _walking(t, 0.0, spec.walk_before_s, rng)
    walk_a = _walking(t, t_end - spec.walk_after_s, t_end + 1, rng)
    pos += walk_b[0] + walk_a[0]
    r_swing = _rot(np.array([0.0, 1.0, 0.0]), walk_b[1] + walk_a[1])
    return pos, r_swing @ r_hand, truth


# ---------------------------------------------------------------- sensors


def _random_rotation(rng: np.random.Generator) -> Array:
    q = rng.normal(size=4)
    w, x, y, z = q / np.linalg.norm(q)
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
            [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
            [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
        ]
    )


def _box(x: Array, width: int) -> Array:
    """Centred moving average of ``x`` (n, k) over ``width`` samples (edges: shorter windows)."""
    if width <= 1:
        return x
    c = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    idx = np.arange(x.shape[0])
    lo = np.clip(idx - width // 2, 0, x.shape[0])
    hi = np.clip(idx - width // 2 + width, 0, x.shape[0])
    out: Array = (c[hi] - c[lo]) / (hi - lo)[:, None]
    return out


def _sample(x: Array, tf: Array, ts: Array) -> Array:
    return np.stack([np.interp(ts, tf, x[:, i]) for i in range(x.shape[1])], axis=1)


def _fine_grid(duration: float, fs: float) -> Array:
    fine = max(4 * fs, 200.0)
    return np.arange(0.0, duration, 1.0 / fine)


def _duration(spec: SetSpec, rng_seed: int) -> float:
    if spec.rest_only:
        return spec.walk_before_s + spec.before_s + spec.after_s + spec.walk_after_s
    _, _, end = _timeline(spec, np.random.default_rng(rng_seed))
    return end


def synth_imu(spec: SetSpec, *, fs: float, seed: int, uneven: float = 0.0) -> SynthImu:
    """Render ``spec`` as a wrist IMU at ``fs`` Hz (``uneven``: sample-time jitter, fraction)."""
    if spec.exercise not in EXERCISES:
        raise ValueError(f"Unknown synthetic exercise {spec.exercise!r}; one of {list(EXERCISES)}.")
    rng = np.random.default_rng(seed)
    timeline_seed = int(rng.integers(2**31))
    tf = _fine_grid(_duration(spec, timeline_seed), fs)
    world_rng = np.random.default_rng(timeline_seed)
    pos, rot, truth = _world(spec, tf, world_rng)
    dt = tf[1] - tf[0]
    acc_w = np.gradient(np.gradient(pos, dt, axis=0), dt, axis=0)
    mount = _random_rotation(rng) if spec.random_orientation else np.eye(3)
    r = rot @ mount  # sensor-to-world
    spec_force = np.einsum("nji,nj->ni", r, acc_w + np.array([0.0, 0.0, G]))
    d_r = np.einsum("nji,njk->nik", r[:-1], r[1:])  # R_t^T R_{t+dt} ~ I + [w]x dt
    gyro = np.stack(
        [d_r[:, 2, 1] - d_r[:, 1, 2], d_r[:, 0, 2] - d_r[:, 2, 0], d_r[:, 1, 0] - d_r[:, 0, 1]],
        axis=1,
    ) / (2 * dt)
    gyro = np.vstack([gyro, gyro[-1:]])
    n = int(tf[-1] * fs) + 1
    ts = np.arange(n) / fs
    if uneven > 0:
        ts = np.sort(ts + rng.uniform(-uneven, uneven, n) / fs).clip(0, tf[-1])
    # MEMS sensors average over each output period (their digital low-pass sits below the
    # output rate): point samples at 10 Hz would alias a short push and break its integral
    acc = _sample(_box(spec_force, round(1 / (fs * dt))), tf, ts)
    gyr = _sample(_box(gyro, round(1 / (fs * dt))), tf, ts)
    drift = np.cumsum(rng.normal(size=(n, 3)), axis=0)
    drift *= spec.drift / max(1.0, float(np.abs(drift).max()))
    acc = acc * rng.uniform(0.98, 1.02) + rng.uniform(-spec.bias, spec.bias, 3) + drift
    acc += rng.normal(scale=spec.noise, size=acc.shape)
    gyr += rng.normal(scale=spec.noise / 3, size=gyr.shape) + rng.uniform(-0.02, 0.02, 3)
    ecc_down = None if EXERCISES[spec.exercise][0][2] == 0 else EXERCISES[spec.exercise][0][2] < 0
    return SynthImu(ts, acc, gyr, fs, tuple(truth), ecc_down)


# ---------------------------------------------------------------- keypoints

#: COCO-17 standing skeleton (side view, pixels, y down) for a person about 600 px tall.
_COCO_REST: Final = np.array(
    [
        [300, 100],
        [305, 95],
        [295, 95],
        [310, 100],
        [290, 100],  # nose, eyes, ears
        [330, 160],
        [270, 160],
        [340, 240],
        [260, 240],
        [345, 310],
        [255, 310],  # arms
        [320, 330],
        [280, 330],
        [322, 450],
        [278, 450],
        [325, 570],
        [275, 570],  # legs
    ],
    dtype=float,
)
_MOVES: Final[dict[str, tuple[float, ...]]] = {  # which keypoints move with the load (weight)
    "squat": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.9, 0.9, 0.45, 0.45, 0, 0),
    "curl": (0,) * 7 + (0.1, 0.1, 1, 1) + (0,) * 6,
}


def synth_pose(
    spec: SetSpec, *, fs: float, seed: int, layout: Literal["coco"] = "coco"
) -> SynthPose:
    """Render ``spec`` as COCO-17 keypoint tracks at ``fs`` frames/s (pixel noise, dropouts)."""
    rng = np.random.default_rng(seed)
    timeline_seed = int(rng.integers(2**31))
    duration = _duration(spec, timeline_seed)
    t = np.arange(0.0, duration, 1.0 / fs)
    direction, ecc_first, _, _ = EXERCISES[spec.exercise]
    moves, truth, _ = (
        ([], [], 0.0) if spec.rest_only else _timeline(spec, np.random.default_rng(timeline_seed))
    )
    s = _progress(t, moves, 0.0 if ecc_first else 1.0, spec.profile)
    weights = np.array(_MOVES.get(spec.exercise, _MOVES["squat"]))
    px_per_m = 600 / 1.75 * rng.uniform(0.6, 1.4)
    dy = -direction[2] * spec.rom_m * px_per_m * s  # image y grows downwards
    dx = direction[0] * spec.rom_m * px_per_m * s
    kp = np.empty((t.size, 17, 3))
    kp[:, :, 0] = _COCO_REST[:, 0] + dx[:, None] * weights
    kp[:, :, 1] = _COCO_REST[:, 1] + dy[:, None] * weights
    kp[:, :, :2] += rng.normal(scale=1.5, size=(t.size, 17, 2))
    kp[:, :, 2] = rng.uniform(0.6, 1.0, size=(t.size, 17))
    lost = rng.random((t.size, 17)) < 0.03
    kp[lost, 2] = rng.uniform(0.0, 0.2, lost.sum())
    kp[lost, :2] += rng.normal(scale=40, size=(int(lost.sum()), 2))
    return SynthPose(t, kp, fs, tuple(truth))
