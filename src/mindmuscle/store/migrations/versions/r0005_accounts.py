"""Accounts for multi-user (coach) mode: users, login sessions, login failures (rate limit),
coach invites, coach-athlete links, coach notes on sets and plan assignments.

Revision ID: 0005
Revises: 0004
Create Date: 2025-01-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.String(80)
TIME = sa.DateTime(timezone=True)


def _user_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=f"fk_{table}_{column}_users", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, nullable=False),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("lifter_id", name="uq_users_lifter_id"),
        sa.CheckConstraint("role IN ('athlete', 'coach', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_auth_sessions"),
        _user_fk("auth_sessions", "user_id"),
    )
    op.create_index("ix_auth_sessions_user_id", "auth_sessions", ["user_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_failures"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key"])
    op.create_table(
        "invites",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("coach_id", ID, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("accepted_by", ID, nullable=True),
        sa.Column("accepted_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invites"),
        _user_fk("invites", "coach_id"),
    )
    op.create_index("ix_invites_coach_id", "invites", ["coach_id"])
    op.create_table(
        "coach_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("coach_id", ID, nullable=False),
        sa.Column("athlete_id", ID, nullable=False),
        sa.Column("started_at", TIME, nullable=False),
        sa.Column("ended_at", TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_coach_links"),
        _user_fk("coach_links", "coach_id"),
        _user_fk("coach_links", "athlete_id"),
    )
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    op.create_index("ix_coach_links_pair", "coach_links", ["coach_id", "athlete_id", "ended_at"])
    op.create_table(
        "set_notes",
        sa.Column("id", ID, nullable=False),
        sa.Column("set_id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("coach_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_set_notes"),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name="fk_set_notes_set_id_sets", ondelete="CASCADE"
        ),
        _user_fk("set_notes", "coach_id"),
    )
    op.create_index("ix_set_notes_set_id", "set_notes", ["set_id"])
    op.create_index("ix_set_notes_lifter_id", "set_notes", ["lifter_id"])
    op.create_table(
        "plan_assignments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("coach_id", ID, nullable=False),
        sa.Column("assigned_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plan_assignments"),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name="fk_plan_assignments_plan_id_plans", ondelete="CASCADE"
        ),
        _user_fk("plan_assignments", "coach_id"),
    )
    op.create_index("ix_plan_assignments_plan_id", "plan_assignments", ["plan_id"])
    op.create_index("ix_plan_assignments_lifter_id", "plan_assignments", ["lifter_id"])


def downgrade() -> None:
    for table in (
        "plan_assignments",
        "set_notes",
        "coach_links",
        "invites",
        "login_failures",
        "auth_sessions",
        "users",
    ):
        op.drop_table(table)
