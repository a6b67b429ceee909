"""Who may reach which records (the contract's Scope section).

A person belongs to an owner (a hub user). An adviser reaches their own people, a team leader
the people of every user in their team, an administrator everyone's. Rows without a person
(`adviser`, `team`, person-less printed documents, audit events) reach only the user who first
pushed them.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import Session

from ccis_hub.accounts import Caller
from ccis_hub.models import Person, Record, User


def scope_users(caller: Caller) -> Select[uuid.UUID]:
    """The ids of the users whose people `caller` reaches."""
    query = select(User.id)
    if caller.role == "admin":
        return query
    if caller.role == "team_leader" and caller.team_id is not None:
        return query.where(or_(User.team_id == caller.team_id, User.id == caller.user_id))
    return query.where(User.id == caller.user_id)


def scope_people(caller: Caller) -> Select[uuid.UUID]:
    """The ids of the people `caller` reaches now."""
    return select(Person.id).where(Person.owner_id.in_(scope_users(caller)))


def reaches_record(caller: Caller) -> ColumnElement[bool]:
    """A condition on `Record` true for the rows `caller` reaches."""
    return or_(Record.person_id.in_(scope_people(caller)),
               and_(Record.person_id.is_(None), Record.owner_id == caller.user_id))


def reaches_person(session: Session, caller: Caller, person_id: uuid.UUID) -> bool:
    """Whether `caller` reaches the person `person_id` (False when the hub does not hold it)."""
    query = select(true()).where(Person.id == person_id, Person.owner_id.in_(scope_users(caller)))
    return session.scalar(query) is not None


def reaches_row(session: Session, caller: Caller, person_id: uuid.UUID | None,
                owner_id: uuid.UUID) -> bool:
    """Whether `caller` reaches a row linked to `person_id`, first pushed by `owner_id`."""
    if person_id is None:
        return owner_id == caller.user_id
    return reaches_person(session, caller, person_id)
