"""``mindmuscle db upgrade|backup|path`` and the helpers every storage command shares:
the ``--db`` option, opening the repository, the catalog with the user's own exercises, now."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.store.sql.repository import SqlRepository

__all__ = ["DbOption", "cli_catalog", "database_url", "now", "register", "repository"]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (default: $MINDMUSCLE_DATABASE_URL, else SQLite in the data dir).",
        show_default=False,
    ),
]


def database_url(db: str | None) -> str:
    from mindmuscle.settings import Settings

    return db or Settings.from_environ().database_url


@contextmanager
def repository(db: str | None) -> Iterator[SqlRepository]:
    """The lifter's repository; the database is created or upgraded on first use."""
    from mindmuscle.store import open_repository

    repo = open_repository(database_url(db))
    try:
        yield repo
    finally:
        repo.close()


def cli_catalog() -> Catalog:
    """The built-in catalog plus the user's ``exercises.toml`` (shared with the plan commands)."""
    from mindmuscle.cli._common import catalog

    return catalog()


def now() -> datetime:
    """The shell's clock: local time with its UTC offset."""
    return datetime.now().astimezone()


db_app = typer.Typer(help="The database: create/upgrade it, back it up, show where it is.")


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Create the database or upgrade its schema to the newest revision."""
    from mindmuscle.store import open_repository
    from mindmuscle.store.sql.migrate import current_revision

    with open_repository(database_url(db)) as repo:
        revision = current_revision(repo.engine)
    typer.echo(f"Database schema is at revision {revision}.")


@db_app.command("path")
def path(db: DbOption = None) -> None:
    """Print the database URL (and, for SQLite, the file)."""
    from mindmuscle.store.sql.engine import describe, parse_url, sqlite_path

    url = parse_url(database_url(db))
    file = sqlite_path(url)
    typer.echo(str(file) if file is not None else describe(url))


@db_app.command("backup")
def backup(
    target: Annotated[Path, typer.Argument(metavar="PATH", help="New file for the copy.")],
    db: DbOption = None,
) -> None:
    """Copy the SQLite database consistently while it may be in use (SQLite only)."""
    from mindmuscle.store.sql.engine import backup_sqlite, parse_url

    written = backup_sqlite(parse_url(database_url(db)), target)
    typer.echo(f"Backed up to {written}.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
