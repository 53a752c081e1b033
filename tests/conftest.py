"""Shared fixtures: ``db_url`` is a fresh, empty database, SQLite and (when
MINDMUSCLE_TEST_POSTGRES_URL is set) PostgreSQL in a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.clirun import Run, runner

POSTGRES_ENV = "MINDMUSCLE_TEST_POSTGRES_URL"


def _postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a new, empty schema (dropped afterwards)."""
    import sqlalchemy as sa

    base = sa.make_url(_postgres_url())
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        yield base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mindmuscle.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def cli_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Data, config and cache directories in tmp_path; no database URL from the environment."""
    for name in ("DATA", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"MINDMUSCLE_{name}_DIR", str(tmp_path / name.lower()))
    monkeypatch.delenv("MINDMUSCLE_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


@pytest.fixture
def mm(cli_dirs: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    """The real entry point with the default database (SQLite in the temporary data dir)."""
    return runner(capsys)


@pytest.fixture
def mm_db(
    cli_dirs: Path, monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> Run:
    """The real entry point against ``db_url`` (SQLite, and PostgreSQL when configured)."""
    monkeypatch.setenv("MINDMUSCLE_DATABASE_URL", db_url)
    return runner(capsys)
