"""The digest of the ids this store holds, computed exactly as the hub computes its own.

sha256 over the UTF-8 text of the sorted lines "<table>:<row_id>\\n" of every row that is not a
tombstone and has a hub revision, in every synced table but the push-only audit trail. Rows
are read one table at a time in id order, so a large store is hashed without holding its ids.
The ids of this adviser's `adviser` rows from their other devices count as held: they are
aliases of the local adviser row (`apply`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from paclient.sync.apply import adviser_aliases
from paclient.sync.rows import ADVISER
from paclient.sync.tables import pulled_tables


def local_digest(session: Session) -> tuple[int, str]:
    """(how many rows, sha256 hex) over the store's synced, live rows."""
    digest = hashlib.sha256()
    count = 0
    aliases = adviser_aliases(session)
    # "<table>:" sorts as the lines do: ':' sorts before every letter and '_'.
    tables = sorted(pulled_tables().values(), key=lambda t: t.name + ":")
    for known in tables:
        table = known.table
        query = (select(table.c.id).where(table.c.deleted_at.is_(None), table.c.rev.isnot(None))
                 .order_by(table.c.id))
        prefix = known.name + ":"
        ids: Iterable[uuid.UUID] = session.scalars(query).yield_per(10_000)
        if known.name == ADVISER and aliases:
            here = set(session.scalars(select(table.c.id).where(table.c.deleted_at.is_(None))))
            ids = sorted({*ids, *(alias for alias, local in aliases.items() if local in here)},
                         key=_text)
        for row_id in ids:
            digest.update(f"{prefix}{_text(row_id)}\n".encode())
            count += 1
    return count, digest.hexdigest()


def _text(row_id: uuid.UUID) -> str:
    # Stored as 32 hex digits, so ordered as the hyphenated text is (hyphens sit at fixed places).
    return str(row_id)
