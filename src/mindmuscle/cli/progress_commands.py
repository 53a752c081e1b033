"""``mindmuscle progress``, ``report`` and ``demo``: what the training did to the connection.

Thin: load the window's sets and soreness reports, call
:func:`mindmuscle.analytics.view.progress_view`, print or write the result.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, Literal

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, now, repository
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from rich.table import Table

    from mindmuscle.analytics.demo import DemoHistory
    from mindmuscle.analytics.metrics import GroupSummary
    from mindmuscle.analytics.view import ProgressView
    from mindmuscle.store import Batch, Repository

__all__ = ["demo_batch", "load_view", "register"]

DEFAULT_WEEKS: Final = 12


class ProgressFormat(StrEnum):
    text = "text"
    json = "json"


WeeksOpt = Annotated[int, typer.Option("--weeks", min=1, max=520, help="Weeks to show.")]


def load_view(
    repo: Repository, *, today: date, weeks: int, group: str | None = None
) -> ProgressView:
    """The progress view of the lifter in ``repo``: only the sets it needs are loaded.

    The start of training is the lifter's start date, else the day of the first set, else
    today.
    """
    from mindmuscle.analytics.view import data_since, progress_view

    lifter = repo.get_lifter()
    start = lifter.start_date if lifter is not None else None
    if start is None:
        oldest = repo.sets()[:1]
        start = oldest[0].performed_at.date() if oldest else today
    start = min(start, today)
    first = data_since(start=start, today=today, weeks=weeks)
    since = datetime.combine(first - timedelta(days=1), time(0)).astimezone()  # any zone
    return progress_view(
        repo.sets(since=since),
        repo.soreness(since=first),
        start=start,
        today=today,
        weeks=weeks,
        group=group,
        catalog=cli_catalog(),
    )


def _cell(value: float | None, fmt: str = ".1f") -> str:
    return "" if value is None else format(value, fmt)


def _group_table(g: GroupSummary) -> Table:
    from rich import box
    from rich.table import Table

    title = f"{g.group}: {g.hard_sets_per_week:.1f} hard sets a week, mmc {_cell(g.mmc_mean)}"
    if g.mmc_slope is not None:
        title += f" ({g.mmc_slope:+.2f} a week)"
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    columns = ("wk", "from", "sets", "hard", "TUT min", "vol kg", "mmc", "pump", "DOMS")
    for column in (*columns, "on tempo"):
        justify: Literal["left", "right"] = "left" if column in ("wk", "from") else "right"
        table.add_column(column, justify=justify, no_wrap=True)
    for w in g.weeks:
        table.add_row(
            str(w.week.number),
            f"{w.week.starts_on:%b %d}",
            str(w.sets),
            str(w.hard_sets),
            f"{w.tut_s / 60:.1f}",
            f"{w.volume_kg:,.0f}",
            _cell(w.mmc),
            _cell(w.pump),
            _cell(w.soreness),
            "" if w.tempo is None else f"{w.tempo.within_pct:.0f}% ({w.tempo.sets})",
        )
    return table


def _print_text(view: ProgressView) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    first, last = view.weeks[0], view.weeks[-1]
    console.print(
        f"[bold]Progress[/bold], weeks {first.number}-{last.number} of training "
        f"({first.starts_on.isoformat()} to {view.today.isoformat()})"
    )
    if not view.groups:
        console.print("No working sets or soreness reports in these weeks.")
    for g in view.groups:
        console.print(_group_table(g))
    if view.unmatched:
        console.print(f"Not in the catalog (left out): {', '.join(view.unmatched)}")
    console.print("[bold]Insights[/bold]" if view.insights else "Nothing stands out.")
    for i in view.insights:
        console.print(f"- {escape(i.text)}\n  [dim]{escape(i.advice)}[/dim]")


def progress(
    weeks: WeeksOpt = DEFAULT_WEEKS,
    group: Annotated[
        str | None, typer.Option("--group", help="Only this group: chest, back, ...")
    ] = None,
    fmt: Annotated[
        ProgressFormat, typer.Option("--format", help="text (tables) or json.")
    ] = ProgressFormat.text,
    db: DbOption = None,
) -> None:
    """Per muscle group and week: hard sets, time under tension, volume, mmc, pump,
    soreness and tempo adherence; e1RM trends; and what stands out."""
    with repository(db) as repo:
        view = load_view(repo, today=now().date(), weeks=weeks, group=group)
    if fmt is ProgressFormat.json:
        from mindmuscle.cli._common import print_json

        print_json(view.to_dict())
    else:
        _print_text(view)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc}).") from None


def report(
    out: Annotated[Path, typer.Option("--out", help="report.html (self-contained) or report.pdf.")],
    weeks: WeeksOpt = DEFAULT_WEEKS,
    db: DbOption = None,
) -> None:
    """Write a progress report to send to a coach: HTML with embedded charts, or PDF."""
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InputError(f"Report file {str(out)!r} must end in .html or .pdf.")
    today = now().date()
    with repository(db) as repo:
        view = load_view(repo, today=today, weeks=weeks)
        lifter = repo.get_lifter()
    name = lifter.name if lifter is not None else ""
    if suffix == ".pdf":
        from mindmuscle.analytics.report import report_pdf

        _write(out, report_pdf(view, generated=today, lifter=name))
    else:
        from mindmuscle.analytics.report import report_html

        _write(out, report_html(view, generated=today, lifter=name).encode("utf-8"))
    typer.echo(
        f"Wrote {out} ({len(view.insights)} insights, weeks {view.weeks[0].number}-"
        f"{view.weeks[-1].number})."
    )


def demo_batch(history: DemoHistory) -> Batch:
    """The demo history as store records, written in one transaction."""
    from mindmuscle.store import Batch, Lifter, Soreness, TrainingSession

    h = history
    return Batch(
        lifter=Lifter(
            name=h.lifter.name,
            start_date=h.lifter.start_date,
            level=h.lifter.level,
            units=h.lifter.units,
        ),
        sessions=tuple(
            TrainingSession(
                id=s.id, started_at=s.started_at, finished_at=s.finished_at, title=s.title
            )
            for s in h.sessions
        ),
        sets=h.sets,
        soreness=tuple(
            Soreness(day=r.day, group=r.group, doms=r.doms, reported_at=r.reported_at)
            for r in h.soreness
        ),
    )


def demo(
    months: Annotated[int, typer.Option("--months", min=1, max=60, help="Months of history.")] = 6,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same history.")] = 0,
    force: Annotated[
        bool, typer.Option("--force", help="Add the demo even if sets are already logged.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Fill the database with a realistic demo history, so the app has something to show."""
    from mindmuscle.analytics.demo import demo_history

    moment = now()
    with repository(db) as repo:
        logged = len(repo.sets())
        if logged and not force:
            raise InputError(
                f"The database already has {logged} logged sets; "
                "add --force to add the demo history to them anyway."
            )
        history = demo_history(
            today=moment.date(),
            months=months,
            seed=seed,
            tz=moment.tzinfo or UTC,
            id_prefix=f"demo-{moment:%Y%m%d}-{seed}",
        )
        result = repo.add_batch(demo_batch(history))
    typer.echo(
        f"Added a {months}-month demo history: {result.sessions_added} sessions, "
        f"{result.sets_added} sets, {len(history.soreness)} soreness reports. "
        "Try 'mindmuscle progress' or 'mindmuscle report --out report.html'."
    )


def register(app: typer.Typer) -> None:
    app.command("progress")(progress)
    app.command("report")(report)
    app.command("demo")(demo)
