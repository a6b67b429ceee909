"""The global revision sequence, handed out under a lock held to commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis_hub.models import Revision


class Revisions:
    """Locks the counter row on creation; `next()` gives increasing revisions; `save()` writes
    the last one back. Create it first in a writing transaction (see `models.Revision`)."""

    def __init__(self, session: Session) -> None:
        query = select(Revision).where(Revision.id == 1).with_for_update()
        self._row = session.scalars(query).one()
        self.last = self._row.value

    def next(self) -> int:
        """A new revision, higher than any given before."""
        self.last += 1
        return self.last

    def save(self) -> None:
        """Write the counter back (in the caller's transaction)."""
        self._row.value = self.last


def current(session: Session) -> int:
    """The newest revision committed (as seen by the session's snapshot)."""
    return session.scalars(select(Revision.value).where(Revision.id == 1)).one()
