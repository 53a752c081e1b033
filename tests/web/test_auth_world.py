"""A multi-user world for the auth tests: athletes A and B, A's coach, an unrelated coach and
an admin, each with a logged-in TestClient that sends its CSRF token like the pages do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.settings import Settings
from support.accounts import fast_hash

from .conftest import from_template

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


def login(app: Any, name: str, *, follow_redirects: bool = True) -> Any:
    """A test client of ``app`` logged in as ``name``, sending its CSRF token."""
    from fastapi.testclient import TestClient

    client = TestClient(app, follow_redirects=follow_redirects)
    r = client.post("/api/login", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    client.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return client


@dataclass
class World:
    settings: Settings
    app: Any
    clients: dict[str, Any] = field(default_factory=dict)
    lifters: dict[str, str] = field(default_factory=dict)

    def login(self, name: str) -> Any:
        return login(self.app, name)

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


@pytest.fixture(name="world")
def world_fixture(
    tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[World]:
    monkeypatch.setattr("mindmuscle.store.accounts.hash_password", fast_hash)
    settings = from_template(multi_settings(tmp_path), template_db)
    yield from make_world(settings)
