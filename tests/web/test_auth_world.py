"""A multi-user world for the auth tests: athletes A and B, A's coach, an unrelated coach and
an admin, each with a logged-in TestClient that sends its CSRF token like the pages do."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.settings import Settings

SECRET = "test-secret-" + "x" * 40
PASSWORD = "correct horse battery"
ROLES = ("athlete_a", "athlete_b", "coach_a", "coach_x", "admin")


def multi_settings(root: Path, url: str | None = None) -> Settings:
    env = {
        "MINDMUSCLE_DATA_DIR": str(root / "data"),
        "MINDMUSCLE_CACHE_DIR": str(root / "cache"),
        "MINDMUSCLE_CONFIG_DIR": str(root / "config"),
        "MINDMUSCLE_MULTI_USER": "1",
        "MINDMUSCLE_SECRET_KEY": SECRET,
    }
    if url:
        env["MINDMUSCLE_DATABASE_URL"] = url
    return Settings.from_environ(env)


@dataclass
class World:
    settings: Settings
    app: Any
    clients: dict[str, Any] = field(default_factory=dict)
    lifters: dict[str, str] = field(default_factory=dict)

    def login(self, name: str) -> Any:
        from fastapi.testclient import TestClient

        client = TestClient(self.app)
        r = client.post("/api/login", json={"username": name, "password": PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return client

    def anonymous(self) -> Any:
        from fastapi.testclient import TestClient

        return TestClient(self.app, follow_redirects=False)


def make_world(settings: Settings) -> Iterator[World]:
    from fastapi.testclient import TestClient

    from mindmuscle.store import open_repository
    from mindmuscle.store.accounts import AccountStore
    from mindmuscle.web.app import create_app

    now = datetime(2025, 3, 3, 10, 0).astimezone()
    with open_repository(settings.database_url) as repo:
        store = AccountStore(repo.engine)
        roles = {"athlete_a": "athlete", "athlete_b": "athlete", "admin": "admin"}
        made = {n: store.add_user(n, PASSWORD, roles.get(n, "coach"), now=now) for n in ROLES}
        code = store.create_invite(made["coach_a"], now=now)
        store.accept_invite(code, made["athlete_a"], now=now)
    app = create_app(settings)
    with TestClient(app):  # runs the lifespan (closes the runtime at the end)
        world = World(settings, app, lifters={n: u.lifter_id for n, u in made.items()})
        for name in ROLES:
            world.clients[name] = world.login(name)
        yield world


def fast_hash(password: str) -> str:
    """argon2 with tiny costs: the tests check the flow, not the hash's strength."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(password)


@pytest.fixture(name="world")
def world_fixture(
    tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    settings = multi_settings(tmp_path)
    settings.data_dir.mkdir(parents=True)
    shutil.copyfile(template_db, settings.data_dir / "mindmuscle.db")
    yield from make_world(settings)
