"""Taking in a push response: each outbox entry acknowledged, kept as a conflict or rejected.

Nothing here makes outbox entries, and nothing is dropped: a rejected change stays in the
outbox (state `rejected`, with the hub's reason) until the adviser resends it, and a conflict
stays open locally until the adviser chooses a value (`paclient.services.sync.conflicts`).

Revisions: a row's `rev` is the hub revision its local copy builds on, and the `base_rev` of
its next update, so it must never claim more than the copy holds. Only an `applied` change
moves it (never backwards), to the revision the hub gave that change: the hub's row is then
exactly this copy. A `merged` or `conflict` answer means the hub's row holds changes this copy
has not pulled yet, and a `duplicate` does not say which its first answer was: the row keeps
its revision until the pull brings the hub's, so an edit made meanwhile (a sync cancelled
before its pull) still meets the other device's change as a conflict instead of overwriting
it. Changes of the row still pending are untouched: their `base_rev` was fixed when they were
made.

A replayed change (`duplicate`, its first answer lost) carries the conflicts its first answer
opened that are still open: they are opened here as for a `conflict`, so the adviser sees both
values before the pull brings the hub's (issue 13, finding 13).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from paclient.models import Conflict, Outbox, utcnow
from paclient.sync.tables import column_value, person_of, synced_tables

log = logging.getLogger(__name__)

ACKNOWLEDGED = frozenset({"applied", "merged", "duplicate", "conflict"})
STATUSES = ACKNOWLEDGED | {"rejected"}
NO_REASON = "The hub gave no reason."


@dataclass(frozen=True)
class AckReport:
    """What one push response did to the outbox."""

    acknowledged: int = 0
    conflicts: int = 0  # local conflict rows opened
    rejected: int = 0
    unknown: list[str] = field(default_factory=list)  # change ids this outbox never held


def acknowledge(session: Session, results: Sequence[Mapping[str, Any]]) -> AckReport:
    """Record the hub's `results` (one per pushed change) in the caller's transaction."""
    for result in results:  # check all first: a malformed response changes nothing
        if result.get("status") not in STATUSES:
            raise ValueError(f"unknown push status {result.get('status')!r}")
    ids = [uuid.UUID(str(r["change_id"])) for r in results]
    entries = {e.change_id: e for e in session.scalars(
        select(Outbox).where(Outbox.change_id.in_(ids)))} if ids else {}
    now = utcnow()
    acknowledged = conflicts = rejected = 0
    unknown: list[str] = []
    for change_id, result in zip(ids, results, strict=True):
        entry = entries.get(change_id)
        if entry is None:
            unknown.append(str(change_id))
            continue
        if result["status"] == "rejected":
            entry.state, entry.acknowledged_at = "rejected", None
            entry.reject_reason = str(result.get("reason") or NO_REASON)
            rejected += 1
            continue
        entry.state, entry.acknowledged_at, entry.reject_reason = "acknowledged", now, None
        acknowledged += 1
        if result["status"] == "applied":
            _move_rev(session, entry, result.get("rev"))
        conflicts += _open_conflicts(session, entry, result.get("conflicts") or [])
    session.flush()
    if unknown:
        log.warning("Push results named %d change(s) this outbox does not hold", len(unknown))
    log.info("Push results: %d acknowledged, %d conflicts, %d rejected", acknowledged,
             conflicts, rejected)
    return AckReport(acknowledged, conflicts, rejected, unknown)


def _move_rev(session: Session, entry: Outbox, rev: object) -> None:
    known = synced_tables().get(entry.table_name)
    if known is None or not isinstance(rev, int):
        return
    table = known.table
    session.execute(update(table).where(table.c.id == entry.row_id)
                    .where((table.c.rev.is_(None)) | (table.c.rev < rev)).values(rev=rev))


def _open_conflicts(session: Session, entry: Outbox, conflicts: Sequence[Mapping[str, Any]],
                    ) -> int:
    """One local conflict per field; the row's field shows the hub's value meanwhile."""
    known = synced_tables().get(entry.table_name)
    if known is None:
        return 0
    person = person_of(session, entry.table_name, entry.row_id)
    opened = 0
    for item in conflicts:
        hub_id = uuid.UUID(str(item["conflict_id"])) if item.get("conflict_id") else None
        if hub_id is not None and session.scalar(
                select(Conflict.id).where(Conflict.hub_conflict_id == hub_id)) is not None:
            continue  # the same answer taken in twice
        name = str(item["field"])
        session.add(Conflict(table_name=entry.table_name, row_id=entry.row_id,
                             person_id=person, field=name,
                             local_value={"value": item.get("device_value")},
                             remote_value={"value": item.get("hub_value")},
                             hub_conflict_id=hub_id, hub_rev=item.get("hub_rev")))
        opened += 1
        if name in known.wire_columns and not _edited_since(session, entry, name):
            table = known.table
            session.execute(update(table).where(table.c.id == entry.row_id).values(
                {name: column_value(table, name, item.get("hub_value"))}))
    return opened


def _edited_since(session: Session, entry: Outbox, name: str) -> bool:
    """Whether a later change not yet taken by the hub sets the field again (its value stays)."""
    later = session.scalars(select(Outbox.fields).where(
        Outbox.row_id == entry.row_id, Outbox.seq > entry.seq,
        Outbox.state.in_(("pending", "rejected")), Outbox.op == "update"))
    return any(name in fields for fields in later)
