"""What the hub knows of paclient's synced tables, read once from `paclient.models` metadata.

The hub stores rows generically (one JSON document per row), so this is the only place that
knows which tables and fields exist, their types, and how a row reaches its young person.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Column, Table

from paclient.models import Base, Synced

NOT_SENT = frozenset({"id", "rev"})  # the row id travels beside the fields; rev is the hub's
PERSON_TABLE = "young_person"
STAFF_TABLES = frozenset({"adviser", "team"})
APPEND_ONLY = frozenset({"contact", "addendum", "review", "audit_event", "activity",
                         "caf_meeting", "printed_document"})
PUSH_ONLY = frozenset({"audit_event"})


@dataclass(frozen=True)
class TableInfo:
    """One synced table: its sent columns and the field that leads to its person."""

    name: str
    columns: dict[str, Column[object]]
    # "person_id", a parent's foreign key such as "contact_id", or None (the person row
    # itself, staff rows, audit events)
    link: str | None
    # for a parent link: the parent table, whose row holds the person
    parent: str | None

    @property
    def required(self) -> frozenset[str]:
        """Fields an insert must carry (not nullable)."""
        return frozenset(name for name, column in self.columns.items() if not column.nullable)


@functools.cache
def tables() -> dict[str, TableInfo]:
    """Every synced table by name."""
    found: dict[str, TableInfo] = {}
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if not issubclass(model, Synced) or not isinstance(mapper.local_table, Table):
            continue
        table = mapper.local_table
        skipped = NOT_SENT | model.local_only
        columns = {c.name: c for c in table.columns if c.name not in skipped}
        link, parent = _link(table)
        found[table.name] = TableInfo(table.name, columns, link, parent)
    return found


def _link(table: Table) -> tuple[str | None, str | None]:
    """How a row of `table` reaches its person: a foreign key to the person or to a parent.

    `audit_event.person_id` has no foreign key: events are push-only history, kept whatever
    became of the person, so they belong to the pushing user rather than to a person's scope.
    """
    for column in table.columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target == PERSON_TABLE:
                return column.name, None
    for column in table.columns:
        for key in column.foreign_keys:
            target = key.column.table.name
            if target not in STAFF_TABLES and not column.nullable:
                return column.name, target
    return None, None
