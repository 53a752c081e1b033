"""Generated histories shared by the analytics tests (built once per session: they are pure)."""

from __future__ import annotations

from datetime import date

import pytest

from mindmuscle.analytics.demo import DemoHistory, DemoTrends, demo_history
from mindmuscle.analytics.view import ProgressView, progress_view

TODAY = date(2024, 7, 1)


def view_of(history: DemoHistory, *, today: date = TODAY, weeks: int = 12) -> ProgressView:
    return progress_view(
        history.sets, history.soreness, start=history.lifter.start_date, today=today, weeks=weeks
    )


@pytest.fixture(scope="session")
def trending() -> DemoHistory:
    return demo_history(today=TODAY, months=6, seed=0)


@pytest.fixture(scope="session")
def neutral() -> DemoHistory:
    return demo_history(today=TODAY, months=6, seed=0, trends=DemoTrends.neutral())


@pytest.fixture(scope="session")
def trending_view(trending: DemoHistory) -> ProgressView:
    return view_of(trending)
