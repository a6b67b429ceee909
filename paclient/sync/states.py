"""Sync states of rows and people, and the changes that need the adviser's attention.

A row is `conflict` when it has an open conflict, else `needs_attention` when a change of it
was rejected by the hub, else `pending` when a change of it waits to be pushed, else `synced`.
A person takes the strongest state over every row of their record (audit events aside: they
are the trail of work, not the record).

Nothing is ever silently dropped: a rejected change stays until it is resent (`resend`, as a
new change the hub judges afresh) or, where nothing would be lost, discarded by the adviser
(`discard`, kept in the outbox as `discarded` with who and when in the audit trail).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, literal, select, union_all
from sqlalchemy.orm import Session

from paclient.errors import ChangeNotDiscardable, NotFound
from paclient.models import Conflict, Outbox, new_id, utcnow
from paclient.storage import audit
from paclient.sync.apply import held_exits
from paclient.sync.tables import person_expression, person_of, person_tables

log = logging.getLogger(__name__)

SYNCED, PENDING, NEEDS_ATTENTION, CONFLICT = "synced", "pending", "needs_attention", "conflict"
RANK = {SYNCED: 0, PENDING: 1, NEEDS_ATTENTION: 2, CONFLICT: 3}
_OUTBOX_STATE = {"pending": PENDING, "rejected": NEEDS_ATTENTION}


@dataclass(frozen=True)
class AttentionItem:
    """A change the hub rejected: what, whose, why and when it was made."""

    change_id: uuid.UUID
    table: str
    row_id: uuid.UUID
    op: str
    fields: list[str]  # the names of the fields it sets (never their values)
    person_id: uuid.UUID | None
    reason: str
    made_at: dt.datetime


def strongest(states: Iterable[str]) -> str:
    """The state shown for several: conflict > needs_attention > pending > synced."""
    return max(states, key=RANK.__getitem__, default=SYNCED)


def row_states(session: Session, table: str, row_ids: Sequence[uuid.UUID]
               ) -> dict[uuid.UUID, str]:
    """Each row's sync state (every id given gets one)."""
    found = {row_id: SYNCED for row_id in row_ids}
    if not row_ids:
        return found
    for row_id, state in session.execute(
            select(Outbox.row_id, Outbox.state).distinct()
            .where(Outbox.row_id.in_(row_ids), Outbox.table_name == table,
                   _unindexed_state().in_(_OUTBOX_STATE))):
        found[row_id] = strongest([found[row_id], _OUTBOX_STATE[state]])
    for row_id in session.scalars(
            select(Conflict.row_id).distinct()
            .where(Conflict.row_id.in_(row_ids), Conflict.table_name == table,
                   Conflict.resolved_at.is_(None))):
        found[row_id] = CONFLICT
    return found


def person_states(session: Session, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each person's sync state over their whole record: two grouped queries, each reaching
    the outbox and the conflicts from the people's own rows through the person_id indexes."""
    found = {person: SYNCED for person in person_ids}
    if not person_ids:
        return found
    ids = list(person_ids)
    outbox_rows = union_all(*(_outbox_of(name, ids) for name in person_tables())).subquery()
    for person, state in session.execute(
            select(outbox_rows.c.person, outbox_rows.c.state)
            .group_by(outbox_rows.c.person, outbox_rows.c.state)):
        found[person] = strongest([found[person], _OUTBOX_STATE[state]])
    conflict_rows = union_all(*(_conflicts_of(name, ids) for name in person_tables()),
                              select(Conflict.person_id.label("person"), literal(1).label("n"))
                              .where(Conflict.person_id.in_(ids),
                                     Conflict.resolved_at.is_(None))).subquery()
    for person in session.scalars(select(conflict_rows.c.person)
                                  .group_by(conflict_rows.c.person)):
        found[person] = CONFLICT
    return found


def _outbox_of(name: str, ids: list[uuid.UUID]) -> Select[tuple[uuid.UUID, str]]:
    table, person, source = person_expression(person_tables()[name])
    joined = source.join(Outbox, (Outbox.row_id == table.c.id) & (Outbox.table_name == name))
    return (select(person.label("person"), Outbox.state.label("state")).select_from(joined)
            .where(person.in_(ids), _unindexed_state().in_(_OUTBOX_STATE)))


def _unindexed_state() -> ColumnElement[str]:
    """`outbox.state || ''`: the same value, but SQLite's planner cannot start from the state
    index, which after a big import finds every row pending; it starts from the few ids."""
    return Outbox.state.concat("")


def _conflicts_of(name: str, ids: list[uuid.UUID]) -> Select[tuple[uuid.UUID, int]]:
    table, person, source = person_expression(person_tables()[name])
    joined = source.join(Conflict, (Conflict.row_id == table.c.id)
                         & (Conflict.table_name == name))
    return (select(person.label("person"), literal(1).label("n")).select_from(joined)
            .where(person.in_(ids), Conflict.resolved_at.is_(None)))


def needs_attention(session: Session) -> list[AttentionItem]:
    """Every rejected change, oldest first, with the person whose record it is in."""
    items = []
    for entry in session.scalars(select(Outbox).where(Outbox.state == "rejected")
                                 .order_by(Outbox.seq)):
        items.append(AttentionItem(entry.change_id, entry.table_name, entry.row_id, entry.op,
                                   sorted(entry.fields), person_of(session, entry.table_name,
                                                                   entry.row_id),
                                   entry.reject_reason or "", entry.created_at))
    return items


def resend(session: Session, change_id: uuid.UUID, *, actor: str) -> uuid.UUID:
    """Queue a rejected change again, under a new change id so the hub judges it afresh (it
    answers a change id it has seen with its first result); return the new id. An insert is
    read from its row as it stands now, so fixing the row first and resending works."""
    entry = _rejected(session, change_id)
    entry.change_id, entry.state, entry.reject_reason = new_id(), "pending", None
    audit.append(session, [audit.Event(actor, "resend", "outbox", str(change_id),
                                       person_of(session, entry.table_name, entry.row_id),
                                       {"new_change_id": str(entry.change_id)})])
    session.flush()
    log.info("Rejected change %s queued again", change_id)
    return entry.change_id


def discard(session: Session, change_id: uuid.UUID, *, actor: str) -> None:
    """Give up a rejected change, where nothing is lost by it: an update whose every field a
    later change of the row sets again, or any change of a person who has left this device's
    scope (the hub would refuse it from here). Otherwise ChangeNotDiscardable."""
    entry = _rejected(session, change_id)
    person = person_of(session, entry.table_name, entry.row_id)
    if person is None or person not in held_exits(session):
        if entry.op != "update":
            raise ChangeNotDiscardable(str(change_id), "the hub has never had this row")
        later: set[str] = set()
        for fields in session.scalars(select(Outbox.fields).where(
                Outbox.row_id == entry.row_id, Outbox.seq > entry.seq,
                Outbox.state.in_(("pending", "acknowledged")))):
            later.update(fields)
        if not set(entry.fields) <= later:
            raise ChangeNotDiscardable(str(change_id),
                                       "no later change sets the same fields again")
    entry.state, entry.acknowledged_at = "discarded", utcnow()
    audit.append(session, [audit.Event(actor, "discard", "outbox", str(change_id), person,
                                       {"table": entry.table_name})])
    session.flush()
    log.info("Rejected change %s discarded", change_id)


def _rejected(session: Session, change_id: uuid.UUID) -> Outbox:
    entry = session.scalar(select(Outbox).where(Outbox.change_id == change_id))
    if entry is None or entry.state != "rejected":
        raise NotFound("rejected change", str(change_id))
    return entry
