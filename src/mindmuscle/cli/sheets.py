"""Rich renderings of plans: the session sheet and the program overview."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mindmuscle.method.catalog import Catalog, exercise_to_dict
from mindmuscle.method.model import Exercise
from mindmuscle.method.rules import Prescription
from mindmuscle.planning.program import ProgramPlan
from mindmuscle.planning.progression import Recommendation
from mindmuscle.planning.session import SessionPlan, item_seconds

__all__ = [
    "print_exercise",
    "print_exercise_table",
    "print_program",
    "print_session",
    "session_renderable",
]


def _bullets(title: str, texts: tuple[str, ...], style: str) -> Text:
    out = Text()
    if texts:
        out.append(f"{title}\n", style=f"bold {style}")
        for t in texts:
            out.append(f"  • {t}\n")
    return out


def _load_line(rec: Recommendation) -> Text:
    if rec.load is None:
        what = "choose a load that reaches failure in the range with this tempo"
    else:
        what = f"{rec.load:g} {rec.unit}"
    return Text.assemble(
        ("load ", "dim"), (what, "bold green"), f"  × {rec.reps} reps  ({rec.action})"
    )


def _item_panel(
    catalog: Catalog, n: int, p: Prescription, rec: Recommendation | None = None
) -> Panel:
    ex = p.exercise
    low, high = p.reps
    title = Text.assemble((f"{n}. {ex.name}", "bold"), f"  [{ex.group}]")
    head = Table.grid(padding=(0, 3))
    for _ in range(4):
        head.add_column()
    head.add_row(
        Text.assemble(("sets ", "dim"), (str(p.sets), "bold")),
        Text.assemble(("reps ", "dim"), (f"{low}-{high}", "bold")),
        Text.assemble(("tempo ", "dim"), (str(p.tempo), "bold magenta")),
        Text.assemble(("rest ", "dim"), (f"{p.rest_s} s", "bold")),
    )
    parts: list[Text | Table] = [head]
    if rec is not None:
        parts.append(_load_line(rec))
    if ex.components:
        names = " → ".join(catalog.exercises[c].name for c in ex.components)
        parts.append(Text(f"back to back: {names}", style="italic"))
    parts += [
        _bullets("Before the set", p.activation, "green"),
        _bullets("During", p.cues, "cyan"),
        _bullets("Between sets", p.between_sets, "yellow"),
        _bullets("Why", p.why + (rec.reasons if rec else ()), "dim"),
    ]
    minutes = item_seconds(p) / 60
    return Panel(Group(*parts), title=title, title_align="left", subtitle=f"~{minutes:.0f} min")


def session_renderable(
    catalog: Catalog, plan: SessionPlan, loads: Mapping[str, Recommendation] | None = None
) -> Group:
    """The session sheet as one Rich renderable."""
    req = plan.request
    focus = ", ".join(f.group for f in req.focus)
    month = " — first month" if req.first_month else ""
    header = Text.assemble(
        (f"Session: {focus}", "bold underline"),
        f"\n{req.level}, week {req.week}{month}, about {round(plan.estimated_seconds / 60)} min",
    )
    parts: list[Text | Panel] = [header]
    parts += [Text(f"› {note}", style="italic") for note in plan.notes]
    n = 0
    for block in plan.blocks:
        label = "PRIMERS — light, hold the squeeze" if block.kind == "primer" else "WORKING SETS"
        parts.append(Text(f"\n{label}", style="bold reverse"))
        for p in block.items:
            n += 1
            rec = loads.get(p.exercise.id) if loads and p.block == "working" else None
            parts.append(_item_panel(catalog, n, p, rec))
    return Group(*parts)


def print_session(
    catalog: Catalog,
    plan: SessionPlan,
    loads: Mapping[str, Recommendation] | None = None,
    console: Console | None = None,
) -> None:
    (console or Console()).print(session_renderable(catalog, plan, loads))


def print_program(program: ProgramPlan, console: Console | None = None) -> None:
    """One table per week: day, session name, and each exercise's sets, reps and tempo."""
    console = console or Console()
    req = program.request
    console.print(
        Text(f"Program: {req.split}, {req.days} days a week, {len(program.weeks)} weeks", "bold")
    )
    for w in program.weeks:
        table = Table(title=f"Week {w.week} — {w.phase}", title_justify="left", expand=True)
        table.add_column("day", justify="right")
        table.add_column("session")
        table.add_column("exercises (sets × reps @ tempo)")
        for d in w.days:
            lines = "\n".join(
                f"{'◦' if p.block == 'primer' else '•'} {p.exercise.name}  "
                f"{p.sets}×{p.reps[0]}-{p.reps[1]} @ {p.tempo}"
                for p in d.session.items
            )
            minutes = round(d.session.estimated_seconds / 60)
            table.add_row(str(d.day), f"{d.name}\n~{minutes} min", lines)
        console.print(table)
    console.print(Text("◦ primer (light, with the hold)   • working set", style="dim"))


def print_exercise_table(
    catalog: Catalog, exercises: list[Exercise], console: Console | None = None
) -> None:
    table = Table(expand=True)
    for col in ("id", "name", "group", "target", "equipment", "roles"):
        table.add_column(col)
    for e in exercises:
        targets = ", ".join(catalog.muscles[m].name for m in e.target)
        table.add_row(e.id, e.name, e.group, targets, ", ".join(e.equipment), ", ".join(e.roles))
    (console or Console()).print(table)


def print_exercise(
    catalog: Catalog, ex: Exercise, *, markdown: bool = False, console: Console | None = None
) -> None:
    d = exercise_to_dict(catalog, ex)

    def name(ids: tuple[str, ...]) -> str:
        return ", ".join(catalog.muscles[m].name for m in ids)

    lines = [
        f"# {ex.name} ({ex.id})",
        "",
        f"Group: {ex.group}. Target: {name(ex.target)}. Accessory: {name(ex.accessory) or '-'}.",
        f"Equipment: {', '.join(ex.equipment)}. Grip: {ex.grip or '-'}.",
        f"Roles: {', '.join(ex.roles)}.",
        "",
        "## Cues",
        *[f"- {c}" for c in d["cues"]],
    ]
    if ex.components:
        lines += [
            "",
            "## Done back to back",
            *[f"- {catalog.exercises[c].name}" for c in ex.components],
        ]
    if ex.emphasis:
        lines += ["", "## Emphasis options"]
        lines += [f"- `{o.key}` ({o.variable}): {o.setup} {o.cue}" for o in ex.emphasis]
    if d["primers"]:
        lines += ["", f"## Primers for {ex.group}"]
        lines += [f"- {catalog.exercises[p].name}" for p in d["primers"]]
    if ex.substitutes:
        lines += ["", "## Without the equipment, use"]
        lines += [f"- {catalog.exercises[s].name}" for s in ex.substitutes]
    if ex.note:
        lines += ["", ex.note]
    text = "\n".join(lines) + "\n"
    if markdown:
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    (console or Console()).print(Markdown(text))
