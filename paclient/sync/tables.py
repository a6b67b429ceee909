"""What sync needs to know about the synced tables: their columns, whose record a row is
in, and turning JSON values from the wire back into column values."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Boolean, ColumnElement, Date, DateTime, Integer, String, Table, Uuid
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session

from paclient.models import Base, Synced

PUSH_ONLY = frozenset({"audit_event"})  # never pulled, never counted in the digest
STAFF = frozenset({"adviser", "team"})  # rows owned by a user, not in anyone's record
PERSON = "young_person"


@dataclass(frozen=True)
class SyncedTable:
    """A synced table: its Core table, its local-only columns and how it reaches a person."""

    name: str
    table: Table
    local_only: frozenset[str]
    person_column: str | None  # its own person_id column (young_person: "id")
    parent: tuple[str, str] | None  # (foreign key column, parent table) when it has no person_id

    @property
    def wire_columns(self) -> tuple[str, ...]:
        """The columns a pulled row's `fields` may set (not id, rev, or local-only ones)."""
        return tuple(c.name for c in self.table.columns
                     if c.name not in ("id", "rev") and c.name not in self.local_only)


@functools.cache
def synced_tables() -> dict[str, SyncedTable]:
    """Every table whose rows sync with the hub, in dependency order (parents first)."""
    models = {cast(Table, m.local_table).name: m.class_ for m in Base.registry.mappers
              if issubclass(m.class_, Synced)}
    found: dict[str, SyncedTable] = {}
    for table in Base.metadata.sorted_tables:
        model = models.get(table.name)
        if model is None:
            continue
        found[table.name] = SyncedTable(table.name, table, frozenset(model.local_only),
                                        _person_column(table), _parent(table))
    return found


def pulled_tables() -> dict[str, SyncedTable]:
    """The synced tables a pull may bring (every one but the push-only audit trail)."""
    return {name: t for name, t in synced_tables().items() if name not in PUSH_ONLY}


def person_tables() -> dict[str, SyncedTable]:
    """The tables whose rows belong to a young person's record, directly or via a parent."""
    return {name: t for name, t in pulled_tables().items()
            if t.person_column is not None or t.parent is not None}


def person_expression(session_table: SyncedTable) -> tuple[Table, ColumnElement[Any], Any]:
    """(table, person id expression, select-from) reaching the person of each row."""
    table = session_table.table
    if session_table.person_column is not None:
        return table, table.c[session_table.person_column], table
    assert session_table.parent is not None
    column, parent_name = session_table.parent
    parent = synced_tables()[parent_name].table
    assert synced_tables()[parent_name].person_column is not None
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


def _person_column(table: Table) -> str | None:
    if table.name == PERSON:
        return "id"
    if table.name in PUSH_ONLY or "person_id" not in table.c:
        return None
    return "person_id"


def _parent(table: Table) -> tuple[str, str] | None:
    if table.name == PERSON or "person_id" in table.c:
        return None
    for key in table.foreign_keys:  # addendum.contact_id, action.plan_id, ...
        parent = key.column.table
        if "person_id" in parent.c and key.parent.nullable is False:
            return key.parent.name, parent.name
    return None


def from_wire(table: SyncedTable, fields: Mapping[str, Any],
              columns: Iterable[str] | None = None) -> dict[str, Any]:
    """Pulled `fields` as column values (ids, dates and times parsed); unknown names dropped."""
    allowed = set(table.wire_columns if columns is None else columns)
    return {name: column_value(table.table, name, value)
            for name, value in fields.items() if name in allowed}


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
