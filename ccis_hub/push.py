"""Applying pushed changes: exactly once each, field by field, within the caller's scope.

One push is one transaction holding the revision lock, and every applied change's result is
stored beside the row it wrote (a replay answers from it). The batch is read in bulk first
(`_Batch`: its rows, their parents, earlier results, open conflicts, which people the caller
may write), every change is then checked and applied in memory in order, and all is written in
one flush. A rejected change is refused before it touches anything (every check comes before
the first write), so it leaves nothing behind while the others still apply.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.catalogue import PERSON_TABLE, TABLES, SyncedTable
from ccis.codes import load_codebook
from ccis.row_rules import row_problems
from ccis_hub import duplicates, person_rules, scope, sensitive, shares
from ccis_hub.accounts import Caller
from ccis_hub.models import AppliedChange, Conflict, Person, Record, utcnow
from ccis_hub.person_facts import FactRecords
from ccis_hub.revisions import Revisions
from ccis_hub.validate import problem
from ccis_hub.wire import ChangeIn

log = logging.getLogger(__name__)
Result = dict[str, Any]
NOT_REACHED = "The row is not on the hub or not in your caseload."
NEVER_ISSUED = "The change builds on a revision the hub never gave out."
CHUNK = 500  # ids per IN (...) list


class Rejected(Exception):
    """A change the hub refuses; the message is the reason the device shows."""


def push(session: Session, caller: Caller, changes: list[ChangeIn]) -> list[Result]:
    """Apply `changes` in order (in the caller's transaction); one result per change."""
    revisions = Revisions(session)  # first: the lock orders concurrent pushes
    with session.no_autoflush:
        batch = _Batch(session, caller, changes)
        batch.issued = revisions.last
        results = [_apply_once(batch, revisions, change) for change in changes]
    session.flush()
    shares.end_refused(session, revisions, {
        record.person_id for (table, _), record in batch.records.items()
        if table == "consent" and record.person_id is not None})
    revisions.save()
    session.flush()
    counts = Counter(r["status"] for r in results)
    log.info("push user=%s device=%s changes=%d %s", caller.user_id, caller.device_id,
             len(changes), " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return results


class _Batch:
    """What a push reads, read once for all its changes, and kept current as they apply."""

    def __init__(self, session: Session, caller: Caller, changes: list[ChangeIn]) -> None:
        self.session, self.caller = session, caller
        self.issued = 0  # the newest revision given out before this push
        ids = list({c.change_id for c in changes})
        self.applied: dict[uuid.UUID, AppliedChange] = {}
        for start in range(0, len(ids), CHUNK):
            self.applied.update((a.change_id, a) for a in session.scalars(
                select(AppliedChange).where(AppliedChange.change_id.in_(ids[start:start + CHUNK]))))
        keys: dict[str, set[uuid.UUID]] = defaultdict(set)
        for change in changes:
            keys[change.table].add(change.row_id)
            info = TABLES.get(change.table)
            if info is not None and info.parent is not None and change.op == "insert":
                linked = _uuid(change.fields.get(info.link or ""))
                if linked is not None:
                    keys[info.parent[1]].add(linked)
        self.records: dict[tuple[str, uuid.UUID], Record] = {}
        for table, row_ids in keys.items():
            listed = list(row_ids)
            for start in range(0, len(listed), CHUNK):
                self.records.update(((r.table_name, r.row_id), r) for r in session.scalars(
                    select(Record).where(Record.table_name == table,
                                         Record.row_id.in_(listed[start:start + CHUNK]))))
        self.people = set(session.scalars(select(Person.id).where(
            Person.id.in_(keys.get(PERSON_TABLE, set()))))) if PERSON_TABLE in keys else set()
        wanted = {r.person_id for r in self.records.values() if r.person_id is not None}
        wanted |= {p for c in changes if (p := _person_link(c)) is not None}
        self.writable = scope.writable_people(session, caller, wanted)
        self.conflicts: dict[tuple[str, uuid.UUID], list[Conflict]] = defaultdict(list)
        for table, row_ids in keys.items():
            listed = list(row_ids)
            for start in range(0, len(listed), CHUNK):
                for conflict in session.scalars(select(Conflict).where(
                        Conflict.table_name == table, Conflict.resolved_at.is_(None),
                        Conflict.row_id.in_(listed[start:start + CHUNK]))):
                    self.conflicts[(conflict.table_name, conflict.row_id)].append(conflict)
        self.ccis_ids = duplicates.holders(session, changes)
        self.facts = FactRecords(session, self._checked_people(changes))

    def _checked_people(self, changes: list[ChangeIn]) -> set[uuid.UUID]:
        """The people whose facts a person-dependent rule of this push may read."""
        found: set[uuid.UUID] = set()
        for change in changes:
            if change.table in person_rules.CHECKS:
                record = self.records.get((change.table, change.row_id))
                person = record.person_id if record is not None else _person_link(change)
                if person is not None:
                    found.add(person)
        return found

    def writes_row(self, person_id: uuid.UUID | None, owner_id: uuid.UUID) -> bool:
        """`scope.writes_row`, from what the batch read."""
        if person_id is None:
            return owner_id == self.caller.user_id
        return person_id in self.writable


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def _person_link(change: ChangeIn) -> uuid.UUID | None:
    """The person a new row names directly (its person_id), if any."""
    info = TABLES.get(change.table)
    if info is None or info.parent is not None or info.link is None:
        return None
    return _uuid(change.fields.get(info.link))


def _apply_once(batch: _Batch, revisions: Revisions, change: ChangeIn) -> Result:
    seen = batch.applied.get(change.change_id)
    if seen is not None:
        if seen.user_id != batch.caller.user_id:
            return _result(change, "rejected", reason="That change id belongs to another user.")
        return _result(change, "duplicate", rev=seen.result["rev"],
                       conflicts=_still_open(batch, change, seen.result))
    last = revisions.last
    try:
        result = _apply(batch, revisions, change)
    except Rejected as exc:
        revisions.last = last  # take back any revision given out
        return _result(change, "rejected", reason=str(exc))
    applied = AppliedChange(change_id=change.change_id, user_id=batch.caller.user_id,
                            result=result)
    batch.session.add(applied)
    batch.applied[change.change_id] = applied
    return result


def _apply(batch: _Batch, revisions: Revisions, change: ChangeIn) -> Result:
    info = TABLES.get(change.table)
    if info is None:
        raise Rejected(f"The hub has no table {change.table[:40]!r}.")
    _check_fields(info, change.fields)
    if change.op == "insert":
        _check_row(info, {**dict.fromkeys(info.fields), **change.fields}, change.fields)
        return _insert(batch, revisions, info, change)
    record = batch.records.get((info.name, change.row_id))
    if record is None or not batch.writes_row(record.person_id, record.owner_id):
        raise Rejected(NOT_REACHED)
    if sensitive.withheld(batch.session, batch.caller, [record]):
        raise Rejected(NOT_REACHED)  # a sensitive row the caller is not sent (issue 14)
    if change.base_rev is not None and change.base_rev > batch.issued:
        raise Rejected(NEVER_ISSUED)
    if change.op == "update":
        _check_row(info, {**record.fields, **change.fields}, change.fields)
        _check_person_rules(batch, info, {**record.fields, **change.fields}, change.fields,
                            record.person_id)
    if record.deleted and not _edits_deleted_row(record, change):
        if change.op == "delete" or set(change.fields) <= {"deleted_at"}:
            return _result(change, "applied", rev=record.rev)  # deleted already
        raise Rejected("The row was deleted on the hub.")
    if info.link in change.fields and change.fields[info.link] != record.fields.get(info.link):
        raise Rejected(f"Field {info.name}.{info.link} cannot change: a row stays with its "
                       "person.")
    _check_ccis_id(batch, info, change)
    return _update(batch, revisions, info, record, change)


def _check_fields(info: SyncedTable, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        field = info.fields.get(name)
        if field is None:
            raise Rejected(f"Table {info.name} has no field {name[:60]!r}.")
        reason = problem(info.name, name, field, value)
        if reason is not None:
            raise Rejected(reason)


def _check_row(info: SyncedTable, row: dict[str, Any], changed: dict[str, Any]) -> None:
    """The table's cross-field rules, on the row as the change would leave it."""
    found = row_problems(info.name, row, changed, utcnow().date(), load_codebook())
    if found:
        name, what = found[0]
        raise Rejected(f"Field {info.name}.{name} {what}.")


def _check_person_rules(batch: _Batch, info: SyncedTable, row: dict[str, Any],
                        changed: dict[str, Any], person_id: uuid.UUID | None) -> None:
    """The rules that need the row's person (`person_rules`), run once the caller is known to
    reach the person, so a refusal tells nothing of someone else's record."""
    if person_id is None or info.name not in person_rules.CHECKS:
        return
    facts = batch.facts.facts(person_id, batch.records.values())
    reason = person_rules.problem(info.name, facts, row, changed, utcnow().date(),
                                  load_codebook())
    if reason is not None:
        raise Rejected(reason)


def _insert(batch: _Batch, revisions: Revisions, info: SyncedTable, change: ChangeIn) -> Result:
    if (info.name, change.row_id) in batch.records:
        raise Rejected("A row with this id exists already on the hub.")
    missing = sorted(info.required - change.fields.keys())
    if missing:
        raise Rejected(f"Field {info.name}.{missing[0]} is required for a new row.")
    person_id = _person_of_new_row(batch, info, change)
    _check_person_rules(batch, info, {**dict.fromkeys(info.fields), **change.fields},
                        change.fields, person_id)
    _check_ccis_id(batch, info, change)
    rev = revisions.next()
    if info.name == PERSON_TABLE:
        batch.session.add(Person(id=change.row_id, owner_id=batch.caller.user_id, rev=rev))
        batch.people.add(change.row_id)
        batch.writable.add(change.row_id)
    fields = {**dict.fromkeys(info.fields), **change.fields}  # omitted fields are null
    record = Record(table_name=info.name, row_id=change.row_id, person_id=person_id,
                    owner_id=batch.caller.user_id, fields=fields,
                    field_revs=dict.fromkeys(fields, rev), rev=rev, created_rev=rev,
                    deleted=fields.get("deleted_at") is not None)
    batch.session.add(record)
    batch.records[(info.name, change.row_id)] = record
    duplicates.note(batch.ccis_ids, info.name, change.row_id, change.fields)
    return _result(change, "applied", rev=rev)


def _check_ccis_id(batch: _Batch, info: SyncedTable, change: ChangeIn) -> None:
    reason = duplicates.problem(batch.ccis_ids, info.name, change.row_id, change.fields)
    if reason is not None:
        raise Rejected(reason)


def _person_of_new_row(batch: _Batch, info: SyncedTable, change: ChangeIn) -> uuid.UUID | None:
    """The person a new row belongs to, checked to be writable (a new person: the caller's)."""
    if info.name == PERSON_TABLE:
        if change.row_id in batch.people:
            raise Rejected("A row with this id exists already on the hub.")
        return change.row_id
    if info.link is None or change.fields.get(info.link) is None:
        return None
    linked = uuid.UUID(str(change.fields[info.link]))
    if info.parent is None:
        if linked not in batch.writable:
            raise Rejected("The row's person is not on the hub or not in your caseload.")
        return linked
    parent_table = info.parent[1]
    parent = batch.records.get((parent_table, linked))
    if parent is None or not batch.writes_row(parent.person_id, parent.owner_id):
        raise Rejected(f"The row's {parent_table} is not on the hub or not in your caseload.")
    return parent.person_id


def _update(batch: _Batch, revisions: Revisions, info: SyncedTable, record: Record,
            change: ChangeIn) -> Result:
    """Merge field by field against `base_rev`. A field changed on the hub since the base is a
    conflict (append-only notes too: a same-day correction is an edit like any other), and so
    are a delete of a row changed since the base and an edit of a row deleted since: the hub
    keeps its value of `deleted_at` and both are told."""
    base = change.base_rev if change.base_rev is not None else record.created_rev
    fields = dict(change.fields)
    clashes: list[Conflict] = []
    deleting = change.op == "delete"
    newest = max([record.created_rev, *(int(r) for r in record.field_revs.values())])
    if _deletes(record, change):
        when = fields.pop("deleted_at", None) or utcnow().isoformat()
        if newest > base:
            clashes.append(_conflict(record, "deleted_at", when, newest))
            deleting = False
        else:
            fields["deleted_at"] = when  # a delete stamps its time, as the device does
    elif record.deleted and "deleted_at" not in fields:  # an edit from before the delete
        clashes.append(_conflict(record, "deleted_at", None, _deleted_rev(record)))
    applied: dict[str, Any] = {}
    for name, value in fields.items():
        hub_rev = int(record.field_revs.get(name, record.created_rev))
        if hub_rev <= base or record.fields.get(name) == value:
            applied[name] = value
        else:
            clashes.append(_conflict(record, name, value, hub_rev))
    others_changed = any(int(rev) > base for name, rev in record.field_revs.items()
                         if name not in change.fields)
    rev = None
    if applied or deleting:
        rev = revisions.next()
        record.fields = {**record.fields, **applied}
        record.field_revs = {**record.field_revs, **dict.fromkeys(applied, rev)}
        record.rev = rev
        record.deleted = (deleting or record.fields.get("deleted_at") is not None
                          or (record.deleted and "deleted_at" not in applied))
        _resolve_by_device(batch, record, set(applied), base)
        duplicates.note(batch.ccis_ids, info.name, record.row_id, applied)
    batch.session.add_all(clashes)
    batch.conflicts[(record.table_name, record.row_id)].extend(clashes)
    status = "conflict" if clashes else "merged" if others_changed else "applied"
    return _result(change, status, rev=rev, conflicts=[_brief(c) for c in clashes])


def _deletes(record: Record, change: ChangeIn) -> bool:
    """Whether the change deletes a live row (a delete, or an update stamping `deleted_at`)."""
    if record.fields.get("deleted_at") is not None:
        return False
    return change.op == "delete" or change.fields.get("deleted_at") is not None


def _edits_deleted_row(record: Record, change: ChangeIn) -> bool:
    """Whether a change to a deleted row still goes to the merge: it brings the row back
    (`deleted_at` set empty, as keeping it when a delete was a conflict does), or it edits the
    row from a base before the delete (a conflict on `deleted_at`, like any other field)."""
    if change.op == "delete":
        return False
    if "deleted_at" in change.fields:
        return change.fields["deleted_at"] is None
    base = change.base_rev if change.base_rev is not None else record.created_rev
    return base < _deleted_rev(record)


def _deleted_rev(record: Record) -> int:
    """The revision that deleted the row (a bare delete of release 0.1 stamped no time: the
    row's newest revision)."""
    if record.fields.get("deleted_at") is None:
        return record.rev
    return int(record.field_revs.get("deleted_at", record.rev))


def _conflict(record: Record, name: str, device_value: Any, hub_rev: int) -> Conflict:
    return Conflict(id=uuid.uuid4(), table_name=record.table_name, row_id=record.row_id,
                    person_id=record.person_id, owner_id=record.owner_id, field=name,
                    device_value=device_value, hub_value=record.fields.get(name),
                    hub_rev=hub_rev, created_at=utcnow())


def _still_open(batch: _Batch, change: ChangeIn, first: Result) -> list[Result]:
    """The conflicts a change's first answer opened that are still open, told again when the
    change is replayed (its first answer may never have reached the device); none when the
    caller no longer reaches the row."""
    record = batch.records.get((change.table, change.row_id))
    if record is None or not batch.writes_row(record.person_id, record.owner_id):
        return []
    wanted = {str(brief.get("conflict_id")) for brief in first.get("conflicts") or []}
    return [_brief(c) for c in batch.conflicts.get((change.table, change.row_id), [])
            if str(c.id) in wanted and c.resolved_at is None]


def _resolve_by_device(batch: _Batch, record: Record, fields: set[str], base: int) -> None:
    """Open conflicts on `fields` that the device had seen (base_rev >= hub_rev) are settled:
    the device has chosen its value."""
    for conflict in batch.conflicts.get((record.table_name, record.row_id), []):
        if (conflict.field in fields and conflict.resolved_at is None
                and conflict.hub_rev <= base):
            conflict.resolved_at, conflict.resolution = utcnow(), "device"


def _brief(conflict: Conflict) -> Result:
    return {"conflict_id": str(conflict.id), "field": conflict.field,
            "device_value": conflict.device_value, "hub_value": conflict.hub_value,
            "hub_rev": conflict.hub_rev}


def _result(change: ChangeIn, status: str, *, rev: int | None = None, reason: str | None = None,
            conflicts: list[Result] | None = None) -> Result:
    return {"change_id": str(change.change_id), "status": status, "rev": rev, "reason": reason,
            "conflicts": conflicts or []}
