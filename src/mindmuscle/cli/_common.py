"""Helpers shared by the command modules: the catalog with the user's file, output formats."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.settings import Settings

__all__ = ["Format", "catalog", "print_json"]


class Format(StrEnum):
    """Output formats of the planning commands."""

    text = "text"
    json = "json"
    md = "md"


def catalog(settings: Settings | None = None) -> Catalog:
    """The built-in catalog, extended by the user's ``exercises.toml`` when there is one
    (cached by source hash in the cache directory: see :mod:`mindmuscle.user_catalog`)."""
    from mindmuscle.user_catalog import user_catalog

    return user_catalog(settings)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
