"""SQLAlchemy 2 typed ORM models. The schema is created by the Alembic migrations in
``mindmuscle/store/migrations``; a test checks that models and migrations agree.

Rows carry ``lifter_id`` so one PostgreSQL database can serve many lifters; a local SQLite
database holds one lifter, ``"me"``. Times are stored in UTC and read back as aware UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "BodyweightRow",
    "LifterRow",
    "PlanRow",
    "RecordingRow",
    "SessionRow",
    "SetRow",
    "SorenessRow",
    "UTCDateTime",
]

ID = String(80)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (no zone support) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} cannot be stored; give it a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy's documented class attribute
        datetime: UTCDateTime(),
        date: Date(),
        dict[str, Any]: JSON(),
    }


class LifterRow(Base):
    __tablename__ = "lifters"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None]
    level: Mapped[str] = mapped_column(String(16))
    units: Mapped[str] = mapped_column(String(2))
    equipment: Mapped[list[str]] = mapped_column(JSON)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    prescription: Mapped[dict[str, Any]]


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        # "the lifter's open session", asked on every set logged without a session
        Index("ix_sessions_open", "lifter_id", "auto", "finished_at"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    plan_id: Mapped[str | None] = mapped_column(ForeignKey("plans.id"), index=True)
    auto: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class SetRow(Base):
    __tablename__ = "sets"
    __table_args__ = (
        CheckConstraint("reps >= 0", name="reps"),
        CheckConstraint("load IS NULL OR load >= 0", name="load"),
        CheckConstraint("mmc IS NULL OR (mmc BETWEEN 1 AND 10)", name="mmc"),
        CheckConstraint("pump IS NULL OR (pump BETWEEN 0 AND 3)", name="pump"),
        CheckConstraint("rir IS NULL OR rir >= 0", name="rir"),
        CheckConstraint("block IN ('primer', 'working')", name="block"),
        CheckConstraint("unit IN ('kg', 'lb')", name="unit"),
        CheckConstraint("set_number IS NULL OR set_number >= 1", name="set_number"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    exercise: Mapped[str] = mapped_column(ID, index=True)
    block: Mapped[str] = mapped_column(String(8))
    performed_at: Mapped[datetime] = mapped_column(index=True)
    reps: Mapped[int]
    load: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))
    tempo: Mapped[dict[str, Any] | None]
    rep_low: Mapped[int | None]
    rep_high: Mapped[int | None]
    measured_tempo: Mapped[dict[str, Any] | None]
    failure: Mapped[bool | None]
    rir: Mapped[int | None]
    mmc: Mapped[int | None]
    pump: Mapped[int | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    set_number: Mapped[int | None]


class SorenessRow(Base):
    __tablename__ = "soreness"
    __table_args__ = (CheckConstraint("doms BETWEEN 0 AND 3", name="doms"),)

    lifter_id: Mapped[str] = mapped_column(ID, primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(16), primary_key=True)
    doms: Mapped[int]
    reported_at: Mapped[datetime]


class BodyweightRow(Base):
    __tablename__ = "bodyweight"
    __table_args__ = (CheckConstraint("weight > 0", name="weight"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    measured_at: Mapped[datetime]
    weight: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))


class RecordingRow(Base):
    """A motion or EMG recording's analysis attached to a set; the raw file is not stored."""

    __tablename__ = "recordings"
    __table_args__ = (
        UniqueConstraint("set_id", "sha256", name="uq_recordings_set_id_sha256"),
        CheckConstraint("kind IN ('motion', 'emg')", name="kind"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("sets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    summary: Mapped[dict[str, Any]]


# -- accounts (multi-user mode; migration 0005) -----------------------------------------------


class UserRow(Base):
    """An account; each user is a lifter (``lifter_id``) whose rows the repositories filter on."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('athlete', 'coach', 'admin')", name="role"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(8))
    lifter_id: Mapped[str] = mapped_column(ID, unique=True)
    created_at: Mapped[datetime]


class AuthSessionRow(Base):
    """A login: the SHA-256 of the session cookie's token (the token itself is never stored)."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginFailureRow(Base):
    """A failed login, keyed ``user:NAME`` or ``ip:ADDRESS``, for rate limiting across workers."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), index=True)
    at: Mapped[datetime]


class InviteRow(Base):
    """A coach's invitation; ``id`` is the SHA-256 of the code the athlete is given."""

    __tablename__ = "invites"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    accepted_by: Mapped[str | None] = mapped_column(ID)
    accepted_at: Mapped[datetime | None]


class CoachLinkRow(Base):
    """A coach's access to an athlete's data, from an accepted invite until the athlete leaves."""

    __tablename__ = "coach_links"
    __table_args__ = (Index("ix_coach_links_pair", "coach_id", "athlete_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    athlete_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class SetNoteRow(Base):
    """A coach's note on one of an athlete's sets."""

    __tablename__ = "set_notes"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    set_id: Mapped[str] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class PlanAssignmentRow(Base):
    """A plan a coach prescribed to an athlete (the plan row belongs to the athlete)."""

    __tablename__ = "plan_assignments"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    lifter_id: Mapped[str] = mapped_column(ID, index=True)
    coach_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime]
