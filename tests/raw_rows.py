"""Writing rows as a sync from the hub would: past the services and the ChangeSet's rules."""

from __future__ import annotations

import uuid
from typing import Any

from paclient.models import utcnow
from paclient.services.bundle import Services


def insert(services: Services, model: Any, **values: Any) -> uuid.UUID:
    """Insert one row of `model` with `values` as a pull applies it: not through a ChangeSet,
    whose rules (those the hub applies today) a row stored before a rule existed may break;
    its id."""
    with services.ctx.write.begin() as session:
        row = model(**{"updated_by": "hub.user", **values})
        session.add(row)
        session.flush()
        return uuid.UUID(str(row.id))


def tombstone(services: Services, model: Any, row_id: uuid.UUID) -> None:
    """Mark one row deleted."""
    with services.ctx.write.begin() as session:
        changes = services.ctx.changes(session)
        changes.update(model, row_id, {"deleted_at": utcnow()}, None)
        changes.flush()
