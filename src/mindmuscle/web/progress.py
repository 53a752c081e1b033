"""Progress: the page, its JSON (``/api/progress``) and the coach report downloads.

Thin: load the sets and soreness reports the window needs (from
:func:`mindmuscle.analytics.view.data_since` on, never the whole history), call
:func:`mindmuscle.analytics.view.progress_view` and show it. Every number comes from
:mod:`mindmuscle.analytics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Final

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from mindmuscle.method.model import GROUPS
from mindmuscle.web.api_library import exercise_or_404
from mindmuscle.web.errors import ApiError, blame
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import GroupName
from mindmuscle.web.templating import templates

if TYPE_CHECKING:
    from mindmuscle.analytics.view import ProgressView
    from mindmuscle.analytics.weeks import WeekBasis
    from mindmuscle.planning.history import LoggedSet
    from mindmuscle.store.records import Soreness

__all__ = [
    "DEFAULT_WEEKS",
    "MAX_WEEKS",
    "api",
    "data_window",
    "load_view",
    "pages",
    "start_of_training",
    "training_start",
]

api = APIRouter(prefix="/api/progress", tags=["progress"])
pages = APIRouter(include_in_schema=False)
Rt = Annotated[Runtime, Depends(runtime)]

DEFAULT_WEEKS: Final = 12
#: The most weeks a view covers (ten years; the same bound as ``mindmuscle progress``).
MAX_WEEKS: Final = 520
#: The choices of the page's weeks filter.
WEEK_CHOICES: Final = (4, 8, 12, 26, 52)
Weeks = Annotated[
    int, Query(ge=1, le=MAX_WEEKS, description="How many weeks, up to today's, to show.")
]
ExerciseQuery = Annotated[
    str | None, Query(max_length=80, description="Only this exercise's trend (id or name).")
]


# -- loading ---------------------------------------------------------------------------------


def start_of_training(rt: Runtime, today: date) -> date:
    """The lifter's start date, else the day of the first session, else today (never later)."""
    lifter = rt.repo.get_lifter()
    start = lifter.start_date if lifter is not None else None
    if start is None:
        first = rt.repo.sessions()[:1]  # far fewer rows than the sets
        return training_start(None, first[0].started_at if first else None, today)
    return training_start(start, None, today)


def training_start(start_date: date | None, first_session: datetime | None, today: date) -> date:
    """:func:`start_of_training` from what is stored: the lifter's start date, else the day
    of the first session (its start's date as stored), else today; never after today."""
    if start_date is None:
        start_date = first_session.date() if first_session is not None else today
    return min(start_date, today)


def data_window(
    *, start: date, today: date, weeks: int, basis: WeekBasis = "training"
) -> tuple[datetime, date]:
    """From when a view of ``weeks`` weeks needs the sets (a day early, as any time zone
    may have stored them) and from which day the soreness reports."""
    from mindmuscle.analytics.view import data_since

    first = data_since(start=start, today=today, weeks=weeks, basis=basis)
    return datetime.combine(first - timedelta(days=1), time(0)).astimezone(), first


@dataclass(frozen=True, slots=True)
class _Loaded:
    start: date
    today: date
    sets: list[LoggedSet]
    soreness: list[Soreness]


def _load(rt: Runtime, *, weeks: int, basis: WeekBasis = "training") -> _Loaded:
    today = rt.now().date()
    start = start_of_training(rt, today)
    since, first = data_window(start=start, today=today, weeks=weeks, basis=basis)
    return _Loaded(start, today, rt.repo.sets(since=since), rt.repo.soreness(since=first))


def load_view(
    rt: Runtime, *, weeks: int, group: str | None = None, basis: WeekBasis = "training"
) -> ProgressView:
    """The lifter's progress view of the last ``weeks`` weeks (only the sets it needs)."""
    from mindmuscle.analytics.view import progress_view

    got = _load(rt, weeks=weeks, basis=basis)
    return progress_view(
        got.sets,
        got.soreness,
        start=got.start,
        today=got.today,
        weeks=weeks,
        group=group,
        basis=basis,
        catalog=rt.catalog,
    )


def _exercise_id(rt: Runtime, name: str) -> str:
    with blame("exercise"):
        return rt.catalog.exercise(name).id


# -- JSON ------------------------------------------------------------------------------------


@api.get("", summary="Progress per muscle group and week, exercise trends and insights")
def get_progress(
    rt: Rt,
    weeks: Weeks = DEFAULT_WEEKS,
    group: GroupName | None = None,
    exercise: ExerciseQuery = None,
) -> dict[str, Any]:
    """The ``mindmuscle progress --format json`` document: per group and week hard sets,
    time under tension, volume, mmc, pump, soreness and tempo adherence; e1RM trends per
    exercise at its prescribed tempo; insights with advice. ``group`` narrows everything to
    one group, ``exercise`` the trends to one exercise."""
    chosen = None if exercise is None else _exercise_id(rt, exercise)
    view = load_view(rt, weeks=weeks, group=group)
    return (view if chosen is None else view.for_exercise(chosen)).to_dict()


@api.get("/exercises/{exercise}", summary="Best set, mmc and e1RM per session of one exercise")
def progress_exercise(
    exercise: Annotated[str, Path(min_length=1, max_length=80)], rt: Rt
) -> dict[str, Any]:
    """Per session: the best set's load (in the lifter's unit) and reps, the number of
    working sets, mean mmc and the best e1RM at the reference tempo."""
    from mindmuscle.analytics.sessions import session_bests

    ex = exercise_or_404(rt, exercise)
    lifter = rt.repo.get_lifter()
    unit = lifter.units if lifter is not None else "kg"
    points = session_bests(rt.repo.sets(exercise=ex.id), ex.id, unit=unit)
    return {
        "exercise": ex.id,
        "name": ex.name,
        "unit": unit,
        "sessions": [p.to_dict() for p in points],
    }


@api.get("/summary", summary="Mean mmc per session and working sets per group and week")
def progress_summary(rt: Rt, weeks: Annotated[int, Query(ge=1, le=104)] = 8) -> dict[str, Any]:
    """The first Progress page's series, kept for existing clients: calendar weeks (Monday
    first) from :func:`mindmuscle.analytics.view.progress_view`; prefer ``/api/progress``."""
    from mindmuscle.analytics.sessions import session_mmc
    from mindmuscle.analytics.view import progress_view

    got = _load(rt, weeks=weeks, basis="iso")
    view = progress_view(
        got.sets,
        got.soreness,
        start=got.start,
        today=got.today,
        weeks=weeks,
        basis="iso",
        catalog=rt.catalog,
    )
    first = view.weeks[0].starts_on
    return {
        "mmc": [
            {"date": day.isoformat(), "mmc": round(value, 1)}
            for day, value in session_mmc(s for s in got.sets if s.performed_at.date() >= first)
        ],
        "weekly_sets": {
            "weeks": [w.starts_on.isoformat() for w in view.weeks],
            "groups": {g.group: [w.sets for w in g.weeks] for g in view.groups if g.weeks},
        },
        "exercises": sorted(t.exercise for t in view.exercises),
    }


# -- the page and the reports -----------------------------------------------------------------


def _weeks_of(text: str) -> int:
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_WEEKS else DEFAULT_WEEKS


def _panel_context(rt: Runtime, weeks: str, group: str, exercise: str) -> dict[str, Any]:
    """What the page shows; lenient (a bad filter in a page URL falls back to its default)."""
    n = _weeks_of(weeks)
    chosen_group = group if group in GROUPS else None
    view = load_view(rt, weeks=n, group=chosen_group)
    ids = [t.exercise for t in view.exercises]
    try:
        wanted = _exercise_id(rt, exercise) if exercise else ""
    except ApiError:
        wanted = ""
    chosen = wanted if wanted in ids else (ids[0] if ids else "")
    data = view.to_dict()
    data["exercise"] = chosen or None
    return {
        "view": view,
        "data": data,
        "weeks": n,
        "week_choices": sorted({*WEEK_CHOICES, n}),
        "group": chosen_group or "",
        "groups": [(g, rt.catalog.groups[g].name) for g in GROUPS],
        "exercise": chosen,
        "exercises": [
            (t.exercise, t.name if t.tempo is None else f"{t.name} ({t.tempo})")
            for t in view.exercises
        ],
        "first_month_insight": next((i for i in view.insights if i.kind == "first_month"), None),
        "insights": [i for i in view.insights if i.kind != "first_month"],
        "has_data": bool(view.groups or view.exercises),
        "has_tempo": any(g.tempo is not None for g in view.groups),
        "has_tut": any(w.tut_s > 0 for g in view.groups for w in g.weeks),
    }


def _query(context: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    pairs = {"weeks": context["weeks"], "group": context["group"], "exercise": context["exercise"]}
    return urlencode({k: v for k, v in pairs.items() if v})


@pages.get("/progress", response_class=HTMLResponse)
def progress_page(
    request: Request, rt: Rt, weeks: str = "", group: str = "", exercise: str = ""
) -> HTMLResponse:
    context = _panel_context(rt, weeks, group, exercise)
    return templates.TemplateResponse(request, "progress.html", {"tab": "progress", **context})


@pages.get("/progress/panel", response_class=HTMLResponse)
def progress_panel(
    request: Request, rt: Rt, weeks: str = "", group: str = "", exercise: str = ""
) -> HTMLResponse:
    """The page's filters, insights and chart data as an htmx fragment (no full reload)."""
    context = _panel_context(rt, weeks, group, exercise)
    response = templates.TemplateResponse(
        request, "_progress_panel.html", {"tab": "progress", **context}
    )
    response.headers["HX-Push-Url"] = f"/progress?{_query(context)}"
    return response


def _lifter_name(rt: Runtime) -> str:
    lifter = rt.repo.get_lifter()
    return lifter.name if lifter is not None else ""


def _attachment(today: date, suffix: str) -> dict[str, str]:
    name = f"mindmuscle-progress-{today.isoformat()}.{suffix}"
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@pages.get("/progress/report.html", response_class=HTMLResponse)
def report_html_download(rt: Rt, weeks: Weeks = DEFAULT_WEEKS) -> HTMLResponse:
    """The self-contained HTML report (charts embedded as PNG) to send to a coach."""
    from mindmuscle.analytics.report import report_html

    view = load_view(rt, weeks=weeks)
    text = report_html(view, generated=view.today, lifter=_lifter_name(rt))
    return HTMLResponse(text, headers=_attachment(view.today, "html"))


@pages.get("/progress/report.pdf")
def report_pdf_download(rt: Rt, weeks: Weeks = DEFAULT_WEEKS) -> Response:
    """The report as a multi-page PDF."""
    from mindmuscle.analytics.report import report_pdf

    view = load_view(rt, weeks=weeks)
    data = report_pdf(view, generated=view.today, lifter=_lifter_name(rt))
    return Response(data, media_type="application/pdf", headers=_attachment(view.today, "pdf"))
