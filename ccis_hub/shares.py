"""Sharing a person with another user for a referral (the contract's Sharing section).

Whoever manages a person (`scope.manages_person`: owner, their team leader, an administrator)
may share them with another active user, with a reason and an optional last day (`until`,
inclusive, UTC). While the share is active the user reads and writes the person like the
owner (`scope.scope_people`).

- A new share gives every row of the person a new revision, as a transfer does, so the rows come
  in the receiving user's next pull whatever their cursor.
- Ending a share, or its expiry, records a scope exit of kind "share" for the user at a new
  revision; their next pull reports it unless they still reach the person another way.
- A person whose live consent rows hold a refusal of sharing (not withdrawn) is never shared:
  the hub refuses it itself (`sharing_refused`), whatever the device checked; a refusal
  pushed later ends the person's active shares (`end_refused`, called by the push).
- Expiry: access stops on the day after `until` in every scope check, whether or not anything
  ran. The exit is written lazily: the first pull after that day (by anyone) ends every expired
  share in a short writing transaction before it reads (`end_expired`); so does any share
  request and any transfer.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ccis_hub import scope
from ccis_hub.accounts import Caller
from ccis_hub.errors import HubError, not_found, out_of_scope
from ccis_hub.models import Person, PersonShare, Record, ScopeExit, User, utcnow
from ccis_hub.revisions import Revisions

log = logging.getLogger(__name__)


def share(session: Session, caller: Caller, person_id: uuid.UUID, *, to_user: str, reason: str,
          until: dt.date | None) -> int:
    """Share `person_id` with `to_user`; the share's revision. Sharing again with a user who
    has an active share replaces its reason and last day."""
    revisions = Revisions(session)
    _end_expired(session, revisions)
    person = _managed(session, caller, person_id)
    if sharing_refused(session, person_id):
        raise HubError(409, "sharing_refused", "This young person has refused information "
                       "sharing, so their record cannot be shared with another user.")
    if until is not None and until < scope.today():
        raise HubError(422, "invalid_until", "The last day of a share cannot be in the past.")
    user = session.scalar(select(User).where(User.username == to_user))
    if user is None or user.disabled:
        raise HubError(422, "unknown_user", "There is no active user of that name.")
    current = _active(session, person_id, user.id)
    rev = revisions.next()
    if current is not None:
        current.reason, current.until, current.rev = reason, until, rev
    else:
        receiver = Caller(user_id=user.id, device_id=caller.device_id, username=user.username,
                          role=user.role, team_id=user.team_id, team=None)
        if user.id == person.owner_id or scope.reaches_person(session, receiver, person_id):
            raise HubError(422, "already_reaches", "That user reaches this person already.")
        session.add(PersonShare(person_id=person_id, user_id=user.id, shared_by_id=caller.user_id,
                                reason=reason, until=until, rev=rev))
        rows = session.scalars(select(Record).where(Record.person_id == person_id)
                               .order_by(Record.rev))
        for record in rows:  # the rows enter the user's next pull whatever their cursor
            record.rev = revisions.next()
    revisions.save()
    log.info("person %s shared with user=%s by user=%s rev=%d", person_id, user.id,
             caller.user_id, rev)
    return rev


def sharing_refused(session: Session, person_id: uuid.UUID) -> bool:
    """Whether the person's live consent rows hold a refusal of sharing not withdrawn (the
    device's `refusal_active`, read from the hub's copy of the rows)."""
    found = session.scalars(select(Record.fields).where(
        Record.table_name == "consent", Record.person_id == person_id,
        Record.deleted.is_(False)))
    return any(f.get("purpose") == "sharing" and f.get("decision") == "refused"
               and f.get("withdrawn_on") is None and f.get("deleted_at") is None
               for f in found)


def end_share(session: Session, caller: Caller, person_id: uuid.UUID, username: str) -> int:
    """End the active share of `person_id` with `username`; the revision of its exit."""
    revisions = Revisions(session)
    _end_expired(session, revisions)
    _managed(session, caller, person_id)
    user_id = session.scalar(select(User.id).where(User.username == username))
    current = _active(session, person_id, user_id) if user_id is not None else None
    if current is None:
        raise not_found("active share with that user")
    rev = _end(session, revisions, current)
    revisions.save()
    log.info("share of person %s with user=%s ended by user=%s rev=%d", person_id,
             current.user_id, caller.user_id, rev)
    return rev


def end_all(session: Session, revisions: Revisions, person_id: uuid.UUID) -> int:
    """End every active share of `person_id` (it is leaving its owner: a transfer; or it
    refuses sharing); how many."""
    active = list(session.scalars(select(PersonShare).where(
        PersonShare.person_id == person_id, PersonShare.ended_rev.is_(None))
        .order_by(PersonShare.created_at, PersonShare.id)))
    for current in active:
        _end(session, revisions, current)
    return len(active)


def end_refused(session: Session, revisions: Revisions, people: Iterable[uuid.UUID]) -> None:
    """End every active share of those of `people` who now refuse sharing (a refusal pushed
    after the share was made)."""
    for person_id in sorted(set(people)):
        if sharing_refused(session, person_id):
            ended = end_all(session, revisions, person_id)
            if ended:
                log.info("%d share(s) of person %s ended by a refusal", ended, person_id)


def list_shares(session: Session, caller: Caller, person_id: uuid.UUID) -> list[dict[str, Any]]:
    """The active shares of a person the caller manages, oldest first."""
    _managed(session, caller, person_id)
    receiver, sharer = aliased(User), aliased(User)
    found = session.execute(
        select(PersonShare, receiver.username, sharer.username)
        .join(receiver, receiver.id == PersonShare.user_id)
        .join(sharer, sharer.id == PersonShare.shared_by_id)
        .where(PersonShare.person_id == person_id, scope.share_active())
        .order_by(PersonShare.created_at, PersonShare.id)).all()
    return [{"username": to, "reason": s.reason, "until": s.until, "shared_by": by,
             "created_at": s.created_at, "rev": s.rev} for s, to, by in found]


def expired_waiting(session: Session) -> bool:
    """Whether a share has passed its last day without its exit written yet (a cheap read, so
    that pulls take the writing lock only when there is something to end)."""
    return session.scalar(select(PersonShare.id).where(
        PersonShare.ended_rev.is_(None), PersonShare.until < scope.today()).limit(1)) is not None


def end_expired(session: Session) -> int:
    """End every share past its last day (in a writing transaction); how many."""
    revisions = Revisions(session)
    ended = _end_expired(session, revisions)
    revisions.save()
    if ended:
        log.info("%d expired share(s) ended", ended)
    return ended


def _end_expired(session: Session, revisions: Revisions) -> int:
    expired = list(session.scalars(select(PersonShare).where(
        PersonShare.ended_rev.is_(None), PersonShare.until < scope.today())
        .order_by(PersonShare.until, PersonShare.id)))
    for current in expired:
        _end(session, revisions, current)
    return len(expired)


def _end(session: Session, revisions: Revisions, current: PersonShare) -> int:
    rev = revisions.next()
    current.ended_rev, current.ended_at = rev, utcnow()
    session.add(ScopeExit(rev=rev, person_id=current.person_id, from_user_id=current.user_id,
                          kind="share"))
    session.flush()
    return rev


def _managed(session: Session, caller: Caller, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None or not scope.manages_person(session, caller, person_id):
        raise out_of_scope()
    return person


def _active(session: Session, person_id: uuid.UUID, user_id: uuid.UUID) -> PersonShare | None:
    return session.scalar(select(PersonShare).where(
        PersonShare.person_id == person_id, PersonShare.user_id == user_id,
        scope.share_active()))
