"""The coach's pages: clients (last session, weekly sets, mmc, flags; invite; assign a plan
or a program to several clients at once) and one client's sessions set by set against the
prescription, with notes on sets. Guarded like every route by :func:`mindmuscle.web.auth.guard`."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from mindmuscle.errors import MindMuscleError
from mindmuscle.method.model import GROUPS
from mindmuscle.planning.program import SPLITS
from mindmuscle.store.accounts import User
from mindmuscle.store.accounts_notes import delete_note
from mindmuscle.web.auth import Access, guard
from mindmuscle.web.coach_api import (
    SPLIT_NAMES,
    AssignIn,
    NoteIn,
    ProgramIn,
    assign_many,
    client_review,
    client_soreness,
    client_summaries,
    client_summary,
    create_invite,
    create_note,
)
from mindmuscle.web.errors import ApiError, validation_message
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import PlanIn
from mindmuscle.web.templating import templates

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Acc = Annotated[Access, Depends(guard)]
Rt = Annotated[Runtime, Depends(runtime)]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, {"tab": "clients", **context})


@router.get("/clients", response_class=HTMLResponse)
def clients(
    request: Request,
    access: Acc,
    invite: str = "",
    assigned: str = "",
    error: str = "",
) -> HTMLResponse:
    base: Runtime = request.app.state.runtime
    assert access.user is not None
    rows = client_summaries(base, base.accounts.clients(access.user))
    link = f"{str(request.base_url).rstrip('/')}/join/{invite}" if invite else ""
    return _page(
        request,
        "clients.html",
        clients=rows,
        groups=GROUPS,
        splits=[(k, SPLIT_NAMES.get(k, k)) for k in SPLITS],
        invite=invite[:200],
        invite_link=link[:400],
        assigned=assigned[:2000],
        error=error[:500],
    )


@router.post("/clients/invite", response_model=None)
def invite_form(request: Request, access: Acc) -> Response:
    made = create_invite(access, request)
    return RedirectResponse(f"/clients?invite={made['code']}#invite-card", status_code=303)


@router.post("/clients/assign", response_model=None)
def assign_form(
    request: Request,
    access: Acc,
    lifters: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI form default
    kind: Annotated[str, Form(pattern="^(session|program)$")] = "session",
    focus: Annotated[list[str], Form()] = [],  # noqa: B006
    minutes: Annotated[int, Form(ge=10, le=180)] = 45,
    split: Annotated[str, Form(max_length=40)] = "upper-lower",
    days: Annotated[int, Form(ge=1, le=7)] = 4,
    weeks: Annotated[int, Form(ge=1, le=52)] = 8,
) -> Response:
    """Assign to the checked clients; a mistake comes back on the page as one sentence."""
    try:
        if kind == "program":
            program = ProgramIn.model_validate(
                {"split": split, "days": days, "weeks": weeks, "minutes": minutes}
            )
            body = AssignIn(lifters=lifters, program=program)
        else:
            plan = PlanIn.model_validate({"focus": focus, "minutes": minutes})
            body = AssignIn(lifters=lifters, plan=plan)
    except ValidationError as exc:
        error = exc.errors()[0]
        first = dict(error)
        field = str(error["loc"][0]) if error["loc"] else ""
        message = {
            "lifters": "Tick at least one client to assign to.",
            "focus": "Tick at least one muscle group for the session.",
        }.get(field) or validation_message(first)[0]
        return RedirectResponse(f"/clients?{urlencode({'error': message})}#assign", 303)
    try:
        made = assign_many(body, access, request)
    except ApiError as exc:
        if exc.status == 404:
            raise  # a lifter this coach does not coach: as if it did not exist
        return RedirectResponse(f"/clients?{urlencode({'error': str(exc)})}#assign", 303)
    except MindMuscleError as exc:
        return RedirectResponse(f"/clients?{urlencode({'error': str(exc)})}#assign", 303)
    base: Runtime = request.app.state.runtime
    by_lifter = {u.lifter_id: u.username for u in base.accounts.clients(_coach_user(access))}
    what = "Program" if kind == "program" else "Plan"
    done = ", ".join(by_lifter.get(m["lifter_id"], m["lifter_id"]) for m in made)
    return RedirectResponse(
        f"/clients?{urlencode({'assigned': f'{what} assigned to {done}.'})}", status_code=303
    )


def _coach_user(access: Access) -> User:
    assert access.user is not None  # the guard let only a logged-in coach in
    return access.user


@router.get("/clients/{lifter_id}", response_class=HTMLResponse)
def client_page(request: Request, lifter_id: str, access: Acc, rt: Rt) -> HTMLResponse:
    user = rt.accounts.user_by_lifter(lifter_id)
    if user is None:  # the guard let a coach of this lifter in: the account exists
        raise ApiError(404, f"No lifter {lifter_id!r} is visible to you.", "lifter")
    today = rt.now().date()
    reports = rt.repo.soreness(since=today - timedelta(days=13))
    return _page(
        request,
        "client.html",
        client=user,
        lifter_id=lifter_id,
        summary=client_summary(rt, user),
        soreness=client_soreness(reports, today),
        sessions=client_review(rt),
        saved=request.query_params.get("saved", "")[:80],
        me=access.user.username if access.user is not None else "",
    )


@router.post("/clients/{lifter_id}/notes", response_model=None)
def note_form(
    lifter_id: str,
    access: Acc,
    rt: Rt,
    set_id: Annotated[str, Form(max_length=80)],
    text: Annotated[str, Form(max_length=2000)],
) -> Response:
    if text.strip():
        create_note(lifter_id, NoteIn(set_id=set_id, text=text.strip()), access, rt)
    return RedirectResponse(f"/clients/{lifter_id}?saved={set_id}#set-{set_id}", status_code=303)


@router.post("/clients/{lifter_id}/notes/{note_id}/delete", response_model=None)
def note_delete_form(
    lifter_id: str,
    note_id: str,
    access: Acc,
    rt: Rt,
    set_id: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    """Take a note back; a second click (the note already gone) lands on the page as well."""
    assert access.user is not None  # the guard let a coach of this client in
    delete_note(rt.accounts, access.user, lifter_id, note_id)
    anchor = f"#set-{set_id}" if set_id else ""
    return RedirectResponse(f"/clients/{lifter_id}{anchor}", status_code=303)
