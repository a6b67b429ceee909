"""Writes that are not pushes: resolving a conflict and transferring a person."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.catalogue import TABLES
from ccis.codes import load_codebook
from ccis.row_rules import row_problems
from ccis_hub import authority, scope, shares
from ccis_hub.accounts import Caller
from ccis_hub.errors import HubError, not_found, out_of_scope
from ccis_hub.models import Conflict, Person, Record, ScopeExit, User, utcnow
from ccis_hub.revisions import Revisions
from ccis_hub.validate import problem

log = logging.getLogger(__name__)


def resolve(session: Session, caller: Caller, conflict_id: uuid.UUID, value: object) -> int:
    """Write `value` as a new revision of the conflict's field and close the conflict."""
    revisions = Revisions(session)
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        raise not_found("conflict")
    if not scope.reaches_row(session, caller, conflict.person_id, conflict.owner_id):
        raise out_of_scope()
    if conflict.resolved_at is not None:
        raise HubError(409, "already_resolved", "That conflict has been resolved already.")
    field = TABLES[conflict.table_name].fields[conflict.field]
    reason = problem(conflict.table_name, conflict.field, field, value)
    if reason is not None:
        raise HubError(422, "invalid_value", reason)
    record = session.get(Record, (conflict.table_name, conflict.row_id))
    assert record is not None  # conflicts are only made on stored rows
    broken = row_problems(conflict.table_name, {**record.fields, conflict.field: value},
                          [conflict.field], utcnow().date(), load_codebook())
    if broken:
        name, what = broken[0]
        raise HubError(422, "invalid_value", f"Field {conflict.table_name}.{name} {what}.")
    rev = revisions.next()
    record.fields = {**record.fields, conflict.field: value}
    record.field_revs = {**record.field_revs, conflict.field: rev}
    record.rev = rev
    record.deleted = record.fields.get("deleted_at") is not None  # a delete's conflict
    conflict.resolved_at, conflict.resolution = utcnow(), "chosen"
    revisions.save()
    log.info("conflict %s resolved by user=%s rev=%d", conflict.id, caller.user_id, rev)
    return rev


def transfer(session: Session, caller: Caller, person_id: uuid.UUID, *,
             to_user: str | None, to_la: str | None) -> int:
    """Give a person to another user, or to another authority; the old owner gets an exit.

    Every row of the person gets a new revision, so it comes in the new owner's next pull
    whatever their cursor is. Every share of the person ends (each shared user gets an exit):
    sharing is the owner's decision, and the new owner makes their own.
    """
    revisions = Revisions(session)
    person = session.get(Person, person_id)
    if person is None or not scope.manages_person(session, caller, person_id):
        raise out_of_scope()
    assert person.owner_id is not None  # reachable people have an owner
    if to_la is not None:
        to_la = authority.check_transfer_target(session, to_la)
    new_owner = None
    if to_user is not None:
        new_owner = session.scalar(select(User).where(User.username == to_user))
        if new_owner is None or new_owner.disabled:
            raise HubError(422, "unknown_user", "There is no active user of that name.")
        if new_owner.id == person.owner_id:
            raise HubError(422, "same_owner", "That user has this person already.")
    rev = revisions.next()
    session.add(ScopeExit(rev=rev, person_id=person_id, from_user_id=person.owner_id))
    person.owner_id = new_owner.id if new_owner else None
    person.transferred_to_la = to_la
    person.rev = rev
    shares.end_all(session, revisions, person_id)
    if new_owner is not None:
        rows = session.scalars(select(Record).where(Record.person_id == person_id)
                               .order_by(Record.rev))
        for record in rows:
            record.rev = revisions.next()
    revisions.save()
    log.info("person %s transferred by user=%s rev=%d", person_id, caller.user_id, rev)
    return rev
