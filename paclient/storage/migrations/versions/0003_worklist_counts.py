"""The current-activity code index also holds the person, so the work lists that look for a
code among current activities (not known, NEET, a Year 11 code kept past Year 11) read the
index alone instead of one activity row per match.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_CURRENT = sa.text("is_current = 1")


def upgrade() -> None:
    op.drop_index("ix_activity_current_code", table_name="activity")
    op.create_index("ix_activity_current_code", "activity", ["code", "person_id"],
                    sqlite_where=_CURRENT)


def downgrade() -> None:
    op.drop_index("ix_activity_current_code", table_name="activity")
    op.create_index("ix_activity_current_code", "activity", ["code"], sqlite_where=_CURRENT)
