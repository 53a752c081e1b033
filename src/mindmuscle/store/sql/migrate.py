"""Schema migrations, run programmatically from the migrations shipped in the package.

Opening a database checks its revision with one cheap query and imports Alembic only when
an upgrade is due, so everyday commands stay fast.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from mindmuscle.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "HEAD",
    "UPGRADE_LOCK_KEY",
    "alembic_config",
    "current_revision",
    "ensure_schema",
    "upgrade",
]

#: The newest revision in ``migrations/versions`` (a test keeps it in step with Alembic).
HEAD: Final = "0006"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("mindmuscle.store") / "migrations"
    config.set_main_option("script_location", str(location))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision, or ``None`` for a database without our tables."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


#: Key of the PostgreSQL advisory lock that lets one process at a time upgrade the schema.
UPGRADE_LOCK_KEY: Final = 0x4D4D_5343  # "MMSC"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to ``revision`` in one transaction.

    On PostgreSQL the transaction first takes an advisory lock, so servers started at the same
    moment on a new database upgrade one after the other: the later ones find the schema
    current and change nothing (instead of failing on tables the first just created).
    """
    from alembic import command
    from alembic.util import CommandError

    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY}
                )
            command.upgrade(alembic_config(conn), revision)
    except CommandError as exc:
        raise StorageError(
            f"Cannot upgrade the database schema to {revision}: {exc} "
            "(was the database written by a newer Mind-Muscle?)."
        ) from None


def ensure_schema(engine: Engine, where: str) -> None:
    """Create or upgrade the schema if it is not at :data:`HEAD`."""
    try:
        if current_revision(engine) != HEAD:
            upgrade(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        raise StorageError(
            f"Cannot open or upgrade the database {where}: {reason[0] if reason else exc}."
        ) from None
