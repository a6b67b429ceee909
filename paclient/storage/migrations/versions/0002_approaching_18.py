"""The approaching-18 checklist's ticked items and CAF reviews (issue 14).

Two new synced tables; no existing table or row is changed.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _synced_columns() -> list[sa.Column[object]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("updated_by", sa.String(length=64), nullable=False),
            sa.Column("rev", sa.Integer(), nullable=True),
            sa.Column("deleted_at", sa.DateTime(), nullable=True)]


def upgrade() -> None:
    op.create_table(
        "approaching_18_item",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["person_id"], ["young_person.id"],
                                name=op.f("fk_approaching_18_item_person_id_young_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approaching_18_item")))
    with op.batch_alter_table("approaching_18_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_approaching_18_item_person_id"), ["person_id"],
                              unique=False)
    op.create_table(
        "caf_review",
        sa.Column("episode_id", sa.Uuid(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        *_synced_columns(),
        sa.ForeignKeyConstraint(["episode_id"], ["caf_episode.id"],
                                name=op.f("fk_caf_review_episode_id_caf_episode")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caf_review")))
    with op.batch_alter_table("caf_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caf_review_episode_id"), ["episode_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("caf_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caf_review_episode_id"))
    op.drop_table("caf_review")
    with op.batch_alter_table("approaching_18_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_approaching_18_item_person_id"))
    op.drop_table("approaching_18_item")
