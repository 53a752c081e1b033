"""Who is asking, and whose data may they touch: the ONE place that decides, for every route.

:func:`guard` is an app-wide dependency (so a route added later is guarded too). First, in
both modes, it refuses a WebSocket or state-changing request sent from another site's page
(told by its ``Origin`` header): a WebSocket handshake carries no CSRF token, and single-user
mode has no login at all. Then, in single-user mode, it lets everything through as the local
lifter ``me``. In multi-user mode it

1. lets public paths through (login page, static files, PWA files; and, for a visitor without
   a login, an invite link's page and its sign-up form, whose handlers check the code and CSRF);
2. finds the user of the session cookie, else answers 401 (API) or redirects to the login;
3. checks the CSRF token of every state-changing request (header ``X-CSRF-Token`` or form
   field ``csrf_token``: an HMAC of the session token under the secret key);
4. keeps coach-only paths for coaches (403 for others);
5. resolves the *subject*, the lifter whose data the request touches: the path parameter
   ``lifter_id`` or the query parameter ``lifter``, else the user's own lifter. Another lifter
   is allowed only to their current coach, read-only except on coach paths; anyone else gets
   404, as if the data did not exist.

:func:`mindmuscle.web.runtime.runtime` then opens the repository of that subject, so every
route reads and writes only data this request may touch.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.requests import HTTPConnection

from mindmuscle.store.records import DEFAULT_LIFTER
from mindmuscle.web.errors import ApiError

if TYPE_CHECKING:
    from mindmuscle.store.accounts import User
    from mindmuscle.web.runtime import Runtime

__all__ = [
    "COACH_PATHS",
    "PUBLIC_PATHS",
    "SESSION_COOKIE",
    "Access",
    "LoginRequiredError",
    "csrf_token",
    "guard",
    "install_auth",
    "subject_access",
]

SESSION_COOKIE: Final = "mm_session"
ANON_COOKIE: Final = "mm_anon"  # seeds the login form's CSRF token before there is a session
CSRF_HEADER: Final = "x-csrf-token"
CSRF_FIELD: Final = "csrf_token"
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
PUBLIC_PATHS: Final = frozenset({"/login", "/api/login", "/manifest.webmanifest", "/sw.js"})
#: paths for coaches only; on these a coach may also write a client's data
COACH_PATHS: Final = ("/clients", "/api/clients", "/api/invites")
_NO_CSRF: Final = frozenset({"/api/login"})  # JSON only: a cross-site form cannot send it
#: an invite link (GET) and its sign-up form (POST), open to visitors without a login
_SIGN_UP: Final = re.compile(r"/join/[^/]+(/account)?")


@dataclass(frozen=True, slots=True)
class Access:
    """What this request may touch: ``lifter_id``'s data, as ``user`` (None: single-user)."""

    user: User | None
    lifter_id: str

    @property
    def own(self) -> bool:
        return self.user is None or self.user.lifter_id == self.lifter_id


class LoginRequiredError(Exception):
    """A page was asked for without a login: the handler redirects to the login page."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def csrf_token(secret: str, seed: str) -> str:
    """The CSRF token bound to a session (or pre-login) token ``seed``."""
    return hmac.new(secret.encode(), b"csrf:" + seed.encode(), hashlib.sha256).hexdigest()


def _runtime(conn: HTTPConnection) -> Runtime:
    rt: Runtime = conn.app.state.runtime
    return rt


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith("/static/")


def _is_sign_up(path: str, method: str) -> bool:
    match = _SIGN_UP.fullmatch(path)
    return match is not None and (method == "POST") == (match[1] is not None)


def _is_coach_path(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in COACH_PATHS)


def _cross_site(conn: HTTPConnection) -> bool:
    """True when a browser sent this from a page of another origin (its ``Origin`` names a
    host other than the one addressed). Requests without ``Origin`` (tools, same-origin GETs)
    pass; a proxy that rewrites ``Host`` is matched through ``X-Forwarded-Host``."""
    origin = conn.headers.get("origin")
    if not origin:
        return False
    netloc = urlsplit(origin).netloc.lower()
    hosts = {conn.headers.get("host", ""), conn.headers.get("x-forwarded-host", "")}
    return netloc not in {h.strip().lower() for h in hosts if h}


async def guard(conn: HTTPConnection) -> Access:
    """The app-wide dependency: authenticate, check CSRF and roles, resolve the subject."""
    rt = _runtime(conn)
    unsafe = conn.scope["type"] == "websocket" or conn.scope.get("method") not in SAFE_METHODS
    if unsafe and _cross_site(conn):
        # a WebSocket handshake carries no CSRF token, and single-user mode has no login:
        # neither may be driven by another site's page
        raise ApiError(403, "Requests from another site's page are refused; open the app itself.")
    if not rt.settings.multi_user:
        if _is_coach_path(conn.url.path):
            raise ApiError(404, "Accounts are off: this server runs in single-user mode.")
        access = Access(None, DEFAULT_LIFTER)
        conn.state.access = access
        return access
    path = conn.url.path
    method = conn.scope.get("method", "GET")
    token = conn.cookies.get(SESSION_COOKIE, "")
    user = rt.accounts.session_user(token, now=rt.now()) if token else None
    if user is not None:
        conn.state.user = user
        conn.state.csrf = csrf_token(rt.secret_key, token)
    if _is_public(path) or (user is None and _is_sign_up(path, method)):
        access = Access(user, user.lifter_id if user else "")
        conn.state.access = access
        return access
    if user is None:
        if path.startswith("/api/") or conn.scope["type"] != "http":
            raise ApiError(401, "Log in first: this needs an account (POST /api/login).")
        raise LoginRequiredError(path)
    if method not in SAFE_METHODS and path not in _NO_CSRF:
        await _check_csrf(conn, conn.state.csrf)
    if _is_coach_path(path) and user.role != "coach":
        raise ApiError(403, "Only coaches may use this; your account is not a coach.")
    wanted = conn.path_params.get("lifter_id") or conn.query_params.get("lifter")
    access = subject_access(rt, user, str(wanted or user.lifter_id), method=method, path=path)
    conn.state.access = access
    return access


def subject_access(rt: Runtime, user: User, lifter_id: str, *, method: str, path: str) -> Access:
    """May ``user`` touch ``lifter_id``'s data with this request? The rule, in one place."""
    if lifter_id == user.lifter_id:
        return Access(user, lifter_id)
    if not rt.accounts.coaches_lifter(user, lifter_id):
        raise ApiError(404, f"No lifter {lifter_id!r} is visible to you.", "lifter")
    if method not in SAFE_METHODS and not _is_coach_path(path):
        raise ApiError(403, "A coach reads a client's data; only the client may change it.")
    return Access(user, lifter_id)


async def _check_csrf(conn: HTTPConnection, expected: str) -> None:
    sent = conn.headers.get(CSRF_HEADER, "")
    if not sent and isinstance(conn, Request):
        kind = conn.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await conn.form()).get(CSRF_FIELD)
            sent = value if isinstance(value, str) else ""
    if not hmac.compare_digest(sent, expected):
        raise ApiError(403, "The CSRF token is missing or wrong; reload the page and try again.")


async def _on_login_required(request: Request, exc: Exception) -> Response:
    target = exc.path if isinstance(exc, LoginRequiredError) else "/"
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


# -- security headers -----------------------------------------------------------------------

CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
LOCAL_CSP: Final = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
# the interactive API docs load Swagger UI from its CDN with an inline bootstrap script
DOCS_CSP: Final = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; frame-ancestors 'none'"
)
SECURITY_HEADERS: Final = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """Pure ASGI middleware: CSP (with frame-ancestors) and friends on every HTTP response."""

    def __init__(self, app: object, csp: str = CSP) -> None:
        self.app = app
        self.csp = csp

    async def __call__(self, scope: dict[str, object], receive: object, send: object) -> None:
        from collections.abc import Awaitable, Callable
        from typing import Any, cast

        inner = cast(Callable[..., Awaitable[None]], self.app)
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        out = cast(Callable[[dict[str, Any]], Awaitable[None]], send)
        path = str(scope.get("path", ""))
        csp = DOCS_CSP if path == "/api/docs" else self.csp

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                extra = [*SECURITY_HEADERS, (b"content-security-policy", csp.encode())]
                if scope.get("scheme") == "https":
                    extra.append((b"strict-transport-security", b"max-age=31536000"))
                headers.extend((k, v) for k, v in extra if k not in names)
                message = {**message, "headers": headers}
            await out(message)

        await inner(scope, receive, send_with_headers)


def install_auth(app: FastAPI) -> None:
    """Security headers on every response, the login redirect, and the login/account routes."""
    from mindmuscle.web import auth_pages, coach_api, coach_pages
    from mindmuscle.web.templating import templates

    multi = app.state.runtime.settings.multi_user
    # single-user mode serves loopback only; there the page scripts may also be evaluated
    # from strings (browser test drivers do), elsewhere never
    app.add_middleware(SecurityHeaders, csp=CSP if multi else LOCAL_CSP)
    app.add_exception_handler(LoginRequiredError, _on_login_required)
    app.include_router(auth_pages.router)
    app.include_router(coach_api.router)
    app.include_router(coach_pages.router)
    templates.env.globals["access_of"] = _template_access


def _template_access(request: Request) -> dict[str, object]:
    """What base.html needs: the user (None in single-user mode) and the CSRF token."""
    user = getattr(request.state, "user", None)
    return {"user": user, "csrf": getattr(request.state, "csrf", "")}
