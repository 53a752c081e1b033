"""Migrations: data survives an upgrade, models and migrations agree, opening is cheap."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from mindmuscle.errors import StorageError
from mindmuscle.store import open_repository
from mindmuscle.store.sql.engine import create_engine, parse_url
from mindmuscle.store.sql.migrate import HEAD, alembic_config, current_revision, upgrade


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_data_written_at_the_first_revision_survives_the_upgrade(db_url: str) -> None:
    engine = create_engine(parse_url(db_url))
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        assert not sa.inspect(engine).has_table("soreness")
        sqlite = engine.dialect.name == "sqlite"

        def stamp(minute: int) -> object:  # as each database stores UTC
            moment = datetime(2024, 1, 1, 10, minute, tzinfo=UTC)
            return f"{moment:%Y-%m-%d %H:%M:%S.%f}" if sqlite else moment

        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO sessions (id, lifter_id, started_at, auto, title, notes) "
                    "VALUES ('s1', 'me', :t, false, 'Old', '')"
                ),
                {"t": stamp(0)},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO sets (id, session_id, exercise, block, performed_at, reps, "
                    "load, unit, mmc, notes) VALUES ('x1', 's1', 'pec_deck', 'working', :t, 8, "
                    "40, 'kg', 7, 'kept')"
                ),
                {"t": stamp(5)},
            )
    finally:
        engine.dispose()
    with open_repository(db_url) as repo:  # upgrades to head on open
        assert current_revision(repo.engine) == HEAD
        (logged,) = repo.sets()
        assert (logged.id, logged.reps, logged.load, logged.mmc, logged.notes) == (
            "x1",
            8,
            40.0,
            7,
            "kept",
        )
        assert logged.performed_at == datetime(2024, 1, 1, 10, 5, tzinfo=UTC)
        assert repo.soreness() == []  # the new table is there and usable


def test_models_and_migrations_agree(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from mindmuscle.store.sql.models import Base

    with open_repository(db_url) as repo, repo.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_gets_wal_and_foreign_keys(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    with open_repository(url) as repo, repo.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_database_from_a_newer_version_is_refused_clearly(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    open_repository(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StorageError, match="newer Mind-Muscle"):
        open_repository(url)


def test_an_unreachable_database_is_one_sentence() -> None:
    with pytest.raises(StorageError, match=r"^Cannot open or upgrade the database postgresql"):
        open_repository("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")


@pytest.mark.parametrize(
    "code",
    [
        "import mindmuscle.store",
        "import mindmuscle.store.importers.strong, mindmuscle.store.exchange",
        "import mindmuscle.cli.app",
    ],
)
def test_importing_the_store_or_the_cli_does_not_import_sqlalchemy(code: str) -> None:
    heavy = "sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic')))"
    check = f"{code}; import sys; print({heavy})"
    out = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.postgres
def test_servers_starting_together_upgrade_a_new_database_one_after_the_other(
    postgres_url: str,
) -> None:
    """Several `serve` processes started at once on an empty PostgreSQL each try the upgrade;
    the advisory lock makes the later ones wait and find the schema current."""
    import threading

    engines = [create_engine(parse_url(postgres_url)) for _ in range(3)]
    start = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def race(engine: sa.Engine) -> None:
        start.wait()
        try:
            upgrade(engine)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(e,)) for e in engines]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        assert all(current_revision(e) == HEAD for e in engines)
    finally:
        for e in engines:
            e.dispose()
