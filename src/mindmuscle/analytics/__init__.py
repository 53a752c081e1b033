"""Progress analytics over the log: metrics per training group and week, exercise e1RM
trends, insights with advice by the method, charts and the coach report. Pure (+ plotting):
no storage, no clock, no printing; ``today`` and ``start`` come in as arguments.

The one call a page or a command needs is :func:`progress_view`; charts
(:mod:`.charts`) and reports (:mod:`.report`) import matplotlib when used, so they are not
re-exported here.
"""

from __future__ import annotations

from mindmuscle.analytics.demo import DemoHistory, DemoTrends, demo_history
from mindmuscle.analytics.insights import INSIGHT_KINDS, Insight, InsightKind
from mindmuscle.analytics.metrics import (
    ExerciseTrend,
    GroupSummary,
    GroupWeek,
    SessionPoint,
    SorenessReport,
    TempoAdherence,
)
from mindmuscle.analytics.view import ProgressView, data_since, progress_view
from mindmuscle.analytics.weeks import Week, WeekBasis

__all__ = [
    "INSIGHT_KINDS",
    "DemoHistory",
    "DemoTrends",
    "ExerciseTrend",
    "GroupSummary",
    "GroupWeek",
    "Insight",
    "InsightKind",
    "ProgressView",
    "SessionPoint",
    "SorenessReport",
    "TempoAdherence",
    "Week",
    "WeekBasis",
    "data_since",
    "demo_history",
    "progress_view",
]
