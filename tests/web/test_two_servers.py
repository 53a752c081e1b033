"""Two `mindmuscle serve --multi-user` processes on one PostgreSQL database share logins and
data: log in and start a session on one, carry on with the same cookies on the other."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from support.clirun import MAIN

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("MINDMUSCLE_TEST_POSTGRES_URL"),
        reason="MINDMUSCLE_TEST_POSTGRES_URL is not set",
    ),
]

SECRET = "two-servers-secret-" + "k" * 40
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINDMUSCLE_")}
    env.update(
        {
            "MINDMUSCLE_DATA_DIR": str(tmp_path / "data"),
            "MINDMUSCLE_CONFIG_DIR": str(tmp_path / "config"),
            "MINDMUSCLE_CACHE_DIR": str(tmp_path / "cache"),
            "MINDMUSCLE_SECRET_KEY": SECRET,
        }
    )
    return env


@pytest.fixture
def servers(postgres_url: str, tmp_path: Path) -> Iterator[list[str]]:
    """A user ``ana`` and two servers on the same database: their base URLs."""
    import httpx

    env = _env(tmp_path)
    added = subprocess.run(
        [*MAIN, "users", "add", "ana", "--password-stdin", "--db", postgres_url],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert added.returncode == 0, added.stderr
    assert "Added athlete ana" in added.stdout
    procs: list[subprocess.Popen[bytes]] = []
    logs: list[BinaryIO] = []
    urls: list[str] = []
    try:
        for i in range(2):
            port = _free_port()
            log = (tmp_path / f"server{i}.log").open("wb")
            logs.append(log)
            procs.append(
                subprocess.Popen(
                    [*MAIN, "serve", "--multi-user", "--port", str(port), "--db", postgres_url],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 20
        for proc, url in zip(procs, urls, strict=True):
            while True:
                assert proc.poll() is None, (tmp_path / "server0.log").read_text() + (
                    tmp_path / "server1.log"
                ).read_text()
                try:
                    if httpx.get(url + "/login", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"{url} did not answer"
                time.sleep(0.1)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for opened in logs:
            opened.close()


def test_a_login_and_session_work_across_two_servers(servers: list[str]) -> None:
    import httpx

    one, two = servers
    with httpx.Client(base_url=one, timeout=10) as first:
        r = first.post("/api/login", json={"username": "ana", "password": PASSWORD})
        assert r.status_code == 200, r.text
        csrf = r.json()["csrf_token"]
        first.headers["X-CSRF-Token"] = csrf
        session_id = f"s-{uuid.uuid4()}"
        r = first.post("/api/sessions", json={"id": session_id, "title": "Two servers"})
        assert r.status_code == 201, r.text
        cookies = dict(first.cookies)
    assert "mm_session" in cookies

    with httpx.Client(base_url=two, timeout=10, cookies=cookies) as second:
        r = second.get("/api/sessions/open")
        assert r.status_code == 200, r.text
        assert r.json()["session"]["id"] == session_id
        assert r.json()["sets"] == []
        set_id = f"set-{uuid.uuid4()}"
        body = {
            "id": set_id,
            "exercise": "pec_deck",
            "reps": 10,
            "load": 40,
            "session_id": session_id,
        }
        assert second.post("/api/sets", json=body).status_code == 403  # no CSRF token
        r = second.post("/api/sets", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201, r.text

    with httpx.Client(base_url=one, timeout=10, cookies=cookies) as again:
        r = again.get("/api/sessions/open")
        assert r.status_code == 200, r.text
        assert [s["id"] for s in r.json()["sets"]] == [set_id]
        assert r.json()["sets"][0]["session_id"] == session_id
        # and without the cookie, server 1 knows nobody
        assert httpx.get(one + "/api/sessions/open", timeout=10).status_code == 401
