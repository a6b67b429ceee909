"""Applying one pull page: rows the hub changed, tombstones, and people who left our scope.

Pulled rows are not local changes: they are written straight to their tables, never through
the outbox, so they are not pushed back. The store's triggers (`activity.is_current`, the
search index) run as for any write. These rules keep local work safe:

- A field with an unsent local edit (a pending or rejected outbox update of the row) keeps its
  local value; the row's other fields take the hub's. A row inserted here and not yet taken by
  the hub keeps all its values. The push that follows sends the local edits.
- A row whose parent row is not here yet (a child whose parent changed later, so comes later in
  rev order) is parked in `sync_state` and written once the parent has come. A reference to a
  staff row this device never receives (another adviser's `adviser` row, on a transferred
  person) is kept empty locally, never invented.
- The same adviser on two devices: each device registered its own `adviser` row, with its own
  id and the same username. A pulled `adviser` row (the hub sends a user only their own) with
  the username of the local adviser and another id is the same person: it is not written (the
  username is unique) but kept as an alias, and every pulled reference to it points at the
  local adviser. The digest counts the alias as held (`digest.local_digest`).
- A person who left our scope is removed with every row of their record only when none of
  their changes is still unsent; otherwise the exit is held in `sync_state` and reported, so
  the engine pushes first and calls again (`retry_exits`).
- A pulled person whose CCIS id another record here holds (two records made before the hub
  refused that) is kept without it, with a local conflict showing the id (`duplicates`): the
  sync goes on.

The cursor the page ends at is stored in the same transaction as its rows. The writing is
per table and page, in bulk (`rows`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from paclient.models import Conflict, Draft, Outbox, SyncState, utcnow
from paclient.sync import duplicates
from paclient.sync.rows import UNSENT, PageState, apply_table
from paclient.sync.tables import PERSON, person_expression, person_tables, pulled_tables

log = logging.getLogger(__name__)

CURSOR_KEY = "pull_cursor"
LAST_SYNC_KEY = "last_sync"
HELD_EXITS_KEY = "held_exits"
PARKED_KEY = "parked_rows"
ALIASES_KEY = "adviser_aliases"


@dataclass(frozen=True)
class ApplyReport:
    """What one pull page changed locally (ids and counts only)."""

    inserted: int = 0
    updated: int = 0
    tombstoned: int = 0
    kept_local: int = 0  # rows where unsent local edits kept some fields
    stale: int = 0  # rows older than the local copy, left alone
    skipped: int = 0  # unknown tables, tombstones of rows never held
    parked: int = 0  # rows waiting for their parent row
    unlinked: int = 0  # references to staff rows not on this device, kept empty
    aliased: int = 0  # this adviser's rows from their other devices, taken as the local one
    removed_people: list[uuid.UUID] = field(default_factory=list)
    held_exits: list[uuid.UUID] = field(default_factory=list)  # unsent changes remain
    cursor: int | None = None


# --- sync_state ---------------------------------------------------------------------------


def cursor(session: Session) -> int:
    """The pull cursor: the hub revision up to which this store has pulled (0 at first)."""
    stored = _get(session, CURSOR_KEY)
    return int(stored) if stored is not None else 0


def set_cursor(session: Session, value: int) -> None:
    """Store the pull cursor (a full re-download sets it back to 0)."""
    _put(session, CURSOR_KEY, str(int(value)))


def last_sync(session: Session) -> dt.datetime | None:
    """When a sync last finished (UTC), or None if never."""
    stored = _get(session, LAST_SYNC_KEY)
    return dt.datetime.fromisoformat(stored) if stored is not None else None


def set_last_sync(session: Session, when: dt.datetime | None = None) -> None:
    """Record that a sync finished at `when` (default now, UTC)."""
    _put(session, LAST_SYNC_KEY, (when or utcnow()).isoformat())


def held_exits(session: Session) -> dict[uuid.UUID, int]:
    """People who left our scope but still have unsent changes: person id -> exit rev."""
    stored = _get(session, HELD_EXITS_KEY)
    return {uuid.UUID(k): int(v) for k, v in json.loads(stored).items()} if stored else {}


def _get(session: Session, key: str) -> str | None:
    return session.scalar(select(SyncState.value).where(SyncState.key == key))


def _put(session: Session, key: str, value: str | None) -> None:
    row = session.get(SyncState, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value
    session.flush()


# --- applying a page ----------------------------------------------------------------------


def apply_pulled(session: Session, page: Mapping[str, Any]) -> ApplyReport:
    """Apply one pull page in the caller's transaction; store its cursor."""
    session.execute(text("PRAGMA defer_foreign_keys = ON"))  # parents and children in one page
    tables = pulled_tables()
    state = PageState(aliases=adviser_aliases(session))
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _merged_with_parked(session, page.get("rows") or []):
        if str(row.get("table")) in tables:
            by_table[str(row["table"])].append(row)
        else:
            state.counts["skipped"] += 1
    for name, known in tables.items():  # parents first
        if name in by_table:
            rows = sorted(by_table[name], key=lambda r: int(r.get("rev") or 0))
            apply_table(session, known, rows, state)
    duplicates.open_conflicts(session, state.set_aside)
    _put(session, PARKED_KEY, json.dumps(state.parked) if state.parked else None)
    if state.aliases_changed:
        _put(session, ALIASES_KEY, json.dumps({str(k): str(v) for k, v in state.aliases.items()})
             if state.aliases else None)
    returned = {uuid.UUID(str(r["row_id"])): int(r["rev"]) for r in by_table.get(PERSON, [])
                if not r.get("deleted")}
    removed, held = _exits(session, page.get("exits") or [], returned)
    new_cursor = page.get("cursor")
    if isinstance(new_cursor, int):
        set_cursor(session, new_cursor)
    counts = state.counts
    report = ApplyReport(inserted=counts["inserted"], updated=counts["updated"],
                         tombstoned=counts["tombstoned"], kept_local=counts["kept_local"],
                         stale=counts["stale"], skipped=counts["skipped"],
                         parked=len(state.parked), unlinked=counts["unlinked"],
                         aliased=counts["aliased"], removed_people=removed, held_exits=held,
                         cursor=new_cursor if isinstance(new_cursor, int) else None)
    log.info("Pulled page: %d inserted, %d updated, %d tombstoned, %d kept local edits, "
             "%d parked, %d people removed, %d exits held", report.inserted, report.updated,
             report.tombstoned, report.kept_local, report.parked, len(removed), len(held))
    return report


def retry_exits(session: Session) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Remove the held exits whose people have no unsent change left: (removed, still held)."""
    return _exits(session, [])


def adviser_aliases(session: Session) -> dict[uuid.UUID, uuid.UUID]:
    """Ids of this adviser's `adviser` rows made on their other devices -> the local one's."""
    stored = _get(session, ALIASES_KEY)
    return ({uuid.UUID(k): uuid.UUID(v) for k, v in json.loads(stored).items()}
            if stored else {})


def _merged_with_parked(session: Session, rows: Iterable[Mapping[str, Any]],
                        ) -> list[dict[str, Any]]:
    """This page's rows plus those parked before; of two copies of a row, the newer."""
    stored = _get(session, PARKED_KEY)
    newest: dict[tuple[str, str], dict[str, Any]] = {}
    for row in [*(json.loads(stored) if stored else []), *rows]:
        key = (str(row["table"]), str(row["row_id"]))
        if key not in newest or int(row.get("rev") or 0) >= int(newest[key].get("rev") or 0):
            newest[key] = dict(row)
    return list(newest.values())


# --- people leaving the scope -------------------------------------------------------------


def _exits(session: Session, exits: Sequence[Mapping[str, Any]],
           returned: Mapping[uuid.UUID, int] | None = None,
           ) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
    """Remove the people who left (or hold them while changes are unsent). `returned`: person
    rows pulled with this page, by revision: a person pulled after their exit came back.

    Only a pulled revision says so, never the local row's: the local revision follows this
    device's own acknowledged changes, which say nothing of scope."""
    waiting = held_exits(session)
    for item in exits:
        person = uuid.UUID(str(item["person_id"]))
        waiting[person] = max(int(item.get("rev") or 0), waiting.get(person, 0))
    if not waiting:
        return [], []
    removed: list[uuid.UUID] = []
    for person, rev in sorted(waiting.items()):
        if (returned or {}).get(person, 0) > rev:
            del waiting[person]  # came back into scope after leaving: the exit is over
            continue
        rows = _record_rows(session, person)
        if _has_unsent(session, rows):
            continue
        _remove(session, person, rows)
        removed.append(person)
        del waiting[person]
    _put(session, HELD_EXITS_KEY,
         json.dumps({str(k): v for k, v in waiting.items()}) if waiting else None)
    return removed, sorted(waiting)


def _record_rows(session: Session, person: uuid.UUID) -> dict[str, list[uuid.UUID]]:
    """Ids of every row of the person's record, by table."""
    found: dict[str, list[uuid.UUID]] = {}
    for name, known in person_tables().items():
        table, person_column, source = person_expression(known)
        ids = list(session.scalars(select(table.c.id).select_from(source)
                                   .where(person_column == person)))
        if ids:
            found[name] = ids
    return found


def _has_unsent(session: Session, rows: Mapping[str, list[uuid.UUID]]) -> bool:
    for ids in rows.values():
        for chunk in _chunks(ids):
            if session.scalar(select(Outbox.seq).where(Outbox.row_id.in_(chunk),
                                                       Outbox.state.in_(UNSENT)).limit(1)):
                return True
    return False


def _remove(session: Session, person: uuid.UUID, rows: Mapping[str, list[uuid.UUID]]) -> None:
    """Delete the person's record, children before parents, with its outbox history,
    conflicts and drafts (which hold its content). Audit events stay: they hold ids only
    and the chain must stay whole."""
    tables = person_tables()
    for name in reversed(list(tables)):
        table = tables[name].table
        for chunk in _chunks(rows.get(name, [])):
            session.execute(delete(Outbox).where(Outbox.row_id.in_(chunk)))
            session.execute(delete(Conflict).where(Conflict.row_id.in_(chunk)))
            session.execute(delete(table).where(table.c.id.in_(chunk)))
    session.execute(delete(Conflict).where(Conflict.person_id == person))
    session.execute(delete(Draft).where(Draft.person_id == person))
    log.info("Removed a person who left this device's scope (%d rows)",
             sum(len(ids) for ids in rows.values()))


def _chunks(ids: Sequence[uuid.UUID], size: int = 500) -> Iterable[Sequence[uuid.UUID]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
