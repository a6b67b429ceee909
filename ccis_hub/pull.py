"""What a device reads: pages of changed rows, scope exits, the digest and open conflicts.

Sensitive rows reach only the person's owner and their team leader (and their author):
others get them withheld (`ccis_hub/sensitive.py`), and their digest leaves them out.

Each function runs in one read snapshot, so the cursor it reports matches what it returned.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ccis.catalogue import TABLES
from ccis_hub import scope, sensitive
from ccis_hub.accounts import Caller
from ccis_hub.models import Conflict, Record, ScopeExit
from ccis_hub.revisions import current

PUSH_ONLY = tuple(name for name, table in TABLES.items() if table.push_only)

log = logging.getLogger(__name__)


def pull(session: Session, caller: Caller, cursor: int, limit: int) -> dict[str, Any]:
    """Rows in scope changed after `cursor` (at most `limit`, in revision order) and the people
    who left the caller's scope in the same revision span."""
    high = current(session)
    query = (select(Record.table_name, Record.row_id, Record.person_id, Record.rev,
                    Record.deleted, Record.fields, Record.owner_id)  # columns: no ORM per row
             .where(Record.rev > cursor, Record.rev <= high, Record.table_name.not_in(PUSH_ONLY),
                    scope.reaches_record(caller))
             .order_by(Record.rev).limit(limit + 1))
    rows = session.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    hidden = sensitive.withheld(session, caller, rows)
    end = rows[-1].rev if more else max(high, cursor)
    exits = session.execute(
        select(ScopeExit.person_id, ScopeExit.rev)
        .where(ScopeExit.rev > cursor, ScopeExit.rev <= end,
               scope.exits_for(caller),
               ScopeExit.person_id.not_in(scope.scope_people(caller)))
        .order_by(ScopeExit.rev)).all()
    log.info("pull user=%s device=%s cursor=%d rows=%d withheld=%d exits=%d more=%s",
             caller.user_id, caller.device_id, cursor, len(rows), len(hidden), len(exits), more)
    return {"rows": [_row(r, (r.table_name, r.row_id) in hidden) for r in rows],
            "exits": [{"person_id": e.person_id, "rev": e.rev} for e in exits],
            "cursor": end, "more": more}


def digest(session: Session, caller: Caller) -> dict[str, Any]:
    """sha256 over the sorted lines "<table>:<row_id>\\n" of every live pullable row in scope."""
    high = current(session)
    keys = session.execute(
        select(Record.table_name, Record.row_id)
        .where(Record.deleted.is_(False), Record.table_name.not_in(PUSH_ONLY),
               scope.reaches_record(caller))).all()
    hidden = _withheld_live(session, caller)
    lines = sorted(f"{table}:{row_id}\n" for table, row_id in keys
                   if (table, row_id) not in hidden)
    summary = hashlib.sha256("".join(lines).encode()).hexdigest()
    return {"count": len(lines), "digest": summary, "cursor": high}


def open_conflicts(session: Session, caller: Caller) -> list[dict[str, Any]]:
    """Unresolved conflicts on rows the caller reaches, oldest first."""
    query = (select(Conflict)
             .where(Conflict.resolved_at.is_(None),
                    or_(Conflict.person_id.in_(scope.scope_people(caller)),
                        and_(Conflict.person_id.is_(None),
                             Conflict.owner_id == caller.user_id)))
             .order_by(Conflict.created_at, Conflict.id))
    found = list(session.scalars(query))
    records = [r for c in found if c.person_id is not None
               and (r := session.get(Record, (c.table_name, c.row_id))) is not None]
    hidden = sensitive.withheld(session, caller, records)
    return [{"conflict_id": c.id, "table": c.table_name, "row_id": c.row_id,
             "person_id": c.person_id, "field": c.field, "device_value": c.device_value,
             "hub_value": c.hub_value, "hub_rev": c.hub_rev, "created_at": c.created_at}
            for c in found if (c.table_name, c.row_id) not in hidden]


def _row(r: Any, withheld: bool) -> dict[str, Any]:
    """A pulled row; a withheld one (`ccis_hub.sensitive`) as deleted, without its fields."""
    return {"table": r.table_name, "row_id": r.row_id, "person_id": r.person_id, "rev": r.rev,
            "deleted": r.deleted or withheld, "fields": {} if withheld else r.fields}


def _withheld_live(session: Session, caller: Caller) -> set[tuple[str, Any]]:
    """The live rows in the caller's scope that they may not see (left out of their digest)."""
    rows = session.execute(
        select(Record.table_name, Record.row_id, Record.person_id, Record.owner_id,
               Record.fields)
        .where(Record.deleted.is_(False), Record.table_name.in_(sensitive.checked_tables()),
               Record.owner_id != caller.user_id,
               Record.person_id.in_(scope.scope_people(caller)),
               Record.person_id.in_(sensitive.limited_people(caller)))).all()
    return sensitive.withheld(session, caller, rows)
