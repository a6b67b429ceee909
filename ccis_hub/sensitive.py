"""Sensitive rows reach only the owning adviser and their team leader (DOMAIN.md §3; issue 14).

A row is sensitive by `ccis.sensitivity.row_sensitive` (the one policy: flagged, a sensitive
table, or a sensitive code), or as the child of a sensitive row (an addendum to a sensitive
contact). It reaches the person's owner, the owner's team leader, and the user who first pushed
it; anyone else who reaches the person (a user it is shared with, an administrator, a leader of
another team) is sent it *withheld*: deleted, with no fields. A device that held it while it
was not sensitive drops it; if it stops being sensitive, its next revision brings it whole
again. The digest leaves withheld rows out, so it matches what the device was allowed to pull,
and a change pushed to a withheld row is refused as out of reach (its answer would carry the
hub's values).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from ccis.catalogue import TABLES
from ccis.codes import load_codebook
from ccis.sensitivity import may_be_sensitive, row_sensitive
from ccis_hub.accounts import Caller
from ccis_hub.models import Person, Record, User

CHUNK = 1000
Key = tuple[str, uuid.UUID]


class RowLike(Protocol):
    """A `Record`, or a row of a query selecting the same columns."""

    @property
    def table_name(self) -> str: ...
    @property
    def row_id(self) -> uuid.UUID: ...
    @property
    def person_id(self) -> uuid.UUID | None: ...
    @property
    def owner_id(self) -> uuid.UUID: ...
    @property
    def fields(self) -> dict[str, Any]: ...


def owner_side(caller: Caller) -> Select[uuid.UUID]:
    """The users whose people's sensitive rows `caller` sees: themselves, and for a team
    leader the users of their team (an administrator sees only their own)."""
    if caller.role == "team_leader" and caller.team_id is not None:
        return select(User.id).where(or_(User.team_id == caller.team_id,
                                         User.id == caller.user_id))
    return select(User.id).where(User.id == caller.user_id)


def limited_people(caller: Caller) -> Select[uuid.UUID]:
    """People whose sensitive rows `caller` does not see (whether or not they reach them)."""
    return select(Person.id).where(Person.owner_id.not_in(owner_side(caller)))


def withheld(session: Session, caller: Caller, rows: Sequence[RowLike]) -> set[Key]:
    """The (table, row id) of those of `rows` that `caller` may not see."""
    candidates = [r for r in rows if r.person_id is not None and r.owner_id != caller.user_id]
    if not candidates:
        return set()
    people = list({r.person_id for r in candidates})
    limited: set[uuid.UUID | None] = set()
    for start in range(0, len(people), CHUNK):
        limited.update(session.scalars(limited_people(caller).where(
            Person.id.in_(people[start:start + CHUNK]))))
    candidates = [r for r in candidates if r.person_id in limited]
    codebook = load_codebook()
    parents = _parents(session, candidates)
    hidden: set[Key] = set()
    for row in candidates:
        fields = row.fields or {}
        parent = parents.get(_parent_key(row.table_name, fields) or ("", uuid.UUID(int=0)))
        if row_sensitive(codebook, row.table_name, fields) or (
                parent is not None and parent.owner_id != caller.user_id
                and row_sensitive(codebook, parent.table_name, parent.fields or {})):
            hidden.add((row.table_name, row.row_id))
    return hidden


def checked_tables() -> list[str]:
    """The tables whose rows may be withheld: sensitive by themselves, or children of one."""
    codebook = load_codebook()
    own = {name for name in TABLES if may_be_sensitive(codebook, name)}
    return sorted(own | {name for name, table in TABLES.items()
                         if table.parent is not None and table.parent[1] in own})


def _parent_key(table: str, fields: dict[str, Any]) -> Key | None:
    known = TABLES.get(table)
    if known is None or known.parent is None:
        return None
    link, parent_table = known.parent
    try:
        return parent_table, uuid.UUID(str(fields.get(link)))
    except ValueError:
        return None


def _parents(session: Session, rows: Iterable[RowLike]) -> dict[Key, Record]:
    wanted: dict[str, set[uuid.UUID]] = {}
    for row in rows:
        key = _parent_key(row.table_name, row.fields or {})
        if key is not None:
            wanted.setdefault(key[0], set()).add(key[1])
    found: dict[Key, Record] = {}
    for table, ids in wanted.items():
        listed = list(ids)
        for start in range(0, len(listed), CHUNK):
            found.update(((r.table_name, r.row_id), r) for r in session.scalars(
                select(Record).where(Record.table_name == table,
                                     Record.row_id.in_(listed[start:start + CHUNK]))))
    return found
