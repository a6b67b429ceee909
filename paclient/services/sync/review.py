"""What the Sync place, the status line and the caseload show about sync: how the device
stands with the hub, each record's state, the changes the hub rejected and the open conflicts
with whose record each is in; and the adviser's answers to rejected changes (send again,
discard). Each method is one short transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from paclient.models import Conflict, Outbox, YoungPerson
from paclient.services.changes import Changes
from paclient.services.context import Context
from paclient.services.sync.conflicts import ConflictRecord, ConflictService
from paclient.sync import states
from paclient.sync.apply import last_sync

EVERYTHING = Changes(people=True, activities=True, contacts=True, plans=True, referrals=True)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """How this device stands with the hub, for the status bar and the Sync place."""

    unsent: int  # changes waiting for the hub
    needs_attention: int  # changes the hub refused, waiting for the adviser
    conflicts: int  # fields both sides changed, waiting for the adviser's choice
    last_sync: dt.datetime | None  # UTC; None if this device never synced


@dataclass(frozen=True, slots=True)
class AttentionRow:
    """A change the hub rejected, with the name of the person whose record it is in."""

    change_id: uuid.UUID
    person_id: uuid.UUID | None
    person_name: str  # '' when the row is in nobody's record
    table: str
    row_id: uuid.UUID
    op: str
    fields: tuple[str, ...]
    reason: str
    made_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """An open conflict with the person's name."""

    conflict: ConflictRecord
    person_name: str


class SyncReview:
    """What the views show about sync, and the adviser's answers to rejected changes."""

    def __init__(self, ctx: Context, conflicts: ConflictService) -> None:
        self._ctx, self._conflicts = ctx, conflicts

    def status(self) -> SyncStatus:
        """Changes not sent, refused and in conflict, and the last sync, in one transaction."""
        with self._ctx.read() as session:
            states = dict(session.execute(select(Outbox.state, func.count())
                                          .where(Outbox.state.in_(("pending", "rejected")))
                                          .group_by(Outbox.state)).all())
            conflicts = session.scalar(select(func.count()).select_from(Conflict)
                                       .where(Conflict.resolved_at.is_(None))) or 0
            return SyncStatus(states.get("pending", 0), states.get("rejected", 0), conflicts,
                              last_sync(session))

    def person_states(self, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Each person's state: 'synced', 'pending', 'needs_attention' or 'conflict'."""
        with self._ctx.read() as session:
            return states.person_states(session, list(person_ids))

    def person_state(self, person_id: uuid.UUID) -> str:
        """One person's state, as person_states gives it."""
        return self.person_states([person_id])[person_id]

    def attention(self) -> list[AttentionRow]:
        """Every rejected change, oldest first."""
        with self._ctx.read() as session:
            items = states.needs_attention(session)
            names = _names(session, (i.person_id for i in items))
        return [AttentionRow(i.change_id, i.person_id, names.get(i.person_id, ""), i.table,
                             i.row_id, i.op, tuple(i.fields), i.reason, i.made_at)
                for i in items]

    def conflicts(self) -> list[ConflictRow]:
        """Every open conflict, oldest first."""
        found = self._conflicts.open_conflicts()
        with self._ctx.read() as session:
            names = _names(session, (c.person_id for c in found))
        return [ConflictRow(c, names.get(c.person_id, "")) for c in found]

    def resend(self, change_id: uuid.UUID) -> Changes:
        """Queue a rejected change again (as a new change); it is pending until the next sync."""
        with self._ctx.write.begin() as session:
            states.resend(session, change_id, actor=self._ctx.actor.username)
        return EVERYTHING

    def discard(self, change_id: uuid.UUID) -> Changes:
        """Give up a rejected change where nothing is lost; else ChangeNotDiscardable."""
        with self._ctx.write.begin() as session:
            states.discard(session, change_id, actor=self._ctx.actor.username)
        return EVERYTHING


def _names(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(YoungPerson.id, YoungPerson.given_name,
                                  YoungPerson.family_name).where(YoungPerson.id.in_(wanted)))
    return {person: f"{given} {family}" for person, given, family in rows}
