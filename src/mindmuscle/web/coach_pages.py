"""The coach's pages: clients (last session, weekly sets, mmc, flags; invite; assign a plan
to several clients at once) and one client's sessions set by set against the prescription,
with notes on sets. Guarded like every route by :func:`mindmuscle.web.auth.guard`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mindmuscle.method.model import GROUPS
from mindmuscle.web.auth import Access, guard
from mindmuscle.web.coach_api import (
    AssignIn,
    NoteIn,
    assign_many,
    client_review,
    client_summary,
    create_invite,
    create_note,
)
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
def clients(request: Request, access: Acc, invite: str = "") -> HTMLResponse:
    base: Runtime = request.app.state.runtime
    assert access.user is not None
    rows = [
        client_summary(base.for_lifter(u.lifter_id), u) for u in base.accounts.clients(access.user)
    ]
    return _page(request, "clients.html", clients=rows, groups=GROUPS, invite=invite)


@router.post("/clients/invite", response_model=None)
def invite_form(request: Request, access: Acc) -> Response:
    made = create_invite(access, request)
    return RedirectResponse(f"/clients?invite={made['code']}", status_code=303)


@router.post("/clients/assign", response_model=None)
def assign_form(
    request: Request,
    access: Acc,
    lifters: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI form default
    focus: Annotated[list[str], Form()] = [],  # noqa: B006
    minutes: Annotated[int, Form(ge=10, le=180)] = 45,
) -> Response:
    body = AssignIn(
        lifters=lifters, plan=PlanIn.model_validate({"focus": focus, "minutes": minutes})
    )
    assign_many(body, access, request)
    return RedirectResponse("/clients", status_code=303)


@router.get("/clients/{lifter_id}", response_class=HTMLResponse)
def client_page(request: Request, lifter_id: str, access: Acc, rt: Rt) -> HTMLResponse:
    user = rt.accounts.user_by_lifter(lifter_id)
    return _page(
        request,
        "client.html",
        client=user,
        lifter_id=lifter_id,
        sessions=client_review(rt),
    )


@router.post("/clients/{lifter_id}/notes", response_model=None)
def note_form(
    lifter_id: str,
    access: Acc,
    rt: Rt,
    set_id: Annotated[str, Form(max_length=80)],
    text: Annotated[str, Form(max_length=2000)],
) -> Response:
    create_note(lifter_id, NoteIn(set_id=set_id, text=text), access, rt)
    return RedirectResponse(f"/clients/{lifter_id}", status_code=303)
