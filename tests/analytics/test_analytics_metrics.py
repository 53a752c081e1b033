"""Metrics on small hand-computed histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from mindmuscle.analytics.metrics import (
    exercise_trend,
    group_summaries,
    group_weeks,
    is_hard_set,
    least_squares_slope,
    set_tut,
    set_volume_kg,
    tempo_adherence,
)
from mindmuscle.analytics.weeks import week_number, week_of, window
from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.method.tempo import Tempo
from mindmuscle.planning.history import LoggedSet

START = date(2024, 1, 1)  # a Monday
CAT = builtin_catalog()


def s(
    day: int,
    *,
    exercise: str = "barbell_bench_press",
    reps: int = 10,
    load: float | None = 50.0,
    tempo: str | None = "3-0-1-0",
    measured: str | None = None,
    failure: bool | None = None,
    rir: int | None = None,
    mmc: int | None = None,
    pump: int | None = None,
    block: str = "working",
    unit: str = "kg",
) -> LoggedSet:
    return LoggedSet(
        id=f"{exercise}-{day}-{reps}-{load}-{rir}-{mmc}",
        exercise=exercise,
        performed_at=datetime(2024, 1, 1, 18, tzinfo=UTC) + timedelta(days=day),
        reps=reps,
        load=load,
        unit=unit,  # type: ignore[arg-type]
        block=block,  # type: ignore[arg-type]
        tempo=None if tempo is None else Tempo.parse(tempo),
        measured_tempo=None if measured is None else Tempo.parse(measured),
        failure=failure,
        rir=rir,
        mmc=mmc,
        pump=pump,
        session_id=f"s{day}",
    )


@pytest.mark.parametrize(
    ("logged", "hard", "tut", "volume"),
    [
        (s(0, failure=True), True, 40.0, 500.0),  # 4 s a rep x 10
        (s(0, rir=3), True, 40.0, 500.0),
        (s(0, rir=4), False, 40.0, 500.0),
        (s(0), False, 40.0, 500.0),  # effort unknown: not counted as hard
        (s(0, failure=True, block="primer"), False, 40.0, 500.0),
        (s(0, measured="2-0-1-0", rir=0), True, 30.0, 500.0),  # measured beats prescribed
        (s(0, tempo=None, rir=1), True, 0.0, 500.0),  # no tempo at all: no TUT
        (s(0, load=None, reps=12, tempo="2-1-1-1", failure=True), True, 60.0, 0.0),
        (s(0, load=100, unit="lb", reps=5, rir=2), True, 20.0, 226.796185),
    ],
)
def test_set_metrics(logged: LoggedSet, hard: bool, tut: float, volume: float) -> None:
    assert is_hard_set(logged) is hard
    assert set_tut(logged) == pytest.approx(tut)
    assert set_volume_kg(logged) == pytest.approx(volume)


@pytest.mark.parametrize(
    ("xs", "ys", "slope"),
    [
        ([1, 2, 3], [5.0, 6.0, 7.5], 1.25),
        ([1, 2, 3, 4], [6.0, 6.0, 6.0, 6.0], 0.0),
        ([0, 2], [8.0, 7.0], -0.5),
        ([3], [5.0], None),
        ([2, 2], [5.0, 6.0], None),
        ([], [], None),
    ],
)
def test_least_squares_slope(xs: list[float], ys: list[float], slope: float | None) -> None:
    assert least_squares_slope(xs, ys) == (None if slope is None else pytest.approx(slope))


def test_weeks() -> None:
    assert week_number(date(2024, 1, 7), start=START) == 1
    assert week_number(date(2024, 1, 8), start=START) == 2
    assert week_of(date(2024, 2, 1), start=date(2024, 1, 3), basis="iso").label == "2024-W05"
    assert [w.number for w in window(date(2024, 1, 20), start=START, weeks=10)] == [1, 2, 3]


@dataclass(frozen=True)
class Report:
    day: date
    group: str
    doms: int


def test_group_weeks_by_hand() -> None:
    """Week 1: two chest sets and a primer; week 2: one chest set and one back set."""
    sets = [
        s(0, failure=True, mmc=6, pump=2),  # 10 x 50 kg at 3-0-1-0: 40 s
        s(0, reps=8, rir=2, mmc=8, pump=1),  # 8 x 50 kg: 32 s
        s(1, exercise="pec_deck", block="primer", mmc=2),  # not counted
        s(8, reps=6, rir=5, mmc=9),  # not hard
        s(9, exercise="lat_pulldown", reps=10, load=60, tempo="4-0-1-1", rir=1, mmc=5),
        s(9, exercise="not_in_catalog", failure=True),
    ]
    reports = [Report(date(2024, 1, 2), "chest", 2), Report(date(2024, 1, 3), "chest", 3)]
    weeks = window(date(2024, 1, 14), start=START, weeks=2)
    by_group = group_weeks(sets, reports, weeks, CAT)
    assert list(by_group) == ["chest", "back"]
    w1, w2 = by_group["chest"]
    assert (w1.sets, w1.hard_sets, w1.tut_s, w1.volume_kg) == (2, 2, 72.0, 900.0)
    assert (w1.mmc, w1.mmc_ratings, w1.pump, w1.soreness, w1.soreness_reports) == (
        7.0,
        2,
        1.5,
        2.5,
        2,
    )
    assert (w2.sets, w2.hard_sets, w2.tut_s, w2.volume_kg, w2.mmc) == (1, 0, 24.0, 300.0, 9.0)
    back = by_group["back"]
    assert (back[0].sets, back[1].sets, back[1].tut_s, back[1].volume_kg) == (0, 1, 60.0, 600.0)

    chest, back_summary = group_summaries(sets, reports, weeks, CAT)
    assert chest.hard_sets_per_week == 1.0
    assert chest.mmc_mean == pytest.approx(23 / 3)
    assert chest.mmc_slope == pytest.approx(2.0)  # weekly means 7 -> 9
    assert chest.sore_share == 1.0
    assert back_summary.mmc_slope is None  # one rated week: no trend


def test_hard_sets_per_week_counts_only_elapsed_days() -> None:
    sets = [s(0, failure=True), s(7, failure=True), s(8, failure=True)]
    weeks = window(date(2024, 1, 9), start=START, weeks=2)  # week 2: 2 days gone
    (chest,) = group_summaries(sets, [], weeks, CAT, today=date(2024, 1, 9))
    assert chest.hard_sets_per_week == pytest.approx(3 / (9 / 7))


def test_tempo_adherence() -> None:
    sets = [
        s(0, tempo="4-0-1-2", measured="4.2-0-1-1.8"),  # within 0.5 s
        s(1, tempo="4-0-1-2", measured="2.5-0.5-1-1"),  # rushed
        s(2, tempo="4-0-1-2"),  # not measured: ignored
    ]
    t = tempo_adherence(sets)
    assert t is not None
    assert t.sets == 2
    assert t.eccentric_off_s == pytest.approx((0.2 + 1.5) / 2)
    assert t.eccentric_bias_s == pytest.approx((0.2 - 1.5) / 2)
    assert t.holds_off_s == pytest.approx(((0 + 0.2) / 2 + (0.5 + 1.0) / 2) / 2)
    assert t.within_pct == 50.0
    assert tempo_adherence(sets[2:]) is None


def test_exercise_trend_keeps_the_latest_tempo() -> None:
    sets = [
        s(0, tempo="2-0-1-0", reps=10, load=100, failure=True),  # other tempo: left out
        s(7, tempo="4-0-1-0", reps=10, load=80, failure=True, mmc=6),
        s(14, tempo="4-0-1-0", reps=10, load=82.5, failure=True, mmc=7),
        s(21, tempo="4-0-1-0", reps=10, load=85, failure=True, mmc=8),
    ]
    trend = exercise_trend(sets, CAT, start=START)
    assert str(trend.tempo) == "4-0-1-0"
    assert [p.e1rm for p in trend.points] == pytest.approx([80 * 4 / 3, 82.5 * 4 / 3, 85 * 4 / 3])
    assert trend.mmc_slope == pytest.approx(1.0)
    assert trend.span_weeks == 2.0
    everything = exercise_trend(sets, CAT, start=START, tempo=Tempo.parse("2-0-1-0"))
    assert len(everything.points) == 4
