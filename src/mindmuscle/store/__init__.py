"""Storage: the repository seam, its SQLAlchemy implementation and an in-memory fake,
Alembic migrations, and import/export of other apps' files.

Importing this package is cheap: SQLAlchemy and Alembic are imported only when
:func:`open_repository` opens a database.

    >>> from mindmuscle.store import InMemoryRepository
    >>> InMemoryRepository().sets()
    []
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mindmuscle.store.records import (
    DEFAULT_LIFTER,
    Batch,
    BodyweightEntry,
    ClientActivity,
    Lifter,
    SessionDetails,
    Soreness,
    StoredPlan,
    TrainingSession,
)
from mindmuscle.store.repository import BatchResult, InMemoryRepository, Repository, WriteResult

if TYPE_CHECKING:
    from mindmuscle.store.sql.repository import SqlRepository

__all__ = [
    "DEFAULT_LIFTER",
    "Batch",
    "BatchResult",
    "BodyweightEntry",
    "ClientActivity",
    "InMemoryRepository",
    "Lifter",
    "Repository",
    "SessionDetails",
    "Soreness",
    "StoredPlan",
    "TrainingSession",
    "WriteResult",
    "open_repository",
]


def open_repository(
    url: str, *, lifter_id: str = DEFAULT_LIFTER, upgrade: bool = True
) -> SqlRepository:
    """Open the database at ``url`` (creating and upgrading its schema unless ``upgrade`` is
    false). Close it with ``close()`` or use it as a context manager."""
    from mindmuscle.store.sql.engine import create_engine, describe, parse_url
    from mindmuscle.store.sql.migrate import ensure_schema
    from mindmuscle.store.sql.repository import SqlRepository

    parsed = parse_url(url)
    engine = create_engine(parsed)
    try:
        if upgrade:
            ensure_schema(engine, describe(parsed))
    except BaseException:
        engine.dispose()
        raise
    return SqlRepository(engine, lifter_id=lifter_id, where=describe(parsed))
