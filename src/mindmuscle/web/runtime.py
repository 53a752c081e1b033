"""What one app process holds: its settings, one pooled repository, the catalog and a clock.

Nothing here is state that matters between requests: every request reads and writes the
database, so any number of worker processes can serve the same PostgreSQL database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.settings import Settings
    from mindmuscle.store.sql.repository import SqlRepository

__all__ = ["Runtime", "local_now", "runtime"]


def local_now() -> datetime:
    """The server's clock: local time with its UTC offset."""
    return datetime.now().astimezone()


class Runtime:
    """Lazily opened resources of one process; ``now`` is injectable for tests."""

    def __init__(self, settings: Settings, *, now: Callable[[], datetime] = local_now) -> None:
        self.settings = settings
        self.now = now
        self._lock = threading.Lock()
        self._repo: SqlRepository | None = None
        self._catalog: Catalog | None = None
        self._sqlite = settings.database_url.startswith("sqlite")
        self._write_lock = threading.Lock()

    @property
    def repo(self) -> SqlRepository:
        """The lifter's repository: one engine (a connection pool) per process, opened and
        upgraded on first use. Each call on it runs its own transaction."""
        with self._lock:
            if self._repo is None:
                from mindmuscle.store import open_repository

                self._repo = open_repository(self.settings.database_url)
            return self._repo

    @property
    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                from mindmuscle.user_catalog import user_catalog

                self._catalog = user_catalog(self.settings)
            return self._catalog

    def writing(self) -> AbstractContextManager[object]:
        """Hold around a write. SQLite has one writer at a time: queueing this process's
        writers on a lock is much faster than letting them spin on SQLite's busy handler.
        Other databases take concurrent writes; there this does nothing."""
        return self._write_lock if self._sqlite else nullcontext()

    def close(self) -> None:
        with self._lock:
            if self._repo is not None:
                self._repo.close()
                self._repo = None


def runtime(request: Request) -> Runtime:
    """FastAPI dependency: the process's runtime."""
    rt: Runtime = request.app.state.runtime
    return rt
