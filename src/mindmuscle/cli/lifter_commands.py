"""``mindmuscle lifter set|show``: the lifter's profile."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

import typer

from mindmuscle.cli.db_commands import DbOption, repository
from mindmuscle.errors import InputError

__all__ = ["register"]

lifter_app = typer.Typer(help="Your profile: name, start date with the method, level, units.")


def _start(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--start-date {text!r} is not a date like 2024-05-01.") from None


@lifter_app.command("set")
def lifter_set(
    name: Annotated[str | None, typer.Option(help="Your name.")] = None,
    start_date: Annotated[
        str | None, typer.Option(help="First day training with the method, YYYY-MM-DD.")
    ] = None,
    level: Annotated[str | None, typer.Option(help="novice, intermediate or advanced.")] = None,
    units: Annotated[str | None, typer.Option(help="kg or lb.")] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Comma list, e.g. barbell,dumbbell,cable.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Create or change the profile; options not given keep their value."""
    from mindmuscle.store import Lifter

    with repository(db) as repo:
        lifter = repo.get_lifter() or Lifter()
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = name
        if start_date is not None:
            changes["start_date"] = _start(start_date)
        if level is not None:
            changes["level"] = level.strip().lower()
        if units is not None:
            changes["units"] = units.strip().lower()
        if equipment is not None:
            changes["equipment"] = tuple(e.strip() for e in equipment.split(",") if e.strip())
        repo.save_lifter(replace(lifter, **changes))  # type: ignore[arg-type]
    typer.echo("Profile saved.")
    _show(db)


def _show(db: str | None) -> None:
    with repository(db) as repo:
        lifter = repo.get_lifter()
    if lifter is None:
        typer.echo("No profile yet; create one with 'mindmuscle lifter set --name ...'.")
        return
    start = "not set" if lifter.start_date is None else lifter.start_date.isoformat()
    typer.echo(f"name:       {lifter.name}")
    typer.echo(f"start date: {start}")
    typer.echo(f"level:      {lifter.level}")
    typer.echo(f"units:      {lifter.units}")
    typer.echo(f"equipment:  {', '.join(lifter.equipment) or '-'}")


@lifter_app.command("show")
def lifter_show(db: DbOption = None) -> None:
    """Print the profile."""
    _show(db)


def register(app: typer.Typer) -> None:
    app.add_typer(lifter_app, name="lifter")
