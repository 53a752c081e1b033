"""Hevy's CSV export (comma separated; weights in kg or lbs by the app's setting)::

    title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe

(``weight_lbs`` and ``distance_miles`` in imperial exports). Times look like
``15 Jan 2024, 18:04``; ``set_type`` is ``normal``, ``warmup``, ``failure`` or ``dropset``.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Final

from mindmuscle.errors import DataError
from mindmuscle.method.catalog import Catalog
from mindmuscle.planning.history import Block, Unit
from mindmuscle.store.importers import Collector, ImportResult, SetFields, rir_from_rpe
from mindmuscle.store.importers._csv import CsvRow, read_table
from mindmuscle.store.importers.names import NameMapper
from mindmuscle.store.records import TrainingSession

__all__ = ["REQUIRED", "parse_hevy"]

REQUIRED: Final = (
    "title", "start_time", "end_time", "exercise_title", "set_index", "set_type", "reps",
)  # fmt: skip
_FORMATS: Final = (
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%d %B %Y, %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
)
_OTHER_APPS: Final = {"Exercise Name": "a Strong export (use 'import strong')"}
_TYPES: Final[dict[str, tuple[Block, bool | None, str]]] = {
    "normal": ("working", None, ""),
    "warmup": ("primer", None, ""),
    "failure": ("working", True, ""),
    "dropset": ("working", None, "drop set"),
}


def _weight_column(header: list[str], source: str) -> tuple[str, Unit]:
    if "weight_kg" in header:
        return "weight_kg", "kg"
    if "weight_lbs" in header:
        return "weight_lbs", "lb"
    raise DataError(
        f"{source}, row 1: column 'weight_kg' (or 'weight_lbs') is missing; "
        "expected a Hevy CSV export."
    )


def _session(row: CsvRow, collector: Collector, tz: tzinfo | None) -> TrainingSession:
    started = row.time("start_time", _FORMATS, tz)
    ended = row.time("end_time", _FORMATS, tz) if row.text("end_time") else None
    if ended is not None and ended < started:
        row.fail("end_time", f"{row.text('end_time')!r} is before the start_time")
    key = (row.text("title"), row.text("start_time"))
    return collector.session(
        key,
        TrainingSession(
            id="",
            started_at=started,
            finished_at=ended,
            title=row.text("title"),
            notes=row.text("description"),
        ),
    )


def _set_fields(row: CsvRow, weight_column: str, unit: Unit) -> SetFields | str:
    name = row.text("exercise_title")
    if not name:
        row.fail("exercise_title", "is empty; expected the exercise's name")
    kind = row.text("set_type").lower()
    if kind not in _TYPES:
        row.fail("set_type", f"{kind!r} is not one of {', '.join(_TYPES)}")
    if row.whole_or_none("set_index") is None:
        row.fail("set_index", "is empty; expected the set's number")
    reps = row.whole_or_none("reps")
    if reps is None:
        return "no reps (timed or distance exercise)"
    if reps < 0:
        row.fail("reps", f"{reps} is negative; expected 0 or more")
    weight = row.number_or_none(weight_column)
    if weight is not None and weight < 0:
        return "negative weight (assisted exercise)"
    block, failure, note = _TYPES[kind]
    rir = 0 if failure else rir_from_rpe(row, "rpe") if "rpe" in row.values else None
    return SetFields(
        app_name=name,
        reps=reps,
        load=weight or None,
        unit=unit,
        block=block,
        failure=failure,
        rir=rir,
        notes=" ".join(p for p in (row.text("exercise_notes"), note) if p),
    )


def parse_hevy(data: bytes, *, source: str, catalog: Catalog, tz: tzinfo | None) -> ImportResult:
    """Read a Hevy export; ``tz`` is the zone of its (zone-less) times."""
    header, rows = read_table(
        data, source=source, app="Hevy", required=REQUIRED, other_app=_OTHER_APPS
    )
    weight_column, unit = _weight_column(header, source)
    collector = Collector("hevy", NameMapper(catalog))
    for row in rows:
        collector.rows += 1
        fields = _set_fields(row, weight_column, unit)
        session = _session(row, collector, tz)
        if isinstance(fields, str):
            collector.skip(row, fields)
        else:
            collector.add(row, session, fields)
    return collector.result()
