"""Resolving a conflict: the chosen value becomes an ordinary local update from the hub's rev."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ccis.errors import ValidationError
from paclient.errors import ConflictAlreadyResolved
from paclient.models import AuditEvent, Conflict, YoungPerson, new_id
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge
from paclient.sync.states import CONFLICT, PENDING, person_states

DOB = dt.date(2009, 3, 14)


def _conflicted(services, wire, field="postcode", device="ME14 1XX", hub="CT1 1AA"):
    person = services.people.add_person(given_name="Ria", family_name="Conflict",
                                        date_of_birth=DOB, gender="F")
    services.people.update_person(person.id, **{field: device})
    with services.ctx.read() as session:
        insert, update = [c for c in outbox.pending(session) if c.row_id == person.id]
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(insert.change_id, "applied", rev=700),
                              wire.result(update.change_id, "conflict", rev=702, conflicts=[
                                  {"conflict_id": str(new_id()), "field": field,
                                   "device_value": str(device), "hub_value": hub,
                                   "hub_rev": 701}])])
    return person.id


@pytest.mark.parametrize(("value", "resolution"), [("ME14 1XX", "device"), ("CT1 1AA", "hub"),
                                                   ("ME14 1XY", "combined")])
def test_resolving_writes_the_value_as_an_update_from_the_hubs_revision(
        services, wire, value, resolution):
    person = _conflicted(services, wire)
    conflicts = services.conflicts
    (open_,) = conflicts.open_conflicts()
    assert (open_.person_id, open_.table, open_.field, open_.device_value, open_.hub_value,
            open_.hub_rev) == (person, "young_person", "postcode", "ME14 1XX", "CT1 1AA", 701)
    with services.ctx.read() as session:
        assert person_states(session, [person]) == {person: CONFLICT}

    changes = conflicts.resolve(open_.id, value, "pa.other")

    with services.ctx.read() as session:
        (update,) = [c for c in outbox.pending(session) if c.row_id == person]
        conflict = session.get(Conflict, open_.id)
        row = session.get(YoungPerson, person)
        audit = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert person_states(session, [person]) == {person: PENDING}
    assert (update.op, update.fields, update.base_rev) == ("update", {"postcode": value}, 701)
    assert (row.postcode, row.updated_by) == (value, "pa.other")
    assert (conflict.resolution, conflict.resolved_by) == (resolution, "pa.other")
    assert conflict.resolved_at is not None and changes.person_id == person
    assert (audit.action, audit.entity, audit.person_id) == ("resolve", "conflict", person)
    assert conflicts.open_conflicts() == []


def test_a_conflict_is_resolved_once(services, wire):
    _conflicted(services, wire)
    conflicts = services.conflicts
    (open_,) = conflicts.open_conflicts()
    conflicts.resolve(open_.id, "CT1 1AA")
    with pytest.raises(ConflictAlreadyResolved):
        conflicts.resolve(open_.id, "ME14 1XX")


def test_a_value_of_the_wrong_type_is_refused_and_nothing_written(services, wire):
    person = _conflicted(services, wire, field="phone_verified_on", device=dt.date(2026, 11, 1),
                         hub="2026-10-01")
    conflicts = services.conflicts
    (open_,) = conflicts.open_conflicts(person)
    with pytest.raises(ValidationError):
        conflicts.resolve(open_.id, "yesterday")
    assert conflicts.open_conflicts(person) == [open_]
    conflicts.resolve(open_.id, "2026-11-02")
    with services.ctx.read() as session:
        assert session.get(YoungPerson, person).phone_verified_on == dt.date(2026, 11, 2)
