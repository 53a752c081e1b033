"""Login and logout (page and JSON), the account's own view (``/api/me``), joining a coach by
invite (logged in, or signing up through the invite link) and leaving them, and what the coach
wrote for the lifter (notes, assigned plans).

Every route here is guarded by :func:`mindmuscle.web.auth.guard` like any other; the login
routes are public paths, and so are an invite link and its sign-up form for a visitor without
a login (those handlers check the pre-login CSRF token themselves, as the login form does).
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from mindmuscle.errors import ConflictError, InputError
from mindmuscle.store.accounts import INVITE_INVALID, InviteError, LoginRefusedError, User
from mindmuscle.store.accounts_notes import assignments, notes
from mindmuscle.web.auth import ANON_COOKIE, SESSION_COOKIE, Access, csrf_token, guard
from mindmuscle.web.errors import ApiError
from mindmuscle.web.runtime import Runtime
from mindmuscle.web.templating import templates

__all__ = ["router"]

router = APIRouter()
Acc = Annotated[Access, Depends(guard)]


def _rt(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    if not rt.settings.multi_user:
        raise ApiError(404, "Accounts are off: this server runs in single-user mode.")
    return rt


Rt = Annotated[Runtime, Depends(_rt)]


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class CodeIn(BaseModel):
    code: str = Field(min_length=8, max_length=200)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _login(rt: Runtime, request: Request, username: str, password: str) -> tuple[User, str]:
    try:
        user = rt.accounts.login(username, password, address=_address(request), now=rt.now())
    except LoginRefusedError as exc:
        raise ApiError(429, str(exc)) from None
    if user is None:
        raise ApiError(401, "Wrong user name or password.", "password")
    return user, rt.accounts.start_session(user, now=rt.now())


def _set_session(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=14 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def _me(rt: Runtime, user: User, token: str) -> dict[str, Any]:
    coach = rt.accounts.coach_of(user)
    return {
        "username": user.username,
        "role": user.role,
        "lifter_id": user.lifter_id,
        "coach": None if coach is None else coach.username,
        "csrf_token": csrf_token(rt.secret_key, token),
    }


@router.post("/api/login", tags=["account"], summary="Log in; sets the session cookie")
def api_login(body: LoginIn, request: Request, response: Response, rt: Rt) -> dict[str, Any]:
    user, token = _login(rt, request, body.username, body.password)
    _set_session(request, response, token)
    return _me(rt, user, token)


@router.get("/api/me", tags=["account"], summary="The logged-in account and its CSRF token")
def api_me(request: Request, access: Acc, rt: Rt) -> dict[str, Any]:
    assert access.user is not None  # the guard answered 401 otherwise
    return _me(rt, access.user, request.cookies.get(SESSION_COOKIE, ""))


@router.post("/api/logout", tags=["account"], summary="End this login")
def api_logout(request: Request, response: Response, access: Acc, rt: Rt) -> dict[str, str]:
    rt.accounts.end_session(request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"status": "logged out"}


def _seed(request: Request) -> str:
    """The pre-login CSRF seed (cookie ``mm_anon``), new when the browser has none."""
    return request.cookies.get(ANON_COOKIE) or secrets.token_urlsafe(24)


def _anon_csrf_ok(request: Request, rt: Runtime, sent: str) -> bool:
    seed = request.cookies.get(ANON_COOKIE, "")
    return bool(seed) and secrets.compare_digest(sent, csrf_token(rt.secret_key, seed))


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _login_page(
    request: Request, rt: Runtime, *, next_: str, error: str = "", status: int = 200
) -> HTMLResponse:
    seed = _seed(request)
    context = {"next": _safe_next(next_), "error": error, "token": csrf_token(rt.secret_key, seed)}
    page = templates.TemplateResponse(request, "login.html", context, status_code=status)
    page.set_cookie(ANON_COOKIE, seed, httponly=True, samesite="lax", path="/login")
    return page


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, rt: Rt, next: str = "/") -> HTMLResponse:
    return _login_page(request, rt, next_=next)


@router.post("/login", response_model=None, include_in_schema=False)
def login_form(
    request: Request,
    rt: Rt,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(alias="csrf_token", max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    if not _anon_csrf_ok(request, rt, csrf):
        return _login_page(request, rt, next_=next, error="Please try again.", status=403)
    try:
        _user, token = _login(rt, request, username, password)
    except ApiError as exc:
        return _login_page(request, rt, next_=next, error=str(exc), status=exc.status)
    page = RedirectResponse(_safe_next(next), status_code=303)
    _set_session(request, page, token)
    return page


@router.post("/logout", response_model=None, include_in_schema=False)
def logout_form(request: Request, access: Acc, rt: Rt) -> Response:
    rt.accounts.end_session(request.cookies.get(SESSION_COOKIE, ""))
    page = RedirectResponse("/login", status_code=303)
    page.delete_cookie(SESSION_COOKIE, path="/")
    return page


# -- the athlete's side of coaching -----------------------------------------------------------


def _own(access: Access) -> User:
    """The user acting on their own account (a coach viewing a client cannot)."""
    if access.user is None or not access.own:
        raise ApiError(403, "Only the athlete may change who coaches them.")
    return access.user


@router.get("/join/{code}", response_class=HTMLResponse, include_in_schema=False)
def join_page(request: Request, code: str, access: Acc, rt: Rt) -> HTMLResponse:
    if access.user is None:  # a visitor without a login: log in, or sign up
        return _sign_up_page(request, rt, code)
    coach = rt.accounts.coach_of(_own(access))
    context = {"code": code, "coach": coach, "tab": "me"}
    return templates.TemplateResponse(request, "join.html", context)


@router.post("/join/{code}", response_model=None, include_in_schema=False)
def join_form(code: str, access: Acc, rt: Rt) -> Response:
    _accept(rt, _own(access), code)
    return RedirectResponse("/", status_code=303)


def _sign_up_page(
    request: Request,
    rt: Runtime,
    code: str,
    *,
    error: str = "",
    username: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The invite link's page without a login: who invited you, log in or create an account."""
    inviter = rt.accounts.invite_coach(code, now=rt.now())
    if inviter is None and not error:
        error, status = INVITE_INVALID, 404
    seed = _seed(request)
    context = {
        "code": code,
        "inviter": inviter,
        "error": error,
        "username": username,
        "token": csrf_token(rt.secret_key, seed),
        "login_url": "/login?next=" + quote(f"/join/{code}", safe=""),
    }
    page = templates.TemplateResponse(request, "join.html", context, status_code=status)
    page.set_cookie(ANON_COOKIE, seed, httponly=True, samesite="lax", path="/join")
    return page


@router.post("/join/{code}/account", response_model=None, include_in_schema=False)
def join_sign_up(
    request: Request,
    code: str,
    access: Acc,
    rt: Rt,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    password_again: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(alias="csrf_token", max_length=200)] = "",
) -> Response:
    """Create an athlete account through the invite: linked to the coach, logged in, on Today.
    Nothing is stored unless all of it is (the invite, the account and the link)."""
    if access.user is not None:  # already logged in: the invite page offers accepting it
        return RedirectResponse(f"/join/{quote(code, safe='')}", status_code=303)

    def again(error: str, status: int) -> HTMLResponse:
        return _sign_up_page(request, rt, code, error=error, username=username, status=status)

    if not _anon_csrf_ok(request, rt, csrf):
        return again("The form expired; please try again.", 403)
    if password != password_again:
        return again("The two passwords differ; type the same password twice.", 422)
    try:
        athlete, _coach = rt.accounts.sign_up_with_invite(
            code, username, password, address=_address(request), now=rt.now()
        )
    except LoginRefusedError as exc:
        return again(str(exc), 429)
    except InviteError as exc:
        return again(str(exc), 404)
    except ConflictError as exc:
        return again(str(exc), 409)
    except InputError as exc:
        return again(str(exc), 422)
    page = RedirectResponse("/", status_code=303)
    _set_session(request, page, rt.accounts.start_session(athlete, now=rt.now()))
    page.delete_cookie(ANON_COOKIE, path="/join")
    return page


def _accept(rt: Runtime, user: User, code: str) -> dict[str, Any]:
    try:
        coach = rt.accounts.accept_invite(code, user, now=rt.now())
    except ConflictError as exc:
        raise ApiError(409, str(exc), "code") from None
    except InputError as exc:
        raise ApiError(404, str(exc), "code") from None
    return {"coach": coach.username}


@router.get("/api/coach-link", tags=["account"], summary="Who coaches this athlete")
def get_coach_link(access: Acc, rt: Rt) -> dict[str, Any]:
    coach = rt.accounts.coach_of(_own(access))
    return {"coach": None if coach is None else coach.username}


@router.post("/api/coach-link", status_code=201, tags=["account"], summary="Accept an invite")
def accept_invite(body: CodeIn, access: Acc, rt: Rt) -> dict[str, Any]:
    return _accept(rt, _own(access), body.code)


@router.delete("/api/coach-link", tags=["account"], summary="Leave the coach (ends access)")
def leave_coach(access: Acc, rt: Rt) -> dict[str, Any]:
    return {"left": rt.accounts.leave_coach(_own(access), now=rt.now())}


@router.get("/api/notes", tags=["account"], summary="The coach's notes on the lifter's sets")
def list_notes(access: Acc, rt: Rt) -> list[dict[str, Any]]:
    return [
        {"id": n.id, "set_id": n.set_id, "coach": n.coach, "text": n.text, "at": n.created_at}
        for n in notes(rt.accounts, access.lifter_id)
    ]


@router.get("/api/assignments", tags=["account"], summary="Plans the coach assigned")
def list_assignments(access: Acc, rt: Rt) -> list[dict[str, Any]]:
    return [
        {"plan_id": a.plan_id, "coach": a.coach, "assigned_at": a.assigned_at}
        for a in assignments(rt.accounts, access.lifter_id)
    ]
