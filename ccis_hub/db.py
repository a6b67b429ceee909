"""Engines for PostgreSQL (production) and SQLite (the embedded default), and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str) -> Engine:
    """An engine on `url` (`postgresql+psycopg://...` or `sqlite:///path`)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True, pool_size=8, max_overflow=8,
                               connect_args={"check_same_thread": False,
                                             "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, hide_parameters=True, pool_size=10, max_overflow=20,
                         pool_pre_ping=True)


def make_sessions(engine: Engine, *, writer: bool) -> sessionmaker[Session]:
    """Sessions on `engine`; objects stay readable after commit.

    Readers see one snapshot from their first statement, so a pull's page, its exits and the
    revision it reports all agree. Writers lock the revision counter first (see
    `models.Revision`); on PostgreSQL they run at READ COMMITTED so that, once they hold the
    lock, they see what the writer before them committed instead of failing to serialise.
    """
    if is_sqlite(engine):
        bind = engine.execution_options(begin="IMMEDIATE" if writer else "DEFERRED")
    else:
        bind = engine.execution_options(
            isolation_level="READ COMMITTED" if writer else "REPEATABLE READ")
    return sessionmaker(bind, expire_on_commit=False)


def is_sqlite(engine: Engine) -> bool:
    """Whether `engine` is the embedded SQLite store."""
    return engine.dialect.name == "sqlite"


def schema_revision(connection: Connection) -> str | None:
    """The schema revision the database is at."""
    return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (run at every start)."""
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _begin_sqlite)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    # Writers take the write lock when they begin, so they queue on the busy timeout instead of
    # failing later on a stale snapshot; readers begin deferred and never block writers (WAL).
    mode = connection.get_execution_options().get("begin", "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")
