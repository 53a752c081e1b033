"""The app factory: ``create_app(settings)`` builds the FastAPI app (API, pages, static files).

``mindmuscle serve`` runs it with uvicorn; each worker process calls
:func:`create_app_from_environ`, so settings travel in the environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Final

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from mindmuscle import __version__
from mindmuscle.settings import Settings
from mindmuscle.web.errors import install_error_handlers
from mindmuscle.web.runtime import Runtime, local_now

__all__ = ["STATIC_DIR", "create_app", "create_app_from_environ"]

HERE: Final = Path(__file__).parent
STATIC_DIR: Final = HERE / "static"

_DESCRIPTION: Final = """\
Plan, coach, log and review training by the mind-muscle connection.

Every client mistake is a 4xx response with one JSON shape,
`{"error": {"message": "...", "field": "mmc"}}`, and nothing is written.
Sets, sessions and other records carry the client's id: sending one again is harmless.
"""


def create_app(settings: Settings, *, now: Callable[[], datetime] = local_now) -> FastAPI:
    """The web app over the database of ``settings``; ``now`` is the clock (tests inject one)."""
    from mindmuscle.web import api_library, api_recordings, api_training, pages, progress, ws_motion
    from mindmuscle.web.auth import guard, install_auth

    rt = Runtime(settings, now=now)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        rt.close()

    app = FastAPI(
        title="Mind-Muscle",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(guard)],  # whose data each request may touch: web/auth.py
    )
    app.state.runtime = rt
    install_error_handlers(app)
    install_auth(app)
    app.include_router(api_training.router)
    app.include_router(api_library.router)
    app.include_router(progress.api)
    app.include_router(pages.router)
    app.include_router(progress.pages)
    app.include_router(api_recordings.router)
    app.include_router(ws_motion.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def create_app_from_environ() -> FastAPI:
    """The factory uvicorn calls in each worker process."""
    return create_app(Settings.from_environ())
