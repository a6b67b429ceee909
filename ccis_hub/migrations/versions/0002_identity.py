"""Identity (issue 13): a device's signing key and token family, spent refresh tokens, security
events, and login counts kept in the database so every worker sees them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 00:30:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_key', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('token_family', sa.Uuid(), nullable=True))

    op.create_table(
        'spent_token',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('device_id', sa.Uuid(), nullable=False),
        sa.Column('family', sa.Uuid(), nullable=True),
        sa.Column('spent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['device_id'], ['device.id'],
                                name=op.f('fk_spent_token_device_id_device')),
        sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_spent_token')))
    with op.batch_alter_table('spent_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spent_token_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_spent_token_spent_at'), ['spent_at'], unique=False)

    op.create_table(
        'security_event',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=True),
        sa.Column('device_id', sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_security_event')))

    op.create_table(
        'login_count',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('failures', sa.BigInteger(), nullable=False),
        sa.Column('blocked_until', sa.Float(), nullable=False),
        sa.Column('last_failure', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_count')))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('login_count')
    op.drop_table('security_event')
    with op.batch_alter_table('spent_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spent_token_spent_at'))
        batch_op.drop_index(batch_op.f('ix_spent_token_device_id'))
    op.drop_table('spent_token')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('token_family')
        batch_op.drop_column('public_key')
