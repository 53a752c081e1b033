"""Pydantic models at the edge of the JSON API: request bodies and responses.

They check shapes and ranges (so a bad value is a 422 naming the field before anything is
written); the core's own checks stay the authority on what the method accepts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

__all__ = [
    "ExerciseSummary",
    "LifterIn",
    "LifterOut",
    "PlanIn",
    "SessionIn",
    "SessionOut",
    "SessionState",
    "SetIn",
    "SetOut",
    "SorenessIn",
    "SorenessOut",
]

Id = Annotated[str, Field(min_length=1, max_length=80, pattern=r"\S")]
Name = Annotated[str, Field(min_length=1, max_length=80)]
LevelName = Literal["novice", "intermediate", "advanced"]
UnitName = Literal["kg", "lb"]
GroupName = Literal["chest", "back", "shoulders", "arms", "legs"]
Seconds = Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanIn(_In):
    """A request for today's session, as ``mindmuscle plan`` takes it."""

    focus: Annotated[list[Name], Field(min_length=1, max_length=20)] = Field(
        description="Groups (chest, back, shoulders, arms, legs) or muscles.",
        examples=[["chest", "arms"]],
    )
    level: LevelName | None = Field(None, description="Default: the lifter's profile.")
    week: int | None = Field(
        None, ge=1, le=520, description="Week with the method; default from the profile."
    )
    equipment: Annotated[list[Name], Field(max_length=20)] | None = Field(
        None, description="Items or a preset (gym, home, none); default: profile, else gym."
    )
    minutes: int | None = Field(None, ge=10, le=240)
    emphasis: Annotated[list[Name], Field(max_length=10)] = Field(
        default_factory=list, examples=[["hamstrings:inner"]]
    )
    seed: int | None = Field(None, ge=0, le=2**31 - 1)
    use_history: bool = Field(True, description="Recommend loads from the logged sets.")


class TempoIn(_In):
    eccentric: Seconds
    bottom: Seconds
    concentric: Seconds
    top: Seconds


class SetIn(_In):
    """A completed set. ``id`` is the client's idempotency key (a UUID made on the device)."""

    id: Id
    exercise: Name = Field(description="Catalog id, name or alias.")
    performed_at: AwareDatetime | None = Field(None, description="Default: now.")
    reps: int = Field(ge=0, le=1000)
    load: float | None = Field(None, ge=0, lt=10_000, allow_inf_nan=False)
    unit: UnitName | None = Field(None, description="Default: the lifter's units.")
    block: Literal["primer", "working"] = "working"
    tempo: TempoIn | None = None
    rep_range: (
        tuple[Annotated[int, Field(ge=0, le=1000)], Annotated[int, Field(ge=1, le=1000)]] | None
    ) = None
    measured_tempo: TempoIn | None = None
    failure: bool | None = None
    rir: int | None = Field(None, ge=0, le=20)
    mmc: int | None = Field(None, ge=1, le=10, description="How well the target was felt, 1-10.")
    pump: int | None = Field(None, ge=0, le=3)
    notes: str = Field("", max_length=2000)
    session_id: Id | None = None
    set_number: int | None = Field(
        None, ge=1, le=1000, description="Which set of the plan's prescription it fills (1 up)."
    )


class SetOut(BaseModel):
    id: str
    exercise: str
    performed_at: datetime
    reps: int
    load: float | None
    unit: UnitName
    block: Literal["primer", "working"]
    tempo: dict[str, float] | None
    rep_range: list[int] | None
    measured_tempo: dict[str, float] | None
    failure: bool | None
    rir: int | None
    mmc: int | None
    pump: int | None
    notes: str
    session_id: str | None
    set_number: int | None = None
    result: Literal["added", "unchanged"] | None = None


class SessionIn(_In):
    id: Id = Field(description="The client's id for the session (idempotency key).")
    plan_id: Id | None = None
    title: str = Field("", max_length=200)


class SessionOut(BaseModel):
    id: str
    started_at: datetime
    finished_at: datetime | None
    plan_id: str | None
    auto: bool
    title: str
    notes: str
    set_count: int = 0


class SessionState(BaseModel):
    """Everything a device needs to resume a session: the plan, the sets, the done slots."""

    session: SessionOut
    plan: dict[str, Any] | None
    sets: list[SetOut]
    completed: list[tuple[str, str, int]] = Field(
        description="(exercise, block, set index) of each set already done."
    )


class SorenessIn(_In):
    day: date | None = Field(None, description="Default: today.")
    groups: Annotated[dict[GroupName, Annotated[int, Field(ge=0, le=3)]], Field(min_length=1)]


class SorenessOut(BaseModel):
    day: date
    group: str
    doms: int
    reported_at: datetime


class LifterIn(_In):
    name: str = Field("", max_length=80)
    start_date: date | None = None
    level: LevelName = "novice"
    units: UnitName = "kg"
    equipment: Annotated[list[Name], Field(max_length=20)] = Field(default_factory=list)


class LifterOut(BaseModel):
    name: str
    start_date: date | None
    level: LevelName
    units: UnitName
    equipment: list[str]
    week: int | None = Field(None, description="Week with the method today.")


class ExerciseSummary(BaseModel):
    exercise: str
    name: str
    group: str
    pattern: str
    equipment: list[str]
    target: list[str]
