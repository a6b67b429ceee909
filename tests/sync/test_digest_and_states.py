"""The local digest (as the hub computes it) and the sync states of rows and people."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

import pytest
from sqlalchemy import select, text

from paclient.errors import ChangeNotDiscardable, NotFound
from paclient.models import AuditEvent, Outbox, YoungPerson, new_id
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge
from paclient.sync.apply import apply_pulled
from paclient.sync.digest import local_digest
from paclient.sync.states import (
    CONFLICT,
    NEEDS_ATTENTION,
    PENDING,
    SYNCED,
    discard,
    needs_attention,
    person_states,
    resend,
    row_states,
)

DOB = dt.date(2009, 3, 14)


def _apply(services, page):
    with services.ctx.write.begin() as session:
        return apply_pulled(session, page)


def test_the_digest_is_sha256_of_the_sorted_table_id_lines_of_live_synced_rows(services, wire):
    kept = wire.person()
    plan = wire.row("action_plan", person=uuid.UUID(kept["row_id"]), started_on="2026-01-05",
                    next_review_on="2026-02-05")
    action = wire.row("action", plan_id=plan["row_id"], description="Apply to college",
                      owner="young_person", due_on="2026-03-01", status="open")
    gone = wire.person(deleted=True)
    gone["deleted"] = False  # first live, then tombstoned below
    _apply(services, wire.page([kept, plan, action, gone]))
    _apply(services, wire.page([wire.person(uuid.UUID(gone["row_id"]), deleted=True)]))
    services.people.add_person(given_name="Ria", family_name="Unsent", date_of_birth=DOB,
                               gender="F")  # no rev: the hub has not got it yet
    with services.ctx.write.begin() as session:  # an audit event with a rev: never counted
        session.execute(text("UPDATE audit_event SET rev = 5"))

    lines = sorted(f"{r['table']}:{r['row_id']}\n" for r in (kept, plan, action))
    expected = hashlib.sha256("".join(lines).encode()).hexdigest()
    with services.ctx.read() as session:
        assert session.scalar(select(AuditEvent.rev).limit(1)) == 5
        assert local_digest(session) == (3, expected)
    # "action:" sorts before "action_plan:", as the hub's sorted lines do
    assert lines[0].startswith("action:") and lines[1].startswith("action_plan:")


def _pending_of(services, row_id):
    with services.ctx.read() as session:
        return [c for c in outbox.pending(session) if c.row_id == row_id]


def _people(services, wire, n):
    rows = [wire.person() for _ in range(n)]
    _apply(services, wire.page(rows))
    return [uuid.UUID(r["row_id"]) for r in rows]


def test_person_states_take_the_strongest_state_over_the_whole_record(services, wire):
    synced, pending, rejected, conflicted = _people(services, wire, 4)
    contact = services.contacts.add_contact(
        pending, occurred_at=dt.datetime(2026, 11, 20, 10), method="face_to_face", setting="school")
    services.people.update_person(rejected, town="Dover")
    services.people.update_person(conflicted, town="Deal")
    services.people.update_person(conflicted, phone="01304 000000")
    (rejected_change,) = _pending_of(services, rejected)
    first, _second = _pending_of(services, conflicted)
    with services.ctx.write.begin() as session:
        acknowledge(session, [
            wire.result(rejected_change.change_id, "rejected", reason="town: too long"),
            wire.result(first.change_id, "conflict", conflicts=[
                {"conflict_id": str(new_id()), "field": "town", "device_value": "Deal",
                 "hub_value": "Sandwich", "hub_rev": 1}])])
    stranger = new_id()
    with services.ctx.read() as session:
        states = person_states(session, [synced, pending, rejected, conflicted, stranger])
        rows = row_states(session, "contact", [contact.id])
        people_rows = row_states(session, "young_person", [synced, rejected, conflicted])
    assert states == {synced: SYNCED, pending: PENDING, rejected: NEEDS_ATTENTION,
                      conflicted: CONFLICT, stranger: SYNCED}
    assert rows == {contact.id: PENDING}
    assert people_rows == {synced: SYNCED, rejected: NEEDS_ATTENTION, conflicted: CONFLICT}


def test_a_child_rows_state_reaches_its_person_through_the_parent(services, wire):
    (person,) = _people(services, wire, 1)
    contact = wire.row("contact", person=person, occurred_at="2026-11-19T10:00:00",
                       method="face_to_face", setting="school")
    _apply(services, wire.page([contact]))
    services.contacts.add_addendum(uuid.UUID(contact["row_id"]), "Later")
    with services.ctx.read() as session:
        assert person_states(session, [person]) == {person: PENDING}


def _rejected_update(services, wire, **fields):
    (person,) = _people(services, wire, 1)
    services.people.update_person(person, **fields)
    (change,) = _pending_of(services, person)
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(change.change_id, "rejected", reason="bad")])
    return person, change


def test_resend_queues_the_change_again_under_a_new_id(services, wire):
    person, change = _rejected_update(services, wire, town="Dover")
    with services.ctx.write.begin() as session:
        new = resend(session, change.change_id, actor="pa.test")
    (again,) = _pending_of(services, person)
    assert again.change_id == new != change.change_id
    assert again.fields == {"town": "Dover"}
    with services.ctx.read() as session:
        assert needs_attention(session) == []
    with pytest.raises(NotFound), services.ctx.write.begin() as session:
        resend(session, change.change_id, actor="pa.test")  # no such rejected change now


def test_discard_only_when_nothing_would_be_lost(services, wire):
    person, change = _rejected_update(services, wire, town="Dover", phone="01304 000000")
    with pytest.raises(ChangeNotDiscardable), services.ctx.write.begin() as session:
        discard(session, change.change_id, actor="pa.test")
    services.people.update_person(person, town="Deal")  # phone still only in the rejected one
    with pytest.raises(ChangeNotDiscardable), services.ctx.write.begin() as session:
        discard(session, change.change_id, actor="pa.test")
    services.people.update_person(person, phone="01304 111111")
    with services.ctx.write.begin() as session:
        discard(session, change.change_id, actor="pa.test")
    with services.ctx.read() as session:
        entry = session.scalars(select(Outbox).where(Outbox.change_id == change.change_id)).one()
        assert needs_attention(session) == []
        assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.seq.desc())
                              .limit(1)) == "discard"
    assert entry.state == "discarded"  # kept, never deleted


def test_a_rejected_insert_cannot_be_discarded(services, wire):
    mine = services.people.add_person(given_name="Ria", family_name="Insert",
                                      date_of_birth=DOB, gender="F")
    (change,) = _pending_of(services, mine.id)
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(change.change_id, "rejected", reason="bad")])
    with pytest.raises(ChangeNotDiscardable), services.ctx.write.begin() as session:
        discard(session, change.change_id, actor="pa.test")
    with services.ctx.read() as session:
        assert session.get(YoungPerson, mine.id) is not None
