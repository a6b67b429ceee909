"""The device's view of the synced tables of `ccis.catalogue`: their Core tables, how to reach
the person of a row in SQL, and turning JSON values from the wire back into column values."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, ColumnElement, Date, DateTime, Integer, String, Table, Uuid
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session

from ccis import catalogue
from paclient.models import Base

STAFF = frozenset(name for name, table in catalogue.TABLES.items()
                  if not table.in_record and not table.push_only)  # a user's rows: adviser, team
PERSON = catalogue.PERSON_TABLE


@dataclass(frozen=True)
class SyncedTable:
    """A synced table: its declaration in the shared catalogue and the device's Core table."""

    name: str
    table: Table
    declared: catalogue.SyncedTable

    @property
    def person_column(self) -> str | None:
        """Its own column holding the person id (young_person: "id"), if any."""
        return self.declared.person

    @property
    def parent(self) -> tuple[str, str] | None:
        """(foreign key column, parent table) when a parent row holds the person."""
        return self.declared.parent

    @property
    def wire_columns(self) -> tuple[str, ...]:
        """The columns a pulled row's `fields` may set (not id, rev, or local-only ones)."""
        return tuple(self.declared.fields)


@functools.cache
def synced_tables() -> dict[str, SyncedTable]:
    """Every table whose rows sync with the hub, in the catalogue's order (parents first)."""
    tables = Base.metadata.tables
    return {name: SyncedTable(name, tables[name], declared)
            for name, declared in catalogue.TABLES.items()}


def pulled_tables() -> dict[str, SyncedTable]:
    """The synced tables a pull may bring (every one but the push-only audit trail)."""
    return {name: synced_tables()[name] for name in catalogue.pulled()}


def person_tables() -> dict[str, SyncedTable]:
    """The tables whose rows belong to a young person's record, directly or via a parent."""
    return {name: synced_tables()[name] for name in catalogue.in_records()}


def person_expression(session_table: SyncedTable) -> tuple[Table, ColumnElement[Any], Any]:
    """(table, person id expression, select-from) reaching the person of each row."""
    table = session_table.table
    if session_table.person_column is not None:
        return table, table.c[session_table.person_column], table
    assert session_table.parent is not None
    column, parent_name = session_table.parent
    parent = synced_tables()[parent_name].table
    joined = table.join(parent, table.c[column] == parent.c.id)
    return table, parent.c.person_id, joined


def person_of(session: Session, table_name: str, row_id: uuid.UUID) -> uuid.UUID | None:
    """The young person whose record holds the row, or None (staff rows, unknown rows)."""
    known = person_tables().get(table_name)
    if known is None:
        return None
    table, person, source = person_expression(known)
    found = session.execute(sa_select(person).select_from(source)
                            .where(table.c.id == row_id)).scalar()
    return found if isinstance(found, uuid.UUID) else None


def column_value(table: Table, name: str, value: Any) -> Any:
    """A JSON value (as the wire and JSON columns hold it) as the column's Python value."""
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, Uuid):
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    if isinstance(kind, DateTime):
        if isinstance(value, dt.datetime):
            return value
        when = dt.datetime.fromisoformat(str(value))
        return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    if isinstance(kind, Date):
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"{table.name}.{name} takes true or false")
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{table.name}.{name} takes a whole number")
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise ValueError(f"{table.name}.{name} takes text")
        if kind.length is not None and len(value) > kind.length:
            raise ValueError(f"{table.name}.{name} takes at most {kind.length} characters")
        return value
    if isinstance(kind, JSON):
        return value
    return value
