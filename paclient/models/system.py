"""Rows the application keeps about its own work: audit, outbox, sync state, conflicts, prints."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from paclient.models.base import Base, Synced, new_id, utcnow


class PrintedDocument(Synced, Base):
    __tablename__ = "printed_document"

    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("young_person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    printed_at: Mapped[dt.datetime]
    printed_by: Mapped[str] = mapped_column(String(64))
    sensitive_included: Mapped[bool] = mapped_column(default=False)
    destination: Mapped[str] = mapped_column(String(20), default="pdf")  # pdf, printer, export


class AuditEvent(Synced, Base):
    """Append-only; each event's hash covers its content and the previous event's hash."""

    __tablename__ = "audit_event"

    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))  # view, create, update, print, export, ...
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(36))
    person_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    detail: Mapped[dict[str, object]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Outbox(Base):
    """One local change waiting for the hub; `change_id` is the idempotency key."""

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    op: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    # An update's changed fields with their new values; empty for an insert, whose row is
    # read when it is pushed (storage.outbox.pending).
    fields: Mapped[dict[str, object]] = mapped_column(default=dict)
    base_rev: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    acknowledged_at: Mapped[dt.datetime | None]


class SyncState(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Conflict(Base):
    """A field the device and the hub both changed; the hub kept its value until the adviser
    chooses. Values are held as `{"value": <json>}` (a JSON column holds a document)."""

    __tablename__ = "conflict"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(index=True)
    person_id: Mapped[uuid.UUID | None] = mapped_column(index=True)  # whose record, if anyone's
    field: Mapped[str] = mapped_column(String(60))
    local_value: Mapped[dict[str, object]] = mapped_column(default=dict)
    remote_value: Mapped[dict[str, object]] = mapped_column(default=dict)
    hub_conflict_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    hub_rev: Mapped[int | None]  # the revision the hub kept; a resolving update starts from it
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))  # device, hub, combined
    resolved_by: Mapped[str | None] = mapped_column(String(64))


class Setting(Base):
    """The store's own facts (its owner, the authority); not synced."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Draft(Base):
    """Unsaved form text (a note being typed), kept in the encrypted store while it is typed,
    so a crash, a kill or the idle lock loses at most the last few seconds. Never synced."""

    __tablename__ = "draft"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    key: Mapped[str] = mapped_column(String(80), unique=True)  # e.g. "contact:<person>"
    person_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    fields: Mapped[dict[str, object]] = mapped_column(default=dict)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
