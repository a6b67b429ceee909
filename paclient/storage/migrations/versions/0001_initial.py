"""The full schema, and the full-text index of young people.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The search index: an FTS5 table keyed by a small map from integer rowid to person id, so a
# VACUUM (which may renumber implicit rowids) can never point a hit at the wrong person.
_INDEXED = """
    coalesce(new.given_name, '') || ' ' || coalesce(new.middle_name, '') || ' ' ||
        coalesce(new.family_name, '') || ' ' || coalesce(new.preferred_name, ''),
    coalesce(new.upn, '') || ' ' || coalesce(new.uln, '') || ' ' || coalesce(new.ccis_id, ''),
    coalesce(new.postcode, '') || ' ' || replace(coalesce(new.postcode, ''), ' ', ''),
    coalesce(new.school_name, '') || ' ' || coalesce(new.establishment_number, '')
"""
_ROWID = "(SELECT rowid FROM person_search_map WHERE person_id = {}.id)"
SEARCH_DDL = [
    ("CREATE TABLE person_search_map (rowid INTEGER PRIMARY KEY, person_id CHAR(32) NOT NULL "
    "UNIQUE REFERENCES young_person(id) ON DELETE CASCADE)"),
    ("CREATE VIRTUAL TABLE person_search USING fts5(names, identifiers, postcode, school, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"),
    f"""CREATE TRIGGER person_search_insert AFTER INSERT ON young_person BEGIN
        INSERT INTO person_search_map (person_id) VALUES (new.id);
        INSERT INTO person_search (rowid, names, identifiers, postcode, school)
        VALUES ({_ROWID.format("new")}, {_INDEXED});
    END""",
    f"""CREATE TRIGGER person_search_update AFTER UPDATE OF given_name, middle_name,
        family_name, preferred_name, upn, uln, ccis_id, postcode, school_name,
        establishment_number ON young_person BEGIN
        DELETE FROM person_search WHERE rowid = {_ROWID.format("old")};
        INSERT INTO person_search (rowid, names, identifiers, postcode, school)
        VALUES ({_ROWID.format("new")}, {_INDEXED});
    END""",
    f"""CREATE TRIGGER person_search_delete AFTER DELETE ON young_person BEGIN
        DELETE FROM person_search WHERE rowid = {_ROWID.format("old")};
    END""",
]


# Activity.is_current: after any insert, tombstone, re-dating, move or delete of a person's
# activities, the flag moves to their latest (by start date, then by when it was recorded).
# Cleared first, then set, so a person never keeps two. A migration that rebuilds the
# activity table (a batch "recreate") must create these triggers again.
_LATEST = """(SELECT l.rowid FROM activity AS l WHERE l.person_id = {0}.person_id
        AND l.deleted_at IS NULL ORDER BY l.start_date DESC, l.created_at DESC LIMIT 1)"""
_RESET = """UPDATE activity SET is_current = 0 WHERE person_id = {0}.person_id AND is_current = 1;
        UPDATE activity SET is_current = 1 WHERE rowid = """ + _LATEST + ";"
CURRENT_ACTIVITY_DDL = [
    f"""CREATE TRIGGER activity_current_insert AFTER INSERT ON activity BEGIN
        {_RESET.format("new")}
    END""",
    f"""CREATE TRIGGER activity_current_update AFTER UPDATE OF person_id, start_date,
        created_at, deleted_at ON activity BEGIN
        {_RESET.format("old")}
        {_RESET.format("new")}
    END""",
    f"""CREATE TRIGGER activity_current_delete AFTER DELETE ON activity BEGIN
        {_RESET.format("old")}
    END""",
]
TRIGGERS = ("person_search_delete", "person_search_update", "person_search_insert",
            "activity_current_insert", "activity_current_update", "activity_current_delete")


def upgrade() -> None:

    op.create_table('audit_event',
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_event_seq'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_person_id'), ['person_id'], unique=False)

    op.create_table('conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('local_value', sa.JSON(), nullable=False),
    sa.Column('remote_value', sa.JSON(), nullable=False),
    sa.Column('hub_conflict_id', sa.Uuid(), nullable=True),
    sa.Column('hub_rev', sa.Integer(), nullable=True),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict')),
    sa.UniqueConstraint('hub_conflict_id', name=op.f('uq_conflict_hub_conflict_id'))
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_row_id'), ['row_id'], unique=False)

    op.create_table('outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('change_id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('op', sa.String(length=10), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('base_rev', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('reject_reason', sa.Text(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_outbox')),
    sa.UniqueConstraint('change_id', name=op.f('uq_outbox_change_id'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_row_id'), ['row_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_state'), ['state'], unique=False)

    op.create_table('draft',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft')),
    sa.UniqueConstraint('key', name=op.f('uq_draft_key'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_person_id'), ['person_id'], unique=False)

    op.create_table('setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('team',
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team'))
    )
    op.create_table('adviser',
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], name=op.f('fk_adviser_team_id_team')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adviser')),
    sa.UniqueConstraint('username', name=op.f('uq_adviser_username'))
    )
    with op.batch_alter_table('adviser', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adviser_team_id'), ['team_id'], unique=False)

    op.create_table('young_person',
    sa.Column('ccis_id', sa.String(length=13), nullable=True),
    sa.Column('upn', sa.String(length=13), nullable=True),
    sa.Column('uln', sa.String(length=10), nullable=True),
    sa.Column('given_name', sa.String(length=100), nullable=False),
    sa.Column('middle_name', sa.String(length=100), nullable=True),
    sa.Column('family_name', sa.String(length=100), nullable=False),
    sa.Column('preferred_name', sa.String(length=100), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('gender', sa.String(length=1), nullable=False),
    sa.Column('ethnicity', sa.String(length=4), nullable=True),
    sa.Column('address_line1', sa.String(length=200), nullable=True),
    sa.Column('address_line2', sa.String(length=200), nullable=True),
    sa.Column('address_line3', sa.String(length=200), nullable=True),
    sa.Column('address_line4', sa.String(length=200), nullable=True),
    sa.Column('town', sa.String(length=100), nullable=True),
    sa.Column('postcode', sa.String(length=8), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('phone_verified_on', sa.Date(), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('email_verified_on', sa.Date(), nullable=True),
    sa.Column('establishment_number', sa.String(length=7), nullable=True),
    sa.Column('school_name', sa.String(length=200), nullable=True),
    sa.Column('lead_la', sa.String(length=3), nullable=True),
    sa.Column('educated_la', sa.String(length=3), nullable=True),
    sa.Column('la_at_year_11', sa.String(length=3), nullable=True),
    sa.Column('send', sa.Boolean(), nullable=False),
    sa.Column('sen_support', sa.Boolean(), nullable=False),
    sa.Column('level_of_need', sa.Integer(), nullable=True),
    sa.Column('cohort_status', sa.String(length=1), nullable=False),
    sa.Column('adviser_id', sa.Uuid(), nullable=True),
    sa.Column('leaver_notified_on', sa.Date(), nullable=True),
    sa.Column('confidentiality_explained_on', sa.Date(), nullable=True),
    sa.Column('year_9_review_attended_on', sa.Date(), nullable=True),
    sa.Column('lda_completed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['adviser_id'], ['adviser.id'], name=op.f('fk_young_person_adviser_id_adviser')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_person')),
    sa.UniqueConstraint('ccis_id', name=op.f('uq_young_person_ccis_id'))
    )
    with op.batch_alter_table('young_person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_person_adviser_id'), ['adviser_id'], unique=False)
        batch_op.create_index('ix_young_person_date_of_birth', ['date_of_birth', 'id'], unique=False)
        batch_op.create_index('ix_young_person_leaver', ['leaver_notified_on', 'id'], unique=False, sqlite_where=sa.text('leaver_notified_on IS NOT NULL'))
        batch_op.create_index('ix_young_person_names', ['family_name', 'given_name'], unique=False)
        batch_op.create_index('ix_young_person_need', ['level_of_need', 'id'], unique=False, sqlite_where=sa.text('level_of_need IS NOT NULL'))
        batch_op.create_index(batch_op.f('ix_young_person_uln'), ['uln'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_person_upn'), ['upn'], unique=False)

    op.create_table('action_plan',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_action_plan_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_plan'))
    )
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.create_index('ix_action_plan_live', ['person_id', 'next_review_on'], unique=False, sqlite_where=sa.text('closed_on IS NULL AND deleted_at IS NULL'))
        batch_op.create_index(batch_op.f('ix_action_plan_person_id'), ['person_id'], unique=False)

    op.create_table('activity',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('date_ascertained', sa.Date(), nullable=False),
    sa.Column('date_verified', sa.Date(), nullable=True),
    sa.Column('review_date', sa.Date(), nullable=True),
    sa.Column('predicted_end_date', sa.Date(), nullable=True),
    sa.Column('due_to_lapse_date', sa.Date(), nullable=True),
    sa.Column('neet_start_date', sa.Date(), nullable=True),
    sa.Column('provider_establishment_number', sa.String(length=7), nullable=True),
    sa.Column('provider_ukprn', sa.String(length=8), nullable=True),
    sa.Column('provider_name', sa.String(length=200), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_activity_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_person_start', ['person_id', 'start_date', 'created_at'], unique=False)
        batch_op.create_index('ix_activity_current_person', ['person_id'], unique=False, sqlite_where=sa.text('is_current = 1'))
        batch_op.create_index('ix_activity_current_lapse', ['due_to_lapse_date'], unique=False, sqlite_where=sa.text('is_current = 1'))
        batch_op.create_index('ix_activity_current_code', ['code'], unique=False, sqlite_where=sa.text('is_current = 1'))

    op.create_table('caf_episode',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('pre_assessment_done', sa.Boolean(), nullable=False),
    sa.Column('consent_given_by', sa.String(length=20), nullable=True),
    sa.Column('consent_on', sa.Date(), nullable=True),
    sa.Column('consent_agencies', sa.JSON(), nullable=False),
    sa.Column('lead_professional_name', sa.String(length=120), nullable=True),
    sa.Column('lead_professional_agency', sa.String(length=120), nullable=True),
    sa.Column('review_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closure_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_caf_episode_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_episode'))
    )
    with op.batch_alter_table('caf_episode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_episode_person_id'), ['person_id'], unique=False)

    op.create_table('characteristic',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_characteristic_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_characteristic'))
    )
    with op.batch_alter_table('characteristic', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_characteristic_person_id'), ['person_id'], unique=False)

    op.create_table('consent',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.String(length=40), nullable=False),
    sa.Column('agency', sa.String(length=120), nullable=True),
    sa.Column('given_by', sa.String(length=20), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('reference', sa.String(length=60), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_consent_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_person_id'), ['person_id'], unique=False)

    op.create_table('contact',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('adviser_id', sa.Uuid(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('setting', sa.String(length=20), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=True),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('agreed', sa.Text(), nullable=False),
    sa.Column('own_words', sa.Text(), nullable=True),
    sa.Column('next_appointment_at', sa.DateTime(), nullable=True),
    sa.Column('did_not_attend', sa.Boolean(), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['adviser_id'], ['adviser.id'], name=op.f('fk_contact_adviser_id_adviser')),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_contact_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index('ix_contact_person_when', ['person_id', 'occurred_at', 'did_not_attend', 'deleted_at'], unique=False)

    op.create_table('custody_episode',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('establishment', sa.String(length=200), nullable=False),
    sa.Column('admitted_on', sa.Date(), nullable=False),
    sa.Column('expected_release_on', sa.Date(), nullable=True),
    sa.Column('released_on', sa.Date(), nullable=True),
    sa.Column('home_la', sa.String(length=3), nullable=True),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('liaison_contact', sa.String(length=200), nullable=True),
    sa.Column('pre_release_liaison_on', sa.Date(), nullable=True),
    sa.Column('transfer_pack_sent_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_custody_episode_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_custody_episode'))
    )
    with op.batch_alter_table('custody_episode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_custody_episode_person_id'), ['person_id'], unique=False)

    op.create_table('guarantee_offer',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('year_group', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=3), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('provider_name', sa.String(length=200), nullable=True),
    sa.Column('la', sa.String(length=3), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_guarantee_offer_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guarantee_offer'))
    )
    with op.batch_alter_table('guarantee_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guarantee_offer_person_id'), ['person_id'], unique=False)

    op.create_table('intended_destination',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_intended_destination_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intended_destination'))
    )
    with op.batch_alter_table('intended_destination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intended_destination_person_id'), ['person_id'], unique=False)

    op.create_table('parent_carer',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relationship', sa.String(length=60), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('permission_to_contact', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_parent_carer_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parent_carer'))
    )
    with op.batch_alter_table('parent_carer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parent_carer_person_id'), ['person_id'], unique=False)

    op.create_table('printed_document',
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('printed_at', sa.DateTime(), nullable=False),
    sa.Column('printed_by', sa.String(length=64), nullable=False),
    sa.Column('sensitive_included', sa.Boolean(), nullable=False),
    sa.Column('destination', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_printed_document_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_printed_document'))
    )
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_printed_document_person_id'), ['person_id'], unique=False)

    op.create_table('safety_warning',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_safety_warning_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_warning'))
    )
    with op.batch_alter_table('safety_warning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_warning_person_id'), ['person_id'], unique=False)

    op.create_table('action',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=20), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('drop_reason', sa.Text(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plan.id'], name=op.f('fk_action_plan_id_action_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_plan_id'), ['plan_id'], unique=False)

    op.create_table('addendum',
    sa.Column('contact_id', sa.Uuid(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('signed_by', sa.String(length=120), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_addendum_contact_id_contact')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addendum'))
    )
    with op.batch_alter_table('addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addendum_contact_id'), ['contact_id'], unique=False)

    op.create_table('assessment',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('level_of_need', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('caf_episode_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['caf_episode_id'], ['caf_episode.id'], name=op.f('fk_assessment_caf_episode_id_caf_episode')),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_assessment_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_person_id'), ['person_id'], unique=False)

    op.create_table('caf_meeting',
    sa.Column('episode_id', sa.Uuid(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['episode_id'], ['caf_episode.id'], name=op.f('fk_caf_meeting_episode_id_caf_episode')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_caf_meeting'))
    )
    with op.batch_alter_table('caf_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_caf_meeting_episode_id'), ['episode_id'], unique=False)

    op.create_table('referral',
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('service', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('route', sa.String(length=10), nullable=False),
    sa.Column('caf_episode_id', sa.Uuid(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('sends_data', sa.Boolean(), nullable=False),
    sa.Column('consent_reference', sa.String(length=60), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('follow_up_due', sa.Date(), nullable=True),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['caf_episode_id'], ['caf_episode.id'], name=op.f('fk_referral_caf_episode_id_caf_episode')),
    sa.ForeignKeyConstraint(['person_id'], ['young_person.id'], name=op.f('fk_referral_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_follow_up_due'), ['follow_up_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_person_id'), ['person_id'], unique=False)

    op.create_table('review',
    sa.Column('plan_id', sa.Uuid(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('achievements', sa.Text(), nullable=False),
    sa.Column('next_review_on', sa.Date(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plan.id'], name=op.f('fk_review_plan_id_action_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_plan_id'), ['plan_id'], unique=False)

    op.create_table('assessment_factor',
    sa.Column('assessment_id', sa.Uuid(), nullable=False),
    sa.Column('factor', sa.String(length=40), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sensitive', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_factor_assessment_id_assessment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_factor'))
    )
    with op.batch_alter_table('assessment_factor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_factor_assessment_id'), ['assessment_id'], unique=False)

    for statement in SEARCH_DDL + CURRENT_ACTIVITY_DDL:
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS person_search")
    op.execute("DROP TABLE IF EXISTS person_search_map")

    with op.batch_alter_table('assessment_factor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_factor_assessment_id'))

    op.drop_table('assessment_factor')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_plan_id'))

    op.drop_table('review')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_person_id'))
        batch_op.drop_index(batch_op.f('ix_referral_follow_up_due'))

    op.drop_table('referral')
    with op.batch_alter_table('caf_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_meeting_episode_id'))

    op.drop_table('caf_meeting')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_person_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('addendum', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addendum_contact_id'))

    op.drop_table('addendum')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plan_id'))

    op.drop_table('action')
    with op.batch_alter_table('safety_warning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_warning_person_id'))

    op.drop_table('safety_warning')
    with op.batch_alter_table('printed_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_printed_document_person_id'))

    op.drop_table('printed_document')
    with op.batch_alter_table('parent_carer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parent_carer_person_id'))

    op.drop_table('parent_carer')
    with op.batch_alter_table('intended_destination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intended_destination_person_id'))

    op.drop_table('intended_destination')
    with op.batch_alter_table('guarantee_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guarantee_offer_person_id'))

    op.drop_table('guarantee_offer')
    with op.batch_alter_table('custody_episode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_custody_episode_person_id'))

    op.drop_table('custody_episode')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_person_when')

    op.drop_table('contact')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_person_id'))

    op.drop_table('consent')
    with op.batch_alter_table('characteristic', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_characteristic_person_id'))

    op.drop_table('characteristic')
    with op.batch_alter_table('caf_episode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_caf_episode_person_id'))

    op.drop_table('caf_episode')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_current_code')
        batch_op.drop_index('ix_activity_current_lapse')
        batch_op.drop_index('ix_activity_current_person')
        batch_op.drop_index('ix_activity_person_start')

    op.drop_table('activity')
    with op.batch_alter_table('action_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_plan_person_id'))
        batch_op.drop_index('ix_action_plan_live')

    op.drop_table('action_plan')
    with op.batch_alter_table('young_person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_young_person_upn'))
        batch_op.drop_index(batch_op.f('ix_young_person_uln'))
        batch_op.drop_index('ix_young_person_need')
        batch_op.drop_index('ix_young_person_names')
        batch_op.drop_index('ix_young_person_leaver')
        batch_op.drop_index('ix_young_person_date_of_birth')
        batch_op.drop_index(batch_op.f('ix_young_person_adviser_id'))

    op.drop_table('young_person')
    with op.batch_alter_table('adviser', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adviser_team_id'))

    op.drop_table('adviser')
    op.drop_table('team')
    op.drop_table('sync_state')
    op.drop_table('setting')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_person_id'))

    op.drop_table('draft')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_state'))
        batch_op.drop_index(batch_op.f('ix_outbox_row_id'))

    op.drop_table('outbox')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_row_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_person_id'))

    op.drop_table('conflict')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_person_id'))

    op.drop_table('audit_event')
