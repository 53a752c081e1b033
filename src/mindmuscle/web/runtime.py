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

from starlette.requests import HTTPConnection

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.settings import Settings
    from mindmuscle.store.accounts import AccountStore
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
        self._accounts: AccountStore | None = None

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

    @property
    def accounts(self) -> AccountStore:
        """Users, logins and coach links (multi-user mode), on the repository's engine."""
        engine = self.repo.engine
        with self._lock:
            if self._accounts is None:
                from mindmuscle.store.accounts import AccountStore

                self._accounts = AccountStore(engine)
            return self._accounts

    @property
    def secret_key(self) -> str:
        key = self.settings.secret_key
        if not key:
            raise RuntimeError("multi-user mode needs MINDMUSCLE_SECRET_KEY")
        return key

    def for_lifter(self, lifter_id: str) -> Runtime:
        """This runtime seen as lifter ``lifter_id``: same engine, clock, catalog and locks."""
        if lifter_id == self.repo.lifter_id:
            return self
        import copy

        from mindmuscle.store.sql.repository import SqlRepository

        view = copy.copy(self)
        view._catalog = self.catalog
        view._repo = SqlRepository(self.repo.engine, lifter_id=lifter_id)
        return view

    def close(self) -> None:
        with self._lock:
            if self._repo is not None:
                self._repo.close()
                self._repo = None


def runtime(conn: HTTPConnection) -> Runtime:
    """FastAPI dependency: the runtime of the lifter whose data this request may touch, as
    resolved by :func:`mindmuscle.web.auth.guard` (the process's runtime in single-user mode)."""
    rt: Runtime = conn.app.state.runtime
    if not rt.settings.multi_user:
        return rt
    access = getattr(conn.state, "access", None)
    if access is None or not access.lifter_id:  # fail closed: the guard did not run
        from mindmuscle.web.errors import ApiError

        raise ApiError(401, "Log in first: this needs an account (POST /api/login).")
    return rt.for_lifter(access.lifter_id)
