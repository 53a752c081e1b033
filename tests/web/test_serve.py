"""`mindmuscle serve` starts uvicorn over the database it is given (a subprocess on loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from .conftest import _free_port

MINDMUSCLE = str(Path(sys.executable).parent / "mindmuscle")


def test_serve_runs_the_app_on_the_given_database(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "served.db"
    env = {**os.environ, "MINDMUSCLE_CACHE_DIR": str(tmp_path / "cache"),
           "MINDMUSCLE_CONFIG_DIR": str(tmp_path / "config")}  # fmt: skip
    cmd = [MINDMUSCLE, "serve", "--port", str(port), "--db", f"sqlite:///{db}", "--workers", "2"]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert response.status_code == 200 and "Plan my session" in response.text
        created = httpx.post(f"http://127.0.0.1:{port}/api/soreness", json={"groups": {"legs": 2}})
        assert created.status_code == 201
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    assert db.is_file()


def test_serve_rejects_a_bad_worker_count() -> None:
    result = subprocess.run([MINDMUSCLE, "serve", "--workers", "0"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--workers 0" in result.stderr


def test_serve_gives_busy_workers_time_before_uvicorn_restarts_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """uvicorn's default health check (5 s) kills a worker busy with a slow request and drops
    every request it holds; serve asks for the longer WORKER_HEALTHCHECK_S."""
    import uvicorn

    from mindmuscle.cli import serve_commands

    seen: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: seen.update(kw))
    monkeypatch.setenv("MINDMUSCLE_DATABASE_URL", "sqlite://")
    serve_commands.serve(workers=4)
    assert seen["workers"] == 4
    assert seen["timeout_worker_healthcheck"] == serve_commands.WORKER_HEALTHCHECK_S > 5
