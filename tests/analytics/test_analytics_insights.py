"""Each insight fires on a generated history with its trend and not on a neutral one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from mindmuscle.analytics.demo import DemoHistory, DemoTrends, demo_history
from mindmuscle.analytics.insights import INSIGHT_KINDS
from mindmuscle.analytics.view import ProgressView, progress_view
from mindmuscle.errors import InputError
from mindmuscle.store.records import check_set

TODAY = date(2024, 7, 1)  # as in conftest.py


def view_of(history: DemoHistory, *, today: date = TODAY, weeks: int = 12) -> ProgressView:
    return progress_view(
        history.sets, history.soreness, start=history.lifter.start_date, today=today, weeks=weeks
    )


ONLY: dict[str, DemoTrends] = {
    "lagging_muscle": replace(DemoTrends.neutral(), lagging="shoulders"),
    "connection_improving": replace(DemoTrends.neutral(), improving=("chest",)),
    "always_sore": replace(DemoTrends.neutral(), always_sore="legs"),
    "ego_creep": replace(DemoTrends.neutral(), ego_creep="barbell_curl"),
    "stalled_exercise": replace(DemoTrends.neutral(), stalled="back_squat"),
}
WHO = {
    "lagging_muscle": ("shoulders", None),
    "connection_improving": ("chest", None),
    "always_sore": ("legs", None),
    "ego_creep": ("arms", "barbell_curl"),
    "stalled_exercise": ("legs", "back_squat"),
}


def kinds(view: ProgressView) -> list[str]:
    return [i.kind for i in view.insights]


@pytest.mark.parametrize("kind", sorted(ONLY))
def test_each_trend_fires_its_insight_alone(kind: str) -> None:
    view = view_of(demo_history(today=TODAY, months=6, seed=3, trends=ONLY[kind]))
    assert kinds(view) == [kind]
    (found,) = view.insights
    assert (found.group, found.exercise) == WHO[kind]
    assert found.evidence and found.advice
    assert any(ch.isdigit() for ch in found.text)  # the numbers behind it


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_neutral_history_is_quiet(seed: int) -> None:
    assert (
        kinds(view_of(demo_history(today=TODAY, months=6, seed=seed, trends=DemoTrends.neutral())))
        == []
    )


def test_six_months_yield_the_known_trends(trending_view: ProgressView) -> None:
    found = {(i.kind, i.group, i.exercise) for i in trending_view.insights}
    assert found == {
        ("ego_creep", "arms", "barbell_curl"),
        ("always_sore", "legs", None),
        ("stalled_exercise", "legs", "back_squat"),
        ("lagging_muscle", "shoulders", None),
        ("connection_improving", "chest", None),
        ("connection_improving", "back", None),
    }
    order = [INSIGHT_KINDS.index(i.kind) for i in trending_view.insights]
    assert order == sorted(order)
    by_group = {g.group: g for g in trending_view.groups}
    assert by_group["chest"].mmc_slope == pytest.approx(0.17, abs=0.05)
    assert by_group["legs"].mmc_slope == pytest.approx(0.0, abs=0.05)
    assert by_group["shoulders"].mmc_mean == pytest.approx(4.2, abs=0.3)
    assert (by_group["legs"].sore_share or 0) > 0.6
    curl = next(t for t in trending_view.exercises if t.exercise == "barbell_curl")
    assert (curl.eccentric_slope or 0) < -0.1 and (curl.load_slope_pct or 0) > 1


def test_ego_creep_names_the_evidence(trending_view: ProgressView) -> None:
    creep = next(i for i in trending_view.insights if i.kind == "ego_creep")
    assert creep.evidence["load_to_kg"] > creep.evidence["load_from_kg"]
    assert creep.evidence["eccentric_to_s"] < creep.evidence["eccentric_from_s"] - 0.5
    assert "prescribed 4 s" in creep.text
    assert "Lower the load" in creep.advice


def test_lagging_advice_names_a_primer_and_an_emphasis(trending_view: ProgressView) -> None:
    lag = next(i for i in trending_view.insights if i.kind == "lagging_muscle")
    assert "primer" in lag.advice and "isometric" in lag.advice and "emphasis option" in lag.advice


def test_first_month_is_shown_as_such(trending: DemoHistory) -> None:
    today = trending.lifter.start_date + timedelta(days=16)
    view = view_of(trending, today=today)
    assert view.first_month and view.training_week == 3
    first = view.insights[0]
    assert first.kind == "first_month"
    assert "the goal is coordination and the connection, not load" in first.text
    assert "mostly neural" in first.text
    assert "stalled_exercise" not in kinds(view)
    assert not view_of(trending).first_month


def test_group_filter_and_json(trending: DemoHistory) -> None:
    view = view_of(trending, weeks=8)
    arms = progress_view(
        trending.sets,
        trending.soreness,
        start=trending.lifter.start_date,
        today=TODAY,
        weeks=8,
        group="arms",
    )
    assert [g.group for g in arms.groups] == ["arms"]
    assert {t.group for t in arms.exercises} == {"arms"}
    assert all(i.group == "arms" for i in arms.insights)
    data = json.loads(json.dumps(view.to_dict()))
    assert [w["week"] for w in data["weeks"]] == list(range(20, 28))
    assert {"hard_sets", "tut_s", "volume_kg", "mmc", "pump", "soreness", "tempo"} <= set(
        data["groups"][0]["weeks"][0]
    )
    with pytest.raises(InputError, match="Unknown muscle group 'abs'"):
        progress_view([], [], start=TODAY, today=TODAY, weeks=4, group="abs")


def test_demo_is_seeded_and_valid(trending: DemoHistory) -> None:
    again = demo_history(today=TODAY, months=6, seed=0)
    assert again == trending
    assert demo_history(today=TODAY, months=6, seed=1) != trending
    for logged in trending.sets:
        check_set(logged)
    assert len({s.id for s in trending.sets}) == len(trending.sets)
    assert {s.session_id for s in trending.sets} == {s.id for s in trending.sessions}
    per_week = len(trending.sessions) / (26 + 1)
    assert 3 <= per_week <= 5
    assert any(s.measured_tempo for s in trending.sets)
    assert any(s.measured_tempo is None for s in trending.sets)
    assert all(s.performed_at.date() < TODAY for s in trending.sets)
