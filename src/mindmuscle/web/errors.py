"""The one JSON error shape of the web API, and the handlers that produce it.

Every client mistake becomes a 4xx response whose body is::

    {"error": {"message": "One sentence naming the value and what was expected.",
               "field": "mmc"}}

``field`` names the request field at fault (a body key, a query parameter or a path
parameter; dotted for nested keys) or is ``null`` when no single field is to blame.
Validation happens before any write, so an error response means nothing was stored.

A browser opening a page (a path outside ``/api/`` whose ``Accept`` prefers ``text/html`` to
JSON) gets the same sentence and status as a small page in the app's layout instead
(``error.html``), with a way home or to the login; scripts and ``/api/`` always get JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mindmuscle.errors import (
    CatalogError,
    ConflictError,
    MindMuscleError,
    PlanningError,
    StorageError,
)

__all__ = ["ApiError", "blame", "error_body", "install_error_handlers"]

#: ``"Set field mmc is 11; ..."``: the store's messages name the field this way.
_STORE_FIELD: Final = re.compile(r"^\w+ field (\w+) is ")


class ApiError(Exception):
    """An error raised by the web shell itself, with its status and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def error_body(message: str, field: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "field": field}}


@contextmanager
def blame(field: str) -> Iterator[None]:
    """Attribute a core :class:`MindMuscleError` raised inside the block to ``field``."""
    try:
        yield
    except (StorageError, CatalogError):
        raise
    except MindMuscleError as exc:
        raise ApiError(_status_of(exc), str(exc), field) from None


def _status_of(exc: MindMuscleError) -> int:
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, StorageError | CatalogError):
        return 503
    return 422


def _field_of(exc: MindMuscleError) -> str | None:
    match = _STORE_FIELD.match(str(exc))
    if match is not None:
        return match[1]
    if isinstance(exc, PlanningError):
        return "emphasis" if str(exc).startswith("Emphasis") else "equipment"
    return None


def _loc_field(loc: Sequence[int | str]) -> str | None:
    parts = [str(p) for p in loc[1:] if not isinstance(p, int) and p != "[key]"]
    if loc and loc[0] == "body" and not parts:
        return "body"
    return ".".join(parts) or (str(loc[0]) if loc else None)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def validation_message(error: dict[str, Any]) -> tuple[str, str | None]:
    """One sentence for the first pydantic error: ``Field 'mmc': ... (got 11).``"""
    field = _loc_field(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        return "The request body is not valid JSON.", "body"
    msg = str(error.get("msg", "invalid value")).rstrip(".")
    got = "" if error.get("type") == "missing" else f" (got {_short(error.get('input'))})"
    where = f"Field {field!r}" if field else "The request"
    return f"{where}: {msg}{got}.", field


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _wants_html(request: Request) -> bool:
    """A browser asking for a page: not ``/api/``, and ``text/html`` preferred to JSON."""
    path = request.url.path
    if request.scope.get("type") != "http" or path == "/api" or path.startswith("/api/"):
        return False
    html = json = 0.0
    for part in request.headers.get("accept", "").split(","):
        kind, _, params = part.partition(";")
        kind = kind.strip().lower()
        if kind == "text/html":
            html = max(html, _quality(params))
        elif kind == "application/json":
            json = max(json, _quality(params))
    return html > 0 and html >= json


_TITLES: Final = {
    401: "Log in first",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    422: "Not valid",
    429: "Too many tries",
}


def _error_page(request: Request, status: int, message: str) -> Response:
    """The error as a page: the sentence, the status, a link to Today or to the login."""
    from mindmuscle.web.auth import SESSION_COOKIE
    from mindmuscle.web.templating import templates

    rt = getattr(request.app.state, "runtime", None)
    multi_user = rt is not None and bool(rt.settings.multi_user)
    user = getattr(request.state, "user", None)
    token = request.cookies.get(SESSION_COOKIE, "")
    if rt is not None and multi_user and user is None and token:
        # no route matched, so the guard did not run: who is it, for the layout's tabs
        user = rt.accounts.session_user(token, now=rt.now())
        request.state.user = user
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    context = {
        "tab": "",
        "status": status,
        "title": _TITLES.get(status, phrase),
        "message": message,
        "login": multi_user and user is None,
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _respond(request: Request, status: int, message: str, field: str | None) -> Response:
    if _wants_html(request):
        return _error_page(request, status, message)
    return JSONResponse(error_body(message, field), status_code=status)


async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    message, field = validation_message(errors[0]) if errors else ("Invalid request.", None)
    return _respond(request, 422, message, field)


async def _on_api_error(request: Request, exc: ApiError) -> Response:
    return _respond(request, exc.status, exc.message, exc.field)


async def _on_core_error(request: Request, exc: MindMuscleError) -> Response:
    return _respond(request, _status_of(exc), str(exc), _field_of(exc))


async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else "Request failed"
    if exc.status_code == 404:
        detail = f"Nothing here at {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    detail = detail.rstrip(".") + "."
    return _respond(request, exc.status_code, detail, None)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, _on_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(MindMuscleError, _on_core_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
