"""Recovery records: next-day soreness per muscle group, and bodyweight.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(80)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "soreness",
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("group", sa.String(16), nullable=False),
        sa.Column("doms", sa.Integer(), nullable=False),
        sa.Column("reported_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("lifter_id", "day", "group", name="pk_soreness"),
        sa.CheckConstraint("doms BETWEEN 0 AND 3", name="ck_soreness_doms"),
    )
    op.create_table(
        "bodyweight",
        sa.Column("id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("measured_at", TIME, nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(2), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bodyweight"),
        sa.CheckConstraint("weight > 0", name="ck_bodyweight_weight"),
    )
    op.create_index("ix_bodyweight_lifter_id", "bodyweight", ["lifter_id"])


def downgrade() -> None:
    op.drop_table("bodyweight")
    op.drop_table("soreness")
