"""Shared builders for the coaching tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mindmuscle.method.catalog import builtin_catalog
from mindmuscle.planning.request import PlanRequest
from mindmuscle.planning.session import SessionPlan, plan_session

PlanFor = Callable[..., SessionPlan]


@pytest.fixture(scope="session")
def plan_for() -> PlanFor:
    cat = builtin_catalog()

    def build(focus: str, week: int = 6, **options: object) -> SessionPlan:
        return plan_session(cat, PlanRequest.parse(cat, focus=focus, week=week, **options))  # type: ignore[arg-type]

    return build
