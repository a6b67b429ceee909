"""What one use case writes: rows, their outbox entries and audit events, in one transaction.

New rows go in through `storage.bulk` (one prepared statement per table), updates as Core
statements, never ORM units of work, so a batch of thousands costs little more than the rows
themselves; every insert and update also lands in the outbox (an insert as a bare reference to
its row, which the push reads). Every text written meets the text rule the hub applies
(`ccis.text`), and every row the rules the hub applies to a pushed row (`ccis.row_rules`: a
field's own rule that reads today's date, the row's cross-field rules, on the row as the write
leaves it and only those reading a field written), so a value the hub would refuse is refused
here first, before anything is written, whichever path wrote it.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ccis.codes import CodeBook, load_codebook
from ccis.errors import ValidationError, ValidationErrors
from ccis.row_rules import row_problems
from ccis.text import json_problem
from paclient.models import Base, new_id, utcnow
from paclient.storage import audit, bulk, outbox
from paclient.storage.db import json_ready

Values = dict[str, Any]


class ChangeSet:
    """Collects inserts, updates and audit events; `flush()` writes them in order."""

    def __init__(self, session: Session, actor: str, *, today: dt.date | None = None,
                 codebook: CodeBook | None = None) -> None:
        self.session = session
        self.actor = actor
        self._today = today or dt.date.today()
        self._codebook = codebook or load_codebook()
        self._inserts: dict[type[Base], list[Values]] = defaultdict(list)
        self._changes: list[outbox.Change] = []
        self._events: list[audit.Event] = []

    def insert(self, model: type[Base], **values: Any) -> Values:
        """Queue a new row; return its full values (id and defaults filled in)."""
        _check_text(values)
        row = _with_defaults(model, values, self.actor)
        self._check_rules(model, row, row)
        self._inserts[model].append(row)
        self._changes.append(outbox.Change(model.__tablename__, row["id"], "insert"))
        return row

    def update(self, model: type[Base], row_id: uuid.UUID, fields: Mapping[str, Any],
               base_rev: int | None) -> None:
        """Write changed fields of one row now (inserts queued so far go first)."""
        if not fields:
            return
        _check_text(fields)
        self._write_inserts()
        table = model.__table__
        stored = self.session.execute(select(table).where(table.c.id == row_id)).mappings().first()
        self._check_rules(model, {**(stored or {}), **fields}, fields)
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
        outbox.add(self.session, self._changes)
        audit.append(self.session, self._events)
        self._changes, self._events = [], []

    def _check_rules(self, model: type[Base], row: Mapping[str, Any],
                     written: Mapping[str, Any]) -> None:
        """Refuse a row breaking a rule the hub applies, among those reading a field written."""
        found = row_problems(model.__tablename__, json_ready(row), written.keys(), self._today,
                             self._codebook)
        if found:
            raise ValidationErrors([ValidationError(name, "row_rule", what)
                                    for name, what in found])

    def _write_inserts(self) -> None:
        if not self._inserts:
            return
        for table in Base.metadata.sorted_tables:  # parents before children
            model_rows = [(m, rows) for m, rows in self._inserts.items()
                          if m.__table__ is table and rows]
            for model, rows in model_rows:
                bulk.insert_rows(self.session.connection(), model, rows)
        self._inserts.clear()


def _check_text(values: Mapping[str, Any]) -> None:
    """Refuse text that is not valid Unicode or holds control characters (`ccis.text`)."""
    errors = [ValidationError(name, "text_rule", found) for name, value in values.items()
              if isinstance(value, str | list | dict) and (found := json_problem(value))]
    if errors:
        raise ValidationErrors(errors)


def _with_defaults(model: type[Base], values: Mapping[str, Any], actor: str) -> Values:
    defaults = _defaults(model)
    if not defaults.columns.issuperset(values):
        unknown = sorted(values.keys() - defaults.columns)
        raise TypeError(f"{model.__name__} has no columns {unknown}")
    now = utcnow()
    row: Values = {**defaults.fixed, "created_at": now, "updated_at": now, "updated_by": actor,
                   **values}
    if "id" not in values:
        row["id"] = new_id()
    for key, make in defaults.made:
        if key not in values:
            row[key] = make(None)
    return row


@dataclass(frozen=True)
class _Defaults:
    fixed: Values  # every column's value when none is given: its fixed default, else None
    made: tuple[tuple[str, Callable[[Any], Any]], ...]  # defaults made per row (e.g. `dict`)
    columns: frozenset[str]


_STAMPED = frozenset({"id", "created_at", "updated_at"})  # set by `_with_defaults` itself


@functools.cache
def _defaults(model: type[Base]) -> _Defaults:
    """The model's column defaults, sorted once into fixed values and per-row makers
    (SQLAlchemy's callable defaults take an execution context; none of ours uses it)."""
    columns = list(model.__table__.columns)
    made = tuple((c.key, c.default.arg) for c in columns
                 if c.default is not None and getattr(c.default, "is_callable", False)
                 and c.key not in _STAMPED)
    fixed = {c.key: None if c.default is None or getattr(c.default, "is_callable", False)
             else c.default.arg for c in columns}
    return _Defaults(fixed, made, frozenset(fixed))
