"""Conflicts the hub reported: listing them with both values, and the adviser's choice.

Resolving writes the chosen (or combined) value as an ordinary local update of the field,
through the services' write path (`ChangeSet`: the row, its outbox entry and an audit event in
one transaction), with `base_rev` the revision the hub kept: the hub closes its own conflict
when that update arrives. The local conflict is marked resolved as `device`, `hub` or
`combined` at once; the update waits in the outbox like any other.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ccis.errors import ValidationError
from paclient.errors import ConflictAlreadyResolved, NotFound
from paclient.models import Base, Conflict, utcnow
from paclient.services.changes import Changes
from paclient.services.context import Context
from paclient.services.writing import ChangeSet
from paclient.storage.db import json_ready
from paclient.sync import duplicates
from paclient.sync.tables import column_value, synced_tables

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConflictRecord:
    """An open conflict: which field of which row of whose record, and both values."""

    id: uuid.UUID
    table: str
    row_id: uuid.UUID
    person_id: uuid.UUID | None
    field: str
    device_value: Any  # JSON values: ids and dates as text
    hub_value: Any
    hub_rev: int | None
    detected_at: dt.datetime


class ConflictService:
    """Open conflicts and their resolution; each method is one short transaction."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def open_conflicts(self, person_id: uuid.UUID | None = None) -> list[ConflictRecord]:
        """Open conflicts, oldest first; only the person's when `person_id` is given."""
        query = select(Conflict).where(Conflict.resolved_at.is_(None))
        if person_id is not None:
            query = query.where(Conflict.person_id == person_id)
        with self._ctx.read() as session:
            return [_record(c) for c in
                    session.scalars(query.order_by(Conflict.detected_at, Conflict.id))]

    def resolve(self, conflict_id: uuid.UUID, value: Any, adviser: str | None = None,
                ) -> Changes:
        """Keep `value` (JSON: the device's, the hub's or a combination) for the field."""
        with self._ctx.write.begin() as session:
            conflict = session.get(Conflict, conflict_id)
            if conflict is None:
                raise NotFound("conflict", str(conflict_id))
            if conflict.resolved_at is not None:
                raise ConflictAlreadyResolved(str(conflict_id))
            known = synced_tables()[conflict.table_name]
            try:
                parsed = column_value(known.table, conflict.field, value)
            except ValueError as exc:
                raise ValidationError(conflict.field, "type", str(exc)) from None
            if parsed is None and not known.table.c[conflict.field].nullable:
                raise ValidationError(conflict.field, "required", "a value is required")
            if duplicates.holder(session, known.table, conflict.row_id,
                                 {conflict.field: parsed}) is not None:
                raise ValidationError(conflict.field, "duplicate",
                                      "another record here has this CCIS id: merge the two "
                                      "records, or choose another id")
            changes = ChangeSet(session, adviser or self._ctx.actor.username,
                                today=self._ctx.today(), codebook=self._ctx.codebook)
            changes.update(_model(conflict.table_name), conflict.row_id,
                           {conflict.field: parsed}, conflict.hub_rev)
            conflict.resolution = _resolution(conflict, parsed)
            conflict.resolved_at, conflict.resolved_by = utcnow(), changes.actor
            changes.audit("resolve", "conflict", conflict.id, conflict.person_id,
                          table=conflict.table_name, field=conflict.field,
                          resolution=conflict.resolution)
            changes.flush()
            log.info("Conflict %s resolved (%s)", conflict.id, conflict.resolution)
            return Changes(people=True, activities=True, contacts=True, plans=True,
                           referrals=True, person_id=conflict.person_id)


def _resolution(conflict: Conflict, parsed: Any) -> str:
    chosen = json_ready({"v": parsed})["v"]
    if chosen == conflict.local_value.get("value"):
        return "device"
    if chosen == conflict.remote_value.get("value"):
        return "hub"
    return "combined"


def _model(table_name: str) -> type[Base]:
    table = Base.metadata.tables[table_name]
    return next(m.class_ for m in Base.registry.mappers if m.local_table is table)


def _record(conflict: Conflict) -> ConflictRecord:
    return ConflictRecord(conflict.id, conflict.table_name, conflict.row_id, conflict.person_id,
                          conflict.field, conflict.local_value.get("value"),
                          conflict.remote_value.get("value"), conflict.hub_rev,
                          conflict.detected_at)
