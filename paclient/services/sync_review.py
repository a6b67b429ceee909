"""What the Sync place and the caseload show about sync: each record's state, the changes the
hub rejected and the open conflicts, with whose record each is in; and the adviser's answers
to rejected changes (send again, discard). Each function is one short transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from paclient.models import YoungPerson
from paclient.services.context import Context
from paclient.services.records import Changes
from paclient.sync import states
from paclient.sync.conflicts import ConflictRecord, ConflictService

EVERYTHING = Changes(people=True, activities=True, contacts=True, plans=True, referrals=True)


@dataclass(frozen=True, slots=True)
class AttentionRow:
    """A change the hub rejected, with the name of the person whose record it is in."""

    change_id: uuid.UUID
    person_id: uuid.UUID | None
    person_name: str  # '' when the row is in nobody's record
    table: str
    op: str
    fields: tuple[str, ...]
    reason: str
    made_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ConflictRow:
    """An open conflict with the person's name."""

    conflict: ConflictRecord
    person_name: str


def person_states(ctx: Context, person_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Each person's state: 'synced', 'pending', 'needs_attention' or 'conflict'."""
    with ctx.read() as session:
        return states.person_states(session, list(person_ids))


def person_state(ctx: Context, person_id: uuid.UUID) -> str:
    """One person's state, as person_states gives it."""
    return person_states(ctx, [person_id])[person_id]


def attention(ctx: Context) -> list[AttentionRow]:
    """Every rejected change, oldest first."""
    with ctx.read() as session:
        items = states.needs_attention(session)
        names = _names(session, (i.person_id for i in items))
    return [AttentionRow(i.change_id, i.person_id, names.get(i.person_id, ""), i.table, i.op,
                         tuple(i.fields), i.reason, i.made_at) for i in items]


def conflicts(ctx: Context) -> list[ConflictRow]:
    """Every open conflict, oldest first."""
    found = ConflictService(ctx).open_conflicts()
    with ctx.read() as session:
        names = _names(session, (c.person_id for c in found))
    return [ConflictRow(c, names.get(c.person_id, "")) for c in found]


def resend(ctx: Context, change_id: uuid.UUID) -> Changes:
    """Queue a rejected change again (as a new change); it is pending until the next sync."""
    with ctx.write.begin() as session:
        states.resend(session, change_id, actor=ctx.actor.username)
    return EVERYTHING


def discard(ctx: Context, change_id: uuid.UUID) -> Changes:
    """Give up a rejected change where nothing is lost; else ChangeNotDiscardable."""
    with ctx.write.begin() as session:
        states.discard(session, change_id, actor=ctx.actor.username)
    return EVERYTHING


def _names(session: Session, ids: Iterable[uuid.UUID | None]) -> dict[uuid.UUID | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(YoungPerson.id, YoungPerson.given_name,
                                  YoungPerson.family_name).where(YoungPerson.id.in_(wanted)))
    return {person: f"{given} {family}" for person, given, family in rows}
