"""Core tables: lifters, plans, sessions and sets.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(80)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lifters",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("units", sa.String(2), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lifters"),
    )
    op.create_table(
        "plans",
        sa.Column("id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("prescription", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
    )
    op.create_index("ix_plans_lifter_id", "plans", ["lifter_id"])
    op.create_table(
        "sessions",
        sa.Column("id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("finished_at", TIME, nullable=True),
        sa.Column("plan_id", ID, nullable=True),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name="fk_sessions_plan_id_plans"),
    )
    op.create_index("ix_sessions_lifter_id", "sessions", ["lifter_id"])
    op.create_index("ix_sessions_plan_id", "sessions", ["plan_id"])
    op.create_table(
        "sets",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("exercise", ID, nullable=False),
        sa.Column("block", sa.String(8), nullable=False),
        sa.Column("performed_at", TIME, nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("load", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.Column("tempo", sa.JSON(), nullable=True),
        sa.Column("rep_low", sa.Integer(), nullable=True),
        sa.Column("rep_high", sa.Integer(), nullable=True),
        sa.Column("measured_tempo", sa.JSON(), nullable=True),
        sa.Column("failure", sa.Boolean(), nullable=True),
        sa.Column("rir", sa.Integer(), nullable=True),
        sa.Column("mmc", sa.Integer(), nullable=True),
        sa.Column("pump", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_at", TIME, server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sets"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_sets_session_id_sessions"
        ),
        sa.CheckConstraint("reps >= 0", name="ck_sets_reps"),
        sa.CheckConstraint("load IS NULL OR load >= 0", name="ck_sets_load"),
        sa.CheckConstraint("mmc IS NULL OR (mmc BETWEEN 1 AND 10)", name="ck_sets_mmc"),
        sa.CheckConstraint("pump IS NULL OR (pump BETWEEN 0 AND 3)", name="ck_sets_pump"),
        sa.CheckConstraint("rir IS NULL OR rir >= 0", name="ck_sets_rir"),
        sa.CheckConstraint("block IN ('primer', 'working')", name="ck_sets_block"),
        sa.CheckConstraint("unit IN ('kg', 'lb')", name="ck_sets_unit"),
    )
    op.create_index("ix_sets_session_id", "sets", ["session_id"])
    op.create_index("ix_sets_exercise", "sets", ["exercise"])
    op.create_index("ix_sets_performed_at", "sets", ["performed_at"])


def downgrade() -> None:
    op.drop_table("sets")
    op.drop_table("sessions")
    op.drop_table("plans")
    op.drop_table("lifters")
