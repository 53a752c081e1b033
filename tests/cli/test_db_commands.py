"""``mindmuscle db path|upgrade|backup`` and the automatic database on first use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mindmuscle.store.sql.migrate import HEAD
from support.clirun import Run


def test_the_default_database_lives_in_the_data_dir_and_appears_on_first_use(
    mm: Run, tmp_path: Path
) -> None:
    db_file = tmp_path / "data" / "mindmuscle.db"
    assert mm("db", "path").out == f"{db_file}\n"
    assert not db_file.exists()
    assert mm("log", "pec_deck", "40", "x", "10").code == 0
    assert db_file.exists()
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_db_option_overrides_the_environment(mm: Run, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    assert mm("db", "path", "--db", f"sqlite:///{other}").out == f"{other}\n"
    assert mm("db", "path", "--db", "postgresql://me:secret@host/db").out == (
        "postgresql+psycopg://me:***@host/db\n"
    )


def test_upgrade(mm: Run, db_url: str) -> None:
    ran = mm("db", "upgrade", "--db", db_url)
    assert (ran.code, ran.out) == (0, f"Database schema is at revision {HEAD}.\n")
    assert mm("db", "upgrade", "--db", db_url).code == 0  # again: nothing to do


def test_backup(mm: Run, tmp_path: Path) -> None:
    mm("lifter", "set", "--name", "Ana")
    target = tmp_path / "backups" / "mm.db"
    assert mm("db", "backup", str(target)).out == f"Backed up to {target}.\n"
    assert mm("lifter", "show", "--db", f"sqlite:///{target}").out.startswith("name:       Ana")
    again = mm("db", "backup", str(target))
    assert again.code == 2 and again.err.startswith(f"Error: Backup target {target} already exists")


def test_backup_of_postgres_says_to_use_pg_dump(mm: Run, tmp_path: Path) -> None:
    ran = mm("db", "backup", str(tmp_path / "x"), "--db", "postgresql://u@localhost/db")
    assert ran.code == 2
    assert ran.err == (
        "Error: db backup works on SQLite files only, not on postgresql+psycopg://u@localhost/db;"
        " back up PostgreSQL with pg_dump.\n"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "Error: Database URL 'nonsense' is not valid"),
        ("oracle://u@h/db", "Error: No driver for the database oracle://u@h/db"),
        ("postgresql://nobody@127.0.0.1:1/x?connect_timeout=1", "Error: Cannot open or upgrade"),
    ],
)
def test_bad_database_urls_are_one_sentence(mm: Run, url: str, message: str) -> None:
    ran = mm("history", "--db", url)
    assert ran.code == 2 and ran.err.startswith(message) and ran.err.count("\n") == 1
