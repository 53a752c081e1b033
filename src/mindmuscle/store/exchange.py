"""Export of the whole history as JSON (lossless, re-importable) and CSV (one row per set).

JSON schema, ``schema_version`` 3 (times are ISO 8601 in UTC, days ``YYYY-MM-DD``)::

    {"schema_version": 3,
     "lifter": {"name", "start_date", "level", "units", "equipment": [..]} | null,
     "plans": [{"id", "kind": "session"|"program", "created_at", "prescription": {..}}],
     "sessions": [{"id", "started_at", "finished_at", "plan_id", "auto", "title", "notes"}],
     "sets": [{"id", "session_id", "exercise", "block": "primer"|"working", "performed_at",
               "reps", "load" (null = bodyweight), "unit": "kg"|"lb", "tempo", "rep_range",
               "measured_tempo", "failure", "rir", "mmc", "pump", "notes",
               "set_number" (the plan's set it fills, 1 up; null when unknown)}],
     "soreness": [{"day", "group", "doms", "reported_at"}],
     "bodyweight": [{"id", "measured_at", "weight", "unit"}],
     "recordings": [{"id", "set_id", "kind": "motion"|"emg", "filename", "sha256",
                     "created_at", "summary": {..}}]}

Version 2 added ``recordings`` (the analyses of motion and EMG files attached to sets; the
files themselves are not kept), version 3 the sets' ``set_number``; files of versions 1 and
2, without them, are still read.

A tempo is ``{"eccentric": 4, "bottom": 0, "concentric": 1, "top": 2}`` (plus
``"explosive": [phase, ..]`` for ``X`` phases); ``rep_range`` is ``[low, high]`` or null.
:func:`batch_from_json` reads it back strictly: export, import into an empty database and
export again gives the identical file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final, TypeVar, cast

from mindmuscle.errors import DataError, InputError
from mindmuscle.planning.history import LoggedSet
from mindmuscle.store._json_fields import Obj
from mindmuscle.store.codec import tempo_from_json, tempo_to_json, utc
from mindmuscle.store.records import (
    Batch,
    BodyweightEntry,
    Lifter,
    Recording,
    Soreness,
    StoredPlan,
    TrainingSession,
    check_bodyweight,
    check_lifter,
    check_plan,
    check_recording,
    check_session,
    check_set,
    check_soreness,
)

__all__ = ["CSV_COLUMNS", "SCHEMA_VERSION", "batch_from_json", "batch_to_json", "sets_to_csv"]

SCHEMA_VERSION: Final = 3
_READABLE: Final = (1, 2, 3)
_TOP_KEYS: Final = (
    "schema_version",
    "lifter",
    "plans",
    "sessions",
    "sets",
    "soreness",
    "bodyweight",
    "recordings",
)
CSV_COLUMNS: Final = (
    "id", "session_id", "session_title", "performed_at", "exercise", "block", "load", "unit",
    "reps", "rep_low", "rep_high", "tempo", "measured_tempo", "failure", "rir", "mmc", "pump",
    "notes", "set_number",
)  # fmt: skip

T = TypeVar("T")


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else utc(moment).isoformat()


def _set_json(s: LoggedSet) -> dict[str, Any]:
    return {
        "id": s.id,
        "session_id": s.session_id,
        "exercise": s.exercise,
        "block": s.block,
        "performed_at": _time(s.performed_at),
        "reps": s.reps,
        "load": s.load,
        "unit": s.unit,
        "tempo": tempo_to_json(s.tempo),
        "rep_range": None if s.rep_range is None else list(s.rep_range),
        "measured_tempo": tempo_to_json(s.measured_tempo),
        "failure": s.failure,
        "rir": s.rir,
        "mmc": s.mmc,
        "pump": s.pump,
        "notes": s.notes,
        "set_number": s.set_number,
    }


def _lifter_json(lifter: Lifter | None) -> dict[str, Any] | None:
    if lifter is None:
        return None
    return {
        "name": lifter.name,
        "start_date": None if lifter.start_date is None else lifter.start_date.isoformat(),
        "level": lifter.level,
        "units": lifter.units,
        "equipment": list(lifter.equipment),
    }


def _session_json(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "started_at": _time(s.started_at),
        "finished_at": _time(s.finished_at),
        "plan_id": s.plan_id,
        "auto": s.auto,
        "title": s.title,
        "notes": s.notes,
    }


def _recording_json(r: Recording) -> dict[str, Any]:
    return {
        "id": r.id,
        "set_id": r.set_id,
        "kind": r.kind,
        "filename": r.filename,
        "sha256": r.sha256,
        "created_at": _time(r.created_at),
        "summary": r.summary,
    }


def batch_to_json(batch: Batch) -> str:
    """The documented JSON export of a whole history (deterministic: same data, same text)."""
    doc = {
        "schema_version": SCHEMA_VERSION,
        "lifter": _lifter_json(batch.lifter),
        "plans": [
            {
                "id": p.id,
                "kind": p.kind,
                "created_at": _time(p.created_at),
                "prescription": p.prescription,
            }
            for p in batch.plans
        ],
        "sessions": [_session_json(s) for s in batch.sessions],
        "sets": [_set_json(s) for s in batch.sets],
        "soreness": [
            {
                "day": r.day.isoformat(),
                "group": r.group,
                "doms": r.doms,
                "reported_at": _time(r.reported_at),
            }
            for r in batch.soreness
        ],
        "bodyweight": [
            {"id": b.id, "measured_at": _time(b.measured_at), "weight": b.weight, "unit": b.unit}
            for b in batch.bodyweight
        ],
        "recordings": [_recording_json(r) for r in batch.recordings],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def sets_to_csv(batch: Batch) -> str:
    """One row per set with its session's title; tempos written like ``4-0-1-2``."""
    titles = {s.id: s.title for s in batch.sessions}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in batch.sets:
        low, high = s.rep_range if s.rep_range is not None else ("", "")
        writer.writerow(
            [s.id, s.session_id, titles.get(s.session_id or "", ""), _time(s.performed_at),
             s.exercise, s.block, "" if s.load is None else s.load, s.unit, s.reps, low, high,
             "" if s.tempo is None else str(s.tempo),
             "" if s.measured_tempo is None else str(s.measured_tempo),
             _opt(s.failure), _opt(s.rir), _opt(s.mmc), _opt(s.pump), s.notes,
             _opt(s.set_number)]
        )  # fmt: skip
    return out.getvalue()


def _opt(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


# -- reading ---------------------------------------------------------------------------------


def batch_from_json(text: str, *, source: str) -> Batch:
    """Read a JSON export strictly; any problem is one :class:`DataError` naming the record."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{source}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})."
        ) from None
    root = Obj(source, "", doc)
    root.allow(*_TOP_KEYS)
    version = root.integer("schema_version")
    if version not in _READABLE:
        root.fail("schema_version", f"is {version}; this version reads 1 to {SCHEMA_VERSION}")
    if version == 1 and "recordings" in root.body:
        root.fail("recordings", "is not part of schema_version 1; expected schema_version 2")
    lifter_raw = root.raw("lifter")
    sets = _records(root, "sets", _set, check_set)
    if version < 3 and any(s.set_number is not None for s in sets):
        root.fail("sets", f"set_number is not part of schema_version {version}; expected 3")
    return Batch(
        lifter=None if lifter_raw is None else _checked(root.sub("lifter"), _lifter, check_lifter),
        plans=_records(root, "plans", _plan, check_plan),
        sessions=_records(root, "sessions", _session, check_session),
        sets=sets,
        soreness=_records(root, "soreness", _soreness, check_soreness),
        bodyweight=_records(root, "bodyweight", _bodyweight, check_bodyweight),
        recordings=(
            _records(root, "recordings", _recording, check_recording) if version >= 2 else ()
        ),
    )


def _checked(obj: Obj, build: Callable[[Obj], T], check: Callable[[T], None]) -> T:
    record = build(obj)
    try:
        check(record)
    except InputError as exc:
        raise DataError(f"{obj.source}, {obj.path}: {exc}") from None
    return record


def _records(
    root: Obj, key: str, build: Callable[[Obj], T], check: Callable[[T], None]
) -> tuple[T, ...]:
    return tuple(_checked(item, build, check) for item in root.items(key))


def _lifter(o: Obj) -> Lifter:
    o.allow("name", "start_date", "level", "units", "equipment")
    start = o.optional_text("start_date")
    return Lifter(
        name=o.text("name"),
        start_date=None if start is None else o.parse("start_date", start, date.fromisoformat),
        level=cast(Any, o.text("level")),
        units=cast(Any, o.text("units")),
        equipment=tuple(o.texts("equipment")),
    )


def _plan(o: Obj) -> StoredPlan:
    o.allow("id", "kind", "created_at", "prescription")
    prescription = o.raw("prescription")
    if not isinstance(prescription, dict):
        o.fail("prescription", "must be a JSON object")
    return StoredPlan(
        id=o.text("id"),
        kind=cast(Any, o.text("kind")),
        created_at=o.time("created_at"),
        prescription=prescription,
    )


def _session(o: Obj) -> TrainingSession:
    o.allow("id", "started_at", "finished_at", "plan_id", "auto", "title", "notes")
    return TrainingSession(
        id=o.text("id"),
        started_at=o.time("started_at"),
        finished_at=o.optional_time("finished_at"),
        plan_id=o.optional_text("plan_id"),
        auto=o.boolean("auto"),
        title=o.text("title"),
        notes=o.text("notes"),
    )


def _tempo(o: Obj, key: str) -> Any:
    try:
        return tempo_from_json(o.raw(key), where=f"{o.path}.{key}")
    except InputError as exc:
        raise DataError(f"{o.source}: {exc}") from None


def _set(o: Obj) -> LoggedSet:
    o.allow(
        "id", "session_id", "exercise", "block", "performed_at", "reps", "load", "unit",
        "tempo", "rep_range", "measured_tempo", "failure", "rir", "mmc", "pump", "notes",
        "set_number",
    )  # fmt: skip
    rep_range = o.optional_int_pair("rep_range")
    return LoggedSet(
        id=o.text("id"),
        session_id=o.text("session_id"),
        exercise=o.text("exercise"),
        block=cast(Any, o.text("block")),
        performed_at=o.time("performed_at"),
        reps=o.integer("reps"),
        load=o.optional_number("load"),
        unit=cast(Any, o.text("unit")),
        tempo=_tempo(o, "tempo"),
        rep_range=rep_range,
        measured_tempo=_tempo(o, "measured_tempo"),
        failure=o.optional_boolean("failure"),
        rir=o.optional_integer("rir"),
        mmc=o.optional_integer("mmc"),
        pump=o.optional_integer("pump"),
        notes=o.text("notes"),
        set_number=o.optional_integer("set_number"),
    )


def _soreness(o: Obj) -> Soreness:
    o.allow("day", "group", "doms", "reported_at")
    return Soreness(
        day=o.parse("day", o.text("day"), date.fromisoformat),
        group=cast(Any, o.text("group")),
        doms=o.integer("doms"),
        reported_at=o.time("reported_at"),
    )


def _bodyweight(o: Obj) -> BodyweightEntry:
    o.allow("id", "measured_at", "weight", "unit")
    weight = o.optional_number("weight")
    if weight is None:
        o.fail("weight", "is missing; expected a number")
    return BodyweightEntry(
        id=o.text("id"),
        measured_at=o.time("measured_at"),
        weight=weight,
        unit=cast(Any, o.text("unit")),
    )


def _recording(o: Obj) -> Recording:
    o.allow("id", "set_id", "kind", "filename", "sha256", "created_at", "summary")
    summary = o.raw("summary")
    if not isinstance(summary, dict):
        o.fail("summary", "must be a JSON object")
    return Recording(
        id=o.text("id"),
        set_id=o.text("set_id"),
        kind=cast(Any, o.text("kind")),
        filename=o.text("filename"),
        sha256=o.text("sha256"),
        created_at=o.time("created_at"),
        summary=summary,
    )
