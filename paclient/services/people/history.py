"""A record's history: who opened, changed, printed or exported it, and what was printed.

Reading the history is not itself audited. The record it belongs to was audited as a view when
it was opened (`record_overview`), and the history tab reads again after every write to the
record: a "view" event per read would bury the real events under the adviser's own look-ups.
The trail holds ids, actions and field names only, never names or case content.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from paclient.models import Adviser, AuditEvent, PrintedDocument
from paclient.services.context import Context

PAGE = 200  # events read at a time; the trail grows without bound


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """One audit event about the person."""

    seq: int  # the event's place in the store's trail (newest is highest)
    at: dt.datetime  # UTC, naive, as stored
    actor: str  # the adviser's name when known, else their username
    action: str  # view, create, update, end, withdraw, print, export, ...
    entity: str  # which part of the record: young_person, consent, contact, ...
    entity_id: str | None
    fields: tuple[str, ...]  # the fields an update changed
    document: str | None  # what was printed or exported (a document kind)
    sensitive_included: bool | None  # for a print: whether sensitive items went in


@dataclass(frozen=True, slots=True)
class PrintedRecord:
    """One document about the person that was printed, saved or exported."""

    id: uuid.UUID
    kind: str  # activity-record, action-plan, guidance-summary, ...
    printed_at: dt.datetime  # UTC, naive, as stored
    printed_by: str  # the adviser's name when known, else their username
    sensitive_included: bool
    destination: str  # pdf, printer, export


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """The newest events (up to a limit) and whether older ones are left to read."""

    events: tuple[HistoryEvent, ...]
    more: bool


class HistoryService:
    """Reads a person's audit trail and print log; writes nothing, audits nothing."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def events(self, person_id: uuid.UUID, *, limit: int = PAGE) -> HistoryPage:
        """The person's newest `limit` audit events, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(AuditEvent).where(AuditEvent.person_id == person_id)
                                   .order_by(AuditEvent.seq.desc()).limit(limit + 1)).all()
            names = self._names(session)
            events = tuple(_event(row, names) for row in rows[:limit])
        return HistoryPage(events, more=len(rows) > limit)

    def prints(self, person_id: uuid.UUID) -> list[PrintedRecord]:
        """Every document printed or exported about the person, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(PrintedDocument).where(
                PrintedDocument.person_id == person_id, PrintedDocument.deleted_at.is_(None))
                .order_by(PrintedDocument.printed_at.desc())).all()
            names = self._names(session)
            return [PrintedRecord(r.id, r.kind, r.printed_at, names.get(r.printed_by,
                                                                      r.printed_by),
                                  r.sensitive_included, r.destination) for r in rows]

    @staticmethod
    def _names(session: Session) -> dict[str, str]:
        return {username: name for username, name
                in session.execute(select(Adviser.username, Adviser.name))}


def _event(row: AuditEvent, names: dict[str, str]) -> HistoryEvent:
    detail = row.detail or {}
    fields = detail.get("fields")
    kind = detail.get("kind")
    sensitive = detail.get("sensitive_included")
    return HistoryEvent(
        seq=row.seq, at=row.at, actor=names.get(row.actor, row.actor), action=row.action,
        entity=row.entity, entity_id=row.entity_id,
        fields=tuple(str(f) for f in fields) if isinstance(fields, list) else (),
        document=str(kind) if kind is not None else None,
        sensitive_included=sensitive if isinstance(sensitive, bool) else None)
