"""Migrations: the schema matches the models, and start-up upgrades safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from paclient.errors import MigrationFailed
from paclient.models import Base
from paclient.storage import migrate
from paclient.storage.schema_filter import include_name
from paclient.storage.store import Store

NEW_REVISION = '''
from alembic import op
import sqlalchemy as sa

revision = "test_nickname"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("young_person") as batch:
        batch.add_column(sa.Column("nickname", sa.String(40)))
    {fail}


def downgrade():
    with op.batch_alter_table("young_person") as batch:
        batch.drop_column("nickname")
'''


def test_autogenerate_finds_no_difference_from_the_models(store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_the_store_is_created_at_head(store):
    assert store.revision() == migrate.head_revision()


def test_the_latest_revision_downgrades_and_upgrades_again(store):
    config = migrate.alembic_config()
    from alembic import command

    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert "young_person" not in inspect(store.engine).get_table_names()
    migrate.upgrade(store.engine)
    assert store.revision() == migrate.head_revision()


def scripts_with_new_revision(tmp_path: Path, *, fail: bool) -> Path:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    body = NEW_REVISION.format(down=migrate.head_revision(),
                               fail='raise RuntimeError("boom")' if fail else "")
    (scripts / "versions" / "test_nickname.py").write_text(body)
    return scripts


def test_an_out_of_date_store_is_backed_up_then_migrated(store, home, passphrase, tmp_path):
    store.close()
    before = migrate.head_revision()
    scripts = scripts_with_new_revision(tmp_path, fail=False)

    upgraded = Store.unlock(home, passphrase, migrations=scripts)

    try:
        assert upgraded.revision() == "test_nickname"
        columns = {c["name"] for c in inspect(upgraded.engine).get_columns("young_person")}
        assert "nickname" in columns
    finally:
        upgraded.close()
    assert len(list((home / "backups").glob(f"before-migration-{before}-*.pacbak"))) == 1


def test_a_failed_migration_puts_the_store_back(services, store, home, passphrase, tmp_path):
    person = services.people.add_person(given_name="Alys", family_name="Rhys",
                                        date_of_birth=services.ctx.today().replace(year=2010))
    store.close()
    scripts = scripts_with_new_revision(tmp_path, fail=True)

    with pytest.raises(MigrationFailed) as failed:
        Store.unlock(home, passphrase, migrations=scripts)

    assert "boom" in str(failed.value)
    reopened = Store.unlock(home, passphrase)
    try:
        assert reopened.revision() == migrate.head_revision()
        columns = {c["name"] for c in inspect(reopened.engine).get_columns("young_person")}
        assert "nickname" not in columns
        with reopened.read() as session:
            from paclient.models import YoungPerson

            assert session.get(YoungPerson, person.id) is not None
    finally:
        reopened.close()
