"""The records the store keeps, as plain frozen dataclasses, and their validation.

A performed set is :class:`mindmuscle.planning.history.LoggedSet`; the other records live
here. Every ``check_*`` function raises :class:`InputError` with one sentence naming the
field, the value and what was expected, *before* anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Literal

from mindmuscle.errors import InputError
from mindmuscle.method.model import EQUIPMENT, GROUPS, LEVELS, GroupName, Level
from mindmuscle.method.tempo import PHASES, Tempo
from mindmuscle.planning.history import UNITS, LoggedSet, Unit

__all__ = [
    "DEFAULT_LIFTER",
    "PLAN_KINDS",
    "RECORDING_KINDS",
    "Batch",
    "BodyweightEntry",
    "ClientActivity",
    "Lifter",
    "PlanKind",
    "Recording",
    "RecordingKind",
    "SessionDetails",
    "Soreness",
    "StoredPlan",
    "TrainingSession",
    "check_bodyweight",
    "check_lifter",
    "check_plan",
    "check_recording",
    "check_session",
    "check_set",
    "check_soreness",
    "measured_tempo_of",
    "target_shares",
]

#: The lifter a local, single-user database belongs to.
DEFAULT_LIFTER: Final = "me"
MAX_ID_LENGTH: Final = 80

PlanKind = Literal["session", "program"]
PLAN_KINDS: Final[tuple[PlanKind, ...]] = ("session", "program")
RecordingKind = Literal["motion", "emg"]
RECORDING_KINDS: Final[tuple[RecordingKind, ...]] = ("motion", "emg")


@dataclass(frozen=True, slots=True)
class Lifter:
    """The lifter's profile: ``start_date`` is the first day of training with the method."""

    name: str = ""
    start_date: date | None = None
    level: Level = "novice"
    units: Unit = "kg"
    equipment: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """A planner output (one session, or a multi-week program) exactly as prescribed (JSON)."""

    id: str
    kind: PlanKind
    created_at: datetime
    prescription: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """A training session. ``auto`` sessions collect the sets of one day logged outside any
    started session; they are never "open"."""

    id: str
    started_at: datetime
    finished_at: datetime | None = None
    plan_id: str | None = None
    auto: bool = False
    title: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Soreness:
    """Next-day muscle soreness (DOMS, 0 none - 3 severe) of one group on one day."""

    day: date
    group: GroupName
    doms: int
    reported_at: datetime


@dataclass(frozen=True, slots=True)
class BodyweightEntry:
    id: str
    measured_at: datetime
    weight: float
    unit: Unit = "kg"


@dataclass(frozen=True, slots=True)
class Recording:
    """The analysis of a motion or EMG recording attached to a logged set.

    ``summary`` is the analysis output: for ``motion`` the ``analyze motion`` JSON
    (``rep_count``, ``reps`` with ``phases``) plus ``measured_tempo`` (the mean of the reps'
    phases); for ``emg`` the ``analyze emg`` summary (``target``, ``accessory``,
    ``target_share``) plus ``units`` and ``normalisation``. The raw file is not kept, only
    its ``sha256``: the same file attached twice to one set is stored once.
    """

    id: str
    set_id: str
    kind: RecordingKind
    filename: str
    sha256: str
    created_at: datetime
    summary: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Batch:
    """Records written together in one transaction (an import), or a whole history (an export).

    ``lifter`` is applied only when the database has no profile yet.
    """

    lifter: Lifter | None = None
    plans: tuple[StoredPlan, ...] = ()
    sessions: tuple[TrainingSession, ...] = ()
    sets: tuple[LoggedSet, ...] = ()
    soreness: tuple[Soreness, ...] = ()
    bodyweight: tuple[BodyweightEntry, ...] = ()
    recordings: tuple[Recording, ...] = ()


@dataclass(frozen=True, slots=True)
class ClientActivity:
    """What a coach's clients list needs of one lifter: the profile, the session count, the
    first and last session's start, how many plans assigned to the lifter no session has
    started yet, and the sets and soreness reports from a given time on (oldest first)."""

    lifter_id: str
    lifter: Lifter | None = None
    sessions: int = 0
    first_session: datetime | None = None
    last_session: datetime | None = None
    pending_plans: int = 0
    sets: tuple[LoggedSet, ...] = ()
    soreness: tuple[Soreness, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionDetails:
    """Some of a lifter's sessions with their sets (in time order), the recordings of those
    sets (oldest first) and the stored plans the sessions follow, by id."""

    sessions: tuple[TrainingSession, ...] = ()
    sets: tuple[LoggedSet, ...] = ()
    recordings: tuple[Recording, ...] = ()
    plans: Mapping[str, StoredPlan] = field(default_factory=dict)


def _fail(what: str, name: str, value: object, expected: str) -> InputError:
    return InputError(f"{what} {name} is {value!r}; expected {expected}.")


def _int_in(what: str, name: str, value: object, low: int, high: int | None) -> None:
    if value is None:
        return
    top = f" to {high}" if high is not None else " or more"
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(what, name, value, f"a whole number from {low}{top}")
    if value < low or (high is not None and value > high):
        raise _fail(what, name, value, f"a whole number from {low}{top}")


def _check_id(what: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise _fail(what, "id", value, f"a non-empty text of at most {MAX_ID_LENGTH} characters")


def _check_aware(what: str, name: str, value: object) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _fail(what, name, value, "a date and time with a time zone")


def check_set(s: LoggedSet) -> None:
    """Validate a set: reps >= 0, load >= 0, mmc 1-10, pump 0-3, rir >= 0, known unit/block,
    set number 1 up."""
    what = "Set field"
    _check_id(what, s.id)
    if not isinstance(s.exercise, str) or not s.exercise.strip():
        raise _fail(what, "exercise", s.exercise, "an exercise id")
    _check_aware(what, "performed_at", s.performed_at)
    _int_in(what, "reps", s.reps, 0, 1000)
    if s.reps is None:
        raise _fail(what, "reps", s.reps, "a whole number from 0 to 1000")
    if s.load is not None and (
        not isinstance(s.load, int | float) or isinstance(s.load, bool) or not 0 <= s.load < 1e4
    ):
        raise _fail(what, "load", s.load, "a number from 0 up (or none for bodyweight)")
    if s.unit not in UNITS:
        raise _fail(what, "unit", s.unit, "kg or lb")
    if s.block not in ("primer", "working"):
        raise _fail(what, "block", s.block, "primer or working")
    _int_in(what, "mmc", s.mmc, 1, 10)
    _int_in(what, "pump", s.pump, 0, 3)
    _int_in(what, "rir", s.rir, 0, 20)
    _int_in(what, "set_number", s.set_number, 1, 1000)
    if s.failure and s.rir not in (None, 0):
        raise _fail(what, "rir", s.rir, "0 or nothing for a set taken to failure")
    if s.rep_range is not None:
        low, high = s.rep_range
        _int_in(what, "rep_range", low, 0, 1000)
        _int_in(what, "rep_range", high, max(low, 1), 1000)


def check_session(s: TrainingSession) -> None:
    what = "Session field"
    _check_id(what, s.id)
    _check_aware(what, "started_at", s.started_at)
    if s.finished_at is not None:
        _check_aware(what, "finished_at", s.finished_at)
        if s.finished_at < s.started_at:
            raise _fail(what, "finished_at", s.finished_at.isoformat(), "a time after the start")


def check_lifter(lifter: Lifter) -> None:
    what = "Lifter field"
    if lifter.level not in LEVELS:
        raise _fail(what, "level", lifter.level, "novice, intermediate or advanced")
    if lifter.units not in UNITS:
        raise _fail(what, "units", lifter.units, "kg or lb")
    for item in lifter.equipment:
        if item not in EQUIPMENT:
            raise _fail(what, "equipment", item, f"one of {', '.join(EQUIPMENT)}")


def check_soreness(s: Soreness) -> None:
    what = "Soreness field"
    if s.group not in GROUPS:
        raise _fail(what, "group", s.group, f"one of {', '.join(GROUPS)}")
    _int_in(what, s.group, s.doms, 0, 3)
    if s.doms is None:
        raise _fail(what, s.group, s.doms, "a whole number from 0 to 3")
    _check_aware(what, "reported_at", s.reported_at)


def check_bodyweight(b: BodyweightEntry) -> None:
    what = "Bodyweight field"
    _check_id(what, b.id)
    _check_aware(what, "measured_at", b.measured_at)
    if (
        not isinstance(b.weight, int | float)
        or isinstance(b.weight, bool)
        or not 0 < b.weight < 1e3
    ):
        raise _fail(what, "weight", b.weight, "a number above 0")
    if b.unit not in UNITS:
        raise _fail(what, "unit", b.unit, "kg or lb")


def check_plan(p: StoredPlan) -> None:
    what = "Plan field"
    _check_id(what, p.id)
    if p.kind not in PLAN_KINDS:
        raise _fail(what, "kind", p.kind, "session or program")
    _check_aware(what, "created_at", p.created_at)
    if not isinstance(p.prescription, Mapping):
        raise _fail(what, "prescription", type(p.prescription).__name__, "a JSON object")


_HEX: Final = frozenset("0123456789abcdef")


def check_recording(r: Recording) -> None:
    """Validate a recording: ids, kind motion or emg, a file name, a SHA-256, a JSON summary."""
    what = "Recording field"
    _check_id(what, r.id)
    if not isinstance(r.set_id, str) or not r.set_id.strip() or len(r.set_id) > MAX_ID_LENGTH:
        raise _fail(what, "set_id", r.set_id, "the id of a logged set")
    if r.kind not in RECORDING_KINDS:
        raise _fail(what, "kind", r.kind, "motion or emg")
    if not isinstance(r.filename, str) or not r.filename.strip() or len(r.filename) > 255:
        raise _fail(what, "filename", r.filename, "a file name of at most 255 characters")
    if not isinstance(r.sha256, str) or len(r.sha256) != 64 or not set(r.sha256) <= _HEX:
        raise _fail(what, "sha256", r.sha256, "64 lower-case hexadecimal digits")
    _check_aware(what, "created_at", r.created_at)
    if not isinstance(r.summary, Mapping):
        raise _fail(what, "summary", type(r.summary).__name__, "a JSON object")


def measured_tempo_of(summary: Mapping[str, Any]) -> Tempo | None:
    """The mean of the reps' phases of a motion summary (0.1 s), or None without reps."""
    reps = [r for r in summary.get("reps", ()) if isinstance(r, Mapping) and "phases" in r]
    if not reps:
        return None
    ecc, bottom, con, top = (
        round(sum(float(r["phases"][p]) for r in reps) / len(reps), 1) for p in PHASES
    )
    return Tempo(ecc, bottom, con, top)


def target_shares(recordings: Sequence[Recording]) -> dict[str, float]:
    """The EMG target share of each set with an EMG recording (the newest one wins)."""
    return {
        r.set_id: float(r.summary["target_share"])
        for r in recordings
        if r.kind == "emg" and isinstance(r.summary.get("target_share"), int | float)
    }
