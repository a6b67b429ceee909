"""Running Alembic against the encrypted store."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(script_location: Path = MIGRATIONS) -> Config:
    """An Alembic config pointing at the migration scripts (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def head_revision(script_location: Path = MIGRATIONS) -> str | None:
    """The newest revision the scripts know."""
    return ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()


def is_known(revision: str | None, script_location: Path = MIGRATIONS) -> bool:
    """Whether the scripts know `revision` (a store made by a newer release holds one they
    do not)."""
    scripts = ScriptDirectory.from_config(alembic_config(script_location))
    return revision is None or revision in {s.revision for s in scripts.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision the store is at (None: an empty file)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, script_location: Path = MIGRATIONS) -> None:
    """Bring the store to head in one transaction."""
    config = alembic_config(script_location)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
