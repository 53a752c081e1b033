"""Fixtures of the web tests: an app over a temporary SQLite database, a TestClient, a live
server on a free loopback port, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mindmuscle.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
PHONE = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def make_settings(root: Path) -> Settings:
    return Settings.from_environ(
        {
            "MINDMUSCLE_DATA_DIR": str(root / "data"),
            "MINDMUSCLE_CACHE_DIR": str(root / "cache"),
            "MINDMUSCLE_CONFIG_DIR": str(root / "config"),
        }
    )


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the schema made once; each test starts from a copy (migrations are slow)."""
    from mindmuscle.store import open_repository

    settings = make_settings(tmp_path_factory.mktemp("template"))
    open_repository(settings.database_url).close()
    return settings.data_dir / "mindmuscle.db"


def from_template(settings: Settings, template_db: Path) -> Settings:
    """``settings`` with a copy of the template database in its (new) data directory."""
    settings.data_dir.mkdir(parents=True)
    shutil.copyfile(template_db, settings.data_dir / "mindmuscle.db")
    return settings


@pytest.fixture
def settings(tmp_path: Path, template_db: Path) -> Settings:
    return from_template(make_settings(tmp_path), template_db)


@pytest.fixture
def client(settings: Settings) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from mindmuscle.web.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LiveServer:
    """uvicorn serving the app in a background thread on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        import uvicorn

        from mindmuscle.web.app import create_app

        self.settings = settings
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(make_settings(tmp_path_factory.mktemp("live"))) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield launched
        launched.close()


def phone_page(browser: Any, base_url: str, *, bypass_csp: bool = False) -> Any:
    """A page in a fresh phone-sized browser context (360 x 740, touch) at ``base_url``;
    the caller closes ``page.context``. ``bypass_csp`` lets a test evaluate JS under the
    multi-user CSP (no 'unsafe-eval')."""
    context = browser.new_context(
        bypass_csp=bypass_csp,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        base_url=base_url,
        service_workers="block",
    )
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def phone(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh phone-sized browser context (360 x 740, touch) on the live server."""
    page = phone_page(browser, live_server.url)
    yield page
    page.context.close()


def shot(page: Any, name: str, *, full_page: bool = False) -> Path:
    """A phone-size screenshot in test-artifacts/ (gitignored) for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def set_body(**extra: Any) -> dict[str, Any]:
    """A ``POST /api/sets`` body: a new id, a pec deck set, then ``extra``."""
    return {
        "id": str(uuid.uuid4()),
        "exercise": "pec_deck",
        "reps": 12,
        "load": 40,
        "mmc": 8,
        **extra,
    }
