"""What a coach writes for an athlete: notes on sets, and plans assigned (prescribed).

The plan itself is stored in the athlete's repository (it is theirs to run); the assignment
row records which coach prescribed it and when.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from mindmuscle.errors import InputError
from mindmuscle.store.accounts import AccountStore, User
from mindmuscle.store.sql.models import PlanAssignmentRow, SetNoteRow, UserRow

__all__ = [
    "Assignment",
    "Note",
    "add_note",
    "assign_plan",
    "assignments",
    "delete_note",
    "notes",
    "notes_by_set",
]


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    set_id: str
    lifter_id: str
    coach: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Assignment:
    plan_id: str
    lifter_id: str
    coach: str
    assigned_at: datetime


def add_note(
    store: AccountStore, coach: User, lifter_id: str, set_id: str, text: str, *, now: datetime
) -> Note:
    """A coach's note on a set of ``lifter_id`` (the caller checked the coach may write it)."""
    text = text.strip()
    if not 1 <= len(text) <= 2000:
        raise InputError("A note needs 1 to 2000 characters.")
    row = SetNoteRow(
        id=f"note-{uuid.uuid4()}",
        set_id=set_id,
        lifter_id=lifter_id,
        coach_id=coach.id,
        text=text,
        created_at=now,
    )
    with store.tx() as db:
        db.add(row)
    return Note(row.id, set_id, lifter_id, coach.username, text, now)


def delete_note(store: AccountStore, coach: User, lifter_id: str, note_id: str) -> bool:
    """Delete a note ``coach`` wrote on a set of ``lifter_id``; False when there is none
    (deleted already, or another coach's: only its author may take a note back)."""
    with store.tx() as db:
        gone = db.execute(
            sa.delete(SetNoteRow)
            .where(
                SetNoteRow.id == note_id,
                SetNoteRow.lifter_id == lifter_id,
                SetNoteRow.coach_id == coach.id,
            )
            .returning(SetNoteRow.id)
        ).first()
        return gone is not None


def notes(store: AccountStore, lifter_id: str) -> list[Note]:
    """The notes on the lifter's sets, oldest first."""
    with store.tx() as db:
        found = db.execute(
            sa.select(SetNoteRow, UserRow.username)
            .join(UserRow, UserRow.id == SetNoteRow.coach_id)
            .where(SetNoteRow.lifter_id == lifter_id)
            .order_by(SetNoteRow.created_at)
        ).all()
        return [Note(r.id, r.set_id, r.lifter_id, name, r.text, r.created_at) for r, name in found]


def notes_by_set(store: AccountStore, lifter_id: str) -> dict[str, list[Note]]:
    """The notes on the lifter's sets by set id, each set's oldest first."""
    by_set: dict[str, list[Note]] = {}
    for n in notes(store, lifter_id):
        by_set.setdefault(n.set_id, []).append(n)
    return by_set


def assign_plan(
    store: AccountStore, coach: User, lifter_id: str, plan_id: str, *, now: datetime
) -> Assignment:
    with store.tx() as db:
        db.add(
            PlanAssignmentRow(
                plan_id=plan_id, lifter_id=lifter_id, coach_id=coach.id, assigned_at=now
            )
        )
    return Assignment(plan_id, lifter_id, coach.username, now)


def assignments(store: AccountStore, lifter_id: str) -> list[Assignment]:
    """Plans assigned to the lifter, newest first."""
    with store.tx() as db:
        found = db.execute(
            sa.select(PlanAssignmentRow, UserRow.username)
            .join(UserRow, UserRow.id == PlanAssignmentRow.coach_id)
            .where(PlanAssignmentRow.lifter_id == lifter_id)
            .order_by(PlanAssignmentRow.assigned_at.desc(), PlanAssignmentRow.id.desc())
        ).all()
        return [Assignment(r.plan_id, r.lifter_id, name, r.assigned_at) for r, name in found]
