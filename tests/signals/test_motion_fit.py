"""The model fit that times a set's phases (signals/_motion_fit.py): the movement profile,
recovering known timings from a rough first guess, the partial rep's level, up from down in
any orientation, and the closing hold of a single rep."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mindmuscle.method.tempo import Tempo
from mindmuscle.signals import _motion_dsp as dsp
from mindmuscle.signals import _motion_fit as fit
from mindmuscle.signals._motion_moves import Move
from mindmuscle.signals.motion import analyze_imu, tempo_adherence
from mindmuscle.signals.synth import EXERCISES, Profile, SetSpec, SynthImu, synth_imu
from support.phases import phase_errors


@settings(max_examples=60, deadline=None)
@given(dur=st.floats(0.3, 10.0), rho=st.floats(0.02, 0.5))
def test_the_profile_is_a_smooth_trapezoid_from_rest_to_rest(dur: float, rho: float) -> None:
    tau = np.linspace(-0.5, dur + 0.5, 4001)
    dt = float(tau[1] - tau[0])
    p, v, a = fit.profile(tau, dur, rho)
    assert p[0] == pytest.approx(0.0, abs=1e-12) and p[-1] == pytest.approx(1.0)
    assert np.all(np.diff(p) >= -1e-12) and np.all(v >= -1e-12)
    outside = (tau < 0) | (tau > dur)
    assert np.abs(v[outside]).max() < 1e-9 and np.abs(a[outside]).max() < 1e-9
    assert v.max() == pytest.approx(1.0 / (dur - rho * dur))  # the cruise covers the rest
    # speed is the slope of the progress, acceleration the slope of the speed
    assert np.allclose(np.gradient(p, dt)[1:-1], v[1:-1], atol=2e-2 * v.max())
    assert np.allclose(np.cumsum(a) * dt, v, atol=4 * dt * np.abs(a).max() + 1e-9)


def _truth_moves(rec: SynthImu, ecc_first: bool) -> list[Move]:
    order = (
        ("eccentric", "bottom", "concentric") if ecc_first else ("concentric", "top", "eccentric")
    )
    out = []
    for rep in rec.truth:
        first, hold, second = (rep.phases[p] for p in order)
        out.append(Move(rep.start, rep.start + first, False, 1.0))
        begin = rep.start + first + hold
        out.append(Move(begin, begin + second, True, 1.0))
    return out


def _fit(rec: SynthImu, guess: list[Move]) -> fit.Fit:
    work = dsp.to_work_rate(rec.acc, fs=rec.fs)
    keep = np.ones(work.shape[0], dtype=bool)
    return fit.fit_best([guess], work, fs=dsp.WORK_FS, keep=keep)[1]


@pytest.mark.parametrize(
    ("exercise", "tempo", "fs", "seed"),
    [
        ("squat", (3.0, 1.0, 1.0, 1.0), 50.0, 0),
        ("curl", (4.0, 0.0, 1.0, 2.0), 25.0, 1),
        ("row", (6.0, 1.0, 1.0, 5.0), 10.0, 2),
        ("lateral_raise", (2.0, 0.0, 1.0, 0.0), 50.0, 3),
        ("pulldown", (3.0, 0.0, 0.5, 3.0), 25.0, 4),
        ("bench_press", (6.0, 1.0, 1.0, 5.0), 100.0, 5),
    ],
)
def test_a_rough_first_guess_is_fitted_to_the_true_timing(
    exercise: str, tempo: tuple[float, float, float, float], fs: float, seed: int
) -> None:
    """Every start and end of the guess is off by up to 0.3 s, each its own way; the fit
    puts them back (a turn without a pause included: the two sides move as one)."""
    rec = synth_imu(SetSpec(exercise=exercise, reps=5, tempo=tempo), fs=fs, seed=seed)
    truth = _truth_moves(rec, EXERCISES[exercise][1])
    rng = np.random.default_rng(seed)
    guess = []
    for m in truth:
        s, e = m.start + rng.uniform(-0.3, 0.3), m.end + rng.uniform(-0.3, 0.3)
        guess.append(Move(s, max(e, s + 0.3), m.up, 1.0))
    found = _fit(rec, guess)
    starts = np.array([m.start for m in found.moves]) - [m.start for m in truth]
    ends = np.array([m.end for m in found.moves]) - [m.end for m in truth]
    assert np.abs(starts).mean() < 0.05 and np.abs(ends).mean() < 0.05, (starts, ends)
    assert np.abs(np.concatenate([starts, ends])).max() < 0.2


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_the_fit_tells_up_from_down_in_any_orientation(seed: int) -> None:
    """The fitted path's tangent against gravity: a squat's eccentric goes down, a
    pulldown's up, whatever way the sensor is worn and whatever the guess said."""
    for exercise, ecc_down in (("squat", True), ("pulldown", False)):
        rec = synth_imu(SetSpec(exercise=exercise, reps=4, tempo=(3, 1, 1, 1)), fs=50.0, seed=seed)
        ecc_first = EXERCISES[exercise][1]
        guess = [Move(m.start, m.end, True, 1.0) for m in _truth_moves(rec, ecc_first)]
        found = _fit(rec, guess)
        assert found.rise is not None
        eccentrics = found.moves[0::2] if ecc_first else found.moves[1::2]
        assert all(m.up is not ecc_down for m in eccentrics), (exercise, found.rise)


def test_a_partial_rep_turns_at_its_own_level() -> None:
    """A half rep inside a set: its turning level is fitted, so the shared model of the other
    reps still fits them, and every rep is timed."""
    spec = SetSpec(exercise="overhead_press", reps=6, tempo=(6, 1, 1, 5), partial=(3,))
    rec = synth_imu(spec, fs=50.0, seed=54)
    res = analyze_imu(rec.acc, fs=50.0)
    assert res.rep_count == 6 and res.reps[3].partial
    err = phase_errors(res.reps, rec.truth)
    assert np.mean(list(err.values())) < 0.1, err


def test_a_single_rep_takes_its_closing_hold_from_the_prescription() -> None:
    """No reading shows when the hold after the last rep ends (the lifter rests in the same
    place): with other reps it is their typical hold, with one rep the prescribed one - and
    either way the rep says the phase is estimated, and adherence does not score it."""
    spec = SetSpec(exercise="squat", reps=1, tempo=(4, 0, 1, 2))
    rec = synth_imu(spec, fs=50.0, seed=12)
    tempo = Tempo(4, 0, 1, 2)
    plain = analyze_imu(rec.acc, fs=50.0)
    told = analyze_imu(rec.acc, fs=50.0, tempo=tempo)
    assert plain.rep_count == told.rep_count == 1
    assert plain.reps[0].phases["top"] == 0.0 and told.reps[0].phases["top"] == 2.0
    assert told.reps[0].estimated == ("top",) and told.to_dict()["reps"][0]["estimated"] == ["top"]
    assert told.reps[0].end == pytest.approx(told.reps[0].start + sum(told.reps[0].phases.values()))
    for p in ("eccentric", "concentric"):
        assert abs(told.reps[0].phases[p] - rec.truth[0].phases[p]) < 0.15
    # the missing hold of the plain analysis costs it nothing in adherence
    assert tempo_adherence(plain.reps, tempo)["score"] == tempo_adherence(told.reps, tempo)["score"]

    several = analyze_imu(synth_imu(SetSpec(reps=4), fs=50.0, seed=2).acc, fs=50.0)
    assert [r.estimated for r in several.reps] == [(), (), (), ("top",)]


def test_holds_timing_skips_the_fit() -> None:
    """``timing="holds"`` (what live rep finding uses) counts the same reps without the fit."""
    rec = synth_imu(SetSpec(exercise="bench_press", reps=6, tempo=(3, 1, 1, 1)), fs=25.0, seed=9)
    fitted = analyze_imu(rec.acc, fs=25.0)
    quick = analyze_imu(rec.acc, fs=25.0, timing="holds")
    assert fitted.rep_count == quick.rep_count == 6
    assert quick.eccentric == fitted.eccentric == "down"
    fit_err = np.mean(list(phase_errors(fitted.reps, rec.truth).values()))
    quick_err = np.mean(list(phase_errors(quick.reps, rec.truth).values()))
    assert fit_err < quick_err


@pytest.mark.parametrize(
    ("profile", "exercise", "tempo"),
    [
        ("minimum_jerk", "bench_press", (3.0, 1.0, 1.0, 1.0)),
        ("minimum_jerk", "curl", (4.0, 0.0, 1.0, 2.0)),
        ("uneven", "bench_press", (3.0, 1.0, 1.0, 1.0)),
        ("uneven", "curl", (4.0, 0.0, 1.0, 2.0)),
    ],
)
def test_a_lifter_who_moves_otherwise_is_timed_too(
    profile: Profile, exercise: str, tempo: tuple[float, float, float, float]
) -> None:
    """The model's movements have raised-cosine ramps and an even cruise. A lifter who moves
    otherwise - a bell-shaped speed with no cruise, unequal ramps, a cruise that speeds up
    or slows down - is still timed within a few tenths, and better than by thresholds."""
    spec = SetSpec(exercise=exercise, reps=6, tempo=tempo, profile=profile)
    rec = synth_imu(spec, fs=50.0, seed=7)
    fitted = analyze_imu(rec.acc, fs=50.0)
    holds = analyze_imu(rec.acc, fs=50.0, timing="holds")
    assert fitted.rep_count == holds.rep_count == 6
    fit_err = np.mean(list(phase_errors(fitted.reps, rec.truth).values()))
    holds_err = np.mean(list(phase_errors(holds.reps, rec.truth).values()))
    assert fit_err < 0.15 and fit_err < holds_err, (fit_err, holds_err)
