"""A logged set survives the process being killed; backups are consistent copies."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mindmuscle.errors import InputError
from mindmuscle.store import Lifter, open_repository
from mindmuscle.store.sql.engine import backup_sqlite, parse_url

LOGGER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from mindmuscle.planning.history import LoggedSet
    from mindmuscle.store import Lifter, open_repository
    from mindmuscle.store.service import record_set

    repo = open_repository(sys.argv[1])
    record_set(repo, LoggedSet(id="kill-1", exercise="pec_deck",
                               performed_at=datetime.now(UTC), reps=9, load=50.0, mmc=8))
    print("logged", flush=True)
    time.sleep(60)  # killed here, connection still open, nothing closed or checkpointed
    """
)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_sigkill_right_after_logging_loses_nothing(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'kill.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    proc = subprocess.Popen([sys.executable, "-c", LOGGER, url], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "logged"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    with open_repository(url) as repo:
        logged = repo.get_set("kill-1")
    assert logged is not None and (logged.reps, logged.load, logged.mmc) == (9, 50.0, 8)


def test_backup_copies_a_live_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    with open_repository(url) as repo:
        repo.save_lifter(Lifter(name="Ana"))
        target = backup_sqlite(parse_url(url), tmp_path / "copy" / "backup.db")
    connection = sqlite3.connect(target)
    try:
        assert connection.execute("SELECT name FROM lifters").fetchall() == [("Ana",)]
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    with open_repository(f"sqlite:///{target}") as copy:
        lifter = copy.get_lifter()
        assert lifter is not None and lifter.name == "Ana"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgresql://u@h/db", "SQLite files only"),
        ("sqlite://", "SQLite files only"),
        ("sqlite:////nonexistent/dir/x.db", "no database file"),
    ],
)
def test_backup_refuses_what_it_cannot_copy(url: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=message):
        backup_sqlite(parse_url(url), tmp_path / "b.db")
