"""Settings, declared once, read from an injectable environment (the core never reads it).

Every setting is a :class:`Setting` in :data:`SETTINGS` with its environment variable, default
and help text; the README lists them all and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

__all__ = ["SETTINGS", "Setting", "Settings"]

APP_NAME: Final = "mindmuscle"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    help: str


SETTINGS: Final[tuple[Setting, ...]] = (
    Setting(
        "database_url",
        "MINDMUSCLE_DATABASE_URL",
        "SQLAlchemy URL of the database; default: SQLite file in the user data directory.",
    ),
    Setting(
        "data_dir",
        "MINDMUSCLE_DATA_DIR",
        "Directory for the embedded database and backups; default: the platform's user data dir.",
    ),
    Setting(
        "cache_dir",
        "MINDMUSCLE_CACHE_DIR",
        "Directory for caches (the parsed catalog); default: the platform's user cache dir.",
    ),
    Setting(
        "config_dir",
        "MINDMUSCLE_CONFIG_DIR",
        "Directory of the user's own catalog file exercises.toml; default: the user config dir.",
    ),
    Setting(
        "multi_user",
        "MINDMUSCLE_MULTI_USER",
        "1 turns on accounts, login and coach mode (as serve --multi-user does); default: off.",
    ),
    Setting(
        "secret_key",
        "MINDMUSCLE_SECRET_KEY",
        "Secret (32+ random characters) that signs CSRF tokens; required in multi-user mode.",
    ),
)

_TRUE: Final = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings. Build with :meth:`from_environ`, passing a dict in tests."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    database_url: str
    multi_user: bool = False
    secret_key: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MINDMUSCLE_DATA_DIR") or _platform_dir("data"))
        config_dir = Path(env.get("MINDMUSCLE_CONFIG_DIR") or _platform_dir("config"))
        cache_dir = Path(env.get("MINDMUSCLE_CACHE_DIR") or _platform_dir("cache"))
        url = env.get("MINDMUSCLE_DATABASE_URL") or f"sqlite:///{data_dir / 'mindmuscle.db'}"
        return cls(
            data_dir=data_dir,
            config_dir=config_dir,
            cache_dir=cache_dir,
            database_url=url,
            multi_user=env.get("MINDMUSCLE_MULTI_USER", "").strip().lower() in _TRUE,
            secret_key=env.get("MINDMUSCLE_SECRET_KEY") or None,
        )

    @property
    def user_catalog(self) -> Path:
        """The user's own exercises file (adds or overrides catalog entries)."""
        return self.config_dir / "exercises.toml"


def _platform_dir(kind: str) -> str:
    import platformdirs  # a few ms; only when a directory is actually needed

    if kind == "data":
        return platformdirs.user_data_dir(APP_NAME, appauthor=False)
    if kind == "cache":
        return platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    return platformdirs.user_config_dir(APP_NAME, appauthor=False)
