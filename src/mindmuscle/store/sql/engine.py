"""Opening a database: URL normalisation, SQLite pragmas (WAL, foreign keys), schema upgrade,
and the consistent online backup of a SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from mindmuscle.errors import InputError, StorageError

__all__ = ["backup_sqlite", "create_engine", "describe", "parse_url", "sqlite_path"]


def parse_url(url: str) -> URL:
    """Parse a database URL; ``postgresql://`` means the psycopg 3 driver."""
    try:
        parsed = sa.make_url(url)
    except ArgumentError:
        raise InputError(
            f"Database URL {url!r} is not valid; expected e.g. sqlite:///path/to/file.db "
            "or postgresql://user@host/dbname."
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe(url: URL) -> str:
    """The URL with any password hidden, for messages."""
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (``None`` for other databases and in-memory SQLite)."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=10000")
    finally:
        cursor.close()


def create_engine(url: URL) -> Engine:
    """An engine for ``url``; SQLite files get their directory, WAL mode and foreign keys."""
    try:
        if url.get_backend_name() == "sqlite":
            path = sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url)
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return sa.create_engine(url, pool_pre_ping=True)
    except (NoSuchModuleError, ModuleNotFoundError):
        raise InputError(
            f"No driver for the database {describe(url)}; for PostgreSQL install "
            "the 'postgres' extra (pip install 'mindmuscle[postgres]')."
        ) from None
    except (SQLAlchemyError, OSError) as exc:
        raise StorageError(f"Cannot open the database {describe(url)}: {_reason(exc)}.") from None


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0].rstrip(".") if text else type(exc).__name__


def backup_sqlite(url: URL, target: Path) -> Path:
    """Copy a live SQLite database consistently (sqlite3's online backup API) to ``target``."""
    source = sqlite_path(url)
    if source is None:
        raise InputError(
            f"db backup works on SQLite files only, not on {describe(url)}; "
            "back up PostgreSQL with pg_dump."
        )
    if not source.exists():
        raise InputError(f"There is no database file at {source} to back up yet.")
    if target.exists():
        raise InputError(f"Backup target {target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise StorageError(f"Backup of {source} to {target} failed: {exc}.") from None
    finally:
        src.close()
    return target
