"""The one place that knows how to open the encrypted database."""

from __future__ import annotations

import datetime as dt
import json
import uuid
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from paclient.errors import StoreLocked

BUSY_TIMEOUT_MS = 5000


def make_engine(db_path: Path, data_key: bytes | None) -> Engine:
    """An engine on `db_path`, keyed with the raw data key (None: a plain file, for benchmarks).

    The engine keeps its own copy of the key, which `forget_key` wipes: after that it opens no
    connection, so a locked store cannot be read through an engine left behind.
    """
    key = bytearray(data_key) if data_key is not None else None

    def connect() -> Any:
        if key is not None and not any(key):
            raise StoreLocked()
        conn = sqlcipher.connect(str(db_path), check_same_thread=False)
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("PRAGMA cipher_log_level = NONE")
        return conn

    # LIFO: work done one task at a time reuses the connection whose page cache is warm,
    # instead of warming (and holding) a second cache of decrypted pages.
    engine = create_engine("sqlite://", creator=connect, module=sqlcipher, poolclass=QueuePool,
                           pool_size=2, max_overflow=2, pool_use_lifo=True,
                           hide_parameters=True, json_serializer=_JSON.encode)
    event.listen(engine, "connect", _configure)
    event.listen(engine, "begin", _begin)
    if key is not None:
        _KEYS[engine] = key
    return engine


def forget_key(engine: Engine) -> None:
    """Close the engine's connections and wipe its copy of the key (see make_engine)."""
    engine.dispose()
    key = _KEYS.pop(engine, None)
    if key is not None:
        key[:] = bytes(len(key))


_KEYS: weakref.WeakKeyDictionary[Engine, bytearray] = weakref.WeakKeyDictionary()


def make_sessions(engine: Engine, *, writer: bool) -> sessionmaker[Session]:
    """Sessions on `engine`; a writer's transactions take the write lock when they begin.

    Writers begin with BEGIN IMMEDIATE so two writers queue on the busy timeout instead of
    one failing later on a stale snapshot; readers begin deferred and never block writers (WAL).
    """
    bind = engine.execution_options(begin="IMMEDIATE" if writer else "DEFERRED")
    return sessionmaker(bind, expire_on_commit=False)


def json_ready(values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` as a JSON column gives them back: ids and dates as text."""
    return {key: _json_value(value) if isinstance(value, _AS_TEXT) else value
            for key, value in values.items()}


_AS_TEXT = (uuid.UUID, dt.date)


def _json_value(value: object) -> str:
    """JSON columns (the outbox's changed fields among them) hold ids and dates as text."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.date):  # and dt.datetime, a dt.date too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored in JSON")


_JSON = json.JSONEncoder(default=_json_value)  # one encoder: json.dumps(default=) makes one a call


def _begin(connection: Connection) -> None:
    # The driver's own implicit BEGIN is off (isolation_level None): we issue it, so DDL in
    # migrations is transactional and writers can ask for the lock up front.
    mode = connection.get_execution_options().get("begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _configure(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # SQLCipher decrypts every page that misses the cache; 64 MiB holds a large caseload (the
    # work lists at 50,000 people need it: 32 MiB doubled their time). The pool's LIFO order
    # keeps one connection's cache warm, so the app stays under 400 MB resident.
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()
