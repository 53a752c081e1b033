"""Which set of the plan a logged set fills: ``sets.set_number`` (1-based, null when unknown).

A coached session skips a set now and then; numbering the stored sets by the order they
were done would then shift every later set onto its neighbour's prescription. Sets stored
before this revision keep a null number and are still numbered in order.

SQLite adds and drops the column with its own check in place: a rebuilt table (Alembic's
batch mode) would trip the foreign keys of the recordings that point at sets.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHECK = "set_number IS NULL OR set_number >= 1"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE sets ADD COLUMN set_number INTEGER "
            f"CONSTRAINT ck_sets_set_number CHECK ({CHECK})"
        )
        return
    op.add_column("sets", sa.Column("set_number", sa.Integer(), nullable=True))
    op.create_check_constraint("ck_sets_set_number", "sets", CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE sets DROP COLUMN set_number")
        return
    op.drop_constraint("ck_sets_set_number", "sets", type_="check")
    op.drop_column("sets", "set_number")
