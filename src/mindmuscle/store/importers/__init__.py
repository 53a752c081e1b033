"""Importers of other apps' CSV exports (Strong, Hevy) into a :class:`~mindmuscle.store.Batch`.

Reading is pure (bytes in, batch and report out) and all-or-nothing: a malformed, truncated
or wrong-app file raises one :class:`DataError` naming row and column, before anything is
written; the caller then writes the batch in one transaction.

Decisions, documented:

- Ids are derived from each row's content (plus the count of identical rows before it), so
  importing the same file twice adds nothing the second time.
- Warm-up sets (Strong ``W``, Hevy ``warmup``) are kept, in the ``primer`` block: they were
  the lifter's warm-up, and dropping them would lose volume. Drop sets are working sets noted
  "drop set"; failure sets get ``failure = true``.
- RPE becomes reps in reserve: ``rir = floor(10 - RPE)``.
- The apps export only a workout's start; its sets are stamped one second apart in file
  order, which keeps their order.
- Rows without reps (timed or distance exercises, rest timers) and rows whose exercise name
  matches nothing in the catalog are skipped and listed in the report, not invented.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mindmuscle.errors import DataError, InputError
from mindmuscle.planning.history import Block, LoggedSet, Unit
from mindmuscle.store.importers._csv import CsvRow, row_id
from mindmuscle.store.importers.names import NameMapper
from mindmuscle.store.records import Batch, TrainingSession, check_set

__all__ = ["ImportResult", "SkippedRow"]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a file holds for the store, and what was left out and why."""

    batch: Batch
    rows: int
    skipped: tuple[SkippedRow, ...] = ()
    unmapped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> list[str]:
        """Lines for the user: what was read, and every name that could not be mapped."""
        lines = [
            f"Read {self.rows} rows: {len(self.batch.sets)} sets in "
            f"{len(self.batch.sessions)} sessions."
        ]
        for name, count in sorted(self.unmapped.items()):
            lines.append(f"Skipped {count} row(s) of {name!r}: no such exercise in the catalog.")
        other = Counter(s.reason for s in self.skipped if not s.reason.startswith("unmapped"))
        for reason, count in sorted(other.items()):
            lines.append(f"Skipped {count} row(s): {reason}.")
        return lines


@dataclass(frozen=True, slots=True)
class SetFields:
    """The parts of a row that describe one set, app-independent."""

    app_name: str
    reps: int
    load: float | None
    unit: Unit
    block: Block = "working"
    failure: bool | None = None
    rir: int | None = None
    notes: str = ""


@dataclass
class Collector:
    """Builds sessions and sets row by row (one per import)."""

    app: str
    mapper: NameMapper
    rows: int = 0
    sessions: dict[str, TrainingSession] = field(default_factory=dict)
    sets: list[LoggedSet] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    _seen: Counter[tuple[str, ...]] = field(default_factory=Counter)
    _in_session: Counter[str] = field(default_factory=Counter)

    def session(self, key: tuple[str, ...], make: TrainingSession) -> TrainingSession:
        session_id = row_id(self.app, "session", *key)
        if session_id not in self.sessions:
            self.sessions[session_id] = TrainingSession(
                id=session_id,
                started_at=make.started_at,
                finished_at=make.finished_at,
                title=make.title,
                notes=make.notes,
            )
        return self.sessions[session_id]

    def skip(self, row: CsvRow, reason: str) -> None:
        self.skipped.append(SkippedRow(row.number, reason))

    def add(self, row: CsvRow, session: TrainingSession, fields: SetFields) -> None:
        exercise = self.mapper.map(fields.app_name)
        if exercise is None:
            self.unmapped[fields.app_name] += 1
            self.skip(row, f"unmapped exercise {fields.app_name!r}")
            return
        self._seen[row.raw] += 1
        position = self._in_session[session.id]
        self._in_session[session.id] += 1
        logged = LoggedSet(
            id=row_id(self.app, "set", *row.raw, self._seen[row.raw]),
            exercise=exercise,
            performed_at=session.started_at + timedelta(seconds=position),
            reps=fields.reps,
            load=fields.load,
            unit=fields.unit,
            block=fields.block,
            failure=fields.failure,
            rir=fields.rir,
            notes=fields.notes,
            session_id=session.id,
        )
        try:
            check_set(logged)
        except InputError as exc:
            raise DataError(f"{row.source}, row {row.number}: {exc}") from None
        self.sets.append(logged)

    def result(self) -> ImportResult:
        used = {s.session_id for s in self.sets}
        return ImportResult(
            batch=Batch(
                sessions=tuple(s for s in self.sessions.values() if s.id in used),
                sets=tuple(self.sets),
            ),
            rows=self.rows,
            skipped=tuple(self.skipped),
            unmapped=dict(self.unmapped),
        )


def rir_from_rpe(row: CsvRow, column: str) -> int | None:
    """Reps in reserve from an RPE column (1-10), ``floor(10 - RPE)``."""
    rpe = row.number_or_none(column)
    if rpe is None:
        return None
    if not 1 <= rpe <= 10:
        row.fail(column, f"{row.text(column)!r} is not an RPE from 1 to 10")
    return int(10 - rpe)


def finished(started: datetime, seconds: float | None) -> datetime | None:
    return None if not seconds else started + timedelta(seconds=seconds)
