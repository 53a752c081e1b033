"""Strong's CSV export, in both layouts seen in the wild:

- newer, comma separated, weight in the app's unit (passed in as ``unit``)::

    Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
    Notes,Workout Notes,RPE

- older, semicolon separated (decimal commas allowed), with unit columns::

    Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;
    Distance Unit;Seconds;Notes;Workout Notes;Workout Duration

(one header line each, wrapped here).
``Set Order`` is the set's number, or ``W`` (warm-up), ``D`` (drop set), ``F`` (failure).
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Final

from mindmuscle.method.catalog import Catalog
from mindmuscle.planning.history import Unit
from mindmuscle.store.importers import (
    Collector,
    ImportResult,
    SetFields,
    finished,
    rir_from_rpe,
)
from mindmuscle.store.importers._csv import CsvRow, read_table
from mindmuscle.store.importers.names import NameMapper
from mindmuscle.store.records import TrainingSession

__all__ = ["REQUIRED", "parse_strong"]

REQUIRED: Final = ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps")
_FORMATS: Final = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d",
)
_OTHER_APPS: Final = {"exercise_title": "a Hevy export (use 'import hevy')"}
_SKIPPED_ORDERS: Final = {"rest timer": "rest timer rows", "note": "note rows"}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|m|min|mins|s|sec|secs)\b")
_UNITS: Final[dict[str, Unit]] = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}


def _duration(row: CsvRow, column: str) -> float | None:
    """Seconds from ``1h 5m``, ``45m``, ``30s``, ``01:05:00`` or a plain number of seconds."""
    text = row.text(column).lower()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return _at_most_a_day(row, column, float(text))
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        parts = parts if len(parts) == 3 else [0, *parts]
        return _at_most_a_day(row, column, float(parts[0] * 3600 + parts[1] * 60 + parts[2]))
    found = _DURATION_PART.findall(text)
    if not found or _DURATION_PART.sub("", text).strip():
        row.fail(column, f"{text!r} is not a duration like '1h 5m'")
    scale = {"h": 3600, "m": 60, "s": 1}
    return _at_most_a_day(row, column, sum(float(n) * scale[u[0]] for n, u in found))


def _at_most_a_day(row: CsvRow, column: str, seconds: float) -> float:
    if seconds > 86400:
        row.fail(column, f"{row.text(column)!r} is longer than a day")
    return seconds


def _unit(row: CsvRow, default: Unit) -> Unit:
    if "Weight Unit" not in row.values or not row.text("Weight Unit"):
        return default
    unit = _UNITS.get(row.text("Weight Unit").lower())
    if unit is None:
        row.fail("Weight Unit", f"{row.text('Weight Unit')!r} is not kg or lbs")
    return unit


def _session(row: CsvRow, collector: Collector, tz: tzinfo | None) -> TrainingSession:
    started = row.time("Date", _FORMATS, tz)
    duration_column = "Duration" if "Duration" in row.values else "Workout Duration"
    duration = _duration(row, duration_column) if duration_column in row.values else None
    key = (row.text("Date"), row.text("Workout Name"))
    return collector.session(
        key,
        TrainingSession(
            id="",
            started_at=started,
            finished_at=finished(started, duration),
            title=row.text("Workout Name"),
            notes=row.text("Workout Notes"),
        ),
    )


def _set_fields(row: CsvRow, unit: Unit) -> SetFields | str:
    """The set in a row, or the reason the row is skipped."""
    name = row.text("Exercise Name")
    if not name:
        row.fail("Exercise Name", "is empty; expected the exercise's name")
    order = row.text("Set Order")
    if order.lower() in _SKIPPED_ORDERS:
        return _SKIPPED_ORDERS[order.lower()]
    if not (order.isdigit() or order.upper() in ("W", "D", "F")):
        row.fail("Set Order", f"{order!r} is not a set number or W, D, F")
    reps = row.whole_or_none("Reps")
    if reps is None or (reps == 0 and (row.number_or_none("Seconds") or 0) > 0):
        return "no reps (timed or distance exercise)"
    if reps < 0:
        row.fail("Reps", f"{reps} is negative; expected 0 or more")
    weight = row.number_or_none("Weight")
    if weight is not None and weight < 0:
        return "negative weight (assisted exercise)"
    kind = order.upper()
    return SetFields(
        app_name=name,
        reps=reps,
        load=weight or None,
        unit=_unit(row, unit),
        block="primer" if kind == "W" else "working",
        failure=True if kind == "F" else None,
        rir=0 if kind == "F" else rir_from_rpe(row, "RPE") if "RPE" in row.values else None,
        notes=" ".join(p for p in (row.text("Notes"), "drop set" if kind == "D" else "") if p),
    )


def parse_strong(
    data: bytes, *, source: str, catalog: Catalog, unit: Unit, tz: tzinfo | None
) -> ImportResult:
    """Read a Strong export; ``unit`` is the app's weight unit for files without a unit
    column, ``tz`` the zone of its (zone-less) times."""
    _, rows = read_table(
        data, source=source, app="Strong", required=REQUIRED, other_app=_OTHER_APPS
    )
    collector = Collector("strong", NameMapper(catalog))
    for row in rows:
        collector.rows += 1
        fields = _set_fields(row, unit)
        session = _session(row, collector, tz)
        if isinstance(fields, str):
            collector.skip(row, fields)
        else:
            collector.add(row, session, fields)
    return collector.result()
