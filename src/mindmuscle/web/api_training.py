"""JSON API for training: plans, sessions (start, finish, resume state) and sets."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from mindmuscle.errors import ConflictError, MindMuscleError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store.records import StoredPlan, TrainingSession
from mindmuscle.store.repository import WriteResult
from mindmuscle.store.service import record_set, start_session
from mindmuscle.web.convert import (
    completed_slots,
    logged_set,
    session_to_dict,
    set_to_dict,
)
from mindmuscle.web.errors import ApiError, blame
from mindmuscle.web.planner import make_plan
from mindmuscle.web.runtime import Runtime, runtime
from mindmuscle.web.schemas import PlanIn, SessionIn, SessionOut, SessionState, SetIn, SetOut

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["training"])
Rt = Annotated[Runtime, Depends(runtime)]
PathId = Annotated[str, Path(min_length=1, max_length=80)]


@router.post("/plans", status_code=201, summary="Plan today's session and store the plan")
def create_plan(body: PlanIn, rt: Rt) -> dict[str, Any]:
    """The ``mindmuscle plan --format json`` document, plus the stored plan's ``id``."""
    repo, now = rt.repo, rt.now()
    contract = make_plan(rt.catalog, body, repo.get_lifter(), repo.sets(), now.date())
    plan = StoredPlan(
        id=f"plan-{uuid.uuid4()}", kind="session", created_at=now, prescription=contract
    )
    repo.add_plan(plan)
    return {"id": plan.id, "created_at": now, **contract}


@router.get("/plans/{plan_id}", summary="A stored plan")
def get_plan(plan_id: PathId, rt: Rt) -> dict[str, Any]:
    plan = rt.repo.get_plan(plan_id)
    if plan is None:
        raise ApiError(404, f"No plan with id {plan_id!r} is stored.", "plan_id")
    return {"id": plan.id, "created_at": plan.created_at, **plan.prescription}


def session_state(rt: Runtime, session: TrainingSession) -> dict[str, Any]:
    sets = rt.repo.session_sets(session.id)
    plan = rt.repo.get_plan(session.plan_id) if session.plan_id else None
    return {
        "session": session_to_dict(session, len(sets)),
        "plan": None if plan is None else {"id": plan.id, **plan.prescription},
        "sets": [set_to_dict(s) for s in sets],
        "completed": completed_slots(sets),
    }


@router.post(
    "/sessions",
    status_code=201,
    response_model=SessionOut,
    summary="Start a session (idempotent by the client's id)",
)
def create_session(body: SessionIn, rt: Rt, response: Response) -> dict[str, Any]:
    repo = rt.repo
    known = repo.get_session(body.id)
    if known is not None:
        if known.plan_id != body.plan_id or known.auto:
            raise ApiError(
                409,
                f"A session with id {body.id!r} is already stored "
                "with different content; nothing was written.",
                "id",
            )
        response.status_code = 200
        return session_to_dict(known)
    plan = None
    if body.plan_id is not None:
        plan = repo.get_plan(body.plan_id)
        if plan is None:
            raise ApiError(422, f"No plan with id {body.plan_id!r} is stored.", "plan_id")
    try:
        session = start_session(repo, session_id=body.id, now=rt.now(), plan=plan, title=body.title)
    except MindMuscleError as exc:
        raise ApiError(409, str(exc), "id") from None
    return session_to_dict(session)


@router.get("/sessions", response_model=list[SessionOut], summary="Sessions, newest first")
def list_sessions(rt: Rt, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[dict[str, Any]]:
    counts = rt.repo.set_counts()
    newest = sorted(rt.repo.sessions(), key=lambda s: s.started_at, reverse=True)[:limit]
    return [session_to_dict(s, counts.get(s.id, 0)) for s in newest]


@router.get(
    "/sessions/open",
    response_model=SessionState | None,
    summary="The open session with its plan and sets (null when none is open)",
)
def open_session(rt: Rt) -> dict[str, Any] | None:
    session = rt.repo.open_session()
    return None if session is None else session_state(rt, session)


@router.get(
    "/sessions/{session_id}",
    response_model=SessionState,
    summary="A session with its plan, sets and completed slots (resume state)",
)
def get_session(session_id: PathId, rt: Rt) -> dict[str, Any]:
    session = rt.repo.get_session(session_id)
    if session is None:
        raise ApiError(404, f"No session with id {session_id!r} is stored.", "session_id")
    return session_state(rt, session)


@router.post(
    "/sessions/{session_id}/finish",
    response_model=SessionOut,
    summary="Finish a session (finishing it again changes nothing)",
)
def finish(session_id: PathId, rt: Rt) -> dict[str, Any]:
    repo = rt.repo
    session = repo.get_session(session_id)
    if session is None:
        raise ApiError(404, f"No session with id {session_id!r} is stored.", "session_id")
    if session.auto:
        raise ApiError(
            422,
            f"Session {session_id!r} collects a day's loose sets; it has no finish.",
            "session_id",
        )
    if session.finished_at is None:
        session = repo.finish_session(session_id, max(rt.now(), session.started_at))
    count = len(repo.session_sets(session_id))
    return session_to_dict(session, count)


def _resolve(rt: Runtime, body: SetIn) -> tuple[LoggedSet, bool]:
    """The record to store, and whether it is the set's first write. Defaults (now, the
    profile's unit) apply to a set's first write only: a resend of a stored set keeps its
    stored time and unit, so it stays harmless."""
    with blame("exercise"):
        exercise = rt.catalog.exercise(body.exercise).id
    stored, lifter = rt.repo.set_or_lifter(body.id)
    if stored is not None:
        performed_at = body.performed_at or stored.performed_at
        logged = logged_set(body, exercise=exercise, performed_at=performed_at, unit=stored.unit)
        return logged, False
    unit = lifter.units if lifter is not None else "kg"
    logged = logged_set(
        body, exercise=exercise, performed_at=body.performed_at or rt.now(), unit=unit
    )
    return logged, True


def _record(rt: Runtime, body: SetIn) -> tuple[LoggedSet, WriteResult]:
    logged, first = _resolve(rt, body)
    try:
        return record_set(rt.repo, logged)
    except ConflictError:
        if not first:
            raise
    # The same set (a resend racing the original) was stored between our read and our
    # write, with the defaults of that request: resolve against what it stored, once more.
    return record_set(rt.repo, _resolve(rt, body)[0])


@router.post(
    "/sets",
    status_code=201,
    response_model=SetOut,
    summary="Log a completed set (idempotent by its id: a resend changes nothing)",
)
def create_set(body: SetIn, rt: Rt, response: Response) -> dict[str, Any]:
    """201 when stored now, 200 when this set was already stored (also by a resend that
    raced it), 409 when its id is stored with other content."""
    try:
        with rt.writing():
            stored, result = _record(rt, body)
    except ConflictError as exc:
        raise ApiError(409, str(exc), "id") from None
    except MindMuscleError as exc:
        field = "session_id" if "session_id" in str(exc) else None
        if field is None:
            raise
        raise ApiError(422, str(exc), field) from None
    if result == "unchanged":
        response.status_code = 200
    return set_to_dict(stored, result)


@router.get("/sets", response_model=list[SetOut], summary="Logged sets, oldest first")
def list_sets(
    rt: Rt,
    exercise: Annotated[str | None, Query(max_length=80)] = None,
    session_id: Annotated[str | None, Query(max_length=80)] = None,
    block: Annotated[str | None, Query(pattern="^(primer|working)$")] = None,
    since: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[dict[str, Any]]:
    if exercise is not None:
        with blame("exercise"):
            exercise = rt.catalog.exercise(exercise).id
    if since is not None and since.tzinfo is None:
        since = since.astimezone()
    found = rt.repo.sets(exercise=exercise, since=since)
    found = [
        s
        for s in found
        if (session_id is None or s.session_id == session_id)
        and (block is None or s.block == block)
    ]
    return [set_to_dict(s) for s in found[-limit:]]
