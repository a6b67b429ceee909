"""Taking in push results: every change ends acknowledged or rejected, none is lost or made."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from paclient.models import Conflict, Outbox, YoungPerson, new_id
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge
from paclient.sync.states import needs_attention

DOB = dt.date(2009, 3, 14)


def _person(services, name="Ack"):
    return services.people.add_person(given_name="Ria", family_name=name, date_of_birth=DOB,
                                      gender="F", postcode="ME15 6AA")


def _pending(services, row_id):
    with services.ctx.read() as session:
        return [c for c in outbox.pending(session, limit=10_000) if c.row_id == row_id]


def _entry(services, change_id):
    with services.ctx.read() as session:
        return session.scalars(select(Outbox).where(Outbox.change_id == change_id)).one()


def _rev(services, person_id):
    with services.ctx.read() as session:
        return session.get(YoungPerson, person_id).rev


def test_applied_change_is_acknowledged_and_the_row_takes_its_rev(services, wire):
    person = _person(services)
    (insert,) = _pending(services, person.id)
    with services.ctx.write.begin() as session:
        report = acknowledge(session, [wire.result(insert.change_id, "applied", rev=1201)])
    entry = _entry(services, insert.change_id)
    assert (entry.state, report.acknowledged, report.unknown) == ("acknowledged", 1, [])
    assert entry.acknowledged_at is not None
    assert _rev(services, person.id) == 1201
    services.people.update_person(person.id, postcode="ME14 1XX")
    (update,) = _pending(services, person.id)
    assert update.base_rev == 1201  # the next edit builds on the acknowledged revision


def test_a_duplicate_answering_an_older_rev_never_moves_the_row_back(services, wire):
    person = _person(services)
    (insert,) = _pending(services, person.id)
    with services.ctx.write.begin() as session:
        session.get(YoungPerson, person.id).rev = 1500  # a pull brought a newer revision
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(insert.change_id, "duplicate", rev=1200)])
    assert _entry(services, insert.change_id).state == "acknowledged"
    assert _rev(services, person.id) == 1500


def test_a_conflict_opens_one_local_conflict_per_field_and_shows_the_hub_value(services, wire):
    person = _person(services)
    services.people.update_person(person.id, postcode="ME14 1XX", town="Maidstone")
    insert, update = _pending(services, person.id)
    hub_id = new_id()
    with services.ctx.write.begin() as session:
        report = acknowledge(session, [
            wire.result(insert.change_id, "applied", rev=1100),
            wire.result(update.change_id, "conflict", rev=1102, conflicts=[
                {"conflict_id": str(hub_id), "field": "postcode", "device_value": "ME14 1XX",
                 "hub_value": "CT1 1AA", "hub_rev": 1101}])])
    assert (report.acknowledged, report.conflicts) == (2, 1)
    with services.ctx.read() as session:
        conflict = session.scalars(select(Conflict)).one()
        row = session.get(YoungPerson, person.id)
        # The hub's row at 1102 holds a change this copy has not pulled: the copy stays on
        # the revision of its last change the hub took as it was (the insert).
        assert (row.postcode, row.town, row.rev) == ("CT1 1AA", "Maidstone", 1100)
    assert (conflict.field, conflict.local_value, conflict.remote_value) == (
        "postcode", {"value": "ME14 1XX"}, {"value": "CT1 1AA"})
    assert (conflict.hub_conflict_id, conflict.hub_rev, conflict.person_id) == (
        hub_id, 1101, person.id)
    assert conflict.resolved_at is None
    assert _entry(services, update.change_id).state == "acknowledged"


def test_a_conflict_never_overwrites_a_later_unsent_edit_of_the_field(services, wire):
    person = _person(services)
    services.people.update_person(person.id, postcode="ME14 1XX")
    services.people.update_person(person.id, postcode="ME16 8AA")  # typed again since
    _insert, first, _second = _pending(services, person.id)
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(first.change_id, "conflict", conflicts=[
            {"conflict_id": str(new_id()), "field": "postcode", "device_value": "ME14 1XX",
             "hub_value": "CT1 1AA", "hub_rev": 1101}])])
    with services.ctx.read() as session:
        assert session.get(YoungPerson, person.id).postcode == "ME16 8AA"
        assert session.scalar(select(func.count()).select_from(Conflict)) == 1


def test_the_same_conflict_answer_taken_twice_opens_it_once(services, wire):
    person = _person(services)
    services.people.update_person(person.id, postcode="ME14 1XX")
    _insert, update = _pending(services, person.id)
    result = wire.result(update.change_id, "conflict", conflicts=[
        {"conflict_id": str(new_id()), "field": "postcode", "device_value": "ME14 1XX",
         "hub_value": "CT1 1AA", "hub_rev": 1101}])
    for _ in range(2):
        with services.ctx.write.begin() as session:
            acknowledge(session, [result])
    with services.ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Conflict)) == 1


def test_a_rejected_change_stays_with_its_reason_and_needs_attention(services, wire):
    person = _person(services)
    (insert,) = _pending(services, person.id)
    with services.ctx.read() as session:
        waiting = outbox.pending_count(session)
    with services.ctx.write.begin() as session:
        report = acknowledge(session, [wire.result(insert.change_id, "rejected",
                                                   reason="gender: unknown code")])
    entry = _entry(services, insert.change_id)
    assert (entry.state, entry.reject_reason, report.rejected) == (
        "rejected", "gender: unknown code", 1)
    assert _rev(services, person.id) is None
    with services.ctx.read() as session:
        (item,) = needs_attention(session)
        assert outbox.pending_count(session) == waiting - 1  # rejected is not pending
    assert (item.change_id, item.person_id, item.reason, item.op) == (
        insert.change_id, person.id, "gender: unknown code", "insert")


def test_results_for_changes_never_held_are_reported_and_create_nothing(services, wire):
    with services.ctx.read() as session:
        before = session.scalar(select(func.count()).select_from(Outbox))
    stranger = new_id()
    with services.ctx.write.begin() as session:
        report = acknowledge(session, [wire.result(stranger, "applied")])
    with services.ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == before
    assert report.unknown == [str(stranger)] and report.acknowledged == 0


def test_an_unknown_status_changes_nothing(services, wire):
    person = _person(services)
    (insert,) = _pending(services, person.id)
    with pytest.raises(ValueError), services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(insert.change_id, "applied"),
                              wire.result(insert.change_id, "lost")])
    assert _entry(services, insert.change_id).state == "pending"


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(statuses=st.lists(st.sampled_from(["applied", "merged", "duplicate", "conflict",
                                          "rejected"]), min_size=1, max_size=6))
def test_acknowledge_never_loses_a_change(services, wire, statuses):
    person = _person(services, name=f"Prop {new_id().hex[-8:]}")  # one per example
    for n in range(len(statuses) - 1):
        services.people.update_person(person.id, town=f"Town {n}")
    changes = _pending(services, person.id)
    with services.ctx.read() as session:
        total = session.scalar(select(func.count()).select_from(Outbox))
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(c.change_id, s) for c, s in
                              zip(changes, statuses, strict=True)])
    with services.ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Outbox)) == total
        states = [session.scalars(select(Outbox.state).where(
            Outbox.change_id == c.change_id)).one() for c in changes]
    assert states == ["rejected" if s == "rejected" else "acknowledged" for s in statuses]
