"""Drafts: what is typed into a form, saved every few seconds until the form is saved.

Kept in the encrypted store (never in a plain file, never synced), one draft per form and
person, so a crash, a kill or the idle lock loses at most the last few seconds of a note.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from paclient.models import Draft, utcnow
from paclient.services.context import Context
from paclient.storage.db import json_ready


@dataclass(frozen=True)
class DraftRecord:
    """A saved draft: its fields as JSON keeps them (dates as ISO text), and when."""

    fields: dict[str, Any]
    saved_at: dt.datetime  # UTC


def draft_key(form: str, person_id: uuid.UUID) -> str:
    """The key of the draft of `form` (e.g. "contact") for one person."""
    return f"{form}:{person_id}"


class DraftService:
    """Keeps, returns and forgets drafts."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def save(self, key: str, person_id: uuid.UUID | None, fields: Mapping[str, Any]) -> None:
        """Keep `fields` as the draft `key`, replacing any earlier one."""
        with self._ctx.write.begin() as session:
            session.execute(delete(Draft).where(Draft.key == key))
            session.add(Draft(key=key, person_id=person_id, fields=json_ready(fields),
                              saved_at=utcnow()))

    def load(self, key: str) -> DraftRecord | None:
        """The draft `key`, or None."""
        with self._ctx.read() as session:
            draft = session.scalar(select(Draft).where(Draft.key == key))
            return DraftRecord(dict(draft.fields), draft.saved_at) if draft else None

    def discard(self, key: str) -> None:
        """Forget the draft `key` (the form was saved, or its text thrown away on purpose)."""
        with self._ctx.write.begin() as session:
            session.execute(delete(Draft).where(Draft.key == key))
