"""Per-session points (:mod:`mindmuscle.analytics.sessions`): the best set of one exercise
per session and the mean mmc per session, against the planning module's e1RM history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mindmuscle.analytics.demo import DemoHistory
from mindmuscle.analytics.sessions import session_bests, session_mmc
from mindmuscle.analytics.view import ProgressView
from mindmuscle.planning.history import LoggedSet
from mindmuscle.planning.strength import e1rm_history

T0 = datetime(2024, 3, 4, 18, 0, tzinfo=UTC)


def _set(n: int, *, day: int = 0, **extra: Any) -> LoggedSet:
    fields: dict[str, Any] = {
        "id": f"s{day}-{n}",
        "exercise": "pec_deck",
        "performed_at": T0 + timedelta(days=day, minutes=3 * n),
        "reps": 10,
        "load": 40.0,
        "failure": True,
        "session_id": f"session-{day}",
        **extra,
    }
    return LoggedSet(**fields)


@pytest.mark.parametrize(
    ("sets", "load", "reps", "count", "mmc"),
    [
        # heaviest set wins; at equal load, more reps
        ([_set(0, load=40.0, reps=12), _set(1, load=45.0, reps=8)], 45.0, 8, 2, None),
        ([_set(0, reps=10), _set(1, reps=12)], 40.0, 12, 2, None),
        # bodyweight: no load, the most reps
        ([_set(0, load=None, reps=15), _set(1, load=None, reps=12)], None, 15, 2, None),
        # mmc: the mean of the rated sets only
        ([_set(0, mmc=6), _set(1, mmc=9), _set(2)], 40.0, 10, 3, 7.5),
        # primer sets are not the exercise's working sets
        ([_set(0, block="primer", load=80.0), _set(1)], 40.0, 10, 1, None),
    ],
)
def test_best_set_of_a_session(
    sets: list[LoggedSet], load: float | None, reps: int, count: int, mmc: float | None
) -> None:
    (best,) = session_bests(sets, "pec_deck", unit="kg")
    assert (best.load, best.reps, best.sets, best.mmc) == (load, reps, count, mmc)
    assert best.day == T0.date()


def test_loads_are_converted_to_the_unit_asked_for() -> None:
    (best,) = session_bests([_set(0, load=100.0, unit="lb")], "pec_deck", unit="kg")
    assert best.load == pytest.approx(45.36, abs=0.01)
    assert best.to_dict()["load"] == 45.4


def test_e1rm_per_session_equals_the_planning_history(trending: DemoHistory) -> None:
    squats = [s for s in trending.sets if s.exercise == "back_squat"]
    points = session_bests(trending.sets, "back_squat", unit="kg")
    expected = [e.value for e in e1rm_history(squats)]
    assert [p.e1rm for p in points if p.e1rm is not None] == pytest.approx(expected)
    assert [p.day for p in points] == sorted(p.day for p in points)


def test_session_mmc_skips_unrated_sessions() -> None:
    sets = [_set(0, mmc=6), _set(1, mmc=8), _set(0, day=2), _set(0, day=4, mmc=9)]
    assert session_mmc(sets) == ((T0.date(), 7.0), ((T0 + timedelta(days=4)).date(), 9.0))


def test_for_exercise_keeps_one_trend(trending_view: ProgressView) -> None:
    chosen = trending_view.exercises[1].exercise
    narrowed = trending_view.for_exercise(chosen)
    assert [t.exercise for t in narrowed.exercises] == [chosen]
    assert narrowed.groups == trending_view.groups
    assert narrowed.insights == trending_view.insights
    assert trending_view.for_exercise("nothing").exercises == ()
