"""Alembic environment: runs online only, on the connection handed over in the config's
``attributes["connection"]`` by :mod:`mindmuscle.store.sql.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from mindmuscle.store.sql.models import Base


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("Run migrations through mindmuscle.store.sql.migrate.upgrade().")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
