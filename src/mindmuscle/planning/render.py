"""Plans as plain data (the JSON contract of DESIGN.md) and as Markdown. Pure; no printing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mindmuscle.method.catalog import Catalog
from mindmuscle.method.rules import Prescription
from mindmuscle.planning.loads import recommendation_to_dict
from mindmuscle.planning.program import ProgramPlan
from mindmuscle.planning.progression import Recommendation
from mindmuscle.planning.session import SessionPlan, item_seconds

__all__ = [
    "item_to_dict",
    "program_to_dict",
    "program_to_markdown",
    "session_to_dict",
    "session_to_markdown",
]


def item_to_dict(catalog: Catalog, p: Prescription) -> dict[str, Any]:
    """One ITEM of the contract, plus extra keys (pattern, before, emphasis, duration)."""
    ex = p.exercise
    item: dict[str, Any] = {
        "exercise": ex.id,
        "name": ex.name,
        "group": ex.group,
        "pattern": ex.pattern,
        "target": list(ex.target),
        "accessory": list(ex.accessory),
        "grip": ex.grip,
        "equipment": list(ex.equipment),
        "sets": p.sets,
        "reps": list(p.reps),
        "tempo": p.tempo.to_dict(),
        "tempo_text": str(p.tempo),
        "rest_s": p.rest_s,
        "before": list(p.activation),
        "cues": list(p.cues),
        "between_sets": list(p.between_sets),
        "why": list(p.why),
        "emphasis": None if p.emphasis is None else p.emphasis.key,
        "unilateral": ex.unilateral,
        "alternating": ex.alternating,
        "duration_s": item_seconds(p),
    }
    if ex.components:
        item["components"] = [
            {"exercise": c, "name": catalog.exercises[c].name} for c in ex.components
        ]
    return item


def session_to_dict(
    catalog: Catalog,
    plan: SessionPlan,
    loads: Mapping[str, Recommendation] | None = None,
) -> dict[str, Any]:
    """The ``mindmuscle plan --format json`` document; ``loads`` adds each working item's
    ``recommendation`` (load and reps from the lifter's history)."""
    req = plan.request
    focus = [f.group if f.muscles is None else f"{f.group}:{','.join(sorted(f.muscles))}"
             for f in req.focus]  # fmt: skip
    return {
        "focus": focus,
        "level": req.level,
        "week": req.week,
        "first_month": req.first_month,
        "equipment": sorted(req.equipment),
        "emphasis": [o.key for o in req.emphasis],
        "minutes": req.minutes,
        "estimated_minutes": round(plan.estimated_seconds / 60),
        "notes": list(plan.notes),
        "blocks": [
            {
                "kind": b.kind,
                "items": [_with_load(item_to_dict(catalog, p), loads) for p in b.items],
            }
            for b in plan.blocks
        ],
    }


def _with_load(item: dict[str, Any], loads: Mapping[str, Recommendation] | None) -> dict[str, Any]:
    if loads is not None and item["exercise"] in loads:
        item["recommendation"] = recommendation_to_dict(loads[item["exercise"]])
    return item


def _md_item(catalog: Catalog, n: int, p: Prescription) -> list[str]:
    ex = p.exercise
    low, high = p.reps
    head = (
        f"### {n}. {ex.name}  \n"
        f"`{p.sets} x {low}-{high}` reps, tempo `{p.tempo}`, rest {p.rest_s} s"
    )
    if ex.components:
        head += " - " + " + ".join(catalog.exercises[c].name for c in ex.components)
    lines = [head, ""]
    for title, texts in (
        ("Before the set", p.activation),
        ("During", p.cues),
        ("Between sets", p.between_sets),
        ("Why", p.why),
    ):
        if texts:
            lines.append(f"**{title}**")
            lines += [f"- {t}" for t in texts]
            lines.append("")
    return lines


def session_to_markdown(catalog: Catalog, plan: SessionPlan) -> str:
    """A session sheet in Markdown, for printing or sharing."""
    d = session_to_dict(catalog, plan)
    out = [
        f"# Session: {', '.join(d['focus'])}",
        "",
        f"{d['level'].capitalize()}, week {d['week']}"
        + (" (first month)" if d["first_month"] else "")
        + f", about {d['estimated_minutes']} minutes.",
        "",
    ]
    out += [f"> {note}" for note in plan.notes] + [""]
    n = 0
    for block in plan.blocks:
        out += [f"## {'Primers' if block.kind == 'primer' else 'Working sets'}", ""]
        for p in block.items:
            n += 1
            out += _md_item(catalog, n, p)
    return "\n".join(out).rstrip() + "\n"


def program_to_dict(catalog: Catalog, program: ProgramPlan) -> dict[str, Any]:
    """The ``mindmuscle program --format json`` document: every session in full."""
    req = program.request
    return {
        "split": req.split,
        "days_per_week": req.days,
        "level": req.level,
        "weeks": [
            {
                "week": w.week,
                "phase": w.phase,
                "first_month": w.week <= 4,
                "days": [
                    {"day": d.day, "name": d.name, "session": session_to_dict(catalog, d.session)}
                    for d in w.days
                ],
            }
            for w in program.weeks
        ],
    }


_PHASE_TEXT = {
    "introduction": "introduction: tempo first, light loads, no records",
    "build": "build: one more set per exercise as the waves rise",
    "deload": "deload: one set fewer, same tempo",
}


def program_to_markdown(catalog: Catalog, program: ProgramPlan) -> str:
    """A program overview in Markdown: one table per week."""
    req = program.request
    out = [f"# Program: {req.split}, {req.days} days a week, {len(program.weeks)} weeks", ""]
    for w in program.weeks:
        out += [f"## Week {w.week} - {_PHASE_TEXT[w.phase]}", ""]
        out += ["| day | session | exercises |", "| --- | --- | --- |"]
        for d in w.days:
            items = "; ".join(
                f"{p.exercise.name} {p.sets}x{p.reps[0]}-{p.reps[1]} @ {p.tempo}"
                for p in d.session.items
            )
            out.append(f"| {d.day} | {d.name} | {items} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
