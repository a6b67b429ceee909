"""The transactional outbox: each local change waiting to be pushed to the hub.

An update records the fields it changed with their new values and the revision it started
from. An insert records no values: the row itself is what the hub gets, read as it stands when
the change is pushed (`pending`), so the outbox does not hold a second copy of every new row
(a 50,000-person caseload would otherwise store its contacts' notes twice).
"""

from __future__ import annotations

import functools
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from ccis import catalogue
from paclient.models import Base, Outbox, new_id, utcnow
from paclient.storage import bulk
from paclient.storage.db import json_ready


@dataclass(frozen=True)
class Change:
    """One row change to record: for an update, the changed fields with their new values."""

    table: str
    row_id: uuid.UUID
    op: str  # insert, update, delete
    fields: Mapping[str, object] = field(default_factory=dict)
    base_rev: int | None = None


@dataclass(frozen=True)
class Pending:
    """A change waiting for the hub with everything a push sends; ids and dates as text."""

    seq: int
    change_id: uuid.UUID
    table: str
    row_id: uuid.UUID
    op: str
    fields: dict[str, Any]
    base_rev: int | None

    def wire(self) -> dict[str, Any]:
        """The change as a push body and a transfer file carry it (the contract's Change)."""
        return {"change_id": str(self.change_id), "table": self.table,
                "row_id": str(self.row_id), "op": self.op, "fields": self.fields,
                "base_rev": self.base_rev}


def add(session: Session, changes: Iterable[Change]) -> int:
    """Add outbox entries in the caller's transaction; return how many."""
    now = utcnow()
    rows = [{"change_id": new_id(), "table_name": c.table, "row_id": c.row_id, "op": c.op,
             "fields": {} if c.op == "insert" else c.fields, "base_rev": c.base_rev,
             "created_at": now, "state": "pending"} for c in changes]
    if rows:
        bulk.insert_rows(session.connection(), Outbox, rows)
    return len(rows)


def pending(session: Session, *, after: int = 0, limit: int = 500) -> list[Pending]:
    """Up to `limit` pending changes after outbox `seq` `after`, oldest first.

    An insert's fields are its row's synced columns as they are now (local-only columns such
    as `activity.is_current` are never sent).
    """
    entries = session.execute(
        select(Outbox.seq, Outbox.change_id, Outbox.table_name, Outbox.row_id, Outbox.op,
               Outbox.fields, Outbox.base_rev)
        .where(Outbox.state == "pending", Outbox.seq > after)
        .order_by(Outbox.seq).limit(limit)).all()
    rows = _inserted_rows(session, [(e.table_name, e.row_id) for e in entries
                                    if e.op == "insert"])
    return [Pending(e.seq, e.change_id, e.table_name, e.row_id, e.op,
                    rows[e.row_id] if e.op == "insert" else dict(e.fields), e.base_rev)
            for e in entries]


def pending_count(session: Session) -> int:
    """How many changes have not been acknowledged by the hub."""
    return session.scalar(select(func.count()).where(Outbox.state == "pending")) or 0


def _inserted_rows(session: Session, wanted: Sequence[tuple[str, uuid.UUID]]
                   ) -> dict[uuid.UUID, dict[str, Any]]:
    ids_by_table: dict[str, list[uuid.UUID]] = defaultdict(list)
    for table_name, row_id in wanted:
        ids_by_table[table_name].append(row_id)
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for table_name, ids in ids_by_table.items():
        table, sent = _sent_columns(table_name)
        query = select(table.c.id, *(table.c[name] for name in sent)).where(table.c.id.in_(ids))
        for row in session.execute(query):
            found[row[0]] = json_ready(dict(zip(sent, row[1:], strict=True)))
    missing = [row_id for _, row_id in wanted if row_id not in found]
    if missing:  # rows are tombstoned, never deleted: a missing row means a damaged store
        raise LookupError(f"{len(missing)} inserted rows of the outbox are missing, "
                          f"the first {missing[0]}")
    return found


@functools.cache
def _sent_columns(table_name: str) -> tuple[Table, tuple[str, ...]]:
    """The table and the names of its columns an insert sends (the catalogue's fields)."""
    return Base.metadata.tables[table_name], tuple(catalogue.TABLES[table_name].fields)
