"""The catalog the shells use: the built-in one plus the user's ``exercises.toml``, cached.

Shared by the shells (``cli`` and ``web`` may not import each other). The validated catalog
is pickled in the user cache directory, keyed by a hash of every source text, so a command
or a worker process does not parse and check the TOML each time it starts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.settings import Settings

__all__ = ["user_catalog"]


def user_catalog(settings: Settings | None = None) -> Catalog:
    """The built-in catalog, extended by the user's ``exercises.toml`` when there is one.

    The validated catalog is pickled in the cache directory, keyed by a hash of every
    source text and of the code of the pickled classes, so a stale cache is never used.
    """
    from mindmuscle.errors import CatalogError
    from mindmuscle.method.catalog import builtin_sources
    from mindmuscle.settings import Settings

    settings = settings or Settings.from_environ()
    sources = builtin_sources()
    path = settings.user_catalog
    if path.is_file():
        try:
            sources.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot be read ({exc}).") from None
    return _cached_catalog(sources, settings.cache_dir)


def _cached_catalog(sources: list[tuple[str, str]], cache_dir: Path) -> Catalog:
    import hashlib
    import pickle

    from mindmuscle import __version__
    from mindmuscle.method import catalog as catalog_module
    from mindmuscle.method import model as model_module
    from mindmuscle.method.catalog import Catalog, load_catalog

    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for module in (catalog_module, model_module):  # the pickled classes' own code
        digest.update(Path(str(module.__file__)).read_bytes())
    for name, text in sources:
        digest.update(f"\0{name}\0{text}".encode())
    cache = cache_dir / f"catalog-{digest.hexdigest()[:24]}.pickle"
    try:
        cached = pickle.loads(cache.read_bytes())
        if isinstance(cached, Catalog):
            return cached
    except Exception:
        pass
    built = load_catalog(sources)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(cache)
    except OSError:
        pass  # a read-only cache directory only costs speed
    return built
