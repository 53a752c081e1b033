"""The web shell: a FastAPI app (JSON API with OpenAPI, server-rendered pages with htmx,
small vanilla JS modules for the live coach) over the core and the store.

Build it with :func:`mindmuscle.web.app.create_app`; ``mindmuscle serve`` runs it.
"""

from __future__ import annotations

__all__: list[str] = []
