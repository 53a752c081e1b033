"""An index for "the lifter's open session", looked up for every set logged without one.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sessions_open", "sessions", ["lifter_id", "auto", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_sessions_open", table_name="sessions")
