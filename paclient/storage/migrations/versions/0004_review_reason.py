"""Why a live plan's review was brought forward (issue 14, finding 8): a change of
circumstances or a level of need raised to 1; empty once the plan is reviewed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("action_plan") as batch:
        batch.add_column(sa.Column("review_reason", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("action_plan") as batch:
        batch.drop_column("review_reason")
