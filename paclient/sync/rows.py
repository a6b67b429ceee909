"""Writing one table's pulled rows in bulk: a few queries per table and page, not per row.

For each table of a page (parents first) one query finds the rows held here and their
revisions, one finds the fields with unsent local edits, one per foreign key finds the parents
present; then the new rows go in and the held ones are updated through prepared statements
(`paclient.storage.bulk`), one driver call per set of columns. The rules are `apply`'s: unsent
local values are never overwritten, children wait for their parents, references to staff rows
never received are kept empty, and another device's `adviser` row for this store's own
adviser (same username, another id) becomes an alias of the local one. A pulled person whose
CCIS id another record here holds is kept without it (`duplicates`).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from paclient.models import Outbox, utcnow
from paclient.storage import bulk
from paclient.sync import duplicates
from paclient.sync.tables import PERSON, STAFF, SyncedTable, column_value

ADVISER = "adviser"
UNSENT = ("pending", "rejected")  # outbox states whose values the hub does not have
STAMPS = ("updated_at", "updated_by")  # kept local while the row has unsent changes
CHUNK = 500  # ids per IN (...) list

Candidate = tuple[Mapping[str, Any], uuid.UUID, dict[str, Any]]  # (pulled row, id, values)


@dataclass
class PageState:
    """What applying one page has learnt so far (shared by its tables)."""

    aliases: dict[uuid.UUID, uuid.UUID]  # another device's adviser id -> the local adviser's
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    parked: list[dict[str, Any]] = field(default_factory=list)
    aliases_changed: bool = False
    set_aside: list[tuple[uuid.UUID, int, str]] = field(default_factory=list)  # CCIS ids


def apply_table(session: Session, known: SyncedTable, raws: Sequence[Mapping[str, Any]],
                state: PageState) -> None:
    """Apply the pulled rows `raws` of one table (each row once, in revision order)."""
    table = known.table
    convert = _converters(known)
    held = _held(session, table, [uuid.UUID(str(r["row_id"])) for r in raws])
    candidates: list[Candidate] = []
    for raw in raws:
        row_id = uuid.UUID(str(raw["row_id"]))
        rev = int(raw["rev"])
        deleted = bool(raw.get("deleted"))
        if row_id not in held and deleted:
            state.counts["skipped"] += 1
            state.aliases_changed |= state.aliases.pop(row_id, None) is not None
            continue
        local_rev = held.get(row_id)
        if local_rev is not None and rev < local_rev:
            state.counts["stale"] += 1
            continue
        values = {name: fn(value) for name, value in (raw.get("fields") or {}).items()
                  if (fn := convert.get(name)) is not None}
        if deleted and values.get("deleted_at") is None:
            values["deleted_at"] = utcnow()
        candidates.append((raw, row_id, values))
    if known.name == ADVISER:
        candidates = _take_aliases(session, table, candidates, held, state)
    ready = _with_parents(session, known, candidates, state)
    kept = _unsent_fields(session, known, [row_id for _, row_id, _ in ready if row_id in held])
    if known.name == PERSON:  # a CCIS id another record here holds: kept aside, not failed
        state.set_aside += duplicates.set_aside(session, table, [
            (row_id, int(raw["rev"]), values) for raw, row_id, values in ready
            if duplicates.FIELD not in kept.get(row_id, frozenset())])
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for raw, row_id, values in ready:
        rev = int(raw["rev"])
        if row_id not in held:
            inserts.append({**values, "id": row_id, "rev": rev})
            continue
        keep = kept.get(row_id, frozenset())
        if keep:
            state.counts["kept_local"] += 1
        updates.append({**{k: v for k, v in values.items() if k not in keep}, "rev": rev,
                        "id": row_id})
        tombstone = bool(raw.get("deleted")) and "deleted_at" not in keep
        state.counts["tombstoned" if tombstone else "updated"] += 1
    _write(session, known, inserts, updates)
    state.counts["inserted"] += len(inserts)


def _held(session: Session, table: Table, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int | None]:
    """Row id -> local revision (None: never synced) of the rows of `ids` held here."""
    found: dict[uuid.UUID, int | None] = {}
    for chunk in _chunks(ids):
        found.update((row_id, rev) for row_id, rev in session.execute(
            select(table.c.id, table.c.rev).where(table.c.id.in_(chunk))))
    return found


def _take_aliases(session: Session, table: Table, candidates: list[Candidate],
                  held: Mapping[uuid.UUID, int | None], state: PageState) -> list[Candidate]:
    """Adviser rows of this store's own user made on another device (the hub sends a user only
    their own adviser rows): the same person, so their id becomes an alias of the local
    adviser's instead of a second row with the same username."""
    local = {name: row_id for name, row_id in
             session.execute(select(table.c.username, table.c.id))}
    kept = []
    for raw, row_id, values in candidates:
        same = local.get(str(values.get("username")))
        if row_id not in held and same is not None and same != row_id:
            state.aliases_changed |= state.aliases.get(row_id) != same
            state.aliases[row_id] = same
            state.counts["aliased"] += 1
            continue
        kept.append((raw, row_id, values))
    return kept


def _with_parents(session: Session, known: SyncedTable, candidates: list[Candidate],
                  state: PageState) -> list[Candidate]:
    """The rows whose parents are here (tables are applied parents first, so a parent from
    this page is written already); the others are parked. References to another device's
    adviser id point at the local adviser; staff rows never received are kept empty."""
    ready = candidates
    for key in known.table.foreign_keys:
        name, parent = key.parent.name, key.column.table
        if parent.name == ADVISER and state.aliases:
            for _, _, values in ready:
                target = values.get(name)
                if target in state.aliases:
                    values[name] = state.aliases[target]
        wanted = {values[name] for _, _, values in ready if values.get(name) is not None}
        present = set(_held(session, parent, list(wanted))) if wanted else set()
        waiting = []
        for candidate in ready:
            values = candidate[2]
            target = values.get(name)
            if target is None or target in present:
                waiting.append(candidate)
            elif parent.name in STAFF and key.parent.nullable:
                values[name] = None
                state.counts["unlinked"] += 1
                waiting.append(candidate)
            else:
                state.parked.append(dict(candidate[0]))
        ready = waiting
    return ready


def _unsent_fields(session: Session, known: SyncedTable, ids: Sequence[uuid.UUID],
                   ) -> dict[uuid.UUID, frozenset[str]]:
    """Per row of `ids`: fields the hub does not have yet; every field while its insert is
    unsent (and the edit stamps with any unsent field)."""
    fields: dict[uuid.UUID, set[str]] = defaultdict(set)
    inserted: set[uuid.UUID] = set()
    for chunk in _chunks(ids):
        for row_id, op, changed in session.execute(
                select(Outbox.row_id, Outbox.op, Outbox.fields)
                .where(Outbox.table_name == known.name, Outbox.state.in_(UNSENT),
                       Outbox.row_id.in_(chunk))):
            if op == "insert":
                inserted.add(row_id)
            fields[row_id].update(changed)
            if op == "delete":
                fields[row_id].add("deleted_at")
    every = frozenset(known.wire_columns)
    return {row_id: every if row_id in inserted else frozenset({*names, *STAMPS})
            for row_id, names in fields.items() if names or row_id in inserted}


def _write(session: Session, known: SyncedTable, inserts: list[dict[str, Any]],
           updates: list[dict[str, Any]]) -> None:
    """Insert and update through prepared statements, one call per set of columns."""
    connection = session.connection()
    defaults = _defaults(known)
    for group in _by_keys(inserts, defaults).values():
        bulk.insert_table_rows(connection, known.table, group)
    for group in _by_keys(updates, {}).values():
        bulk.update_table_rows(connection, known.table, group)


def _by_keys(rows: Iterable[dict[str, Any]], defaults: Mapping[str, Callable[[], Any]],
             ) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for name in defaults.keys() - row.keys():  # columns the hub does not send
            row[name] = defaults[name]()
        groups[tuple(sorted(row))].append(row)
    return groups


@functools.cache
def _defaults(known: SyncedTable) -> dict[str, Callable[[], Any]]:
    """Python-side defaults of the columns (what an ORM insert would fill in)."""
    found: dict[str, Callable[[], Any]] = {}
    for column in known.table.columns:
        default = column.default
        if column.name in ("id", "rev") or default is None or not hasattr(default, "arg"):
            continue
        arg = default.arg
        if getattr(default, "is_callable", False):
            found[column.name] = functools.partial(arg, None)
        elif getattr(default, "is_scalar", False):
            found[column.name] = functools.partial(_same, arg)
    return found


def _same(value: Any) -> Any:
    return value


@functools.cache
def _converters(known: SyncedTable) -> dict[str, Callable[[Any], Any]]:
    """Per wire column: JSON value -> column value (as `tables.column_value`, faster for the
    common types)."""
    table = known.table
    found: dict[str, Callable[[Any], Any]] = {}
    for name in known.wire_columns:
        python_type = _python_type(table, name)
        if python_type is uuid.UUID:
            found[name] = _to_uuid
        elif python_type is dt.datetime:
            found[name] = functools.partial(_to_datetime, table, name)
        else:
            found[name] = functools.partial(column_value, table, name)
    return found


def _python_type(table: Table, name: str) -> type | None:
    try:
        found: type = table.c[name].type.python_type
    except NotImplementedError:
        return None
    return found


def _to_uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _to_datetime(table: Table, name: str, value: Any) -> dt.datetime | None:
    if value.__class__ is str and len(value) in (19, 26):  # naive ISO text, as the hub keeps it
        return dt.datetime.fromisoformat(value)
    converted: dt.datetime | None = column_value(table, name, value)
    return converted


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
