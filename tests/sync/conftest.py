"""A stand-in for what the hub sends: pull rows and push results shaped as the wire contract
says (ids and dates as text), with one increasing revision sequence."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import pytest

from paclient.models import new_id
from paclient.storage.db import json_ready
from paclient.sync.tables import synced_tables

WHEN = "2026-11-20T09:30:00"


class FakeHubWire:
    """Builds pull pages and push results; `rev` counts up like the hub's one sequence."""

    def __init__(self) -> None:
        self._revs = itertools.count(1000)

    def next_rev(self) -> int:
        return next(self._revs)

    def row(self, table: str, row_id: uuid.UUID | None = None, *,
            person: uuid.UUID | None = None, deleted: bool = False, rev: int | None = None,
            **fields: Any) -> dict[str, Any]:
        """A pulled row of `table` with every wire field (defaults where not given);
        `person` is the person whose record it is in (also its person_id field, if it has one)."""
        known = synced_tables()[table]
        if person is not None and "person_id" in known.wire_columns:
            fields.setdefault("person_id", str(person))
        row_id = row_id or new_id()
        full: dict[str, Any] = {}
        for name in known.wire_columns:
            column = known.table.c[name]
            if name in fields:
                full[name] = fields[name]
            elif name in ("created_at", "updated_at"):
                full[name] = WHEN
            elif name == "updated_by":
                full[name] = "hub.user"
            elif column.default is not None and getattr(column.default, "is_callable", False):
                full[name] = column.default.arg(None)
            elif column.default is not None:
                full[name] = column.default.arg
            else:
                full[name] = None
        return {"table": table, "row_id": str(row_id),
                "person_id": str(person) if person else None,
                "rev": rev if rev is not None else self.next_rev(), "deleted": deleted,
                "fields": json_ready(full)}

    def person(self, person_id: uuid.UUID | None = None, **fields: Any) -> dict[str, Any]:
        person_id = person_id or new_id()
        values = {"given_name": "Hana", "family_name": "Pulled",
                  "date_of_birth": dt.date(2009, 5, 1), **fields}
        return self.row("young_person", person_id, person=person_id, **values)

    def page(self, rows: list[dict[str, Any]], exits: list[dict[str, Any]] | None = None,
             ) -> dict[str, Any]:
        revs = [r["rev"] for r in rows] + [e["rev"] for e in exits or []]
        return {"rows": rows, "exits": exits or [], "cursor": max(revs, default=0),
                "more": False}

    def exit(self, person_id: uuid.UUID) -> dict[str, Any]:
        return {"person_id": str(person_id), "rev": self.next_rev()}

    def result(self, change_id: uuid.UUID, status: str, *, rev: int | None = None,
               reason: str | None = None, conflicts: list[dict[str, Any]] | None = None,
               ) -> dict[str, Any]:
        if rev is None and status != "rejected":
            rev = self.next_rev()
        return {"change_id": str(change_id), "status": status, "rev": rev, "reason": reason,
                "conflicts": conflicts or []}


@pytest.fixture
def wire() -> FakeHubWire:
    return FakeHubWire()
