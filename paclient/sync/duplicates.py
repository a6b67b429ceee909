"""Pulled young people whose CCIS id another record here holds already.

The hub refuses a second record with a CCIS id it holds (`ccis_hub.duplicates`), but records
made before that rule (release 0.1) may share one, and a team leader's device reaches both.
The store keeps CCIS ids unique, so such a row is kept without its CCIS id and a local conflict
on the field shows both values: the adviser merges the records, or corrects one id by choosing
it (issue 13, finding 14). A sync never fails over it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from paclient.models import Conflict

log = logging.getLogger(__name__)

FIELD = "ccis_id"
CHUNK = 500


def set_aside(session: Session, table: Table,
              rows: Iterable[tuple[uuid.UUID, int, MutableMapping[str, Any]]],
              ) -> list[tuple[uuid.UUID, int, str]]:
    """Empty the CCIS id of each pulled row (id, rev, values) whose id another row holds, here
    or earlier among `rows`; return (row id, rev, CCIS id) of each."""
    listed = list(rows)
    wanted = list({str(v[FIELD]) for _, _, v in listed if v.get(FIELD) is not None})
    holders: dict[str, set[uuid.UUID]] = {ccis_id: set() for ccis_id in wanted}
    for start in range(0, len(wanted), CHUNK):
        for row_id, ccis_id in session.execute(select(table.c.id, table.c[FIELD]).where(
                table.c[FIELD].in_(wanted[start:start + CHUNK]))):
            holders[ccis_id].add(row_id)
    found = []
    for row_id, rev, values in listed:
        ccis_id = values.get(FIELD)
        if ccis_id is None:
            continue
        if holders[ccis_id] - {row_id}:
            values[FIELD] = None
            found.append((row_id, rev, str(ccis_id)))
        else:
            holders[ccis_id].add(row_id)
    return found


def open_conflicts(session: Session, found: Iterable[tuple[uuid.UUID, int, str]]) -> int:
    """A local conflict on the CCIS id of each row set aside (one open at a time per row)."""
    opened = 0
    for row_id, rev, ccis_id in found:
        open_already = session.scalar(select(Conflict.id).where(
            Conflict.row_id == row_id, Conflict.field == FIELD, Conflict.resolved_at.is_(None)))
        if open_already is None:
            session.add(Conflict(table_name="young_person", row_id=row_id, person_id=row_id,
                                 field=FIELD, local_value={"value": None},
                                 remote_value={"value": ccis_id}, hub_rev=rev))
            opened += 1
    if opened:
        log.warning("Kept %d pulled people without their CCIS id: another record here holds "
                    "it (a conflict shows both)", opened)
    return opened


def holder(session: Session, table: Table, row_id: uuid.UUID, value: Mapping[str, Any],
           ) -> uuid.UUID | None:
    """Another person holding the CCIS id `value` gives (None when it gives none, or for
    another table)."""
    ccis_id = value.get(FIELD)
    if ccis_id is None or table.name != "young_person":
        return None
    found: uuid.UUID | None = session.scalar(select(table.c.id).where(
        table.c[FIELD] == ccis_id, table.c.id != row_id).limit(1))
    return found
