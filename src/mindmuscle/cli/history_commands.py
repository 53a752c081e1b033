"""``mindmuscle history``: the logged sets as a Rich table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Annotated

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, repository
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from rich.table import Table

    from mindmuscle.method.catalog import Catalog
    from mindmuscle.planning.history import LoggedSet

__all__ = ["history_rows", "register"]

COLUMNS = (
    "when", "exercise", "block", "load", "reps", "tempo", "measured", "mmc", "share", "pump",
    "effort", "notes",
)  # fmt: skip


def history_rows(
    sets: Sequence[LoggedSet], catalog: Catalog, shares: Mapping[str, float] | None = None
) -> list[tuple[str, ...]]:
    """One row of text per set, in local time, for a table (pure: testable without Rich);
    ``measured`` is the measured tempo, ``share`` the EMG target share by set id."""
    shares = shares or {}
    rows: list[tuple[str, ...]] = []
    for s in sets:
        known = catalog.exercises.get(s.exercise)
        effort = "failure" if s.failure else "" if s.rir is None else f"rir {s.rir}"
        rows.append(
            (
                f"{s.performed_at.astimezone():%Y-%m-%d %H:%M}",
                known.name if known is not None else s.exercise,
                s.block,
                "bw" if s.load is None else f"{s.load:g} {s.unit}",
                str(s.reps),
                "" if s.tempo is None else str(s.tempo),
                "" if s.measured_tempo is None else str(s.measured_tempo),
                "" if s.mmc is None else str(s.mmc),
                f"{shares[s.id]:.0%}" if s.id in shares else "",
                "" if s.pump is None else str(s.pump),
                effort,
                s.notes,
            )
        )
    return rows


def _table(rows: list[tuple[str, ...]]) -> Table:
    from rich.table import Table

    table = Table(title="Logged sets", show_lines=False)
    for column in COLUMNS:
        table.add_column(column, justify="right" if column in ("load", "reps", "mmc") else "left")
    for row in rows:
        table.add_row(*row)
    return table


def history(
    exercise: Annotated[
        str | None, typer.Option(help="Only this exercise (id, name or alias).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only sets on or after this day, YYYY-MM-DD.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Show the logged sets, oldest first."""
    from rich.console import Console

    catalog = cli_catalog()
    exercise_id = None if exercise is None else catalog.exercise(exercise).id
    start = None
    if since is not None:
        try:
            start = datetime.combine(date.fromisoformat(since), time(0)).astimezone()
        except ValueError:
            raise InputError(f"--since {since!r} is not a date like 2024-05-01.") from None
    with repository(db) as repo:
        sets = repo.sets(exercise=exercise_id, since=start)
        from mindmuscle.store.records import target_shares

        shares = target_shares(repo.recordings())
    if not sets:
        typer.echo(
            "No sets logged yet." if exercise is None and since is None else "No sets match."
        )
        return
    Console().print(_table(history_rows(sets, catalog, shares)))


def register(app: typer.Typer) -> None:
    app.command("history")(history)
