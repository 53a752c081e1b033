"""The live motion core (issue 6) without a socket: generated sets replayed in 0.25 s batches
give a rep event within a second of each rep's end, counts that match, feedback against the
tempo; appending is amortised O(batch); the gyroscope reaches the analysis; the stream is
bounded with a clear error."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from mindmuscle.errors import InputError
from mindmuscle.method.tempo import PHASES, Tempo
from mindmuscle.signals import live_motion
from mindmuscle.signals.live_motion import (
    LiveMotion,
    LiveRep,
    SampleBuffer,
    StreamTooLongError,
    feedback,
)
from mindmuscle.signals.synth import SetSpec, SynthImu, TruthRep, synth_imu

BATCH = 12  # samples: 0.24 s at 50 Hz, as the page sends them


def _replay(live: LiveMotion, rec: SynthImu, *, gyro: bool = True) -> list[tuple[float, LiveRep]]:
    """Feed ``rec`` in batches; each rep event with the stream time it came out at."""
    cols = [rec.t, rec.acc, rec.gyro] if gyro else [rec.t, rec.acc]
    rows = np.column_stack(cols).round(5).tolist()
    out = []
    for i in range(0, len(rows), BATCH):
        batch = rows[i : i + BATCH]
        out += [(batch[-1][0], rep) for rep in live.add(batch)]
    return out + [(rows[-1][0], rep) for rep in live.finish()]


def _scripted(truth: tuple[TruthRep, ...], *, delay: float = 0.3) -> Any:
    """An analyser that finds each true rep ``delay`` s after its end, with +-0.1 s jitter
    from one analysis to the next, plus a rep at the newest edge of every third window
    (a window cut mid-movement) - what the live layer must report once, and only once."""
    calls = iter(range(10**9))

    def analyse(window: Any, eccentric: Any) -> Any:
        n = next(calls)
        t0, t1 = float(window[0, 0]), float(window[-1, 0])
        jitter = 0.1 * np.sin(n)
        reps = [
            SimpleNamespace(start=r.start - t0 + jitter, end=r.end - t0 + jitter, phases=r.phases)
            for r in truth
            if r.start >= t0 and r.end + delay <= t1
        ]
        if n % 3 == 0:  # a transient rep at the newest edge of the window
            edge = dict.fromkeys(PHASES, 0.4)
            reps.append(SimpleNamespace(start=t1 - t0 - 2.0, end=t1 - t0 - 0.35, phases=edge))
        return SimpleNamespace(reps=reps)

    return analyse


def test_each_rep_comes_once_within_a_second_of_its_end() -> None:
    rec = synth_imu(SetSpec(reps=8, tempo=(2, 0, 1, 1)), fs=50.0, seed=1)
    live = LiveMotion(Tempo.parse("2-0-1-1"), analyser=_scripted(rec.truth))
    events = _replay(live, rec)
    assert [e.rep for _, e in events] == list(range(1, 9)) and live.count == 8
    for (at, event), truth in zip(events, rec.truth, strict=True):
        assert 0 <= at - truth.end <= 1.0, (at, event, truth)  # stream time
        assert abs(event.start - truth.start) <= 0.2 and event.feedback == "on tempo"


def test_a_long_tempo_widens_the_window() -> None:
    assert LiveMotion(Tempo.parse("3-0-1-1")).window_s == live_motion.WINDOW_S
    assert LiveMotion(Tempo.parse("6-1-1-5")).window_s == 3 * 13


@pytest.mark.parametrize(("tempo", "reps", "seed"), [((2, 0, 1, 1), 3, 1)])
def test_the_real_algorithm_counts_a_replayed_set(
    tempo: tuple[float, float, float, float], reps: int, seed: int
) -> None:
    rec = synth_imu(SetSpec(reps=reps, tempo=tempo), fs=50.0, seed=seed)
    live = LiveMotion(Tempo(*tempo), "down")
    events = _replay(live, rec)
    assert [e.rep for _, e in events] == list(range(1, reps + 1)) and live.count == reps
    for (at, event), truth in zip(events, rec.truth, strict=True):
        assert at - truth.end <= 1.0, (at, event, truth)  # stream time
        assert event.end <= at and event.start < truth.end and event.end > truth.start
    whole = live.analysis()
    assert whole is not None and whole.rep_count == reps


def test_feedback_names_the_phase_furthest_off() -> None:
    tempo = Tempo.parse("3-0-1-1")
    phases: Any = {"eccentric": 1.8, "bottom": 0.1, "concentric": 1.1, "top": 1.0}
    assert feedback(phases, tempo) == "eccentric 1.8 s - slower"
    assert feedback({**phases, "eccentric": 4.2}, tempo) == "eccentric 4.2 s - faster"
    assert feedback({**phases, "eccentric": 3.3}, tempo) == "on tempo"
    assert feedback({**phases, "concentric": 0.1, "eccentric": 3}, Tempo.parse("3-0-X-1")) == (
        "on tempo"
    )
    assert feedback(phases, None) == "eccentric 1.8 s"
    # the newest rep's top hold is still running: it is not judged yet
    assert feedback({**phases, "eccentric": 3, "top": 0.0}, tempo) == "top 0.0 s - slower"
    assert feedback({**phases, "eccentric": 3, "top": 0.0}, tempo, top_open=True) == "on tempo"


def test_appending_is_amortised_o_of_the_batch() -> None:
    buffer = SampleBuffer(limit=100_000, capacity=16)
    for i in range(10_000):
        buffer.append(np.full((7, 7), float(i)))
    assert len(buffer) == 70_000 and buffer.data[-1, 0] == 9_999.0
    # doubling: log2(70000 / 16) reallocations, each copying at most the samples so far
    assert buffer.reallocations <= 13 and buffer.capacity < 2 * 70_000

    live = LiveMotion()
    live.add([[0.0, 0, 0, 9.81]])
    kept = live.samples
    live.add([[0.02, 0, 0, 9.81], [0.04, 0, 0, 9.81]])
    assert len(live.samples) == 3 and kept.base is live.samples.base  # no copy per batch


def test_the_stream_is_bounded_with_a_clear_error() -> None:
    live = LiveMotion(max_samples=100)
    live.add([[i / 50, 0.0, 0.0, 9.81] for i in range(90)])
    with pytest.raises(StreamTooLongError, match=r"longer than 100 samples.*end the set"):
        live.add([[2 + i / 50, 0.0, 0.0, 9.81] for i in range(20)])
    assert len(live.samples) == 90  # the refused batch left nothing behind
    assert live_motion.MAX_SAMPLES == 200_000
    assert issubclass(StreamTooLongError, InputError)


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        ([[0.0, 1.0, 2.0]], "must be \\[t, ax, ay, az\\]"),
        ([[0.0, 1.0, 2.0, "3"]], "must be \\[t, ax, ay, az\\]"),
        ([[0.0, 1.0, 2.0, True]], "must be \\[t, ax, ay, az\\]"),
        ([[0.0, 1.0, 2.0, float("nan")]], "finite"),
        ([[1.0, 0, 0, 9.8], [0.5, 0, 0, 9.8]], "never go back"),
        ({"t": 1}, "must be a list"),
    ],
)
def test_bad_samples_are_refused_with_a_sentence(batch: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        LiveMotion().add(batch)


def test_the_gyroscope_reaches_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    from mindmuscle.signals import motion

    seen: list[Any] = []
    real = motion.analyze_imu

    def spy(acc: Any, **kw: Any) -> Any:
        seen.append(kw.get("gyro"))
        return real(acc, **kw)

    monkeypatch.setattr(motion, "analyze_imu", spy)
    rec = synth_imu(SetSpec(reps=3, tempo=(2, 0, 1, 1)), fs=50.0, seed=1)
    rows = np.column_stack([rec.t, rec.acc, rec.gyro]).tolist()
    with_gyro = LiveMotion()
    with_gyro.add(rows[:200])
    assert seen and seen[-1] is not None and seen[-1].shape[1] == 3
    sent, truth = np.abs(seen[-1]), np.abs(rec.gyro[:200])
    assert np.allclose(np.median(sent, axis=0), np.median(truth, axis=0), atol=0.05)
    assert with_gyro.has_gyro and with_gyro.csv_text().startswith("time,ax,ay,az,gx,gy,gz\n")

    seen.clear()
    without = LiveMotion()
    without.add([r[:4] for r in rows[:200]])
    assert seen and seen[-1] is None and not without.has_gyro
    assert without.csv_text().startswith("time,ax,ay,az\n")

    # a phone that sometimes leaves the rotation rate out: the gaps are interpolated
    seen.clear()
    patchy = LiveMotion()
    patchy.add([r if i % 20 else r[:4] for i, r in enumerate(rows[:200])])
    assert seen[-1] is not None and np.isfinite(seen[-1]).all()


def test_a_still_phone_gives_no_reps_and_a_short_stream_no_analysis() -> None:
    rng = np.random.default_rng(0)
    live = LiveMotion(Tempo.parse("3-0-1-1"))
    t = np.arange(0, 30, 0.02)
    still = np.column_stack(
        [t, rng.normal(0, 0.02, (t.size, 2)), 9.81 + rng.normal(0, 0.02, t.size)]
    )
    events = [e for i in range(0, t.size, BATCH) for e in live.add(still[i : i + BATCH].tolist())]
    assert events == [] and live.finish() == [] and live.count == 0
    short = LiveMotion()
    short.add([[i / 50, 0.0, 0.0, 9.81] for i in range(30)])
    assert short.analysis() is None


def test_a_reported_rep_is_timed_by_the_fit_not_the_quick_analyses() -> None:
    """Reps are found by quick analyses every fraction of a second; the one that reports a
    rep times it once more with the fitted model, and its phases are what the lifter hears."""
    rec = synth_imu(SetSpec(reps=4, tempo=(2, 0, 1, 1)), fs=50.0, seed=1)
    slow = dict.fromkeys(PHASES, 0.0) | {"eccentric": 3.7}
    timed: list[int] = []

    def timer(window: Any, eccentric: Any) -> Any:
        timed.append(len(window))
        t0 = float(window[0, 0])
        reps = [
            SimpleNamespace(start=r.start - t0, end=r.end - t0, phases={**r.phases, **slow})
            for r in rec.truth
            if r.start >= t0 and r.end <= float(window[-1, 0])
        ]
        return SimpleNamespace(reps=reps)

    live = LiveMotion(Tempo.parse("2-0-1-1"), analyser=_scripted(rec.truth), timer=timer)
    events = _replay(live, rec)
    assert [e.rep for _, e in events] == [1, 2, 3, 4]
    assert all(e.phases["eccentric"] == 3.7 for _, e in events)
    assert all(e.feedback == "eccentric 3.7 s - faster" for _, e in events)
    assert len(timed) <= len(events) + 1  # once per reporting analysis, not every batch


def test_the_real_live_timing_matches_the_whole_set() -> None:
    rec = synth_imu(SetSpec(exercise="squat", reps=5, tempo=(3, 1, 1, 1)), fs=50.0, seed=4)
    live = LiveMotion(Tempo.parse("3-1-1-1"), "down")
    events = [e for _, e in _replay(live, rec)]
    assert len(events) == 5
    for event, truth in zip(events, rec.truth, strict=True):
        for p in ("eccentric", "bottom", "concentric"):
            assert abs(event.phases[p] - truth.phases[p]) < 0.15, (p, event.phases, truth)
