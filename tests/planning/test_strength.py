"""The tempo-aware e1RM model of mindmuscle.planning.strength."""

from __future__ import annotations

import doctest
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mindmuscle.errors import InputError
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning import strength
from mindmuscle.planning.history import UNITS, LoggedSet, Unit
from mindmuscle.planning.strength import (
    MAX_TUT_RATIO,
    REFERENCE_TEMPO,
    convert_load,
    e1rm_by_exercise,
    e1rm_history,
    epley,
    epley_load,
    equivalent_reps,
    estimate_e1rm,
    reps_to_failure,
    session_e1rm,
    set_e1rm,
    tut_factor,
)

T = Tempo.parse
DAY = datetime(2024, 5, 1, 18, 0)


def a_set(
    reps: int = 10,
    load: float | None = 100.0,
    *,
    exercise: str = "bench_press",
    unit: Unit = "kg",
    tempo: str | None = "2-0-1-0",
    measured: str | None = None,
    failure: bool | None = True,
    rir: int | None = None,
    at: datetime = DAY,
    block: str = "working",
    session: str | None = None,
) -> LoggedSet:
    return LoggedSet(
        id=f"{exercise}-{at.isoformat()}-{reps}-{load}",
        exercise=exercise,
        performed_at=at,
        reps=reps,
        load=load,
        unit=unit,
        block=block,  # type: ignore[arg-type]
        tempo=None if tempo is None else T(tempo),
        measured_tempo=None if measured is None else T(measured),
        failure=failure,
        rir=rir,
        session_id=session,
    )


def test_doctests() -> None:
    assert doctest.testmod(strength).failed == 0


# --- reps to failure -------------------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "rir", "expected"),
    [
        (True, None, 10),  # to failure: the reps done
        (None, 2, 12),  # reps in reserve add up
        (False, 0, 10),
        (True, 3, 10),  # failure reported wins over an inconsistent rir
        (False, None, None),  # stopped short, nothing known
        (None, None, None),
    ],
)
def test_reps_to_failure(failure: bool | None, rir: int | None, expected: int | None) -> None:
    assert reps_to_failure(a_set(10, failure=failure, rir=rir)) == expected


def test_negative_rir_is_an_input_error_naming_the_value() -> None:
    with pytest.raises(InputError, match="-1"):
        reps_to_failure(a_set(failure=None, rir=-1))


# --- the tempo model --------------------------------------------------------------


@pytest.mark.parametrize(
    ("done_at", "expressed_at", "factor"),
    [
        ("2-0-1-0", "2-0-1-0", 1.0),  # same tempo: no change
        ("2-1-1-0", "3-0-1-0", 1.0),  # same seconds per rep: no change
        ("8-0-4-0", "2-0-1-0", 2.0),  # 4x the time under tension: sqrt -> 2x the reps
        ("2-0-1-0", "8-0-4-0", 0.5),
        ("30-0-30-0", "2-0-1-0", MAX_TUT_RATIO**0.5),  # clamped
        ("X-0-X-0", "30-0-30-0", MAX_TUT_RATIO**-0.5),  # clamped the other way
    ],
)
def test_tut_factor(done_at: str, expressed_at: str, factor: float) -> None:
    assert tut_factor(T(done_at), T(expressed_at)) == pytest.approx(factor)


def test_slow_tempo_gives_a_lower_e1rm_at_that_tempo_than_at_the_reference() -> None:
    s = a_set(10, 100.0, tempo="4-0-1-2")
    at_reference = set_e1rm(s)
    at_own_tempo = set_e1rm(s, tempo=T("4-0-1-2"))
    assert at_reference is not None and at_own_tempo is not None
    # 10 reps at 7 s/rep are worth sqrt(7/3) * 10 = 15.3 ordinary reps
    assert at_reference.value == pytest.approx(100 * (1 + 15.275 / 30), rel=1e-3)
    assert at_own_tempo.value == pytest.approx(epley(100, 10))


def test_measured_tempo_is_used_over_the_prescribed_one() -> None:
    slow_as_prescribed = set_e1rm(a_set(tempo="4-0-1-0"))
    rushed = set_e1rm(a_set(tempo="4-0-1-0", measured="1-0-1-0"))
    assert slow_as_prescribed is not None and rushed is not None
    assert rushed.value < slow_as_prescribed.value


def test_unknown_tempo_counts_as_reference() -> None:
    assert set_e1rm(a_set(tempo=None)) == set_e1rm(a_set(tempo="2-0-1-0"))


# --- single sets ------------------------------------------------------------------


@pytest.mark.parametrize(
    "logged",
    [
        pytest.param(a_set(load=None), id="bodyweight"),
        pytest.param(a_set(load=0.0), id="zero load"),
        pytest.param(a_set(failure=False), id="not to failure, no rir"),
        pytest.param(a_set(0), id="no reps"),
        pytest.param(a_set(25, tempo="6-0-2-2"), id="more than 30 equivalent reps"),
    ],
)
def test_sets_that_give_no_estimate(logged: LoggedSet) -> None:
    assert set_e1rm(logged) is None


def test_assume_failure_counts_reps_done() -> None:
    estimate = set_e1rm(a_set(10, failure=None), assume_failure=True)
    assert estimate is not None
    assert estimate.value == pytest.approx(epley(100, 10))


def test_estimate_is_converted_to_the_requested_unit() -> None:
    estimate = set_e1rm(a_set(10, 225.0, unit="lb"), unit="kg")
    assert estimate is not None
    assert estimate.unit == "kg"
    assert estimate.load == pytest.approx(102.058, rel=1e-4)
    assert estimate.value == pytest.approx(epley(102.058, 10), rel=1e-4)


@pytest.mark.parametrize(("reps", "within"), [(8, True), (10, True), (11, False)])
def test_within_epley_range(reps: int, within: bool) -> None:
    estimate = set_e1rm(a_set(reps))
    assert estimate is not None
    assert estimate.within_epley_range is within


# --- histories --------------------------------------------------------------------


def test_history_is_the_best_set_per_session_oldest_first() -> None:
    sets = [
        a_set(8, 100.0, at=DAY + timedelta(days=7)),
        a_set(10, 100.0, at=DAY + timedelta(days=7, minutes=3)),
        a_set(10, 95.0, at=DAY),
        a_set(10, 200.0, at=DAY, block="primer"),  # primer sets do not count
        a_set(12, 80.0, at=DAY + timedelta(days=3), failure=False),  # no estimate
    ]
    history = e1rm_history(sets)
    assert [e.performed_at for e in history] == [DAY, DAY + timedelta(days=7, minutes=3)]
    assert history[-1].value == pytest.approx(epley(100, 10))
    assert estimate_e1rm(sets) == history[-1]


def test_sessions_follow_session_id_across_midnight() -> None:
    late = DAY.replace(hour=23, minute=50)
    sets = [
        a_set(10, 100.0, at=late, session="s1"),
        a_set(12, 100.0, at=late + timedelta(minutes=20), session="s1"),
    ]
    assert len(e1rm_history(sets)) == 1


def test_history_over_a_tempo_change_is_comparable_at_the_reference_tempo() -> None:
    before = a_set(10, 100.0, tempo="2-0-1-0", at=DAY)
    # same strength: the load the model predicts for 10 reps at 4-0-1-2
    slow_load = epley_load(epley(100, 10), equivalent_reps(10, T("4-0-1-2"), REFERENCE_TEMPO))
    after = a_set(10, slow_load, tempo="4-0-1-2", at=DAY + timedelta(days=7))
    first, second = e1rm_history([before, after])
    assert first.value == pytest.approx(second.value)


def test_mixed_exercises_are_refused_with_their_names() -> None:
    with pytest.raises(InputError, match="bench_press, squat"):
        estimate_e1rm([a_set(), a_set(exercise="squat")])


def test_by_exercise() -> None:
    result = e1rm_by_exercise([a_set(), a_set(exercise="squat", load=140.0), a_set(load=None)])
    assert sorted(result) == ["bench_press", "squat"]
    assert result["squat"].value == pytest.approx(epley(140, 10))


def test_empty_history_has_no_estimate() -> None:
    assert estimate_e1rm([]) is None
    assert session_e1rm([]) is None


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: epley(0, 5), "above 0"),
        (lambda: epley(100, -1), "-1"),
        (lambda: epley_load(-5, 5), "-5"),
        (lambda: equivalent_reps(-2, REFERENCE_TEMPO, REFERENCE_TEMPO), "-2"),
        (lambda: convert_load(10, "kg", "stone"), "stone"),  # type: ignore[arg-type]
    ],
)
def test_bad_values_are_input_errors(call: object, match: str) -> None:
    with pytest.raises(InputError, match=match):
        call()  # type: ignore[operator]


# --- properties -------------------------------------------------------------------

phase = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 10.0])
moving = st.sampled_from([0.5, 1.0, 2.0, 3.0, 5.0, 8.0])
tempos = st.builds(Tempo, moving, phase, moving, phase)
loads = st.floats(min_value=1.0, max_value=500.0, allow_nan=False)
reps = st.integers(min_value=1, max_value=12)


@given(st.floats(min_value=0, max_value=50), tempos, tempos)
def test_tempo_conversion_round_trips(n: float, a: Tempo, b: Tempo) -> None:
    there = equivalent_reps(n, a, b)
    assert equivalent_reps(there, b, a) == pytest.approx(n, abs=1e-9)


@given(tempos, tempos)
def test_tut_factor_is_bounded(a: Tempo, b: Tempo) -> None:
    assert MAX_TUT_RATIO**-0.5 - 1e-12 <= tut_factor(a, b) <= MAX_TUT_RATIO**0.5 + 1e-12


@given(tempos, tempos, tempos)
def test_slower_tempo_is_never_worth_fewer_reps(a: Tempo, b: Tempo, to: Tempo) -> None:
    slower, faster = (a, b) if a.rep_seconds >= b.rep_seconds else (b, a)
    assert tut_factor(slower, to) >= tut_factor(faster, to)


@given(loads, st.floats(min_value=0, max_value=30))
def test_epley_round_trips(load: float, n: float) -> None:
    assert epley_load(epley(load, n), n) == pytest.approx(load)


@given(loads, loads, reps, reps, tempos)
def test_e1rm_is_monotonic_in_load_and_reps(
    load_a: float, load_b: float, reps_a: int, reps_b: int, tempo: Tempo
) -> None:
    tempo_text = str(tempo)
    low = set_e1rm(a_set(min(reps_a, reps_b), min(load_a, load_b), tempo=tempo_text))
    high = set_e1rm(a_set(max(reps_a, reps_b), max(load_a, load_b), tempo=tempo_text))
    assert low is not None and high is not None
    assert low.value <= high.value


@given(loads, reps, tempos, tempos)
def test_slower_measured_tempo_never_lowers_the_estimate(
    load: float, n: int, a: Tempo, b: Tempo
) -> None:
    slower, faster = (a, b) if a.rep_seconds >= b.rep_seconds else (b, a)
    slow = set_e1rm(a_set(n, load, measured=str(slower)))
    fast = set_e1rm(a_set(n, load, measured=str(faster)))
    assert slow is not None and fast is not None
    assert slow.value >= fast.value - 1e-9


@given(loads, st.sampled_from(UNITS), st.sampled_from(UNITS))
def test_unit_conversion_round_trips(load: float, a: Unit, b: Unit) -> None:
    assert convert_load(convert_load(load, a, b), b, a) == pytest.approx(load)
