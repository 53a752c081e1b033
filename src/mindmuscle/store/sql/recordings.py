"""Recordings in SQL: the rows of ``recordings`` and attaching one to a set (used by
:class:`~mindmuscle.store.sql.repository.SqlRepository`, inside its transactions)."""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from mindmuscle.store.codec import tempo_to_json
from mindmuscle.store.records import Recording, RecordingKind, measured_tempo_of
from mindmuscle.store.repository import WriteResult, conflict, no_such_set, same_file
from mindmuscle.store.sql.models import RecordingRow, SessionRow, SetRow

__all__ = ["attach", "list_recordings", "recording_from_row"]


def recording_from_row(row: RecordingRow) -> Recording:
    return Recording(
        id=row.id,
        set_id=row.set_id,
        kind=cast(RecordingKind, row.kind),
        filename=row.filename,
        sha256=row.sha256,
        created_at=row.created_at,
        summary=row.summary,
    )


def _to_row(r: Recording, lifter_id: str) -> RecordingRow:
    return RecordingRow(
        id=r.id,
        lifter_id=lifter_id,
        set_id=r.set_id,
        kind=r.kind,
        filename=r.filename,
        sha256=r.sha256,
        created_at=r.created_at,
        summary=dict(r.summary),
    )


def attach(
    db: Session, lifter_id: str, recording: Recording, *, measure: bool
) -> tuple[Recording, WriteResult]:
    """Insert ``recording`` unless its id or its file is stored for the set already; with
    ``measure``, a motion recording's mean phases become the set's ``measured_tempo``."""
    set_row = db.get(SetRow, recording.set_id)
    session = None if set_row is None else db.get(SessionRow, set_row.session_id)
    if set_row is None or session is None or session.lifter_id != lifter_id:
        raise no_such_set(recording.set_id)
    old = db.get(RecordingRow, recording.id)
    if old is not None:
        stored = recording_from_row(old)
        if old.lifter_id != lifter_id or not same_file(stored, recording):
            raise conflict("recording", recording.id)
        return stored, "unchanged"
    same = sa.select(RecordingRow).where(
        RecordingRow.set_id == recording.set_id, RecordingRow.sha256 == recording.sha256
    )
    found = db.scalars(same).first()
    if found is not None:
        return recording_from_row(found), "unchanged"
    db.add(_to_row(recording, lifter_id))
    tempo = measured_tempo_of(recording.summary) if recording.kind == "motion" else None
    if measure and tempo is not None:
        set_row.measured_tempo = tempo_to_json(tempo)
    db.flush()
    return recording, "added"


def list_recordings(db: Session, lifter_id: str, set_id: str | None) -> list[Recording]:
    query = (
        sa.select(RecordingRow)
        .where(RecordingRow.lifter_id == lifter_id)
        .order_by(RecordingRow.created_at, RecordingRow.id)
    )
    if set_id is not None:
        query = query.where(RecordingRow.set_id == set_id)
    return [recording_from_row(r) for r in db.scalars(query)]
