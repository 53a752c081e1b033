"""Time the Progress page over HTTP (goal of issue 8: p50 < 200 ms) on the realistic
database of ``benchmarks/progress.py`` (its history builder: ``--years`` of demo training
for each of ``--lifters`` lifters in one SQLite file; the app serves the first).

Usage: .venv/bin/python benchmarks/progress_page.py [--years 3] [--lifters 5] [--runs 50]
       [--server testclient|uvicorn] [--report-runs 5]

``testclient`` drives the app in-process with FastAPI's TestClient; ``uvicorn`` runs it on a
free loopback port and times real HTTP requests with httpx. The clock is frozen at the
builder's ``TODAY``. Prints a Markdown table of p50 and p99 in milliseconds.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from progress import TODAY, _build, _row, _times

from mindmuscle.settings import Settings
from mindmuscle.store import DEFAULT_LIFTER
from mindmuscle.web.app import create_app

NOW = datetime.combine(TODAY, datetime.min.time().replace(hour=12), tzinfo=UTC)
PAGES = (
    ("GET /progress (page, 12 weeks)", "/progress"),
    ("GET /progress?group=legs", "/progress?group=legs"),
    ("GET /progress/panel?group=back (htmx filter)", "/progress/panel?group=back&weeks=12"),
    ("GET /api/progress (JSON, 12 weeks)", "/api/progress"),
    ("GET /api/progress?weeks=52", "/api/progress?weeks=52"),
    ("GET /api/progress?exercise=back_squat", "/api/progress?exercise=back_squat"),
)


@contextmanager
def _testclient(settings: Settings) -> Iterator[Callable[[str], Any]]:
    from fastapi.testclient import TestClient

    with TestClient(create_app(settings, now=lambda: NOW)) as client:
        yield client.get


@contextmanager
def _uvicorn(settings: Settings) -> Iterator[Callable[[str], Any]]:
    import httpx
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(settings, now=lambda: NOW)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            yield client.get
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _checked(get: Callable[[str], Any], path: str) -> Callable[[], None]:
    def run() -> None:
        response = get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}: {response.text[:200]}")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--lifters", type=int, default=5)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--report-runs", type=int, default=5)
    parser.add_argument("--server", choices=("testclient", "uvicorn"), default="uvicorn")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings.from_environ(
            {
                "MINDMUSCLE_DATA_DIR": str(root / "data"),
                "MINDMUSCLE_CACHE_DIR": str(root / "cache"),
                "MINDMUSCLE_CONFIG_DIR": str(root / "config"),
            }
        )
        settings.data_dir.mkdir(parents=True)
        total, seconds = _build(
            settings.database_url,
            years=args.years,
            lifters=args.lifters,
            first_lifter=DEFAULT_LIFTER,
        )
        serve = _uvicorn if args.server == "uvicorn" else _testclient
        with serve(settings) as get:
            rows = [_row(name, _times(_checked(get, path), args.runs)) for name, path in PAGES]
            rows.append(
                _row(
                    "GET /progress/report.html (4 charts)",
                    _times(_checked(get, "/progress/report.html"), args.report_runs),
                )
            )
    print(
        f"{args.lifters} lifters x {args.years} years: {total} sets written in {seconds:.1f} s; "
        f"served over {args.server}. Python {sys.version.split()[0]}."
    )
    print()
    print("| request | runs | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
