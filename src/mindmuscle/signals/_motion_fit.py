"""Model-based timing of a set's movements: the whole set fitted to the sensor at once.

Private to :mod:`mindmuscle.signals.motion` (its step 6). Thresholds on a trace time a
movement where it crosses them; a slow eccentric's faint push and braking, or a trace that
drifts, puts those crossings tenths of a second off. Here the set is a *model* fitted to
all three accelerometer axes at once (or to a keypoint's tracked position):

* the set's progress ``s(t)`` holds still between movements (0 at the end every rep leaves
  from, 1 at the other, less for a partial rep), and each movement travels between two
  holds with a smooth trapezoid speed: a raised-cosine ramp up, a cruise, a ramp down (the
  shape of a controlled lift; a short movement is all ramps). Its start, end and ramp share
  are the movement's three parameters;
* the sensor rides the limb, which turns about one axis as it moves, by ``w`` radians over
  the range: the reading is ``G(s) + (B0 + B1 s) s'' + K s'^2`` - gravity as the turning
  sensor sees it (a constant plus ``sin(w s)`` and ``1 - cos(w s)`` terms), the linear
  acceleration along the path's tangent and the centripetal term of an arc. The vectors
  are 3-vectors in the sensor's frame, the same for every rep, and enter linearly; ``w``
  and the levels of partial reps are fitted with the timings. A tracked position is
  ``G(s)`` alone.

For given timings the vectors are a linear least-squares fit (variable projection); the
timings minimise what is left. A grid search places each movement's start, end, whole
span and the hold after it where the set's shared model explains it best, sweeping the set
a few times - first on a blurred copy of signal and model, so that a guess that misses a
sharp push still overlaps it, then on the signal as it is - and moving groups of movements
at once when the guess was off the same way for every rep; then Levenberg-Marquardt steps
polish everything jointly (a turn without a pause moves as one). The fitted vectors also
tell which way the movement goes: the path's tangent against gravity's direction gives its
rise, so a trace that does not know up still gets its eccentric right. Times in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

from mindmuscle.signals import _motion_dsp as dsp
from mindmuscle.signals._motion_moves import Move

Array = NDArray[np.float64]
Index = NDArray[np.intp]
#: What the fitted samples are: accelerometer axes (m/s^2), or positions along a trace.
Kind = Literal["imu", "position"]
#: A sparse matrix's rows, columns and values.
Triplets = tuple[Index, Index, Array]

#: Angles (rad) the limb may turn through over the range, tried before the joint fit; the
#: largest it may reach, and its difference step.
TURN_GRID: Final = (0.0, 0.25, 0.5, 0.8, 1.1, 1.5, 1.9, 2.4, 2.9)
MAX_TURN: Final = 3.2
H_TURN: Final = 0.002
#: Seconds of the rest before the first and after the last movement that the fit sees.
MARGIN_S: Final = 1.0
#: Ramp share of a movement's duration: each ramp (up and down) takes rho * duration; the
#: first guess's share.
MIN_RHO: Final = 0.02
MAX_RHO: Final = 0.5
START_RHO: Final = 0.25
#: ... and each ramp takes this long (s): a lifter speeds a load up to its cruise (or stops
#: it) within about a second, however slow the cruise (a longer "ramp" warps the timing).
MIN_RAMP_S: Final = 0.05
MAX_RAMP_S: Final = 1.2
#: Shortest movement (s) a fit may make.
MIN_DUR_S: Final = 0.2
#: The grid search: GRID_POINTS offsets for each start or end, up to GRID_SHARE of the
#: movement's duration either way (at least GRID_MIN_S, at most GRID_S seconds), each with
#: the ramp shares of GRID_RHO; sweeps over the set at most.
GRID_S: Final = 2.5
GRID_MIN_S: Final = 0.3
GRID_SHARE: Final = 0.75
GRID_POINTS: Final = 13
GRID_RHO: Final = (0.12, 0.25, 0.4)
SWEEPS: Final = 4
#: The first sweeps see the set blurred by these widths (s), coarse to fine.
BLUR_S: Final[tuple[float, ...]] = (0.3,)
#: Levenberg-Marquardt: iterations at the search's rate and then at the full rate, the
#: largest step (s) of a time in one iteration, difference steps of times and ramp shares.
ITERATIONS: Final = 15
FINE_ITERATIONS: Final = 2
MAX_STEP_S: Final = 0.5
H_T: Final = 0.004
H_RHO: Final = 0.004
#: The fit has converged when an iteration lowers the cost by less than this share.
CONVERGED: Final = 1e-4
#: A movement rises or sinks when its vertical travel is this share of its whole travel
#: (less: a horizontal movement, whose direction gravity cannot tell).
VERTICAL_SHARE: Final = 0.3
#: Columns of the accelerometer's design: gravity (three), then s'', s * s'', s'^2.
_ACC, _ACC_S = 3, 4


@dataclass(frozen=True, slots=True)
class Fit:
    """The timed movements, the fit's residual sum of squares over its window, and the
    vertical travel (m) of a movement from level 0 to 1 (None: horizontal or unknown)."""

    moves: tuple[Move, ...]
    cost: float
    rise: float | None


def profile(tau: Array, dur: Array | float, rho: Array | float) -> tuple[Array, Array, Array]:
    """Progress 0..1, its speed and acceleration at ``tau`` s into a movement of ``dur`` s
    whose raised-cosine ramps each take ``r = rho * dur`` (broadcasting; 0 < rho <= 0.5).

    With ``A = pi min(tau / r, 1)`` and ``B = pi min((dur - tau) / r, 1)`` (``tau`` clipped to
    the movement) the speed is ``-vm (cos A + cos B) / 2`` - a ramp up, a cruise at ``vm``, a
    ramp down - and the progress its integral,
    ``vm (tau - r / 2 + r (B - A) / (2 pi) + r (sin B - sin A) / (2 pi))``."""
    dur = np.asarray(dur, dtype=float)
    r = np.asarray(rho, dtype=float) * dur
    vm = 1.0 / (dur - r)
    tt = np.clip(tau, 0.0, dur)
    big_a = np.pi * np.minimum(tt / r, 1.0)
    big_b = np.pi * np.minimum((dur - tt) / r, 1.0)
    sin_a, sin_b = np.sin(big_a), np.sin(big_b)
    half = r / (2 * np.pi)
    p = vm * (tt - 0.5 * r + half * (big_b - big_a + sin_b - sin_a))
    v = -0.5 * vm * (np.cos(big_a) + np.cos(big_b))
    a = (0.5 * np.pi) * vm / r * (sin_a - sin_b)
    return p, v, a


def _turn_basis(s: Array, omega: float) -> tuple[Array, Array]:
    """``sin(w s) / w`` and ``(1 - cos(w s)) / w^2``: with a constant vector each, plus a
    third, they draw gravity as seen by a sensor turning about one axis by ``w s`` radians
    (well-behaved as ``w`` goes to 0: ``s`` and ``s^2 / 2``)."""
    if omega < 1e-3:
        return s, 0.5 * s * s
    ws = omega * s
    return np.sin(ws) / omega, (1.0 - np.cos(ws)) / (omega * omega)


def _columns(s: Array, v: Array, a: Array, omega: float, kind: Kind = "imu") -> Array:
    """The design's columns: for an accelerometer gravity as the turning sensor sees it, then
    the acceleration along the path and the centripetal one; for a tracked position (a
    keypoint) the position along a path that may bend the same way."""
    sn, cs = _turn_basis(s, omega)
    if kind == "position":
        return np.stack([np.ones_like(s), sn, cs], axis=-1)
    return np.stack([np.ones_like(s), sn, cs, a, a * s, v * v], axis=-1)


class _Set:
    """The samples a fit sees (``f``: samples x axes, from ``t0`` s at ``fs`` Hz, those
    outside ``keep`` not fitted) and the levels its movements travel between."""

    def __init__(
        self,
        f: Array,
        t0: float,
        fs: float,
        keep: NDArray[np.bool_],
        kind: Kind,
        levels: list[float],
    ):
        self.f = f * keep[:, None]
        self.keep = keep.astype(float)
        self.fs = fs
        self.kind: Kind = kind
        self.n, self.axes = f.shape
        self.t = t0 + np.arange(self.n) / fs
        self.levels = levels
        self.free: list[int] = []  # indices of the levels that are fitted
        self.omega = 0.0

    def idx(self, time: float) -> int:
        return int(np.clip(np.ceil((time - self.t[0]) * self.fs - 1e-9), 0, self.n))

    def design(self, theta: Array, levels: Array | None = None) -> Array:
        """The design for timings ``theta`` (3 per movement), all samples at once."""
        lv = np.asarray(self.levels if levels is None else levels)
        m = theta.size // 3
        starts, ends = theta[0::3], theta[1::3]
        k = np.searchsorted(starts, self.t, side="right") - 1
        kk = np.clip(k, 0, m - 1)
        t0 = starts[kk]
        inside = (k >= 0) & (self.t < ends[kk])
        p, pv, pa = profile(self.t - t0, ends[kk] - t0, theta[2::3][kk])
        l0, l1 = lv[kk], lv[kk + 1]
        s = np.where(k < 0, lv[0], np.where(inside, l0 + (l1 - l0) * p, l1))
        v = np.where(inside, (l1 - l0) * pv, 0.0)
        a = np.where(inside, (l1 - l0) * pa, 0.0)
        out: Array = _columns(s, v, a, self.omega, self.kind) * self.keep[:, None]
        return out

    def owner(self, theta: Array) -> NDArray[np.intp]:
        """The movement each sample belongs to (holds split at their midpoints)."""
        mids = 0.5 * (theta[1:-3:3] + theta[3::3])
        return np.searchsorted(mids, self.t).astype(np.intp)

    def local(self, cands: Array, k: int, lo: int, hi: int) -> Array:
        """Design rows ``lo:hi`` for candidate timings ``(G, r, 3)`` of movements k to
        k + r - 1 (the rows must hold no other movement): (G, w, p)."""
        tt = self.t[lo:hi][None, :]
        s = np.full((cands.shape[0], hi - lo), self.levels[k])
        v = np.zeros_like(s)
        a = np.zeros_like(s)
        for j in range(cands.shape[1]):
            l0, l1 = self.levels[k + j], self.levels[k + j + 1]
            t0, t1, rho = (cands[:, j, i : i + 1] for i in range(3))
            p, pv, pa = profile(tt - t0, t1 - t0, rho)
            inside = (tt >= t0) & (tt < t1)
            s = np.where(inside, l0 + (l1 - l0) * p, np.where(tt >= t1, l1, s))
            v = np.where(inside, (l1 - l0) * pv, v)
            a = np.where(inside, (l1 - l0) * pa, a)
        cols = _columns(s, v, a, self.omega, self.kind)
        out: Array = cols * self.keep[lo:hi][None, :, None]
        return out


def fit_best(
    candidates: list[list[Move]],
    acc: Array,
    *,
    fs: float,
    keep: NDArray[np.bool_],
    kind: Kind = "imu",
) -> tuple[int, Fit]:
    """The candidate movement lists (alternating, as found) that fits ``acc`` (samples x
    axes: an accelerometer's, or ``kind="position"``, a tracked position) best, and its fit.
    All are fitted over the same samples: from MARGIN_S before the earliest candidate's
    first movement to MARGIN_S after the latest's last, those outside ``keep`` (walking)
    left out. The searches run on the signal at half the rate (a lifter's movements are far
    slower); every candidate gets one sweep, the FINALISTS best by then are searched to the
    end and polished at the full rate, where their costs decide. The fit runs on one BLAS
    thread: it solves many small systems, where threads only wait on each other (and under
    load, a server's other workers, made it several times slower)."""
    from threadpoolctl import threadpool_limits

    i0 = max(0, int((min(c[0].start for c in candidates) - MARGIN_S) * fs))
    i1 = min(acc.shape[0], int((max(c[-1].end for c in candidates) + MARGIN_S) * fs) + 1)
    coarse = (
        dsp.filt(acc[i0:i1], "lowpass", COARSE_LOWPASS_HZ, fs=fs)[::COARSE],
        i0 / fs,
        fs / COARSE,
        keep[i0:i1][::COARSE],
        kind,
    )
    fine = (acc[i0:i1], i0 / fs, fs, keep[i0:i1], kind)
    with threadpool_limits(limits=1, user_api="blas"):
        started = [_start(moves, coarse) for moves in candidates]
        order = sorted(range(len(started)), key=lambda i: started[i][2])[:FINALISTS]
        fits = [(i, _finish(candidates[i], *started[i][:2], fine)) for i in order]
    return min(fits, key=lambda f: f[1].cost)


#: Candidates fitted fully after the first sweep of the search.
FINALISTS: Final = 2
#: The searches see every COARSE-th sample, low-passed below the coarse rate's Nyquist.
COARSE: Final = 2
COARSE_LOWPASS_HZ: Final = 10.0

_Samples = tuple[Array, float, float, NDArray[np.bool_], Kind]


def _start(moves: list[Move], samples: _Samples) -> tuple[_Set, Array, float]:
    """The set's problem, its timings after the first sweep of the search, and their cost."""
    med = float(np.median([m.range for m in moves]))
    reach = [max(m.range for m in moves[k : k + 2]) for k in range(0, len(moves), 2)]
    share = [min(1.0, r / med) if med > 0 else 1.0 for r in reach]
    levels = [0.0]
    for sh in share:
        levels += [1.0 if sh >= FULL_SHARE else sh, 0.0]
    levels = levels[: len(moves) + 1]
    # the turning level of a rep that may be partial is fitted; a tracked position also
    # shows every rep's own depth, so there all are but one (it sets the scale)
    if samples[4] == "position":
        pinned = int(np.argmin(np.abs(np.asarray(reach) - med)))
        free = [2 * i + 1 for i in range(len(reach)) if i != pinned]
    else:
        free = [2 * i + 1 for i, sh in enumerate(share) if sh < FULL_SHARE]
    prob = _Set(*samples, levels)
    prob.free = free
    theta = np.array([x for m in moves for x in (m.start, m.end, START_RHO)])
    theta = _project(theta, float(prob.t[0]), float(prob.t[-1]))
    prob.omega = _best_turn(prob, theta)
    if samples[4] == "imu":
        _best_levels(prob, theta)
    theta = _search(prob, theta, sweeps=1, blur_s=BLUR_S[0])
    return prob, theta, _cost(prob, theta)[0]


def _finish(moves: list[Move], prob: _Set, theta: Array, fine: _Samples) -> Fit:
    """The search run to its end, then the polish at the full rate."""
    for blur in BLUR_S[1:]:
        prob.omega = _best_turn(prob, theta)  # the turn of the first guess may be far off
        theta = _search(prob, theta, sweeps=1, blur_s=blur)
    prob.omega = _best_turn(prob, theta)
    theta = _search(prob, theta, sweeps=SWEEPS - 1)
    shifted = _shift_groups(prob, theta)
    if shifted is not theta:
        theta = _search(prob, shifted, sweeps=SWEEPS)
    prob.omega = _best_turn(prob, theta)
    theta = _polish(prob, theta, ITERATIONS)[0]
    full = _Set(*fine, list(prob.levels))
    full.free, full.omega = prob.free, prob.omega
    theta, cost, coef = _polish(full, theta, FINE_ITERATIONS)
    rise = _rise(coef, full.omega) if full.kind == "imu" else None
    timed = tuple(
        Move(
            float(theta[3 * k]),
            float(theta[3 * k + 1]),
            m.up if rise is None else (full.levels[k + 1] - full.levels[k]) * rise > 0,
            m.range,
            m.strong,
        )
        for k, m in enumerate(moves)
    )
    return Fit(timed, cost, rise)


#: A rep whose trace travels less than this share of the set's typical range may be
#: partial: its turning level is fitted (the others turn at 1), first from LEVEL_GRID.
FULL_SHARE: Final = 0.85
LEVEL_GRID: Final = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
MIN_LEVEL: Final = 0.1
MAX_LEVEL: Final = 1.2
H_LEVEL: Final = 0.002


def _best_levels(prob: _Set, theta: Array) -> None:
    """Each free turning level set to the best of the grid: every free level tried at each
    value at once, and each keeps the value that leaves the least unexplained on the two
    movements it joins (they touch no other free level's samples)."""
    if not prob.free:
        return
    owner = prob.owner(theta)
    rep = np.full(theta.size // 3 + 1, -1)
    for i, j in enumerate(prob.free):
        rep[j - 1] = i
        if j < rep.size - 1:
            rep[j] = i
    sample_rep = rep[owner]
    on = sample_rep >= 0
    costs = np.empty((len(LEVEL_GRID), len(prob.free)))
    for g, level in enumerate(LEVEL_GRID):
        for j in prob.free:
            prob.levels[j] = level
        r = _cost(prob, theta)[3]
        costs[g] = np.bincount(
            sample_rep[on], weights=(r[on] ** 2).sum(axis=1), minlength=len(prob.free)
        )
    for i, j in enumerate(prob.free):
        prob.levels[j] = float(LEVEL_GRID[int(np.argmin(costs[:, i]))])


def _rise(coef: Array, omega: float) -> float | None:
    """Vertical travel (m) from level 0 to 1: the path's tangent along gravity's direction."""
    s = np.linspace(0.0, 1.0, 21)
    gravity = _columns(s, np.zeros_like(s), np.zeros_like(s), omega)[:, :3] @ coef[:3]
    norm = np.linalg.norm(gravity, axis=1, keepdims=True)
    if float(np.median(norm)) < 5.0:  # no gravity in the recording: up is unknown
        return None
    tangent = coef[_ACC][None, :] + s[:, None] * coef[_ACC_S][None, :]
    rise = float(np.mean(np.sum(tangent * gravity / norm, axis=1)))
    travel = float(np.mean(np.linalg.norm(tangent, axis=1)))
    return rise if abs(rise) >= VERTICAL_SHARE * travel and travel > 0 else None


def _solve(x: Array, f: Array) -> tuple[Array, Array, Array]:
    q, r = np.linalg.qr(x)
    coef = np.linalg.lstsq(r, q.T @ f, rcond=None)[0]
    return coef, q, f - x @ coef


def _project(theta: Array, lo_t: float, hi_t: float) -> Array:
    """Timings kept feasible: ramps in range, movements long enough, in order, in the window."""
    th = theta.copy()
    m = th.size // 3
    th[0] = max(th[0], lo_t)
    th[3 * m - 2] = min(th[3 * m - 2], hi_t)
    for k in range(m):
        if th[3 * k + 1] - th[3 * k] < MIN_DUR_S:
            c = 0.5 * (th[3 * k] + th[3 * k + 1])
            th[3 * k], th[3 * k + 1] = c - MIN_DUR_S / 2, c + MIN_DUR_S / 2
        if k + 1 < m and th[3 * k + 1] > th[3 * k + 3]:
            c = 0.5 * (th[3 * k + 1] + th[3 * k + 3])
            th[3 * k + 1] = th[3 * k + 3] = c
    th[2::3] = _ramp_share(th[2::3], th[1::3] - th[0::3])
    return th


def _ramp_share(rho: Array, dur: Array) -> Array:
    """Ramp shares kept to ramps a lifter makes: MIN_RAMP_S to MAX_RAMP_S, at most half."""
    out: Array = np.clip(np.clip(rho, MIN_RAMP_S / dur, MAX_RAMP_S / dur), MIN_RHO, MAX_RHO)
    return out


def _search(prob: _Set, theta: Array, *, sweeps: int, blur_s: float = 0.0) -> Array:
    """Each movement's start, its end, the whole movement, and the hold after it (the end
    and the next start together) set to the best of a grid (ramp shares too), the others
    held, sweeping the set a few times. The cost is exact (the linear part refitted for
    every candidate) and cheap: the normal equations change only locally.

    ``blur_s``: the signal and the model are both blurred by a Gaussian of this width (s)
    first - a sharp push that the guess misplaces then still overlaps its model, so the
    search sees which way to go (coarse to fine)."""
    sigma = blur_s * prob.fs
    pad = int(np.ceil(BLUR_TRUNCATE * sigma)) if sigma > 0 else 0
    raw = prob.design(theta)
    x = _blur(raw, sigma)
    f = _blur(prob.f, sigma)
    ff = float((f * f).sum())
    m = theta.size // 3
    unit = np.linspace(-1.0, 1.0, GRID_POINTS)
    dirty = np.ones(m, dtype=bool)
    for _ in range(sweeps):
        before = theta.copy()
        gram = x.T @ x
        cross = x.T @ f
        ridge = 1e-10 * max(float(np.trace(gram)), 1.0) * np.eye(x.shape[1])
        for k in np.flatnonzero(dirty).tolist():
            for move in _MOVES if k + 1 < m else _MOVES[:3]:
                t = theta.reshape(-1, 3)
                reach = min(GRID_S, max(GRID_MIN_S, GRID_SHARE * float(t[k, 1] - t[k, 0])))
                c = _candidates(t, k, move, unit * reach, float(prob.t[0]), float(prob.t[-1]))
                if c is None:
                    continue
                r = c.shape[1]
                lo = prob.idx(min(float(t[k, 0]), float(c[:, 0, 0].min())))
                hi = prob.idx(max(float(t[k + r - 1, 1]), float(c[:, -1, 1].max())))
                hi = min(prob.n, hi + 1)
                if hi <= lo:
                    continue
                new_raw = prob.local(c, k, lo, hi)
                if pad:  # the blur spreads the change: rows lo - pad to hi + pad
                    a0, a1 = max(0, lo - 2 * pad), min(prob.n, hi + 2 * pad)
                    ctx = np.repeat(raw[None, a0:a1], c.shape[0], axis=0)
                    ctx[:, lo - a0 : hi - a0] = new_raw
                    b0, b1 = max(0, lo - pad), min(prob.n, hi + pad)
                    xn = _blur(ctx, sigma, axis=1)[:, b0 - a0 : b1 - a0]
                else:
                    b0, b1, xn = lo, hi, new_raw
                xo, fl = x[b0:b1], f[b0:b1]
                g0 = gram - xo.T @ xo
                u0 = cross - xo.T @ fl
                xt = xn.transpose(0, 2, 1)
                gs = g0[None] + xt @ xn
                us = u0[None] + xt @ fl
                sol = np.linalg.solve(gs + ridge, us)
                cost = ff - np.einsum("gik,gik->g", us, sol)
                best = int(np.argmin(cost))
                theta[3 * k : 3 * (k + r)] = c[best].ravel()
                raw[lo:hi] = new_raw[best]
                x[b0:b1] = xn[best]
                gram, cross = gs[best], us[best]
        moved = np.abs(theta - before).reshape(-1, 3)[:, :2].max(axis=1) >= SETTLED_S
        if not moved.any():
            break  # a sweep that moved nothing: settled
        # next sweep: the movements that moved and their neighbours
        dirty = moved.copy()
        dirty[1:] |= moved[:-1]
        dirty[:-1] |= moved[1:]
    return theta


#: The blur's kernel reaches this many standard deviations.
BLUR_TRUNCATE: Final = 3.0


def _blur(a: Array, sigma: float, axis: int = 0) -> Array:
    """``a`` blurred along ``axis`` by a Gaussian of ``sigma`` samples (0: as it is)."""
    if sigma <= 0:
        return a.copy()
    from scipy.ndimage import gaussian_filter1d

    out: Array = gaussian_filter1d(a, sigma, axis=axis, mode="nearest", truncate=BLUR_TRUNCATE)
    return out


#: A movement whose start and end moved less than this (s) in a sweep has settled.
SETTLED_S: Final = 0.05


#: The search's moves: the start, the end, the whole movement, the hold after it.
_MOVES: Final = ("start", "end", "move", "hold")


def _candidates(
    t: Array, k: int, move: str, offsets: Array, lo_t: float, hi_t: float
) -> Array | None:
    """Candidate timings ``(G, r, 3)`` of movement k (and k + 1 for a hold) for one move,
    the feasible ones only: in order, long enough, in the window (None: none is)."""
    m = t.shape[0]
    r = 2 if move == "hold" else 1
    base = t[k : k + r]
    before = t[k - 1, 1] if k > 0 else lo_t
    after = t[k + r, 0] if k + r < m else hi_t
    c = np.repeat(base[None], offsets.size, axis=0)
    if move in ("start", "move"):
        c[:, 0, 0] += offsets
    if move in ("end", "move"):
        c[:, 0, 1] += offsets
    if move == "hold":
        c[:, 0, 1] += offsets
        c[:, 1, 0] += offsets
    dur = c[:, :, 1] - c[:, :, 0]
    ok = (c[:, 0, 0] >= before) & (c[:, -1, 1] <= after) & (dur >= MIN_DUR_S).all(axis=1)
    if r == 2:
        ok &= c[:, 0, 1] <= c[:, 1, 0]
    if not ok.any():
        return None
    c = c[ok]
    if move != "hold":  # each placement with every ramp share of the grid
        n_rho = len(GRID_RHO)
        c = np.repeat(c, n_rho, axis=0)
        c[:, 0, 2] = np.tile(GRID_RHO, c.shape[0] // n_rho)
    c[:, :, 2] = _ramp_share(c[:, :, 2], c[:, :, 1] - c[:, :, 0])
    return c


#: Shifts (s) tried for the starts or ends of all the set's movements of one direction at
#: once, and ramp shares for all of them: a trace's first guess is off the same way for
#: every rep, and no single movement can leave the others' shared model alone.
SHIFT_S: Final = (-0.4, -0.3, -0.2, -0.12, -0.06, 0.06, 0.12, 0.2, 0.3, 0.4)
GROUP_RHO: Final = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SHIFT_ROUNDS: Final = 3


def _shift_groups(prob: _Set, theta: Array) -> Array:
    """The starts, the ends or the ramps of every other movement (one direction) moved
    together, to the best of a grid, until nothing improves."""
    lo_t, hi_t = float(prob.t[0]), float(prob.t[-1])
    cost = _cost(prob, theta)[0]
    for _ in range(SHIFT_ROUNDS):
        improved = False
        for group in (0, 1):
            for j in (0, 1, 2):
                values = GROUP_RHO if j == 2 else SHIFT_S
                best, best_theta = cost, theta
                for value in values:
                    cand = theta.copy()
                    if j == 2:
                        cand[3 * group + 2 :: 6] = value
                    else:
                        cand[3 * group + j :: 6] += value
                    cand = _project(cand, lo_t, hi_t)
                    c = _cost(prob, cand)[0]
                    if c < best:
                        best, best_theta = c, cand
                if best < cost:
                    cost, theta, improved = best, best_theta, True
        if not improved:
            break
    return theta


def _best_turn(prob: _Set, theta: Array) -> float:
    """The turn (rad) of the grid that fits the first timings best."""
    costs = []
    for omega in TURN_GRID:
        prob.omega = omega
        costs.append(_cost(prob, theta)[0])
    return float(TURN_GRID[int(np.argmin(costs))])


def _cost(prob: _Set, theta: Array) -> tuple[float, Array, Array, Array]:
    coef, q, r = _solve(prob.design(theta), prob.f)
    return float((r * r).sum()), coef, q, r


def _jacobian(prob: _Set, theta: Array, coef: Array, tied: NDArray[np.bool_]) -> Triplets:
    """Sparse d(model)/d(timings) by central differences, rows ``axes * sample + axis``.

    Movements touch disjoint samples, so many are moved at once and each sample's change is
    credited to its own movement: all starts, then the ends of every other movement, then
    all ramps. Where a movement ends as the next one starts (``tied``: a turn without a
    pause) the two move together - the end's column is the shared turn's, the start has none.
    """
    m = theta.size // 3
    owner = prob.owner(theta)
    tied_start = np.concatenate([[False], tied])  # movement k starts where k - 1 ended
    ax = prob.axes
    rows = np.arange(ax * prob.n)
    rows_out, cols_out, vals_out = [], [], []
    passes: list[tuple[int, NDArray[np.bool_], float]] = [(0, ~tied_start, H_T)]
    passes += [(1, np.arange(m) % 2 == parity, H_T) for parity in (0, 1)]
    passes.append((2, np.ones(m, dtype=bool), H_RHO))
    for j, moved, h in passes:
        step = np.zeros(theta.size)
        step[3 * np.flatnonzero(moved) + j] = h
        if j == 1:  # a shared turn: the next start goes with the end
            step[3 * np.flatnonzero(moved[:-1] & tied) + 3] = h
        d = (prob.design(theta + step) - prob.design(theta - step)) @ coef / (2 * h)
        credit = np.where(moved[owner], owner, -1)
        if j == 1:
            prev = np.maximum(owner - 1, 0)
            follows = (owner > 0) & tied_start[owner] & moved[prev]
            credit = np.where(follows, prev, credit)
        on = np.repeat(credit >= 0, ax)
        rows_out.append(rows[on])
        cols_out.append(np.repeat(3 * credit + j, ax)[on])
        vals_out.append(d.ravel()[on])
    return np.concatenate(rows_out), np.concatenate(cols_out), np.concatenate(vals_out)


#: A movement that starts within this (s) of the previous one's end turns without a pause.
TIE_S: Final = 1e-3


def _polish(prob: _Set, theta: Array, iterations: int) -> tuple[Array, float, Array]:
    """Levenberg-Marquardt on all timings, the free levels and the turn at once (variable
    projection: the linear part refitted at every step, its coupling kept in the normal
    equations)."""
    from scipy.sparse import csc_matrix

    lo_t, hi_t = float(prob.t[0]), float(prob.t[-1])
    cost, coef, q, r = _cost(prob, theta)
    lam = 1e-2
    n_t, n_l = theta.size, len(prob.free)
    p = n_t + n_l + 1
    for _ in range(iterations):
        tied = theta[3::3] - theta[1:-3:3] <= TIE_S
        rows, cols, vals = _jacobian(prob, theta, coef, tied)
        extra_r, extra_c, extra_v = _level_columns(prob, theta, coef)
        d_turn = _turn_column(prob, theta, coef)
        d = csc_matrix(
            (
                np.concatenate([vals, extra_v, d_turn]),
                (
                    np.concatenate([rows, extra_r, np.arange(prob.axes * prob.n)]),
                    np.concatenate([cols, extra_c + n_t, np.full(prob.axes * prob.n, p - 1)]),
                ),
            ),
            shape=(prob.axes * prob.n, p),
        )
        # the projection of the columns onto the linear part, per axis
        ax = prob.axes
        qd = np.concatenate([(d[axis::ax].T @ q).T for axis in range(ax)])
        a = (d.T @ d).toarray() - qd.T @ qd
        g = d.T @ r.ravel()
        step = np.zeros(p)
        improved = False
        omega, levels = prob.omega, list(prob.levels)
        for _ in range(8):
            step = np.linalg.solve(a + lam * np.diag(np.diag(a) + 1e-9), g)
            step = np.clip(step, -MAX_STEP_S, MAX_STEP_S)
            shared = step[:n_t].copy()
            shared[3 + 3 * np.flatnonzero(tied)] = shared[1 + 3 * np.flatnonzero(tied)]
            cand = _project(theta + shared, lo_t, hi_t)
            for i, j in enumerate(prob.free):
                prob.levels[j] = float(np.clip(levels[j] + step[n_t + i], MIN_LEVEL, MAX_LEVEL))
            prob.omega = float(np.clip(omega + step[-1], 0.0, MAX_TURN))
            c_cost, c_coef, c_q, c_r = _cost(prob, cand)
            if c_cost < cost:
                gain = cost - c_cost
                theta, cost, coef, q, r = cand, c_cost, c_coef, c_q, c_r
                lam = max(lam / 3, 1e-6)
                improved = gain > CONVERGED * cost
                break
            prob.omega, prob.levels = omega, list(levels)
            lam *= 4
        if not improved:
            break
    return theta, cost, coef


def _level_columns(prob: _Set, theta: Array, coef: Array) -> Triplets:
    """d(model)/d(level) of the free levels, all moved at once: level j is reached by
    movement j - 1 and left by movement j, and no two free levels share a movement."""
    if not prob.free:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
    levels = np.asarray(prob.levels, dtype=float)
    up, dn = levels.copy(), levels.copy()
    up[prob.free] += H_LEVEL
    dn[prob.free] -= H_LEVEL
    d = (prob.design(theta, up) - prob.design(theta, dn)) @ coef / (2 * H_LEVEL)
    column = np.full(theta.size // 3 + 1, -1)
    for i, j in enumerate(prob.free):
        column[j - 1] = i
        if j < column.size - 1:
            column[j] = i
    col = column[prob.owner(theta)]
    on = col >= 0
    ax = prob.axes
    rows = (ax * np.flatnonzero(on)[:, None] + np.arange(ax)[None, :]).ravel()
    return rows.astype(np.intp), np.repeat(col[on], ax).astype(np.intp), d[on].ravel()


def _turn_column(prob: _Set, theta: Array, coef: Array) -> Array:
    """d(model)/d(turn) by central differences, the axes stacked like the residual."""
    omega = prob.omega
    h = H_TURN if omega >= H_TURN else 0.0
    prob.omega = omega + H_TURN
    hi = prob.design(theta) @ coef
    prob.omega = omega - h
    lo = prob.design(theta) @ coef
    prob.omega = omega
    out: Array = ((hi - lo) / (H_TURN + h)).ravel()
    return out
