"""``mindmuscle users add|list|set-password|set-role|remove``: accounts of multi-user mode.

Passwords are read with a hidden prompt (or ``--password-stdin`` for scripts), never from
an option that would land in the shell history.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from mindmuscle.cli.db_commands import DbOption, database_url, now

if TYPE_CHECKING:
    from mindmuscle.store.accounts import AccountStore

__all__ = ["register", "users"]

users = typer.Typer(help="Accounts for multi-user (coach) mode.", no_args_is_help=True)
RoleArg = Annotated[str, typer.Option("--role", help="athlete, coach or admin.")]
StdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@contextmanager
def _store(db: str | None) -> Iterator[AccountStore]:
    from mindmuscle.store import open_repository
    from mindmuscle.store.accounts import AccountStore

    with open_repository(database_url(db)) as repo:
        yield AccountStore(repo.engine)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: RoleArg = "athlete",
    lifter: Annotated[
        str | None,
        typer.Option(help="Lifter id of the account (me: adopt the single-user data)."),
    ] = None,
    password_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Create an account (each account is a lifter with its own data)."""
    password = _password(password_stdin)
    with _store(db) as store:
        user = store.add_user(username, password, role, now=now(), lifter_id=lifter)
    typer.echo(f"Added {user.role} {user.username} (lifter {user.lifter_id}).")


@users.command("list")
def list_users(db: DbOption = None) -> None:
    """The accounts: name, role, lifter id."""
    with _store(db) as store:
        for user in store.users():
            typer.echo(f"{user.username}\t{user.role}\t{user.lifter_id}")


@users.command("set-password")
def set_password(
    username: Annotated[str, typer.Argument()],
    password_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Reset a password (ends that user's logins)."""
    password = _password(password_stdin)
    with _store(db) as store:
        store.set_password(username, password)
    typer.echo(f"Password of {username} changed; their logins were ended.")


@users.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument()], role: RoleArg, db: DbOption = None
) -> None:
    """Make an account an athlete, a coach or an admin."""
    with _store(db) as store:
        user = store.set_role(username, role)
    typer.echo(f"{user.username} is now {user.role}.")


@users.command("remove")
def remove(username: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Delete an account and its logins and coach links (its training data stays)."""
    with _store(db) as store:
        store.remove_user(username)
    typer.echo(f"Removed {username}.")


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="users")
