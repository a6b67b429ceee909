"""The audit trail: append-only events chained by SHA-256 so a gap or an edit shows."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from paclient.models import AuditEvent, new_id, utcnow
from paclient.storage import bulk

GENESIS = "0" * 64


@dataclass(frozen=True)
class Event:
    """An audit event to append: who did what to which record (ids and counts only)."""

    actor: str
    action: str
    entity: str
    entity_id: str | None = None
    person_id: uuid.UUID | None = None
    detail: dict[str, object] = field(default_factory=dict)


def append(session: Session, events: Iterable[Event]) -> int:
    """Append events in order inside the caller's transaction; return how many."""
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS)
    now = utcnow()
    rows = []
    for event in events:
        seq += 1
        row = {"id": new_id(), "seq": seq, "at": now, "actor": event.actor,
               "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
               "person_id": event.person_id, "detail": event.detail, "prev_hash": prev,
               "created_at": now, "updated_at": now, "updated_by": event.actor}
        row["hash"] = prev = _digest(row)
        rows.append(row)
    if rows:
        bulk.insert_rows(session.connection(), AuditEvent, rows)
    return len(rows)


def verify(session: Session) -> list[str]:
    """Problems in the chain (empty when intact): gaps, edits, reordering."""
    problems: list[str] = []
    prev, expected_seq = GENESIS, 1
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(5000):
        if event.seq != expected_seq:
            problems.append(f"audit event {expected_seq} is missing")
        if event.prev_hash != prev or event.hash != _digest(_as_row(event)):
            problems.append(f"audit event {event.seq} was altered")
        prev, expected_seq = event.hash, event.seq + 1
        if len(problems) >= 10:
            break
    return problems


def _as_row(event: AuditEvent) -> dict[str, object]:
    return {"id": event.id, "seq": event.seq, "at": event.at, "actor": event.actor,
            "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
            "person_id": event.person_id, "detail": event.detail, "prev_hash": event.prev_hash}


_HASHED: Sequence[str] = ("id", "seq", "at", "actor", "action", "entity", "entity_id",
                          "person_id", "detail", "prev_hash")


def _digest(row: dict[str, object]) -> str:
    content = json.dumps([_plain(row[k]) for k in _HASHED], sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def _plain(value: object) -> object:
    return str(value) if isinstance(value, uuid.UUID) else value
