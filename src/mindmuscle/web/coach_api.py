"""The coach's JSON API: invite athletes, the clients list with flags, assign plans to one or
several clients, notes on a client's sets, and a client's sessions set by set against the
prescription. Every path is a coach path: :func:`mindmuscle.web.auth.guard` lets only coaches
in, and resolves ``{lifter_id}`` to a client of this coach (404 otherwise)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from pydantic import BaseModel, Field

from mindmuscle.store.accounts import User
from mindmuscle.store.accounts_notes import add_note, assign_plan, notes
from mindmuscle.store.records import StoredPlan
from mindmuscle.web.auth import Access, guard, subject_access
from mindmuscle.web.convert import session_sets, set_to_dict
from mindmuscle.web.errors import ApiError
from mindmuscle.web.planner import make_plan
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import PlanIn

__all__ = ["client_review", "client_summary", "router"]

router = APIRouter(prefix="/api", tags=["coach"])
Acc = Annotated[Access, Depends(guard)]
Rt = Annotated[Runtime, Depends(runtime)]
LifterPath = Annotated[str, PathParam(min_length=1, max_length=80)]


class AssignIn(BaseModel):
    lifters: list[str] = Field(min_length=1, max_length=200)
    plan: PlanIn


class NoteIn(BaseModel):
    set_id: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)


def _coach(access: Access) -> User:
    assert access.user is not None and access.user.role == "coach"  # the guard checked
    return access.user


def _base(request: Request) -> Runtime:
    base: Runtime = request.app.state.runtime
    return base


@router.post("/invites", status_code=201, summary="A one-time invite code for an athlete")
def create_invite(access: Acc, request: Request) -> dict[str, Any]:
    base = _base(request)
    code = base.accounts.create_invite(_coach(access), now=base.now())
    return {"code": code, "url": f"/join/{code}"}


def client_summary(rt: Runtime, user: User) -> dict[str, Any]:
    """One client's line on the coach's list: last session, weekly sets per group, mmc trend
    and flags (mmc or tempo adherence dropping, soreness staying high)."""
    from mindmuscle.web.progress import load_view

    sessions = sorted(rt.repo.sessions(), key=lambda s: s.started_at)
    view = load_view(rt, weeks=4)
    weekly: dict[str, int] = {}
    flags: list[str] = []
    for g in view.groups:
        if g.weeks and g.weeks[-1].sets:
            weekly[g.group] = g.weeks[-1].sets
        if g.mmc_slope is not None and g.mmc_slope < -0.3:
            flags.append(f"mmc dropping in {g.group}")
        if g.soreness_mean is not None and g.soreness_mean >= 2 and g.sore_weeks >= 2:
            flags.append(f"soreness staying high in {g.group}")
        tempos = [w.tempo.within_pct for w in g.weeks if w.tempo is not None]
        if len(tempos) >= 2 and tempos[-1] < tempos[0] - 15:
            flags.append(f"tempo adherence dropping in {g.group}")
    flags.extend(i.text for i in view.insights if i.kind != "first_month")
    mmc = [(g.group, g.mmc_mean, g.mmc_slope) for g in view.groups if g.mmc_mean is not None]
    return {
        "username": user.username,
        "lifter_id": user.lifter_id,
        "last_session": None if not sessions else sessions[-1].started_at,
        "sessions": len(sessions),
        "weekly_sets": weekly,
        "mmc": [{"group": g, "mean": round(m, 1), "slope": s} for g, m, s in mmc if m],
        "flags": flags,
    }


@router.get("/clients", summary="The coach's clients with last session, sets, mmc, flags")
def list_clients(access: Acc, request: Request) -> list[dict[str, Any]]:
    base = _base(request)
    return [
        client_summary(base.for_lifter(u.lifter_id), u)
        for u in base.accounts.clients(_coach(access))
    ]


def _assign(rt: Runtime, coach: User, body: PlanIn) -> dict[str, Any]:
    repo, now = rt.repo, rt.now()
    contract = make_plan(rt.catalog, body, repo.get_lifter(), repo.sets(), now.date())
    contract = {**contract, "assigned_by": coach.username}
    plan = StoredPlan(
        id=f"plan-{uuid.uuid4()}", kind="session", created_at=now, prescription=contract
    )
    repo.add_plan(plan)
    assign_plan(rt.accounts, coach, repo.lifter_id, plan.id, now=now)
    return {"id": plan.id, "lifter_id": repo.lifter_id, **contract}


@router.post("/clients/{lifter_id}/plans", status_code=201, summary="Assign a plan to one client")
def assign_one(lifter_id: LifterPath, body: PlanIn, access: Acc, rt: Rt) -> dict[str, Any]:
    return _assign(rt, _coach(access), body)


@router.post("/clients/plans", status_code=201, summary="Assign a plan to several clients")
def assign_many(body: AssignIn, access: Acc, request: Request) -> list[dict[str, Any]]:
    base, coach = _base(request), _coach(access)
    allowed = [  # the same rule as every route: raises 404 for a lifter not coached
        subject_access(base, coach, lifter, method="POST", path=request.url.path)
        for lifter in dict.fromkeys(body.lifters)
    ]
    return [_assign(base.for_lifter(a.lifter_id), coach, body.plan) for a in allowed]


@router.post("/clients/{lifter_id}/notes", status_code=201, summary="A note on a client's set")
def create_note(lifter_id: LifterPath, body: NoteIn, access: Acc, rt: Rt) -> dict[str, Any]:
    if rt.repo.get_set(body.set_id) is None:
        raise ApiError(404, f"No set with id {body.set_id!r} of this client.", "set_id")
    note = add_note(rt.accounts, _coach(access), lifter_id, body.set_id, body.text, now=rt.now())
    return {"id": note.id, "set_id": note.set_id, "text": note.text, "coach": note.coach}


def client_review(rt: Runtime, *, limit: int = 10) -> list[dict[str, Any]]:
    """The client's newest sessions: each prescribed item with the sets done against it."""
    all_sets = rt.repo.sets()
    by_set = {n.set_id: n for n in notes(rt.accounts, rt.repo.lifter_id)}
    out = []
    for session in sorted(rt.repo.sessions(), key=lambda s: s.started_at, reverse=True)[:limit]:
        done = session_sets(all_sets, session.id)
        plan = rt.repo.get_plan(session.plan_id) if session.plan_id else None
        items = []
        if plan is not None:
            for block in plan.prescription.get("blocks", []):
                for item in block.get("items", []):
                    items.append(
                        {
                            "exercise": item["exercise"],
                            "name": item.get("name", item["exercise"]),
                            "block": block.get("kind"),
                            "sets": item.get("sets"),
                            "reps": item.get("reps"),
                            "tempo": item.get("tempo"),
                        }
                    )
        rows = [
            {**set_to_dict(s), "note": by_set[s.id].text if s.id in by_set else None} for s in done
        ]
        out.append(
            {
                "id": session.id,
                "title": session.title,
                "started_at": session.started_at,
                "prescribed": items,
                "sets": rows,
            }
        )
    return out


@router.get("/clients/{lifter_id}/review", summary="A client's sessions, prescribed vs done")
def review(lifter_id: LifterPath, access: Acc, rt: Rt) -> list[dict[str, Any]]:
    return client_review(rt)
