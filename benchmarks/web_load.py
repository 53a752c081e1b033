"""A bounded load test of `mindmuscle serve` on loopback: concurrent clients logging sets.

Usage: .venv/bin/python benchmarks/web_load.py [--clients 50] [--sets 20] [--seconds 60]

Starts `mindmuscle serve` on 127.0.0.1 (a free port) over a fresh SQLite file and, when
MINDMUSCLE_TEST_POSTGRES_URL is set, over PostgreSQL too (in a throwaway schema that is
dropped afterwards). Each client logs its sets with POST /api/sets, re-sending every
fifth set with the same id (a deliberate duplicate, as a phone does after a lost answer).
Everything is bounded: a fixed number of requests, a deadline, then the server is stopped.

Prints a Markdown table: throughput, p50/p99 latency, and whether every set was stored
exactly once (the duplicates answered 200 "unchanged", never stored twice).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only


@dataclass
class Run:
    label: str
    workers: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    sent_ids: set[str] = field(default_factory=set)
    duplicates: int = 0
    elapsed: float = 0.0
    stored: int = 0
    stored_unique: int = 0
    timed_out: bool = False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serve(url: str, workers: int, root: Path) -> Iterator[str]:
    """`mindmuscle serve` in a subprocess; yields its base URL, stops it afterwards."""
    port = _free_port()
    env = {
        **os.environ,
        "MINDMUSCLE_DATA_DIR": str(root / "data"),
        "MINDMUSCLE_CACHE_DIR": str(root / "cache"),
        "MINDMUSCLE_CONFIG_DIR": str(root / "config"),
    }
    cmd = [str(BIN / "mindmuscle"), "serve", "--host", HOST, "--port", str(port), "--db", url,
           "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{base}/api/lifter", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _client(http: httpx.AsyncClient, run: Run, session_id: str, n: int, stop: float) -> None:
    exercises = ("pec_deck", "cable_curl", "leg_extension", "lat_pulldown")
    for i in range(n):
        if time.monotonic() > stop:
            run.timed_out = True
            return
        body = {"id": str(uuid.uuid4()), "session_id": session_id, "exercise": exercises[i % 4],
                "reps": 8 + i % 5, "load": 20 + i, "mmc": 1 + i % 10, "failure": i % 3 == 0,
                "tempo": {"eccentric": 3, "bottom": 0, "concentric": 1, "top": 2}}  # fmt: skip
        sends = 2 if i % 5 == 4 else 1
        for attempt in range(sends):
            start = time.perf_counter()
            response = await http.post("/api/sets", json=body)
            run.latencies.append(time.perf_counter() - start)
            run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
            run.duplicates += attempt
        run.sent_ids.add(body["id"])


async def _load(base: str, run: Run, clients: int, sets: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        session_id = f"bench-{uuid.uuid4()}"
        created = await http.post("/api/sessions", json={"id": session_id, "title": "load test"})
        created.raise_for_status()
        begin = time.perf_counter()
        stop = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, run, session_id, sets, stop) for _ in range(clients)))
        run.elapsed = time.perf_counter() - begin
        stored = (
            await http.get("/api/sets", params={"session_id": session_id, "limit": 10000})
        ).json()
        ids = [s["id"] for s in stored]
        run.stored, run.stored_unique = len(ids), len(set(ids) & run.sent_ids)


def measure(label: str, url: str, workers: int, args: argparse.Namespace) -> Run:
    run = Run(label, workers)
    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(url.format(tmp=tmp), workers, Path(tmp)) as base,
    ):
        asyncio.run(_load(base, run, args.clients, args.sets, args.seconds))
    return run


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A throwaway schema on the PostgreSQL server, dropped afterwards."""
    import psycopg

    schema = f"mm_bench_{uuid.uuid4().hex[:8]}"
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def table(runs: list[Run], clients: int) -> str:
    lines = [
        "| database | workers | clients | requests | duplicates sent | req/s | p50 ms | p99 ms "
        "| statuses | sets stored | exactly once |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        ok = r.stored == len(r.sent_ids) == r.stored_unique and not r.timed_out
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(r.statuses.items()))
        lines.append(
            f"| {r.label} | {r.workers} | {clients} | {len(r.latencies)} | {r.duplicates} "
            f"| {len(r.latencies) / r.elapsed:.0f} | {statistics.median(r.latencies) * 1000:.1f} "
            f"| {_pct(r.latencies, 0.99):.1f} | {statuses} | {r.stored} of {len(r.sent_ids)} "
            f"| {'yes' if ok else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--sets", type=int, default=20, help="sets per client")
    parser.add_argument("--seconds", type=float, default=60, help="deadline per run")
    args = parser.parse_args()
    args.clients, args.sets = min(args.clients, 200), min(args.sets, 200)  # stay bounded
    runs = [measure("SQLite", "sqlite:///{tmp}/load.db", 1, args)]
    pg = os.environ.get("MINDMUSCLE_TEST_POSTGRES_URL")
    if pg:
        with postgres_schema(pg) as url:
            runs.append(measure("PostgreSQL", url, 2, args))
    print(table(runs, args.clients))
    if not pg:
        print("\n(PostgreSQL skipped: set MINDMUSCLE_TEST_POSTGRES_URL to include it.)")


if __name__ == "__main__":
    main()
