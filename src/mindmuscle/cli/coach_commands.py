"""``mindmuscle coach``: run a session full screen with a tempo coach, log each set as it ends.

The shell around the pure engine: it picks the plan (options, a stored plan, or the open
session to resume), reads keys from a raw terminal with ``select`` until the engine's next
deadline, plays sounds, draws the screen and stores every set the moment it is entered.

``MINDMUSCLE_COACH_SPEED`` (hidden, for tests and demos) runs the coach's clock that many
times faster than real time, e.g. ``MINDMUSCLE_COACH_SPEED=50``.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, now, repository
from mindmuscle.cli.plan_commands import EmphasisOpt, EquipmentOpt, MinutesOpt, SeedOpt
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from mindmuscle.method.catalog import Catalog
    from mindmuscle.planning.history import Unit
    from mindmuscle.planning.session import SessionPlan
    from mindmuscle.store import Repository, StoredPlan, TrainingSession

__all__ = ["SPEED_ENV", "CoachSetup", "coach", "coach_speed", "register"]

SPEED_ENV: Final = "MINDMUSCLE_COACH_SPEED"


@dataclass(slots=True)
class CoachSetup:
    """What the terminal loop needs: the plan, the stored session, what is already done."""

    plan: SessionPlan
    session: TrainingSession | None
    stored_plan: StoredPlan
    completed: list[tuple[str, str, int]] = field(default_factory=list)
    loads: dict[str, float | None] = field(default_factory=dict)
    unit: Unit = "kg"
    mmc: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # exercise names (tri-set movements)


def coach_speed(environ: Mapping[str, str]) -> float:
    """The clock speed-up from ``MINDMUSCLE_COACH_SPEED`` (1 when unset)."""
    text = environ.get(SPEED_ENV, "").strip()
    if not text:
        return 1.0
    try:
        speed = float(text)
    except ValueError:
        speed = 0.0
    if not 0 < speed <= 10_000:
        raise InputError(f"{SPEED_ENV} has value {text!r}; expected a number from 0 to 10000.")
    return speed


def _stored_plan(catalog: Catalog, plan: SessionPlan, loads: Mapping[str, object]) -> StoredPlan:
    import hashlib
    import json

    from mindmuscle.planning.render import session_to_dict
    from mindmuscle.store import StoredPlan

    data = session_to_dict(catalog, plan, loads)  # type: ignore[arg-type]
    text = json.dumps(data, sort_keys=True)
    plan_id = "plan-" + hashlib.sha256(text.encode()).hexdigest()[:32]
    return StoredPlan(id=plan_id, kind="session", created_at=now(), prescription=data)


def _plan_by_id(repo: Repository, plan_id: str) -> StoredPlan:
    from mindmuscle.cli.log_commands import read_plan_file

    stored = repo.get_plan(plan_id)
    if stored is None and Path(plan_id).is_file():
        stored = read_plan_file(Path(plan_id), now())
        stored = repo.get_plan(stored.id) or stored
    if stored is None:
        raise InputError(f"--plan {plan_id!r} is neither a stored plan id nor a plan JSON file.")
    if stored.kind != "session" or "blocks" not in stored.prescription:
        raise InputError(f"Plan {plan_id!r} is a {stored.kind}; the coach runs one session plan.")
    return stored


def _plan_from_options(repo: Repository, catalog: Catalog, opts: dict[str, object]) -> StoredPlan:
    from mindmuscle.planning.loads import recommend_loads, week_of
    from mindmuscle.planning.request import PlanRequest
    from mindmuscle.planning.session import plan_session

    lifter = repo.get_lifter()
    today = now().date()
    week = opts["week"]
    if week is None:
        start = lifter.start_date if lifter is not None else None
        week = week_of(start, today) if start is not None else 1
    equipment = opts["equipment"]
    if equipment is None and lifter is not None and lifter.equipment:
        equipment = list(lifter.equipment)
    request = PlanRequest.parse(
        catalog,
        focus=str(opts["focus"] or "chest,back,shoulders,arms,legs"),
        level=str(opts["level"] or (lifter.level if lifter is not None else "novice")),
        week=int(week),  # type: ignore[call-overload]
        equipment=equipment,  # type: ignore[arg-type]
        minutes=opts["minutes"],  # type: ignore[arg-type]
        emphasis=opts["emphasis"],  # type: ignore[arg-type]
        seed=opts["seed"],  # type: ignore[arg-type]
    )
    plan = plan_session(catalog, request)
    unit = lifter.units if lifter is not None else "kg"
    loads = recommend_loads(plan, repo.sets(), today=today, unit=unit)
    return _stored_plan(catalog, plan, loads)


def _setup(
    repo: Repository, catalog: Catalog, stored: StoredPlan, session: TrainingSession | None
) -> CoachSetup:
    from mindmuscle.coaching.resume import completed_sets, plan_from_dict

    plan = plan_from_dict(catalog, stored.prescription)
    lifter = repo.get_lifter()
    unit: Unit = lifter.units if lifter is not None else "kg"
    loads: dict[str, float | None] = {}
    for block in stored.prescription.get("blocks", []):
        for item in block.get("items", []):
            rec = item.get("recommendation")
            if rec:
                loads[item["exercise"]] = rec.get("load")
                unit = rec.get("unit", unit)
    names = {k: e.name for k, e in catalog.exercises.items()}
    setup = CoachSetup(plan, session, stored, loads=loads, unit=unit, names=names)
    if session is not None:  # resuming: defaults from what was entered so far
        mine = repo.session_sets(session.id)
        setup.completed = completed_sets(plan, mine)
        for s in mine:
            setup.loads[s.exercise] = s.load
            if s.mmc is not None:
                setup.mmc[s.exercise] = s.mmc
    return setup


def _open_coached(repo: Repository) -> tuple[TrainingSession, StoredPlan] | None:
    """The open session and its session plan, if one is open; InputError if it has none."""
    session = repo.open_session()
    if session is None:
        return None
    plan = repo.get_plan(session.plan_id) if session.plan_id else None
    if plan is None or plan.kind != "session" or "blocks" not in plan.prescription:
        raise InputError(
            f"A session started at {session.started_at:%Y-%m-%d %H:%M} is open without a "
            "session plan to coach; finish it first with 'mindmuscle session finish'."
        )
    return session, plan


def prepare(
    repo: Repository, *, plan_id: str | None, resume: bool, opts: dict[str, object]
) -> CoachSetup:
    """Choose what to coach: the open session (resumed), a stored plan, or a new plan."""
    from mindmuscle.store.service import finish_session

    catalog = cli_catalog()
    given = [k for k, v in opts.items() if v is not None]
    if plan_id is not None and given:
        raise InputError(f"--plan takes a stored plan; drop --{given[0]} (a planning option).")
    found = _open_coached(repo)
    if resume and found is None:
        raise InputError("No session is open; there is nothing to resume.")
    if found is not None:
        session, stored = found
        setup = _setup(repo, catalog, stored, session)
        total = sum(p.sets for p in setup.plan.items)
        if resume or _ask_resume(session, len(setup.completed), total):
            return setup
        finish_session(repo, now=now())
    stored = (
        _plan_by_id(repo, plan_id)
        if plan_id is not None
        else _plan_from_options(repo, catalog, opts)
    )
    return _setup(repo, catalog, stored, None)


def _ask_resume(session: TrainingSession, done: int, total: int) -> bool:
    if not sys.stdin.isatty():
        raise InputError("A coached session is open; pass --resume, or finish it first.")
    return typer.confirm(
        f"A coached session started at {session.started_at:%H:%M} is open ({done} of {total} "
        "sets done). Resume it? (No finishes it and starts a new one)",
        default=True,
    )


def coach(
    plan_id: Annotated[
        str | None,
        typer.Option(
            "--plan", metavar="ID", help="A stored plan id (or a plan JSON file) to coach."
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            "-f",
            help="Comma list of groups (chest, back, shoulders, arms, legs) or muscles.",
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", "-l", help="novice, intermediate or advanced. Default: profile."),
    ] = None,
    week: Annotated[
        int | None,
        typer.Option("--week", "-w", help="Week with the method. Default: from the profile."),
    ] = None,
    equipment: EquipmentOpt = None,
    minutes: MinutesOpt = None,
    emphasis: EmphasisOpt = None,
    seed: SeedOpt = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the open session at its next set.")
    ] = False,
    sound: Annotated[
        bool, typer.Option("--sound/--no-sound", help="Clicks and voice when available.")
    ] = True,
    db: DbOption = None,
) -> None:
    """Coach a session full screen: activation, paced reps with cues, rest, then log each set.

    Keys: space start/pause/resume, s skip, e end set, f failed rep, + add rep, t tempo,
    q end the session. Ctrl-C leaves; 'mindmuscle coach --resume' goes on at the next set.

    Example: mindmuscle coach --focus biceps --minutes 20
    """
    from mindmuscle.cli.coach_loop import run_coach

    speed = coach_speed(os.environ)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError("mindmuscle coach needs an interactive terminal (stdin and stdout).")
    opts: dict[str, object] = {
        "focus": focus, "level": level, "week": week, "equipment": equipment,
        "minutes": minutes, "emphasis": emphasis, "seed": seed,
    }  # fmt: skip
    with repository(db) as repo:
        setup = prepare(repo, plan_id=plan_id, resume=resume, opts=opts)
        summary = run_coach(repo, setup, speed=speed, sound=sound)
    typer.echo(summary)


def new_session_id() -> str:
    return str(uuid.uuid4())


def register(app: typer.Typer) -> None:
    """Add ``coach`` to ``app``."""
    app.command("coach")(coach)
