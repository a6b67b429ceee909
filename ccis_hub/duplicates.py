"""One young person per CCIS id: a push that would give a second live record an id the hub
holds already is refused, with a reason naming the id, so the adviser merges the two.

A push's CCIS ids are looked up once (`holders`) and the map is kept current as its changes
apply (`note`), so two new records of one push cannot share an id either. Records made before
this rule (release 0.1) may share one; devices keep both and show them (`paclient.sync.rows`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.catalogue import PERSON_TABLE
from ccis_hub.models import Record
from ccis_hub.wire import ChangeIn

FIELD = "ccis_id"
Holders = dict[str, set[uuid.UUID]]  # CCIS id -> the live person records holding it
CHUNK = 500


def holders(session: Session, changes: list[ChangeIn]) -> Holders:
    """The live person records holding each CCIS id the push sets."""
    wanted = list({str(c.fields[FIELD]) for c in changes
                   if c.table == PERSON_TABLE and isinstance(c.fields.get(FIELD), str)})
    found: Holders = {ccis_id: set() for ccis_id in wanted}
    value = Record.fields[FIELD].as_string()
    for start in range(0, len(wanted), CHUNK):
        for row_id, ccis_id in session.execute(
                select(Record.row_id, value).where(
                    Record.table_name == PERSON_TABLE, Record.deleted.is_(False),
                    value.in_(wanted[start:start + CHUNK]))):
            found[ccis_id].add(row_id)
    return found


def problem(held: Holders, table: str, row_id: uuid.UUID, fields: Mapping[str, Any],
            ) -> str | None:
    """Why `fields` cannot give the person `row_id` their CCIS id (another holds it), or
    None."""
    ccis_id = fields.get(FIELD) if table == PERSON_TABLE else None
    if not isinstance(ccis_id, str) or not held.get(ccis_id, set()) - {row_id}:
        return None
    return (f"CCIS id {ccis_id[:13]} is held by another young person's record on the hub: "
            "merge the two (ask for that record to be transferred to you) or correct the id.")


def note(held: Holders, table: str, row_id: uuid.UUID, fields: Mapping[str, Any]) -> None:
    """Record that the person `row_id` now holds the CCIS id in `fields` (if they set one)."""
    if table != PERSON_TABLE or FIELD not in fields:
        return
    for rows in held.values():
        rows.discard(row_id)
    if isinstance(fields[FIELD], str):
        held.setdefault(fields[FIELD], set()).add(row_id)
