"""Recordings attached to logged sets: a motion (IMU) or EMG file's analysis, not the file.

Only the analysis summary is stored (``summary`` JSON: for motion the contract JSON with
``rep_count``/``reps``/``phases`` and the mean measured tempo; for EMG the summary with
``target``/``accessory``/``target_share`` and units/normalisation). The raw file bytes are
*not* stored - an hour-long EMG recording is large - only their SHA-256, unique per set, so
re-attaching the same file to the same set is harmless.

Revision ID: 0004
Revises: 0003
Create Date: 2025-01-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.String(80)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "recordings",
        sa.Column("id", ID, nullable=False),
        sa.Column("lifter_id", ID, nullable=False),
        sa.Column("set_id", ID, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recordings"),
        sa.ForeignKeyConstraint(["set_id"], ["sets.id"], name="fk_recordings_set_id_sets"),
        sa.UniqueConstraint("set_id", "sha256", name="uq_recordings_set_id_sha256"),
        sa.CheckConstraint("kind IN ('motion', 'emg')", name="ck_recordings_kind"),
    )
    op.create_index("ix_recordings_lifter_id", "recordings", ["lifter_id"])
    op.create_index("ix_recordings_set_id", "recordings", ["set_id"])


def downgrade() -> None:
    op.drop_index("ix_recordings_set_id", table_name="recordings")
    op.drop_index("ix_recordings_lifter_id", table_name="recordings")
    op.drop_table("recordings")
