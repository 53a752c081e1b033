"""Planning commands: plan, program, exercises, exercise."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mindmuscle.cli._common import Format, catalog, print_json

if TYPE_CHECKING:
    from mindmuscle.planning.history import LoggedSet
    from mindmuscle.store import Lifter

__all__ = ["register"]

FocusOpt = Annotated[
    str,
    typer.Option(
        "--focus",
        "-f",
        help="Comma list of groups (chest, back, shoulders, arms, legs) or muscles.",
    ),
]
LevelOpt = Annotated[str, typer.Option("--level", "-l", help="novice, intermediate or advanced.")]
WeekOpt = Annotated[
    int, typer.Option("--week", "-w", help="Week of training with the method; 1-4: first month.")
]
EquipmentOpt = Annotated[
    str | None,
    typer.Option(
        "--equipment",
        "-e",
        help="Comma list of equipment (dumbbell, cable, machine, ...) or a preset: gym, home, "
        "none. Default: a full gym.",
    ),
]
MinutesOpt = Annotated[
    int | None, typer.Option("--minutes", "-m", help="Time available; the session is fitted to it.")
]
EmphasisOpt = Annotated[
    str | None,
    typer.Option(
        "--emphasis",
        help="Comma list of muscle:part, e.g. hamstrings:inner, quads:outer, back:upper.",
    ),
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="Vary the exercise choice; same seed, same plan.")
]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db", metavar="URL", help="Database URL (default: $MINDMUSCLE_DATABASE_URL or SQLite)."
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="text (a session sheet), json or md.")]


def _known_lifter(db: str | None) -> tuple[Lifter | None, list[LoggedSet]] | None:
    """The stored profile and sets, or None when there is no database yet."""
    from mindmuscle.cli.db_commands import database_url, repository

    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    with repository(db) as repo:
        return repo.get_lifter(), repo.sets()


def plan(
    focus: FocusOpt = "chest,back,shoulders,arms,legs",
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", help="novice, intermediate or advanced. Default: profile."),
    ] = None,
    week: Annotated[
        int | None,
        typer.Option(
            "--week",
            "-w",
            help="Week of training with the method; 1-4: first month. Default: from the "
            "profile's start date, else 1.",
        ),
    ] = None,
    equipment: EquipmentOpt = None,
    minutes: MinutesOpt = None,
    emphasis: EmphasisOpt = None,
    seed: SeedOpt = None,
    fmt: FormatOpt = Format.text,
    db: DbOpt = None,
    history: Annotated[
        bool,
        typer.Option(help="Fill in loads recommended from your logged sets (when there are any)."),
    ] = True,
) -> None:
    """Plan today's session: primers with isometric holds, then working sets with tempo and cues.

    With a logged history (mindmuscle log / import), each working set gets a recommended load.

    Example: mindmuscle plan --focus chest,arms --level novice --week 1 --minutes 50
    """
    from mindmuscle.cli.db_commands import now
    from mindmuscle.planning.loads import recommend_loads, week_of
    from mindmuscle.planning.request import PlanRequest
    from mindmuscle.planning.session import plan_session

    cat = catalog()
    known = _known_lifter(db) if history else None
    lifter, sets = known if known is not None else (None, [])
    today = now().date()
    if week is None:
        start = lifter.start_date if lifter is not None else None
        week = week_of(start, today) if start is not None else 1
    request = PlanRequest.parse(
        cat,
        focus=focus,
        level=level or (lifter.level if lifter is not None else "novice"),
        week=week,
        equipment=equipment or (list(lifter.equipment) if lifter and lifter.equipment else None),
        minutes=minutes,
        emphasis=emphasis,
        seed=seed,
    )
    session = plan_session(cat, request)
    unit = lifter.units if lifter is not None else "kg"
    loads = recommend_loads(session, sets, today=today, unit=unit) if known else None
    if fmt is Format.json:
        from mindmuscle.planning.render import session_to_dict

        print_json(session_to_dict(cat, session, loads))
    elif fmt is Format.md:
        from mindmuscle.planning.render import session_to_markdown

        typer.echo(session_to_markdown(cat, session), nl=False)
    else:
        from mindmuscle.cli.sheets import print_session

        print_session(cat, session, loads)


def program(
    split: Annotated[
        str, typer.Option("--split", help="full, upper-lower, ppl (push/pull/legs) or bro.")
    ] = "upper-lower",
    days: Annotated[int, typer.Option("--days", help="Training days per week (1-7).")] = 4,
    weeks: Annotated[int, typer.Option("--weeks", help="Number of weeks (1-52).")] = 8,
    level: LevelOpt = "novice",
    start_week: Annotated[
        int, typer.Option("--start-week", help="Week with the method the program starts at.")
    ] = 1,
    equipment: EquipmentOpt = None,
    minutes: MinutesOpt = None,
    emphasis: EmphasisOpt = None,
    seed: SeedOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Plan a multi-week program; weeks 1-4 are the method's introduction phase.

    Example: mindmuscle program --split ppl --days 6 --weeks 8 --level intermediate
    """
    from mindmuscle.planning.program import ProgramRequest, plan_program
    from mindmuscle.planning.request import PlanRequest

    cat = catalog()
    parsed = PlanRequest.parse(
        cat, focus="chest", level=level, equipment=equipment, minutes=minutes, emphasis=emphasis
    )
    request = ProgramRequest(
        split=split.lower(),
        days=days,
        weeks=weeks,
        level=parsed.level,
        start_week=start_week,
        equipment=parsed.equipment,
        minutes=minutes,
        emphasis=parsed.emphasis,
        seed=seed,
    )
    prog = plan_program(cat, request)
    if fmt is Format.json:
        from mindmuscle.planning.render import program_to_dict

        print_json(program_to_dict(cat, prog))
    elif fmt is Format.md:
        from mindmuscle.planning.render import program_to_markdown

        typer.echo(program_to_markdown(cat, prog), nl=False)
    else:
        from mindmuscle.cli.sheets import print_program

        print_program(prog)


def exercises(
    group: Annotated[
        str | None, typer.Option("--group", "-g", help="Only this group (chest, back, ...).")
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """List the catalog's exercises with their targets, equipment and roles.

    Example: mindmuscle exercises --group arms
    """
    from mindmuscle.cli.sheets import print_exercise_table
    from mindmuscle.method.catalog import exercise_to_dict
    from mindmuscle.planning.request import parse_focus

    cat = catalog()
    chosen = list(cat.exercises.values())
    if group is not None:
        focus = parse_focus(cat, [group])[0]
        chosen = [e for e in chosen if e.group == focus.group and focus.covers(e.target)]
    if fmt is Format.json:
        print_json([exercise_to_dict(cat, e) for e in chosen])
    elif fmt is Format.md:
        lines = ["| id | name | group | target | equipment |", "| --- | --- | --- | --- | --- |"]
        lines += [
            f"| {e.id} | {e.name} | {e.group} | {', '.join(e.target)} | {', '.join(e.equipment)} |"
            for e in chosen
        ]
        typer.echo("\n".join(lines))
    else:
        print_exercise_table(cat, chosen)


def exercise(
    name: Annotated[str, typer.Argument(help="Catalog id, name or alias, e.g. 'bench press'.")],
    fmt: FormatOpt = Format.text,
) -> None:
    """Show one exercise: muscles, cues, emphasis options, primers and substitutes.

    Example: mindmuscle exercise "seated cable row"
    """
    from mindmuscle.method.catalog import exercise_to_dict

    cat = catalog()
    ex = cat.exercise(name)
    if fmt is Format.json:
        print_json(exercise_to_dict(cat, ex))
        return
    from mindmuscle.cli.sheets import print_exercise

    print_exercise(cat, ex, markdown=fmt is Format.md)


def register(app: typer.Typer) -> None:
    """Add the planning commands to ``app``."""
    app.command("plan")(plan)
    app.command("program")(program)
    app.command("exercises")(exercises)
    app.command("exercise")(exercise)
