"""Server-rendered pages (Jinja2 + htmx): Today, Coach, History, Exercises, Me (Progress is
in :mod:`.progress`), and the PWA files (manifest, service worker). Pages call the same core
and store functions as the JSON API; the browser's JS modules talk to the API."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from mindmuscle.errors import MindMuscleError
from mindmuscle.method.catalog import exercise_to_dict
from mindmuscle.method.model import EQUIPMENT, GROUPS
from mindmuscle.planning.session import ACTIVATION_S
from mindmuscle.store.records import StoredPlan, target_shares
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
    )


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


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, rt: Rt) -> HTMLResponse:
    repo = rt.repo
    sets = repo.sets()
    by_session: dict[str | None, list[dict[str, Any]]] = {}
    names = {k: e.name for k, e in rt.catalog.exercises.items()}
    for s in reversed(sets):
        by_session.setdefault(s.session_id, []).append(
            {**set_to_dict(s), "name": names.get(s.exercise, s.exercise)}
        )
    sessions = sorted(repo.sessions(), key=lambda s: s.started_at, reverse=True)
    shares = target_shares(repo.recordings())
    return _page(
        request, "history.html", "history", sessions=sessions, sets=by_session, shares=shares
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
    return _page(
        request,
        "me.html",
        "me",
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
