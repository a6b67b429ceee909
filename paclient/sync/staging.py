"""A full re-download after a digest mismatch (DESIGN.md §4), swapped in only when complete.

Every page from cursor 0 is kept, encrypted with a throwaway key, in an unlinked temporary
file beside the store; only when the last page has arrived are they applied, in one
transaction, and the local synced rows the hub no longer has are dropped. An interrupted
re-download leaves the store exactly as it was. Rows with changes not yet accepted by the hub
(pending or rejected outbox entries, rows never synced) are never dropped.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from paclient.models import Outbox
from paclient.sync.tables import PERSON, pulled_tables

_LENGTH = struct.Struct(">I")


class Staging:
    """Pulled pages, encrypted in a temporary file that vanishes when closed (or on a crash)."""

    def __init__(self, folder: Path) -> None:
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix="sync-staging-")
        self.rows = 0
        self.pages = 0
        self.hub_rows: set[tuple[str, uuid.UUID]] = set()

    def add(self, page: dict[str, Any]) -> None:
        """Keep one page until the download is complete."""
        for row in page["rows"]:
            self.hub_rows.add((str(row["table"]), uuid.UUID(str(row["row_id"]))))
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, json.dumps(page).encode(), None)
        self._file.write(_LENGTH.pack(len(sealed)) + nonce + sealed)
        self.rows += len(page["rows"])
        self.pages += 1

    def read(self) -> Iterator[dict[str, Any]]:
        """The pages in the order they came."""
        self._file.flush()
        self._file.seek(0)
        while header := self._file.read(_LENGTH.size):
            (size,) = _LENGTH.unpack(header)
            nonce = self._file.read(12)
            page: dict[str, Any] = json.loads(self._aead.decrypt(nonce, self._file.read(size),
                                                                 None))
            yield page

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def stale_rows(session: Session, hub_rows: set[tuple[str, uuid.UUID]],
               ) -> dict[str, list[uuid.UUID]]:
    """Local synced rows the hub did not send, by table, leaving out rows with changes the hub
    has not accepted and rows never synced (rev null)."""
    unsent = set(session.scalars(select(Outbox.row_id).where(
        Outbox.state.in_(("pending", "rejected")))))
    stale: dict[str, list[uuid.UUID]] = {}
    for name, known in pulled_tables().items():
        table = known.table
        ids = [row_id for row_id in session.scalars(
            select(table.c.id).where(table.c.rev.is_not(None)))
               if (name, row_id) not in hub_rows and row_id not in unsent]
        if ids:
            stale[name] = ids
    return stale


def drop_rows(session: Session, stale: dict[str, list[uuid.UUID]]) -> int:
    """Delete stale non-person rows, children first; return how many. People are left to the
    exit rule of `apply_pulled` (which keeps a record that still has unsent changes)."""
    dropped = 0
    for name, known in reversed(list(pulled_tables().items())):
        ids = stale.get(name, [])
        if name == PERSON or not ids:
            continue
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            session.execute(delete(known.table).where(known.table.c.id.in_(chunk)))
            dropped += len(chunk)
    return dropped
