"""``mindmuscle import strong|hevy|json FILE`` and ``mindmuscle export --format csv|json``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, repository
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from mindmuscle.planning.history import Unit
    from mindmuscle.store import Batch, Repository

__all__ = ["register"]


class Source(StrEnum):
    strong = "strong"
    hevy = "hevy"
    json = "json"


class Format(StrEnum):
    csv = "csv"
    json = "json"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def _parse_json(data: bytes, file: Path) -> Batch:
    from mindmuscle.store.exchange import batch_from_json

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{file} is not UTF-8 text; expected a JSON export.") from None
    return batch_from_json(text, source=str(file))


def _unit(repo: Repository, unit: str | None) -> Unit:
    """The weight unit of a Strong file without a unit column: --unit, else the profile's."""
    if unit is None:
        lifter = repo.get_lifter()
        return lifter.units if lifter is not None else "kg"
    if unit.lower() not in ("kg", "lb"):
        raise InputError(f"--unit {unit!r} is not kg or lb.")
    return "lb" if unit.lower() == "lb" else "kg"


def import_file(
    source: Annotated[Source, typer.Argument(help="The app the file comes from.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The exported file.")],
    unit: Annotated[
        str | None,
        typer.Option(
            help="Strong's weight unit if the file has none (default: your profile's units)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import another app's export (or our JSON export); all or nothing, repeats add nothing."""
    from mindmuscle.store.importers.hevy import parse_hevy
    from mindmuscle.store.importers.strong import parse_strong

    data = _read(file)
    with repository(db) as repo:
        if source is Source.json:
            batch, lines = _parse_json(data, file), []
        elif source is Source.hevy:
            result = parse_hevy(data, source=str(file), catalog=cli_catalog(), tz=None)
            batch, lines = result.batch, result.summary()
        else:
            result = parse_strong(
                data, source=str(file), catalog=cli_catalog(), unit=_unit(repo, unit), tz=None
            )
            batch, lines = result.batch, result.summary()
        written = repo.add_batch(batch)
    for line in lines:
        typer.echo(line)
    typer.echo(
        f"Imported {written.sets_added} new sets in {written.sessions_added} new sessions "
        f"({written.unchanged} records were already stored)."
    )


def export(
    fmt: Annotated[
        Format,
        typer.Option("--format", help="csv: one row per set; json: everything, re-importable."),
    ] = Format.json,
    out: Annotated[
        Path | None, typer.Option(metavar="PATH", help="File to write (default: standard output).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the whole history (JSON schema: see mindmuscle.store.exchange)."""
    from mindmuscle.store.exchange import batch_to_json, sets_to_csv

    with repository(db) as repo:
        snapshot = repo.snapshot()
    text = batch_to_json(snapshot) if fmt is Format.json else sets_to_csv(snapshot)
    if out is None:
        typer.echo(text, nl=False)
        return
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    typer.echo(f"Exported {len(snapshot.sets)} sets to {out}.", err=True)


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("export")(export)
