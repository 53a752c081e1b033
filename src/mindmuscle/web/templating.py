"""Jinja2 templates and versioned static URLs (``asset('css/app.css')``)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Final

from fastapi.templating import Jinja2Templates

__all__ = ["SHELL_ASSETS", "asset", "asset_version", "templates"]

HERE: Final = Path(__file__).parent
STATIC: Final = HERE / "static"

#: What the service worker caches so that the app opens offline.
SHELL_ASSETS: Final = (
    "css/app.css",
    "js/app.js",
    "js/uuid.js",
    "js/outbox.js",
    "js/timeline.js",
    "js/metronome.js",
    "js/voice.js",
    "js/coach.js",
    "js/today.js",
    "js/progress.js",
    "js/me.js",
    "vendor/htmx.min.js",
    "vendor/chart.umd.min.js",
    "icons/icon-192.png",
)


@cache
def asset_version() -> str:
    """A hash of every static file: changes whenever one does (cache busting)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def asset(path: str) -> str:
    return f"/static/{path}?v={asset_version()}"


templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["asset"] = asset
templates.env.globals["shell_assets"] = SHELL_ASSETS
