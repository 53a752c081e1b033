"""Store fixtures: ``repo`` runs a test against the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mindmuscle.method.catalog import Catalog, builtin_catalog
from mindmuscle.store import InMemoryRepository, Repository, TrainingSession, open_repository

T0 = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    """An empty repository: the fake, or a freshly migrated database."""
    if request.param == "memory":
        yield InMemoryRepository()
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    sql = open_repository(url)
    try:
        yield sql
    finally:
        sql.close()


@pytest.fixture
def session(repo: Repository) -> TrainingSession:
    """A stored, finished session at T0."""
    made = TrainingSession(id="s1", started_at=T0, finished_at=T0 + timedelta(hours=1), title="A")
    repo.add_session(made)
    return made


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return builtin_catalog()
