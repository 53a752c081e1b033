"""``mindmuscle serve``: the web app with uvicorn (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from mindmuscle.errors import InputError

__all__ = ["WORKER_HEALTHCHECK_S", "register", "serve"]

#: Seconds a worker process may take to answer uvicorn's health check before it is restarted.
WORKER_HEALTHCHECK_S = 30


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database URL (default: $MINDMUSCLE_DATABASE_URL, else SQLite in the data dir).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Worker processes (more than 1 is meant for PostgreSQL).")
    ] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    multi_user: Annotated[
        bool,
        typer.Option(
            "--multi-user",
            help="Accounts, login and coach mode (also MINDMUSCLE_MULTI_USER=1); needs "
            "MINDMUSCLE_SECRET_KEY.",
        ),
    ] = False,
) -> None:
    """Serve the web app: plan, coach with sound on a phone, log and review.

    Open http://127.0.0.1:8000 in a browser. Without --multi-user there is no login, so it
    listens on this machine only; to use it from a phone on the network, or for a coach and
    clients, turn on accounts: --host 0.0.0.0 --multi-user (plain HTTP: the service worker,
    wake lock and speech may need localhost or HTTPS, depending on the browser).
    """
    import uvicorn

    from mindmuscle.settings import Settings
    from mindmuscle.store import open_repository

    if not 1 <= workers <= 64:
        raise InputError(f"--workers {workers} is out of range; expected 1 to 64.")
    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a TCP port; expected 1 to 65535.")
    if db:
        os.environ["MINDMUSCLE_DATABASE_URL"] = db  # worker processes read the environment
    if multi_user:
        os.environ["MINDMUSCLE_MULTI_USER"] = "1"
    settings = Settings.from_environ()
    check_exposure(host, settings.multi_user, settings.secret_key)
    url = settings.database_url
    open_repository(url).close()  # create or upgrade the schema once, before the workers
    typer.echo(f"Mind-Muscle on http://{host}:{port}  (database: {_describe(url)})")
    uvicorn.run(
        "mindmuscle.web.app:create_app_from_environ",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=True,
        # uvicorn kills a worker that misses a health check (5 s by default), dropping its
        # requests in flight; a worker busy with a coach's dashboard under load can take longer.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )


def check_exposure(host: str, multi_user: bool, secret_key: str | None) -> None:
    """Refuse to serve single-user mode (no login) beyond this machine, or accounts without
    a secret key."""
    import ipaddress

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not multi_user:
        raise InputError(
            f"--host {host} would show your data to anyone on the network without a login; "
            "serve on 127.0.0.1, or turn on accounts with --multi-user."
        )
    if multi_user and len(secret_key or "") < 32:
        raise InputError(
            "Multi-user mode needs MINDMUSCLE_SECRET_KEY set to at least 32 random characters "
            "(e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )


def _describe(url: str) -> str:
    from mindmuscle.store.sql.engine import describe, parse_url

    return describe(parse_url(url))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
