"""Server-rendered pages (Jinja2 + htmx): Today, Coach, History, Exercises, Me (Progress is
in :mod:`.progress`), and the PWA files (manifest, service worker). Pages call the same core
and store functions as the JSON API; the browser's JS modules talk to the API."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from mindmuscle.errors import MindMuscleError
from mindmuscle.method.catalog import exercise_to_dict
from mindmuscle.method.model import EQUIPMENT, GROUPS
from mindmuscle.planning.session import ACTIVATION_S
from mindmuscle.store.accounts_notes import Note, assignments, notes, notes_by_set
from mindmuscle.store.records import StoredPlan, TrainingSession, target_shares
from mindmuscle.web.api_library import exercise_or_404
from mindmuscle.web.api_training import session_state
from mindmuscle.web.convert import set_to_dict
from mindmuscle.web.errors import ApiError, validation_message
from mindmuscle.web.planner import lifter_week, make_plan
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import PlanIn
from mindmuscle.web.templating import SHELL_ASSETS, asset_version, templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Rt = Annotated[Runtime, Depends(runtime)]
PRESETS = ("gym", "home", "none")


def _page(
    request: Request, name: str, tab: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"tab": tab, **context}, status_code=status_code
    )


def _emphasis_options(rt: Runtime) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, dict[str, str]] = {g: {} for g in GROUPS}
    for ex in rt.catalog.exercises.values():
        for opt in ex.emphasis:
            if ex.group in out:
                out[ex.group].setdefault(opt.key, opt.key.replace("_", " ").replace(":", ": "))
    return {g: sorted(v.items()) for g, v in out.items() if v}


def _accounts_on(request: Request) -> bool:
    """Whether this request is a logged-in user's (multi-user mode)."""
    return getattr(request.state, "user", None) is not None


def _own(request: Request) -> bool:
    access = getattr(request.state, "access", None)
    return access is None or bool(access.own)


def _program_days(
    plan: StoredPlan, assigned_at: datetime, today: date, done: dict[tuple[int, int], str]
) -> dict[str, Any]:
    """The program's current week (by weeks since it was assigned) and its days."""
    weeks = list(plan.prescription.get("weeks", []))
    index = min(max((today - assigned_at.date()).days // 7, 0), max(len(weeks) - 1, 0))
    week: dict[str, Any] = weeks[index] if weeks else {"week": 1, "phase": "", "days": []}
    days = [
        {
            "day": d["day"],
            "name": d["name"],
            "focus": list(dict.fromkeys(f.split(":")[0] for f in d["session"].get("focus", []))),
            "minutes": d["session"].get("estimated_minutes"),
            "done": done.get((int(week["week"]), int(d["day"]))),
        }
        for d in week.get("days", [])
    ]
    from mindmuscle.web.coach_api import SPLIT_NAMES

    return {
        "title": SPLIT_NAMES.get(str(plan.prescription.get("split")), "Program"),
        "index": index + 1,
        "count": len(weeks),
        "week": week.get("week"),
        "phase": week.get("phase", ""),
        "days": days,
    }


def _from_coach(rt: Runtime, request: Request) -> dict[str, Any]:
    """What the lifter's coach prescribed and wrote: plans assigned and not started yet,
    the running programs (this week's days), and the notes on recent sets."""
    if not _accounts_on(request):
        return {"plans": [], "programs": [], "notes": []}
    from mindmuscle.web.coach_api import human_when

    repo, now = rt.repo, rt.now()
    sessions = repo.sessions()
    started = {s.plan_id: s for s in sessions if s.plan_id}
    plans: list[dict[str, Any]] = []
    programs: list[dict[str, Any]] = []
    for a in assignments(rt.accounts, repo.lifter_id)[:20]:
        plan = repo.get_plan(a.plan_id)
        if plan is None:
            continue
        when = human_when(a.assigned_at, now, clock=False)
        if plan.kind == "program":
            if len(programs) < 2:
                done = _program_done(rt, plan.id, sessions, a.assigned_at)
                view = _program_days(plan, a.assigned_at, now.date(), done)
                if (now.date() - a.assigned_at.date()).days < 7 * view["count"]:
                    programs.append({"plan": plan, "coach": a.coach, "when": when, **view})
        elif plan.id not in started and len(plans) < 5:
            plans.append({"plan": plan, "coach": a.coach, "when": when})
    return {"plans": plans, "programs": programs, "notes": _recent_notes(rt, now)}


def _program_done(
    rt: Runtime, program_id: str, sessions: list[TrainingSession], since: datetime
) -> dict[tuple[int, int], str]:
    """(week, day) of the program's days the lifter started a session of, and when."""
    from mindmuscle.web.coach_api import human_when

    out: dict[tuple[int, int], str] = {}
    for s in sessions:
        if s.plan_id and s.started_at >= since:
            plan = rt.repo.get_plan(s.plan_id)
            got = {} if plan is None else plan.prescription.get("program") or {}
            if got.get("id") == program_id:
                key = (int(got["week"]), int(got["day"]))
                out[key] = human_when(s.started_at, rt.now(), clock=False)
    return out


def _recent_notes(rt: Runtime, now: datetime, *, days: int = 14, limit: int = 5) -> list[Any]:
    """The coach's newest notes on the lifter's sets (of the last ``days`` days)."""
    from mindmuscle.web.coach_api import human_when

    since = now - timedelta(days=days)
    recent = [n for n in notes(rt.accounts, rt.repo.lifter_id) if n.created_at >= since]
    names = {k: e.name for k, e in rt.catalog.exercises.items()}
    out = []
    for n in reversed(recent[-limit:]):
        s = rt.repo.get_set(n.set_id)
        if s is None:
            continue
        out.append(
            {
                "note": n,
                "when": human_when(n.created_at, now),
                "set": set_to_dict(s),
                "name": names.get(s.exercise, s.exercise),
                "set_when": human_when(s.performed_at, now, clock=False),
            }
        )
    return out


@router.get("/", response_class=HTMLResponse)
def today(request: Request, rt: Rt) -> HTMLResponse:
    repo = rt.repo
    lifter = repo.get_lifter()
    return _page(
        request,
        "today.html",
        "today",
        groups=[(g, rt.catalog.groups[g].name) for g in GROUPS],
        presets=PRESETS,
        equipment=EQUIPMENT,
        emphasis=_emphasis_options(rt),
        lifter=lifter,
        week=lifter_week(lifter, rt.now().date()),
        open_session=repo.open_session(),
        coach=_from_coach(rt, request),
        own=_own(request),
    )


@router.post("/today/program-day", response_class=HTMLResponse)
def today_program_day(
    request: Request,
    rt: Rt,
    program_id: Annotated[str, Form(min_length=1, max_length=80)],
    week: Annotated[int, Form(ge=1, le=600)],
    day: Annotated[int, Form(ge=1, le=7)],
) -> HTMLResponse:
    """One day of a program the coach assigned, stored as today's session plan (an htmx
    fragment with its Start button, like a plan made on this page)."""
    repo, now = rt.repo, rt.now()
    program = repo.get_plan(program_id)
    found = None
    if program is not None and program.kind == "program":
        for w in program.prescription.get("weeks", []):
            for d in w.get("days", []) if w.get("week") == week else []:
                if d.get("day") == day:
                    found = (w, d)
    if program is None or found is None:
        message = f"No day {day} of week {week} in program {program_id!r}."
        return _page(request, "_plan_error.html", "today", message=message, field="day")
    w, d = found
    contract = {
        **d["session"],
        "assigned_by": program.prescription.get("assigned_by"),
        "program": {"id": program_id, "week": week, "day": day, "name": d["name"]},
    }
    plan = StoredPlan(
        id=f"plan-{uuid.uuid4()}", kind="session", created_at=now, prescription=contract
    )
    repo.add_plan(plan)
    return _page(request, "_plan.html", "today", plan=contract, plan_id=plan.id)


@router.post("/today/plan", response_class=HTMLResponse)
def today_plan(
    request: Request,
    rt: Rt,
    focus: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI form default
    equipment: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    emphasis: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """The plan as an htmx fragment; errors come back inline, naming the field."""
    try:
        body = PlanIn.model_validate(
            {
                "focus": focus,
                "equipment": [equipment] if equipment else None,
                "minutes": int(minutes) if minutes.isdigit() else None,
                "emphasis": [emphasis] if emphasis else [],
            }
        )
        repo, now = rt.repo, rt.now()
        contract = make_plan(rt.catalog, body, repo.get_lifter(), repo.sets(), now.date())
    except ValidationError as exc:
        message, field = validation_message(dict(exc.errors()[0]))
        return _page(request, "_plan_error.html", "today", message=message, field=field)
    except (ApiError, MindMuscleError) as exc:
        field = getattr(exc, "field", None)
        return _page(request, "_plan_error.html", "today", message=str(exc), field=field)
    plan = StoredPlan(
        id=f"plan-{uuid.uuid4()}", kind="session", created_at=now, prescription=contract
    )
    repo.add_plan(plan)
    return _page(request, "_plan.html", "today", plan=contract, plan_id=plan.id)


@router.get("/coach", response_model=None)
def coach_open(rt: Rt) -> Response:
    session = rt.repo.open_session()
    return RedirectResponse(f"/coach/{session.id}" if session else "/", status_code=303)


@router.get("/coach/{session_id}", response_class=HTMLResponse)
def coach(request: Request, session_id: str, rt: Rt) -> HTMLResponse:
    session = rt.repo.get_session(session_id)
    if session is None:
        return _page(request, "missing.html", "coach", what="session", status_code=404)
    state = json.loads(json.dumps(session_state(rt, session), default=str))
    return _page(request, "coach.html", "coach", state=state, activation_s=ACTIVATION_S)


#: Sessions on one page of History, newest first; older ones are a link away.
HISTORY_PAGE = 20


def _with_page(request: Request, page: int) -> str:
    """This page's path and query (a coach's ``lifter`` kept) at another ``page``."""
    url = request.url.include_query_params(page=page)
    return f"{url.path}?{url.query}"


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, rt: Rt, page: int = 1) -> HTMLResponse:
    repo = rt.repo
    newest = sorted(repo.sessions(), key=lambda s: s.started_at, reverse=True)
    pages = max(1, -(-len(newest) // HISTORY_PAGE))
    page = min(max(page, 1), pages)
    sessions = newest[(page - 1) * HISTORY_PAGE : page * HISTORY_PAGE]
    # only this page's sessions, their sets and recordings: a few statements, however long
    # the lifter's history
    details = repo.session_details([s.id for s in sessions])
    by_session: dict[str | None, list[dict[str, Any]]] = {}
    names = {k: e.name for k, e in rt.catalog.exercises.items()}
    for s in reversed(details.sets):
        by_session.setdefault(s.session_id, []).append(
            {**set_to_dict(s), "name": names.get(s.exercise, s.exercise)}
        )
    shares = target_shares(details.recordings)
    by_set: dict[str, list[Note]] = {}
    if _accounts_on(request):
        by_set = notes_by_set(rt.accounts, repo.lifter_id)
    return _page(
        request,
        "history.html",
        "history",
        sessions=sessions,
        sets=by_session,
        shares=shares,
        notes=by_set,
        own=_own(request),
        page=page,
        pages=pages,
        total=len(newest),
        newer_url=_with_page(request, page - 1),
        older_url=_with_page(request, page + 1),
    )


@router.get("/exercises", response_class=HTMLResponse)
def exercises(request: Request, rt: Rt, group: str = "") -> HTMLResponse:
    chosen = group if group in GROUPS else ""
    found = [e for e in rt.catalog.exercises.values() if not chosen or e.group == chosen]
    name = "_exercise_list.html" if request.headers.get("hx-request") else "exercises.html"
    return _page(request, name, "exercises", exercises=found, groups=GROUPS, group=chosen)


@router.get("/exercises/{exercise}", response_class=HTMLResponse)
def exercise(request: Request, exercise: str, rt: Rt) -> HTMLResponse:
    try:
        ex = exercise_or_404(rt, exercise)
    except ApiError:
        return _page(request, "missing.html", "exercises", what="exercise", status_code=404)
    sets = list(reversed(rt.repo.sets(exercise=ex.id)))[:30]
    names = {k: e.name for k, e in rt.catalog.exercises.items()}
    return _page(
        request,
        "exercise.html",
        "exercises",
        ex=exercise_to_dict(rt.catalog, ex),
        sets=[set_to_dict(s) for s in sets],
        names=names,
    )


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, rt: Rt) -> HTMLResponse:
    lifter = rt.repo.get_lifter()
    user = getattr(request.state, "user", None)
    coach = rt.accounts.coach_of(user) if user is not None and _own(request) else None
    return _page(
        request,
        "me.html",
        "me",
        user=user if _own(request) else None,
        coach=coach,
        lifter=lifter,
        groups=GROUPS,
        equipment=EQUIPMENT,
        week=lifter_week(lifter, rt.now().date()),
    )


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    body = {
        "name": "Mind-Muscle",
        "short_name": "Mind-Muscle",
        "start_url": "/",
        "display": "standalone",
        "background_color": "#0d0f12",
        "theme_color": "#0d0f12",
        "description": "Plan, coach and log training by the mind-muscle connection.",
        "icons": [
            {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
            {
                "src": "/static/icons/icon-maskable-512.png",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return Response(json.dumps(body), media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker(request: Request) -> Response:
    """The service worker, at the root so that its scope is the whole app."""
    text = templates.get_template("sw.js").render(version=asset_version(), assets=SHELL_ASSETS)
    headers = {"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"}
    return Response(text, media_type="text/javascript", headers=headers)
