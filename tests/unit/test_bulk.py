"""Bulk inserts store exactly what SQLAlchemy's own inserts store."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, delete, insert, text

from paclient.models import Conflict, Setting, SyncState
from paclient.storage import bulk, migrate
from paclient.storage.db import make_engine

ROW = {"id": uuid.UUID(int=1), "table_name": "contact", "row_id": uuid.UUID(int=2),
       "field": "notes", "local_value": {}, "remote_value": {}}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    made = make_engine(Path(tmp_path_factory.mktemp("bulk")) / "plain.db", None)
    migrate.upgrade(made)
    yield made
    made.dispose()


times = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)),
    st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=-5)))),
    st.dates())


@settings(max_examples=200, deadline=None)
@given(when=times, resolved=st.one_of(st.none(), times))
def test_times_are_stored_as_sqlalchemy_stores_them(engine, when, resolved):
    stored = []
    for write in (_by_sqlalchemy, _by_bulk):
        with engine.begin() as connection:
            connection.execute(delete(Conflict))
            write(connection, {**ROW, "detected_at": when, "resolved_at": resolved})
            stored.append(connection.execute(
                text("SELECT detected_at, resolved_at FROM conflict")).one())
    assert stored[0] == stored[1]


def test_rows_of_other_types_round_trip(engine):
    with engine.begin() as connection:
        bulk.insert_rows(connection, Setting, [{"key": "a", "value": "1"},
                                               {"key": "b", "value": "2"}])
        bulk.insert_rows(connection, SyncState, [{"key": "cursor", "value": "42"}])
        assert connection.execute(text("SELECT key, value FROM setting ORDER BY key")).all() \
            == [("a", "1"), ("b", "2")]
        assert connection.execute(text("SELECT value FROM sync_state")).scalar() == "42"


def _by_sqlalchemy(connection, values):
    connection.execute(insert(Conflict).values(**values))


def _by_bulk(connection, values):
    bulk.insert_rows(connection, Conflict, [values])
