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
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
    "BodyweightRow",
    "LifterRow",
    "PlanRow",
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
