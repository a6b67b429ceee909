"""`paclient check`: cipher integrity, SQLite integrity, schema at head, audit chain intact."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from paclient.storage import audit, migrate
from paclient.storage.db import make_engine, make_sessions


def check_engine(engine: Engine, *, expect_head: bool = True) -> list[str]:
    """Every problem found in the database behind `engine` (empty: all is well)."""
    try:
        problems = _page_checks(engine)
        with engine.connect() as connection:
            revision = migrate.current_revision(connection)
    except DatabaseError as exc:
        return [f"the database cannot be read ({exc.orig})"]
    head = migrate.head_revision()
    if revision is None:
        problems.append("no schema revision is recorded")
    elif expect_head and revision != head:
        problems.append(f"the schema is at {revision}, not at {head}")
    if not problems:
        with make_sessions(engine, writer=False)() as session:
            problems += audit.verify(session)
    return problems


def verify_copy(db_path: Path, data_key: bytes) -> list[str]:
    """Problems of a database copy (a backup being restored); older schemas are accepted."""
    engine = make_engine(db_path, data_key)
    try:
        return check_engine(engine, expect_head=False)
    finally:
        engine.dispose()


def _page_checks(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        cipher = [r[0] for r in connection.exec_driver_sql("PRAGMA cipher_integrity_check")]
        sqlite = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
    problems = [f"encrypted page check: {p}" for p in cipher[:10]]
    if sqlite != ["ok"]:
        problems += [f"integrity check: {p}" for p in sqlite[:10]]
    return problems
