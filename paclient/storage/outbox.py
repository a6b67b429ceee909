"""The transactional outbox: each local change waiting to be pushed to the hub."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from paclient.models import Outbox, new_id, utcnow
from paclient.storage import bulk


@dataclass(frozen=True)
class Change:
    """One row change: `fields` holds the changed fields with their new values."""

    table: str
    row_id: uuid.UUID
    op: str  # insert, update, delete
    fields: Mapping[str, object]
    base_rev: int | None = None


def record(session: Session, changes: Iterable[Change]) -> int:
    """Add outbox entries in the caller's transaction; return how many."""
    now = utcnow()
    rows = [{"change_id": new_id(), "table_name": c.table, "row_id": c.row_id, "op": c.op,
             "fields": c.fields, "base_rev": c.base_rev,
             "created_at": now, "state": "pending"} for c in changes]
    if rows:
        bulk.insert_rows(session.connection(), Outbox, rows)
    return len(rows)


def pending_count(session: Session) -> int:
    """How many changes have not been acknowledged by the hub."""
    return session.scalar(select(func.count()).where(Outbox.state == "pending")) or 0
