"""Logging commands: ``log``, ``session start|finish``, ``soreness``, ``bodyweight``,
``history``. Registering this module also registers the other storage commands
(``db``, ``lifter``, ``import``, ``export``)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer

from mindmuscle.cli.db_commands import DbOption, cli_catalog, now, repository
from mindmuscle.errors import InputError

if TYPE_CHECKING:
    from mindmuscle.planning.history import LoggedSet, Unit
    from mindmuscle.store import StoredPlan
    from mindmuscle.store.records import PlanKind

__all__ = ["ParsedSet", "parse_pairs", "parse_set_words", "register"]

_SET = re.compile(
    r"^(?P<exercise>.+?)\s+(?P<load>bw|bodyweight|\d+(?:[.,]\d+)?\s*(?:kg|kgs|lb|lbs)?)"
    r"\s*[x×*]\s*(?P<reps>\d+)$",
    re.IGNORECASE,
)
_EXAMPLE: Final = "e.g. 'bench_press 60kg x 8', '60 x 8', '135lb x 10' or 'pull_up bw x 12'"


@dataclass(frozen=True, slots=True)
class ParsedSet:
    exercise: str
    load: float | None
    unit: Unit | None
    reps: int


def parse_set_words(words: list[str]) -> ParsedSet:
    """``["bench_press", "60kg", "x", "8"]`` -> exercise, load (None = bodyweight), unit, reps.

    >>> parse_set_words(["bench", "press", "135lb", "x", "10"])
    ParsedSet(exercise='bench press', load=135.0, unit='lb', reps=10)
    >>> parse_set_words(["pull_up", "bw", "x", "12"])
    ParsedSet(exercise='pull_up', load=None, unit=None, reps=12)
    """
    text = " ".join(" ".join(words).split())
    match = _SET.match(text)
    if match is None:
        raise InputError(f"Cannot read {text!r} as EXERCISE LOAD x REPS; expected {_EXAMPLE}.")
    load_text = match["load"].lower().replace(",", ".")
    if load_text in ("bw", "bodyweight"):
        return ParsedSet(match["exercise"], None, None, int(match["reps"]))
    number = re.match(r"[\d.]+", load_text)
    assert number is not None  # the pattern above guarantees digits
    unit: Unit | None = "lb" if "lb" in load_text else "kg" if "kg" in load_text else None
    return ParsedSet(match["exercise"], float(number.group()), unit, int(match["reps"]))


def parse_pairs(pairs: list[str]) -> dict[str, int]:
    """``["chest=2", "back=1"]`` -> ``{"chest": 2, "back": 1}`` (values checked by the store)."""
    from mindmuscle.method.model import GROUPS

    out: dict[str, int] = {}
    for pair in pairs:
        group, sep, value = pair.partition("=")
        group = group.strip().lower()
        if not sep or not value.strip().lstrip("-").isdigit():
            raise InputError(f"Cannot read {pair!r}; expected GROUP=DOMS like chest=2 (0-3).")
        if group not in GROUPS:
            raise InputError(
                f"Unknown muscle group {group!r}; expected one of {', '.join(GROUPS)}."
            )
        out[group] = int(value)
    if not out:
        raise InputError("Give at least one GROUP=DOMS pair, e.g. chest=2 back=1.")
    return out


def _when(at: str | None) -> datetime:
    if at is None:
        return now()
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        raise InputError(f"--at {at!r} is not a date and time like 2024-05-01T18:30.") from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def _rep_range(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    low, sep, high = text.partition("-")
    if not (sep and low.strip().isdigit() and high.strip().isdigit()):
        raise InputError(f"--rep-range {text!r} is not LOW-HIGH like 8-12.")
    return int(low), int(high)


def _tempo(text: str | None, option: str) -> object:
    from mindmuscle.errors import TempoError
    from mindmuscle.method.tempo import Tempo

    if text is None:
        return None
    try:
        return Tempo.parse(text)
    except TempoError as exc:
        raise InputError(f"{option}: {exc}") from None


def _describe(s: LoggedSet, name: str) -> str:
    load = "bodyweight" if s.load is None else f"{s.load:g} {s.unit}"
    extras = [f"tempo {s.tempo}" if s.tempo else "", f"mmc {s.mmc}" if s.mmc else ""]
    extras += ["to failure" if s.failure else "", f"rir {s.rir}" if s.rir is not None else ""]
    extras += [
        f"pump {s.pump}" if s.pump is not None else "",
        s.block if s.block != "working" else "",
    ]
    tail = ", ".join(e for e in extras if e)
    return f"{name}: {load} x {s.reps}{', ' + tail if tail else ''}"


def log(
    words: Annotated[list[str], typer.Argument(metavar="EXERCISE LOAD x REPS", help=_EXAMPLE)],
    tempo: Annotated[str | None, typer.Option(help="Prescribed tempo, e.g. 4-0-1-1.")] = None,
    mmc: Annotated[
        int | None, typer.Option(help="How well you felt the target muscle, 1-10.")
    ] = None,
    failure: Annotated[bool, typer.Option("--failure", help="The set reached failure.")] = False,
    rir: Annotated[int | None, typer.Option(help="Reps in reserve.")] = None,
    pump: Annotated[int | None, typer.Option(help="Pump, 0 (none) to 3.")] = None,
    notes: Annotated[str, typer.Option(help="Free text.")] = "",
    primer: Annotated[bool, typer.Option("--primer", help="A primer (warm-up) set.")] = False,
    rep_range: Annotated[str | None, typer.Option(help="Prescribed reps, e.g. 8-12.")] = None,
    measured_tempo: Annotated[str | None, typer.Option(help="Tempo measured by a sensor.")] = None,
    set_id: Annotated[
        str | None,
        typer.Option("--id", help="Your id for the set (a retry with the same id is harmless)."),
    ] = None,
    at: Annotated[str | None, typer.Option(help="When, ISO 8601 (default: now).")] = None,
    motion: Annotated[
        Path | None, typer.Option(help="IMU CSV of the set: attach it, measure the tempo.")
    ] = None,
    emg: Annotated[Path | None, typer.Option(help="EMG recording of the set: attach it.")] = None,
    target: Annotated[str | None, typer.Option(help="With --emg: the target channel.")] = None,
    accessory: Annotated[
        str | None, typer.Option(help="With --emg: accessory channels, CH,CH.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Log a completed set; it is stored the moment this returns."""
    from mindmuscle.cli import attach_commands
    from mindmuscle.planning.history import LoggedSet
    from mindmuscle.store.service import record_set

    parsed = parse_set_words(words)
    exercise = cli_catalog().exercise(parsed.exercise)
    with repository(db) as repo:
        lifter = repo.get_lifter()
        unit = parsed.unit or (lifter.units if lifter is not None else "kg")
        logged = LoggedSet(
            id=set_id or str(uuid.uuid4()),
            exercise=exercise.id,
            performed_at=_when(at),
            reps=parsed.reps,
            load=parsed.load,
            unit=unit,
            block="primer" if primer else "working",
            tempo=_tempo(tempo, "--tempo"),  # type: ignore[arg-type]
            rep_range=_rep_range(rep_range),
            measured_tempo=_tempo(measured_tempo, "--measured-tempo"),  # type: ignore[arg-type]
            failure=True if failure else None,
            rir=rir,
            mmc=mmc,
            pump=pump,
            notes=notes,
        )
        if (target or accessory) and emg is None:
            raise InputError("--target and --accessory name channels of an --emg recording.")
        read = attach_commands.read_recording
        recordings = [  # analysed before anything is written: a bad file writes nothing
            read(
                f,
                kind=k,
                set_id=logged.id,
                exercise=exercise.id,
                target=ch,
                accessory=acc,
                tempo=logged.tempo if k == "motion" else None,
            )
            for k, f, ch, acc in (("motion", motion, None, None), ("emg", emg, target, accessory))
            if f is not None
        ]
        stored, result = record_set(repo, logged)
        lines = [attach_commands.store_recording(repo, r) for r in recordings]
    verb = "Logged" if result == "added" else "Already logged"
    typer.echo(f"{verb} {_describe(stored, exercise.name)} (set {stored.id}).")
    for line in lines:
        typer.echo(line)


session_app = typer.Typer(help="Start and finish a training session.")


def read_plan_file(path: Path, moment: datetime) -> StoredPlan:
    import hashlib
    import json

    from mindmuscle.errors import DataError
    from mindmuscle.store import StoredPlan

    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the plan file {path}: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}, line {exc.lineno}: not valid JSON ({exc.msg}).") from None
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected the JSON object of 'mindmuscle plan --format json'.")
    kind: PlanKind = "program" if "weeks" in data else "session"
    plan_id = "plan-" + hashlib.sha256(text.encode()).hexdigest()[:32]
    return StoredPlan(id=plan_id, kind=kind, created_at=moment, prescription=data)


@session_app.command("start")
def session_start(
    plan: Annotated[
        Path | None, typer.Option(help="The plan JSON to follow (stored with the session).")
    ] = None,
    title: Annotated[str, typer.Option(help="A name for the session.")] = "",
    db: DbOption = None,
) -> None:
    """Open a session; sets logged until 'session finish' belong to it."""
    from mindmuscle.store.service import start_session

    moment = now()
    stored_plan = None if plan is None else read_plan_file(plan, moment)
    with repository(db) as repo:
        if stored_plan is not None:
            stored_plan = repo.get_plan(stored_plan.id) or stored_plan
        session = start_session(
            repo, session_id=str(uuid.uuid4()), now=moment, plan=stored_plan, title=title
        )
    typer.echo(f"Session started at {session.started_at:%H:%M} (id {session.id}).")


@session_app.command("finish")
def session_finish(db: DbOption = None) -> None:
    """Close the open session."""
    from mindmuscle.store.service import finish_session

    with repository(db) as repo:
        session = finish_session(repo, now=now())
        count = len(repo.session_sets(session.id))
    assert session.finished_at is not None
    minutes = (session.finished_at - session.started_at).total_seconds() / 60
    typer.echo(f"Session finished: {count} sets in {minutes:.0f} min.")


def soreness(
    pairs: Annotated[
        list[str],
        typer.Argument(metavar="GROUP=DOMS...", help="e.g. chest=2 back=1 (0 none - 3 severe)"),
    ],
    day: Annotated[
        str | None, typer.Option("--date", help="The day it was felt (default: today).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Report next-day muscle soreness (DOMS) per group: chest, back, shoulders, arms, legs."""
    from mindmuscle.store import Soreness

    values = parse_pairs(pairs)
    moment = now()
    try:
        on = moment.date() if day is None else date.fromisoformat(day)
    except ValueError:
        raise InputError(f"--date {day!r} is not a date like 2024-05-01.") from None
    reports = [
        Soreness(day=on, group=g, doms=v, reported_at=moment)  # type: ignore[arg-type]
        for g, v in values.items()
    ]
    with repository(db) as repo:
        repo.report_soreness(reports)
    typer.echo(f"Soreness on {on}: " + ", ".join(f"{g} {v}" for g, v in values.items()) + ".")


def bodyweight(
    weight: Annotated[str, typer.Argument(metavar="WEIGHT", help="e.g. 80kg or 176lb")],
    db: DbOption = None,
) -> None:
    """Record your bodyweight."""
    from mindmuscle.store import BodyweightEntry

    match = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(kg|lb|lbs)?", weight.strip().lower())
    if match is None:
        raise InputError(f"Cannot read {weight!r} as a bodyweight; expected e.g. 80kg or 176lb.")
    with repository(db) as repo:
        lifter = repo.get_lifter()
        unit_text = match[2] or (lifter.units if lifter is not None else "kg")
        unit: Unit = "lb" if unit_text.startswith("lb") else "kg"
        entry = BodyweightEntry(
            id=str(uuid.uuid4()),
            measured_at=now(),
            weight=float(match[1].replace(",", ".")),
            unit=unit,
        )
        repo.add_bodyweight(entry)
    typer.echo(f"Bodyweight {entry.weight:g} {entry.unit} recorded.")


def register(app: typer.Typer) -> None:
    """Add the logging commands, and the other storage commands, to ``app``."""
    from mindmuscle.cli import db_commands, exchange_commands, history_commands, lifter_commands

    app.command("log")(log)
    app.add_typer(session_app, name="session")
    app.command("soreness")(soreness)
    app.command("bodyweight")(bodyweight)
    history_commands.register(app)
    lifter_commands.register(app)
    exchange_commands.register(app)
    db_commands.register(app)
