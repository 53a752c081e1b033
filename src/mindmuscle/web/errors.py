"""The one JSON error shape of the web API, and the handlers that produce it.

Every client mistake becomes a 4xx response whose body is::

    {"error": {"message": "One sentence naming the value and what was expected.",
               "field": "mmc"}}

``field`` names the request field at fault (a body key, a query parameter or a path
parameter; dotted for nested keys) or is ``null`` when no single field is to blame.
Validation happens before any write, so an error response means nothing was stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not path.startswith("/api") and "text/html" in request.headers.get("accept", "")


async def _on_validation(request: Request, exc: RequestValidationError) -> Response:
    errors = list(exc.errors())
    message, field = validation_message(errors[0]) if errors else ("Invalid request.", None)
    return JSONResponse(error_body(message, field), status_code=422)


async def _on_api_error(request: Request, exc: ApiError) -> Response:
    return JSONResponse(error_body(exc.message, exc.field), status_code=exc.status)


async def _on_core_error(request: Request, exc: MindMuscleError) -> Response:
    return JSONResponse(error_body(str(exc), _field_of(exc)), status_code=_status_of(exc))


async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else "Request failed"
    if exc.status_code == 404:
        detail = f"Nothing here at {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    detail = detail.rstrip(".") + "."
    if _wants_html(request):
        from mindmuscle.web.templating import templates

        return templates.TemplateResponse(
            request, "missing.html", {"tab": "", "message": detail}, status_code=exc.status_code
        )
    return JSONResponse(error_body(detail, None), status_code=exc.status_code)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, _on_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(MindMuscleError, _on_core_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
