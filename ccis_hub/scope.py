"""Who may reach which records (the contract's Scope section).

A person belongs to an owner (a hub user). An adviser reaches their own people, a team leader
the people of every user in their team, an administrator everyone's; and every user reaches the
people actively shared with them for a referral (`ccis_hub/shares.py`). A shared user reads and
writes the person like the owner but does not *manage* them (`manages_person`: transfer, share,
end shares): that stays with the owner, their team leader and administrators. Rows without a person
(`adviser`, `team`, person-less printed documents, audit events) reach only the user who first
pushed them.

Writing reaches exactly as far as reading: a user who no longer reaches a person (a former
owner after a transfer, a user whose share ended) may not push changes to the record either,
since a push answers with the hub's values (conflicts) and would overwrite the new owner's.
Their device keeps such changes as needing attention (issue 13, finding 4).

Scope exits go to the users whose scope the person left: a transfer's to the former owner, their
team leader and administrators; a share's to the shared user only (`exits_for`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import Session

from ccis_hub.accounts import Caller
from ccis_hub.models import Person, PersonShare, Record, ScopeExit, User


def scope_users(caller: Caller) -> Select[uuid.UUID]:
    """The ids of the users whose people `caller` reaches."""
    query = select(User.id)
    if caller.role == "admin":
        return query
    if caller.role == "team_leader" and caller.team_id is not None:
        return query.where(or_(User.team_id == caller.team_id, User.id == caller.user_id))
    return query.where(User.id == caller.user_id)


def today() -> dt.date:
    """The date shares expire by (UTC)."""
    return dt.datetime.now(dt.UTC).date()


def share_active() -> ColumnElement[bool]:
    """A condition on `PersonShare` true for the shares that give access now."""
    return and_(PersonShare.ended_rev.is_(None),
                or_(PersonShare.until.is_(None), PersonShare.until >= today()))


def shared_people(caller: Caller) -> Select[uuid.UUID]:
    """The ids of the people actively shared with `caller`."""
    return select(PersonShare.person_id).where(PersonShare.user_id == caller.user_id,
                                               share_active())


def scope_people(caller: Caller) -> Select[uuid.UUID]:
    """The ids of the people `caller` reaches now: those they manage and those shared with
    them."""
    return select(Person.id).where(or_(Person.owner_id.in_(scope_users(caller)),
                                       Person.id.in_(shared_people(caller))))


def reaches_record(caller: Caller) -> ColumnElement[bool]:
    """A condition on `Record` true for the rows `caller` reaches."""
    return or_(Record.person_id.in_(scope_people(caller)),
               and_(Record.person_id.is_(None), Record.owner_id == caller.user_id))


def reaches_person(session: Session, caller: Caller, person_id: uuid.UUID) -> bool:
    """Whether `caller` reaches the person `person_id` (False when the hub does not hold it)."""
    query = select(true()).where(Person.id == person_id, Person.id.in_(scope_people(caller)))
    return session.scalar(query) is not None


def manages_person(session: Session, caller: Caller, person_id: uuid.UUID) -> bool:
    """Whether `caller` may transfer the person and share them (owner, the owner's team leader,
    an administrator); a shared user reaches the person but does not manage them."""
    query = select(true()).where(Person.id == person_id, Person.owner_id.in_(scope_users(caller)))
    return session.scalar(query) is not None


def reaches_row(session: Session, caller: Caller, person_id: uuid.UUID | None,
                owner_id: uuid.UUID) -> bool:
    """Whether `caller` reaches a row linked to `person_id`, first pushed by `owner_id`."""
    if person_id is None:
        return owner_id == caller.user_id
    return reaches_person(session, caller, person_id)


def writes_person(session: Session, caller: Caller, person_id: uuid.UUID) -> bool:
    """Whether `caller` may push changes to the record of `person_id`: they reach the person."""
    return reaches_person(session, caller, person_id)


def writes_row(session: Session, caller: Caller, person_id: uuid.UUID | None,
               owner_id: uuid.UUID) -> bool:
    """Whether `caller` may push changes to a row linked to `person_id`, first pushed by
    `owner_id` (`writes_person`; rows without a person: their first pusher only)."""
    if person_id is None:
        return owner_id == caller.user_id
    return writes_person(session, caller, person_id)


def writable_people(session: Session, caller: Caller, people: Iterable[uuid.UUID],
                    ) -> set[uuid.UUID]:
    """Of `people`, those whose records `caller` may push changes to (`writes_person`), in
    one query per thousand people."""
    wanted = list(set(people))
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), 1000):
        found.update(session.scalars(select(Person.id).where(
            Person.id.in_(wanted[start:start + 1000]), Person.id.in_(scope_people(caller)))))
    return found


def exits_for(caller: Caller) -> ColumnElement[bool]:
    """A condition on `ScopeExit` true for the exits that concern `caller`: people who were in
    their scope. A transfer's exit names the former owner, in the scope of their team leader
    and administrators; a share reached the shared user only, never their team leader."""
    return or_(and_(ScopeExit.kind == "transfer",
                    ScopeExit.from_user_id.in_(scope_users(caller))),
               and_(ScopeExit.kind == "share", ScopeExit.from_user_id == caller.user_id))
