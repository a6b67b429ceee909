"""Applying pushed changes: exactly once each, field by field, within the caller's scope.

One push is one transaction holding the revision lock; each change runs in its own savepoint,
so a rejected change leaves nothing behind while the others still apply, and every applied
change's result is stored beside the row it wrote (a replay answers from it).
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis_hub import scope
from ccis_hub.accounts import Caller
from ccis_hub.catalogue import APPEND_ONLY, PERSON_TABLE, TableInfo, tables
from ccis_hub.models import AppliedChange, Conflict, Person, Record, utcnow
from ccis_hub.revisions import Revisions
from ccis_hub.validate import problem
from ccis_hub.wire import ChangeIn

log = logging.getLogger(__name__)
Result = dict[str, Any]
NOT_REACHED = "The row is not on the hub or not in your caseload."


class Rejected(Exception):
    """A change the hub refuses; the message is the reason the device shows."""


def push(session: Session, caller: Caller, changes: list[ChangeIn]) -> list[Result]:
    """Apply `changes` in order (in the caller's transaction); one result per change."""
    revisions = Revisions(session)  # first: the lock orders concurrent pushes
    results = [_apply_once(session, caller, revisions, change) for change in changes]
    revisions.save()
    counts = Counter(r["status"] for r in results)
    log.info("push user=%s device=%s changes=%d %s", caller.user_id, caller.device_id,
             len(changes), " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return results


def _apply_once(session: Session, caller: Caller, revisions: Revisions,
                change: ChangeIn) -> Result:
    seen = session.get(AppliedChange, change.change_id)
    if seen is not None:
        if seen.user_id != caller.user_id:
            return _result(change, "rejected", reason="That change id belongs to another user.")
        return _result(change, "duplicate", rev=seen.result["rev"])
    last = revisions.last
    try:
        with session.begin_nested():
            result = _apply(session, caller, revisions, change)
            session.add(AppliedChange(change_id=change.change_id, user_id=caller.user_id,
                                      result=result))
            session.flush()
    except Rejected as exc:
        revisions.last = last  # the savepoint took back any revision given out
        return _result(change, "rejected", reason=str(exc))
    return result


def _apply(session: Session, caller: Caller, revisions: Revisions, change: ChangeIn) -> Result:
    info = tables().get(change.table)
    if info is None:
        raise Rejected(f"The hub has no table {change.table[:40]!r}.")
    _check_fields(info, change.fields)
    if change.op == "insert":
        return _insert(session, caller, revisions, info, change)
    record = session.get(Record, (info.name, change.row_id))
    if record is None or not scope.reaches_row(session, caller, record.person_id,
                                               record.owner_id):
        raise Rejected(NOT_REACHED)
    if record.deleted:
        if change.op == "delete" and not change.fields:
            return _result(change, "applied", rev=record.rev)
        raise Rejected("The row was deleted on the hub.")
    if info.link in change.fields and change.fields[info.link] != record.fields.get(info.link):
        raise Rejected(f"Field {info.name}.{info.link} cannot change: a row stays with its "
                       "person.")
    return _update(session, revisions, info, record, change)


def _check_fields(info: TableInfo, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        column = info.columns.get(name)
        if column is None:
            raise Rejected(f"Table {info.name} has no field {name[:60]!r}.")
        reason = problem(info.name, column, value)
        if reason is not None:
            raise Rejected(reason)


def _insert(session: Session, caller: Caller, revisions: Revisions, info: TableInfo,
            change: ChangeIn) -> Result:
    if session.get(Record, (info.name, change.row_id)) is not None:
        raise Rejected("A row with this id exists already on the hub.")
    missing = sorted(info.required - change.fields.keys())
    if missing:
        raise Rejected(f"Field {info.name}.{missing[0]} is required for a new row.")
    rev = revisions.next()
    person_id = _person_of_new_row(session, caller, info, change, rev)
    fields = {**dict.fromkeys(info.columns), **change.fields}  # omitted fields are null
    session.add(Record(table_name=info.name, row_id=change.row_id, person_id=person_id,
                       owner_id=caller.user_id, fields=fields,
                       field_revs=dict.fromkeys(fields, rev), rev=rev, created_rev=rev,
                       deleted=fields.get("deleted_at") is not None))
    return _result(change, "applied", rev=rev)


def _person_of_new_row(session: Session, caller: Caller, info: TableInfo, change: ChangeIn,
                       rev: int) -> uuid.UUID | None:
    """The person a new row belongs to, checked to be in scope (a new person: the caller's)."""
    if info.name == PERSON_TABLE:
        if session.get(Person, change.row_id) is not None:
            raise Rejected("A row with this id exists already on the hub.")
        session.add(Person(id=change.row_id, owner_id=caller.user_id, rev=rev))
        return change.row_id
    if info.link is None or change.fields.get(info.link) is None:
        return None
    linked = uuid.UUID(str(change.fields[info.link]))
    if info.parent is None:
        if not scope.reaches_person(session, caller, linked):
            raise Rejected("The row's person is not on the hub or not in your caseload.")
        return linked
    parent = session.get(Record, (info.parent, linked))
    if parent is None or not scope.reaches_row(session, caller, parent.person_id,
                                               parent.owner_id):
        raise Rejected(f"The row's {info.parent} is not on the hub or not in your caseload.")
    return parent.person_id


def _update(session: Session, revisions: Revisions, info: TableInfo, record: Record,
            change: ChangeIn) -> Result:
    base = change.base_rev if change.base_rev is not None else record.created_rev
    append_only = info.name in APPEND_ONLY
    applied: dict[str, Any] = {}
    clashes: list[Conflict] = []
    for name, value in change.fields.items():
        hub_rev = int(record.field_revs.get(name, record.created_rev))
        hub_value = record.fields.get(name)
        if append_only or hub_rev <= base or hub_value == value:
            applied[name] = value
        else:
            clashes.append(Conflict(table_name=info.name, row_id=record.row_id,
                                    person_id=record.person_id, owner_id=record.owner_id,
                                    field=name, device_value=value, hub_value=hub_value,
                                    hub_rev=hub_rev))
    others_changed = any(int(rev) > base for name, rev in record.field_revs.items()
                         if name not in change.fields)
    rev = None
    if applied or change.op == "delete":
        rev = revisions.next()
        record.fields = {**record.fields, **applied}
        record.field_revs = {**record.field_revs, **dict.fromkeys(applied, rev)}
        record.rev = rev
        record.deleted = change.op == "delete" or record.fields.get("deleted_at") is not None
        _resolve_by_device(session, record, list(applied), base)
    session.add_all(clashes)
    session.flush()
    status = "conflict" if clashes else "merged" if others_changed else "applied"
    return _result(change, status, rev=rev, conflicts=[_brief(c) for c in clashes])


def _resolve_by_device(session: Session, record: Record, fields: list[str], base: int) -> None:
    """Open conflicts on `fields` that the device had seen (base_rev >= hub_rev) are settled:
    the device has chosen its value."""
    query = select(Conflict).where(Conflict.table_name == record.table_name,
                                   Conflict.row_id == record.row_id,
                                   Conflict.field.in_(fields), Conflict.resolved_at.is_(None),
                                   Conflict.hub_rev <= base)
    for conflict in session.scalars(query):
        conflict.resolved_at, conflict.resolution = utcnow(), "device"


def _brief(conflict: Conflict) -> Result:
    return {"conflict_id": str(conflict.id), "field": conflict.field,
            "device_value": conflict.device_value, "hub_value": conflict.hub_value,
            "hub_rev": conflict.hub_rev}


def _result(change: ChangeIn, status: str, *, rev: int | None = None, reason: str | None = None,
            conflicts: list[Result] | None = None) -> Result:
    return {"change_id": str(change.change_id), "status": status, "rev": rev, "reason": reason,
            "conflicts": conflicts or []}
