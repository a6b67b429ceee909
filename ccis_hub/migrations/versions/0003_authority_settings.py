"""The authority's settings (issue 14): its own LA code and the time rules, by key.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 03:30:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'authority_setting',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by', sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_authority_setting')))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('authority_setting')
