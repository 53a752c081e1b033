"""Coach mode under load on loopback: athletes log sets while coaches read their dashboards.

Usage: .venv/bin/python benchmarks/coach_load.py [--athletes 200] [--coaches 10]
       [--seconds 20] [--workers 4] [--think 0] [--logins 20] [--url postgresql+psycopg://...]

Deploys the way the README says, on one machine: a throwaway PostgreSQL cluster (initdb in
a temporary directory, trust auth, listening on 127.0.0.1 only; ``--url`` uses an existing
server instead, in a throwaway schema that is dropped afterwards), ``mindmuscle db upgrade``
once, then ``mindmuscle serve --multi-user --workers 4`` (the workers only check the
schema's revision). Seeds ``--coaches`` coaches with ``--athletes`` athletes spread over
them (invite and accept, through the account store), then:

1. arrival (rows marked "arrival", not part of the timed window; 16 accounts at a time):
   the first ``--logins`` accounts (coaches first) log in over HTTP (``POST /api/login``);
   each athlete then plans its first session (``POST /api/plans``) and starts it (``POST
   /api/sessions``). A login verifies an argon2 hash (64 MiB, 3 passes: 0.1-1 s of CPU on
   a 2-core machine), so 210 logins (``--logins 210``) would take most of the run's time
   budget; the other accounts arrive logged in, with a login made through the account
   store as ``POST /api/login`` makes it (a login lasts 14 days);
2. timed window (``--seconds``): each athlete logs the sets of its session (``POST
   /api/sets``, a client-made UUID each: the idempotency key) and finishes it after 12
   sets, then plans and starts the next (a session open at the deadline stays open). Every
   10th set is sent twice at once (a phone retrying while the first answer is still on its
   way) and every 10th+5 is sent again after its answer (a retry after a lost answer). Each
   coach reads ``GET /api/clients``, the ``/clients`` page, one client's page
   ``/clients/{id}`` and its ``GET /api/clients/{id}/review``, round and round. Closed
   loop: every virtual user sends its next request as soon as the last is answered
   (``--think S`` adds a random pause of 0 to 2*S seconds after each). A probe without a
   login fetches ``/manifest.webmanifest`` (no database) every 100 ms: the reference for
   the ratios. Requests in flight at the deadline are finished and counted.

Then the check, straight from the database: every set the server acknowledged (200 or 201)
is stored exactly once, under the athlete who sent it, with the reps and session it was
sent with; the server answered 201 ("stored now") exactly once per set and 200 for every
other copy; nothing else was stored. Prints a Markdown table (count, p50, p99, errors and
p50 as a multiple of the reference, per endpoint; throughput of the timed window) and exits
1 if the check fails or any request failed.

The login rate limit counts only failed logins (5 per account, 30 per address in 15
minutes), so 210 correct logins from 127.0.0.1 pass without any setting; a 429 would count
as an error here. Bounded: at most 1000 athletes, 100 coaches and a 120 s window; the
server and the throwaway cluster are stopped and deleted at the end, also on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from web_load import postgres_schema  # the same throwaway schema as the web load test

BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only
PASSWORD = "bench-" + secrets.token_urlsafe(12)
SETS_PER_SESSION = 12
ARRIVAL_CONCURRENCY = 16
FOCUS = (["chest", "arms"], ["back", "shoulders"], ["legs"])
REFERENCE = "GET /manifest.webmanifest (reference)"
ARRIVAL = " (arrival)"  # the rows of the arrival phase, before the timed window


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


# -- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name.split(".")[0]),
    )
    if not found:
        sys.exit(
            "No PostgreSQL binaries in /usr/lib/postgresql/*/bin: install them "
            "(apt-get install -y postgresql) or pass --url of a server."
        )
    return found[-1].parent


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """initdb in a temporary directory, started on 127.0.0.1 with trust auth; its URL.
    Stopped and deleted afterwards. As root, the cluster runs as the ``postgres`` user."""
    pg = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="mm-coach-load-pg-"))
    data, port = root / "data", _free_port()
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root:
        shutil.chown(root, "postgres")

    def run(*cmd: str) -> None:
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, timeout=60)

    try:
        run(str(pg / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync")  # fmt: skip
        options = f"-c listen_addresses={HOST} -p {port} -k {root} -c max_connections=200"
        run(str(pg / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
            "start")  # fmt: skip
        try:
            run(str(pg / "createdb"), "-h", HOST, "-p", str(port), "-U", "postgres", "mm")
            yield f"postgresql+psycopg://postgres@{HOST}:{port}/mm"
        finally:
            run(str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- deploy: migrate once, seed, serve ----------------------------------------------------------


def _env(root: Path, url: str, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINDMUSCLE_")}
    env.update(
        {
            "MINDMUSCLE_DATA_DIR": str(root / "data"),
            "MINDMUSCLE_CACHE_DIR": str(root / "cache"),
            "MINDMUSCLE_CONFIG_DIR": str(root / "config"),
            "MINDMUSCLE_DATABASE_URL": url,
            "MINDMUSCLE_SECRET_KEY": secret,
        }
    )
    return env


def migrate(env: dict[str, str]) -> None:
    """``mindmuscle db upgrade``: the once-per-deploy step."""
    done = subprocess.run([str(BIN / "mindmuscle"), "db", "upgrade"], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"mindmuscle db upgrade failed: {done.stderr.strip()}")


@dataclass
class Account:
    username: str
    role: str
    lifter_id: str
    token: str = ""  # a login made through the store (the others log in over HTTP)


def seed(
    url: str, coaches: int, athletes: int, http_logins: int
) -> tuple[list[Account], list[Account]]:
    """Coaches and athletes (athlete i joins coach i mod coaches) through the account store.
    All share one password, so it is hashed once (argon2 costs 0.1-0.7 s a hash on a 2-core
    machine); each stored hash is a normal argon2 hash that the server verifies at login at
    full cost. The accounts after the first ``http_logins`` (coaches first) get their login
    here, as ``POST /api/login`` makes it after the password check (a login lasts 14 days,
    so most athletes arrive at the gym logged in)."""
    from mindmuscle.store import accounts, open_repository
    from mindmuscle.store.accounts import User

    accounts.hash_password = functools.cache(accounts.hash_password)  # this process only
    accounts.hash_password(PASSWORD)
    now = datetime.now(UTC)
    run = uuid.uuid4().hex[:6]
    with open_repository(url, upgrade=False) as repo:
        store = accounts.AccountStore(repo.engine)

        def athlete(i: int) -> User:
            user = store.add_user(f"athlete{i:03d}-{run}", PASSWORD, "athlete", now=now)
            code = store.create_invite(coach_users[i % coaches], now=now)
            store.accept_invite(code, user, now=now)
            return user

        def account(n: int, user: User) -> Account:
            token = "" if n < http_logins else store.start_session(user, now=now)
            return Account(user.username, user.role, user.lifter_id, token)

        with ThreadPoolExecutor(8) as pool:  # round trips to the database, mostly
            coach_users = list(pool.map(
                lambda c: store.add_user(f"coach{c:02d}-{run}", PASSWORD, "coach", now=now),
                range(coaches)))  # fmt: skip
            athlete_users = list(pool.map(athlete, range(athletes)))
            users = [*coach_users, *athlete_users]
            everyone = list(pool.map(account, range(len(users)), users))
    return everyone[:coaches], everyone[coaches:]


@contextmanager
def serve(env: dict[str, str], workers: int, root: Path) -> Iterator[Callable[[], str]]:
    """``mindmuscle serve --multi-user --workers N`` on a free loopback port, started at once;
    the function it yields waits until the server answers and returns its base URL."""
    port = _free_port()
    log = (root / "serve.log").open("wb")
    cmd = [str(BIN / "mindmuscle"), "serve", "--multi-user", "--host", HOST, "--port",
           str(port), "--workers", str(workers), "--log-level", "info"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # fmt: skip
    base = f"http://{HOST}:{port}"

    def ready() -> str:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{(root / 'serve.log').read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                    return base
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start within 60 s")
            time.sleep(0.2)

    try:
        yield ready
    finally:
        proc.terminate()  # uvicorn's supervisor stops its workers
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the group this script started
            proc.wait()
        log.close()


# -- load -----------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: dict[str, str] = field(default_factory=dict)
    # set id -> the athlete's lifter id, reps and session sent
    sent: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    answers: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    unanswered: set[str] = field(default_factory=set)  # a copy got no HTTP answer
    requests: int = 0
    restarts: int = 0  # workers uvicorn killed and replaced (no health-check answer in time)
    arrival: float = 0.0
    window: float = 0.0
    window_requests: int = 0


async def _timed(
    stats: Stats, label: str, http: httpx.AsyncClient, method: str, url: str, **kw: Any
) -> httpx.Response | None:
    stats.requests += 1
    start = time.perf_counter()
    try:
        response = await http.request(method, url, **kw)
    except httpx.HTTPError as exc:
        stats.errors[label] += 1
        stats.error_samples.setdefault(label, f"{type(exc).__name__}: {exc}")
        return None
    stats.latencies[label].append(time.perf_counter() - start)
    if response.status_code >= 400:
        stats.errors[label] += 1
        stats.error_samples.setdefault(label, f"{response.status_code}: {response.text[:200]}")
    return response


async def _login(stats: Stats, http: httpx.AsyncClient, account: Account, secret: str) -> bool:
    if account.token:  # logged in through the store
        from mindmuscle.web.auth import SESSION_COOKIE, csrf_token

        http.cookies.set(SESSION_COOKIE, account.token)
        http.headers["X-CSRF-Token"] = csrf_token(secret, account.token)
        return True
    body = {"username": account.username, "password": PASSWORD}
    r = await _timed(stats, f"POST /api/login{ARRIVAL}", http, "POST", "/api/login", json=body)
    if r is None or r.status_code != 200:
        return False
    http.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return True


async def _pause(think: float, stop: float) -> None:
    if think:
        await asyncio.sleep(min(random.uniform(0, 2 * think), max(0.0, stop - time.monotonic())))


async def _send_set(
    stats: Stats, http: httpx.AsyncClient, lifter_id: str, body: dict[str, Any], copies: str
) -> None:
    """One set; ``copies`` "once", "together" (two at once) or "again" (after the answer)."""
    stats.sent[body["id"]] = (lifter_id, body["reps"], body["session_id"])

    async def one() -> None:
        r = await _timed(stats, "POST /api/sets", http, "POST", "/api/sets", json=body)
        if r is None:
            stats.unanswered.add(body["id"])
        else:
            stats.answers[body["id"]].append(r.status_code)

    if copies == "together":
        await asyncio.gather(one(), one())
    else:
        await one()
        if copies == "again":
            await one()


async def _start(stats: Stats, http: httpx.AsyncClient, phase: str) -> tuple[str, list[str]] | None:
    """Plan a session and start it: its id and the planned exercises."""
    focus = random.choice(FOCUS)
    plan = await _timed(stats, f"POST /api/plans{phase}", http, "POST", "/api/plans",
                        json={"focus": focus, "minutes": 45})  # fmt: skip
    if plan is None or plan.status_code != 201:
        return None
    exercises = [
        item["exercise"] for b in plan.json()["blocks"] for item in b.get("items", [])
    ] or ["pec_deck"]
    session_id = f"s-{uuid.uuid4()}"
    started = await _timed(stats, f"POST /api/sessions{phase}", http, "POST", "/api/sessions",
                           json={"id": session_id, "plan_id": plan.json()["id"]})  # fmt: skip
    return None if started is None or started.status_code != 201 else (session_id, exercises)


async def athlete(
    stats: Stats,
    http: httpx.AsyncClient,
    lifter_id: str,
    session: tuple[str, list[str]] | None,
    stop: float,
    think: float,
) -> None:
    n = random.randrange(10)  # stagger the retries across athletes
    while session is not None and time.monotonic() < stop:
        session_id, exercises = session
        for i in range(SETS_PER_SESSION):
            if time.monotonic() >= stop:
                return  # the session stays open
            n += 1
            body = {"id": str(uuid.uuid4()), "session_id": session_id,
                    "exercise": exercises[i % len(exercises)], "reps": 6 + n % 10,
                    "load": 20 + n % 40, "mmc": 1 + n % 10, "failure": n % 3 == 0,
                    "tempo": {"eccentric": 3, "bottom": 0, "concentric": 1, "top": 2}}  # fmt: skip
            copies = {9: "together", 4: "again"}.get(n % 10, "once")
            await _send_set(stats, http, lifter_id, body, copies)
            await _pause(think, stop)
        await _timed(stats, "POST /api/sessions/{id}/finish", http, "POST",
                     f"/api/sessions/{session_id}/finish")  # fmt: skip
        session = await _start(stats, http, "")


async def coach(stats: Stats, http: httpx.AsyncClient, stop: float, think: float) -> None:
    lifters: list[str] = []
    pages = [("GET /api/clients", "/api/clients"), ("GET /clients (page)", "/clients"),
             ("GET /clients/{id} (page)", "/clients/{}"),
             ("GET /api/clients/{id}/review", "/api/clients/{}/review")]  # fmt: skip
    while True:
        for label, path in pages:
            if time.monotonic() >= stop:
                return
            if "{}" in path and not lifters:
                continue
            r = await _timed(stats, label, http, "GET", path.format(random.choice(lifters or [""])))
            if path == "/api/clients" and r is not None and r.status_code == 200:
                lifters = [c["lifter_id"] for c in r.json()]
            await _pause(think, stop)


async def probe(stats: Stats, http: httpx.AsyncClient, stop: float) -> None:
    while time.monotonic() < stop:
        await _timed(stats, REFERENCE, http, "GET", "/manifest.webmanifest")
        await asyncio.sleep(0.1)


async def load(
    base: str,
    coaches: list[Account],
    athletes: list[Account],
    secret: str,
    args: argparse.Namespace,
) -> Stats:
    stats = Stats()
    everyone = [*coaches, *athletes]
    # idle connections are dropped before uvicorn's 5 s keep-alive timeout closes them, so a
    # request never goes out on a connection the server is closing
    limits = httpx.Limits(keepalive_expiry=3)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, limits=limits) for _ in everyone]
    anonymous = httpx.AsyncClient(base_url=base, timeout=60, limits=limits)
    try:
        gate = asyncio.Semaphore(ARRIVAL_CONCURRENCY)

        async def arrive(http: httpx.AsyncClient, account: Account) -> tuple[str, list[str]] | None:
            async with gate:
                if not await _login(stats, http, account, secret):
                    return None
                if account.role == "coach":
                    return ("", [])  # arrived; no session
                return await _start(stats, http, ARRIVAL)

        began = time.perf_counter()
        arrived = await asyncio.gather(
            *(arrive(h, a) for h, a in zip(clients, everyone, strict=True))
        )
        stats.arrival = time.perf_counter() - began
        if not all(arrived):
            return stats
        before = stats.requests
        begin = time.perf_counter()
        stop = time.monotonic() + args.seconds
        await asyncio.gather(
            probe(stats, anonymous, stop),
            *(coach(stats, h, stop, args.think) for h in clients[: len(coaches)]),
            *(
                athlete(stats, h, a.lifter_id, first, stop, args.think)
                for h, a, first in zip(
                    clients[len(coaches) :], athletes, arrived[len(coaches) :], strict=True
                )
            ),
        )
        stats.window = time.perf_counter() - begin
        stats.window_requests = stats.requests - before
    finally:
        for http in [*clients, anonymous]:
            await http.aclose()
    return stats


# -- the check and the table --------------------------------------------------------------------


@dataclass
class Check:
    acknowledged: int = 0
    stored: int = 0
    problems: list[str] = field(default_factory=list)


def check(url: str, stats: Stats, athletes: list[Account]) -> Check:
    """Every acknowledged set stored exactly once, as sent; 201 once per set; nothing else."""
    import sqlalchemy as sa

    from mindmuscle.store.sql.engine import create_engine, parse_url

    out = Check()
    lifters = [a.lifter_id for a in athletes]
    engine = create_engine(parse_url(url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT sets.id, count(*) OVER (PARTITION BY sets.id), sessions.lifter_id, "
                    "sets.reps, sets.session_id FROM sets JOIN sessions "
                    "ON sets.session_id = sessions.id WHERE sessions.lifter_id IN :lifters"
                ).bindparams(sa.bindparam("lifters", expanding=True)),
                {"lifters": lifters},
            ).all()
    finally:
        engine.dispose()
    stored = {r[0]: (r[2], r[3], r[4]) for r in rows}
    out.stored = len(rows)
    twice = [r[0] for r in rows if r[1] != 1]
    if twice:
        out.problems.append(f"{len(set(twice))} set ids stored more than once")
    acked = {i for i, codes in stats.answers.items() if any(c in (200, 201) for c in codes)}
    out.acknowledged = len(acked)
    missing = acked - stored.keys()
    if missing:
        out.problems.append(f"{len(missing)} acknowledged sets not stored")
    extra = stored.keys() - acked - stats.unanswered
    if extra:
        out.problems.append(f"{len(extra)} stored sets never sent or acknowledged")
    wrong = [i for i in acked & stored.keys() if stored[i] != stats.sent[i]]
    if wrong:
        out.problems.append(f"{len(wrong)} sets stored with other lifter, reps or session")
    not_once = [i for i in acked if stats.answers[i].count(201) != 1]
    if not_once:
        out.problems.append(f"{len(not_once)} sets answered 201 (stored now) not exactly once")
    others = [i for i in acked if any(c not in (200, 201) for c in stats.answers[i])]
    if others:
        out.problems.append(f"{len(others)} sets had a copy answered with an error")
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def table(stats: Stats, result: Check, args: argparse.Namespace) -> str:
    ref = _pct(stats.latencies[REFERENCE], 0.5) or float("nan")
    lines = [
        "| endpoint | requests | p50 ms | p99 ms | errors | p50 x reference |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    labels = sorted(stats.latencies.keys() | stats.errors.keys(), key=lambda k: (k != REFERENCE,
                    ARRIVAL in k, k))  # fmt: skip
    for label in labels:
        lat = stats.latencies[label]
        p50 = _pct(lat, 0.5)
        lines.append(
            f"| {label} | {len(lat)} | {p50:.1f} | {_pct(lat, 0.99):.1f} "
            f"| {stats.errors[label]} | {p50 / ref:.1f} |"
        )
    sets = len(stats.latencies["POST /api/sets"])
    ok = not result.problems
    lines += [
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| athletes / coaches / uvicorn workers | {args.athletes} / {args.coaches} / "
        f"{args.workers} (PostgreSQL) |",
        f"| think time | {'none (closed loop)' if not args.think else f'0-{2 * args.think:g} s'} |",
        f"| timed window | {stats.window:.1f} s ({args.seconds:g} s + requests in flight) |",
        f"| throughput, all requests in the window | {stats.window_requests / stats.window:.0f}"
        " req/s |",
        f"| set POSTs (incl. deliberate duplicates) | {sets / stats.window:.0f} req/s |",
        f"| sets acknowledged / rows stored | {result.acknowledged} / {result.stored} |",
        f"| workers killed and restarted by uvicorn (health check) | {stats.restarts} |",
        f"| every acknowledged set stored exactly once | {'yes' if ok else 'NO'} |",
    ]
    lines += [f"| problem | {p} |" for p in result.problems]
    lines += [f"| first error of {k} | {v} |" for k, v in stats.error_samples.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--coaches", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20, help="timed window")
    parser.add_argument("--workers", type=int, default=4, help="uvicorn worker processes")
    parser.add_argument("--think", type=float, default=0, help="mean pause after a request, s")
    parser.add_argument(
        "--logins",
        type=int,
        default=20,
        help="accounts that log in over HTTP, coaches first; the others arrive logged in",
    )
    parser.add_argument("--url", help="an existing PostgreSQL server (default: a throwaway one)")
    args = parser.parse_args()
    # stay bounded
    args.athletes, args.coaches = max(1, min(args.athletes, 1000)), max(1, min(args.coaches, 100))
    args.seconds = max(1.0, min(args.seconds, 120.0))
    everyone = args.athletes + args.coaches
    args.logins = max(0, min(args.logins, everyone))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up on kill, too
    started = time.monotonic()
    database = postgres_schema(args.url) if args.url else throwaway_cluster()
    with tempfile.TemporaryDirectory() as tmp, database as url:
        secret = secrets.token_urlsafe(32)
        env = _env(Path(tmp), url, secret)
        migrate(env)
        migrated = time.monotonic()
        with serve(env, args.workers, Path(tmp)) as ready:
            coaches, athletes = seed(url, args.coaches, args.athletes, args.logins)
            seeded = time.monotonic()
            base = ready()
            served = time.monotonic()
            stats = asyncio.run(load(base, coaches, athletes, secret, args))
        log = (Path(tmp) / "serve.log").read_text(errors="replace").splitlines()
        log = [line for line in log if '" ' not in line]  # without the access log
        stats.restarts = sum("died" in line for line in log)
        if stats.errors:  # the server's side of the story
            print("\n".join(["server log (last 40 lines):", *log[-40:]]), file=sys.stderr)
        result = check(url, stats, athletes)
    if not stats.window:
        result.problems.append("not every account could log in; nothing was timed")
    print(table(stats, result, args))
    print(
        f"\n(PostgreSQL start and `mindmuscle db upgrade` {migrated - started:.1f} s, seeding "
        f"while the server starts {seeded - migrated:.1f} s, server ready "
        f"{served - seeded:.1f} s later, "
        f"arrival ({args.logins} HTTP logins) {stats.arrival:.1f} s, timed window "
        f"{stats.window:.1f} s; whole run {time.monotonic() - started:.1f} s; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    failed = sum(stats.errors.values())
    sys.exit(1 if result.problems or failed else 0)


if __name__ == "__main__":
    main()
