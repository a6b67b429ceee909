"""What one use case writes: rows, their outbox entries and audit events, in one transaction.

Rows are written with Core statements, not ORM units of work, so a batch of thousands costs
little more than the rows themselves; every insert and update also lands in the outbox.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from paclient.models import Base, utcnow
from paclient.storage import audit, outbox

Values = dict[str, Any]


class ChangeSet:
    """Collects inserts, updates and audit events; `flush()` writes them in order."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.actor = actor
        self._inserts: dict[type[Base], list[Values]] = defaultdict(list)
        self._changes: list[outbox.Change] = []
        self._events: list[audit.Event] = []

    def insert(self, model: type[Base], **values: Any) -> Values:
        """Queue a new row; return its full values (id and defaults filled in)."""
        row = _with_defaults(model, values, self.actor)
        self._inserts[model].append(row)
        self._changes.append(outbox.Change(model.__tablename__, row["id"], "insert",
                                           _synced_fields(row)))
        return row

    def update(self, model: type[Base], row_id: uuid.UUID, fields: Mapping[str, Any],
               base_rev: int | None) -> None:
        """Write changed fields of one row now (inserts queued so far go first)."""
        if not fields:
            return
        self._write_inserts()
        stamped = {**fields, "updated_at": utcnow(), "updated_by": self.actor}
        self.session.execute(update(model).where(model.__table__.c.id == row_id).values(stamped))
        self._changes.append(outbox.Change(model.__tablename__, row_id, "update", dict(fields),
                                           base_rev))

    def audit(self, action: str, entity: str, entity_id: uuid.UUID | str | None = None,
              person_id: uuid.UUID | None = None, **detail: object) -> None:
        """Queue an audit event (ids and counts only, never names or note text)."""
        self._events.append(audit.Event(self.actor, action, entity,
                                        str(entity_id) if entity_id else None, person_id,
                                        dict(detail)))

    def flush(self) -> None:
        """Write everything queued; the caller's transaction commits or rolls it all back."""
        self._write_inserts()
        outbox.record(self.session, self._changes)
        audit.append(self.session, self._events)
        self._changes, self._events = [], []

    def _write_inserts(self) -> None:
        if not self._inserts:
            return
        for table in Base.metadata.sorted_tables:  # parents before children
            model_rows = [(m, rows) for m, rows in self._inserts.items()
                          if m.__table__ is table and rows]
            for model, rows in model_rows:
                self.session.execute(insert(model), rows)
        self._inserts.clear()


def _with_defaults(model: type[Base], values: Mapping[str, Any], actor: str) -> Values:
    now = utcnow()
    row: Values = {"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                   "updated_by": actor, "rev": None, "deleted_at": None, **values}
    for column in model.__table__.columns:
        if column.key in row:
            continue
        default = column.default
        if default is None:
            row[column.key] = None
        elif getattr(default, "is_callable", False):
            row[column.key] = default.arg(None)
        else:
            row[column.key] = default.arg
    unknown = set(row) - {c.key for c in model.__table__.columns}
    if unknown:
        raise TypeError(f"{model.__name__} has no columns {sorted(unknown)}")
    return row


def _synced_fields(row: Values) -> Values:
    return {k: v for k, v in row.items() if k not in ("id", "rev")}
