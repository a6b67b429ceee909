"""Applying pull pages: rows in, tombstones, unsent local edits kept, people leaving the scope."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from paclient.models import (
    Activity,
    Addendum,
    Adviser,
    Conflict,
    Contact,
    Draft,
    Outbox,
    YoungPerson,
    new_id,
)
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge
from paclient.sync.apply import (
    apply_pulled,
    cursor,
    held_exits,
    last_sync,
    retry_exits,
    set_cursor,
    set_last_sync,
)
from paclient.sync.digest import local_digest

DOB = dt.date(2009, 3, 14)


def _apply(services, page):
    with services.ctx.write.begin() as session:
        return apply_pulled(session, page)


def _outbox_size(services):
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(Outbox))


def test_pulled_rows_are_written_with_their_types_and_rev_and_never_queued(services, wire):
    before = _outbox_size(services)
    person = wire.person(postcode="ME15 6AA", send=True)
    pid = uuid.UUID(person["row_id"])
    older = wire.row("activity", person=pid, code="210", start_date="2025-09-01",
                     date_ascertained="2025-09-02")
    newer = wire.row("activity", person=pid, code="540", start_date="2026-03-01",
                     date_ascertained="2026-03-01")
    report = _apply(services, wire.page([person, older, newer]))

    assert (report.inserted, report.updated, report.cursor) == (3, 0, newer["rev"])
    with services.ctx.read() as session:
        row = session.get(YoungPerson, pid)
        current = session.scalars(select(Activity.code).where(
            Activity.person_id == pid, Activity.is_current)).all()
        assert cursor(session) == newer["rev"]
    assert (row.date_of_birth, row.send, row.rev, row.postcode) == (
        dt.date(2009, 5, 1), True, person["rev"], "ME15 6AA")
    assert row.created_at == dt.datetime(2026, 11, 20, 9, 30)
    assert current == ["540"]  # the store's trigger keeps the current activity
    assert _outbox_size(services) == before  # pulled rows are not local changes


def test_a_pulled_update_keeps_fields_with_unsent_local_edits(services, wire):
    mine = services.people.add_person(given_name="Ria", family_name="Local",
                                      date_of_birth=DOB, gender="F", postcode="ME15 6AA")
    with services.ctx.read() as session:
        (insert,) = [c for c in outbox.pending(session) if c.row_id == mine.id]
    with services.ctx.write.begin() as session:
        acknowledge(session, [wire.result(insert.change_id, "applied", rev=900)])
    services.people.update_person(mine.id, postcode="ME14 1XX")  # not pushed yet

    pulled = wire.person(mine.id, given_name="Ria", family_name="Hubside",
                         date_of_birth="2009-03-14", gender="F", postcode="CT1 1AA")
    report = _apply(services, wire.page([pulled]))

    with services.ctx.read() as session:
        row = session.get(YoungPerson, mine.id)
    assert (row.family_name, row.postcode, row.rev) == ("Hubside", "ME14 1XX", pulled["rev"])
    assert row.updated_by == "pa.test"  # the row's last edit is still the local one
    assert (report.updated, report.kept_local) == (1, 1)


def test_a_row_inserted_here_and_not_yet_taken_keeps_every_value(services, wire):
    mine = services.people.add_person(given_name="Ria", family_name="Stick",
                                      date_of_birth=DOB, gender="F")
    # The transfer file reached the hub first; its row comes back in a pull.
    pulled = wire.person(mine.id, given_name="Other", family_name="Value",
                         date_of_birth="2009-03-14", gender="F")
    _apply(services, wire.page([pulled]))
    with services.ctx.read() as session:
        row = session.get(YoungPerson, mine.id)
    assert (row.given_name, row.family_name, row.rev) == ("Ria", "Stick", pulled["rev"])


def test_tombstones_and_stale_rows(services, wire):
    person = wire.person()
    pid = uuid.UUID(person["row_id"])
    _apply(services, wire.page([person]))
    stale = wire.person(pid, rev=person["rev"] - 1, family_name="Older")
    gone = wire.person(pid, deleted=True, deleted_at="2026-11-21T08:00:00")
    never_held = wire.person(deleted=True)
    first = _apply(services, wire.page([stale]))
    second = _apply(services, wire.page([gone, never_held]))
    with services.ctx.read() as session:
        row = session.get(YoungPerson, pid)
        assert session.get(YoungPerson, uuid.UUID(never_held["row_id"])) is None
    assert first.stale == 1 and row.family_name == "Pulled"
    assert (second.tombstoned, second.skipped) == (1, 1)
    assert row.deleted_at == dt.datetime(2026, 11, 21, 8, 0)


def test_a_child_arriving_before_its_parent_waits_for_it(services, wire):
    person = wire.person()
    pid = uuid.UUID(person["row_id"])
    contact_id = new_id()
    addendum = wire.row("addendum", contact_id=str(contact_id), text="Later note",
                        written_at="2026-11-20T10:00:00", signed_by="A. Adviser")
    contact = wire.row("contact", contact_id, person=pid,
                       occurred_at="2026-11-19T10:00:00", method="face_to_face", setting="school")
    first = _apply(services, wire.page([person, addendum]))
    with services.ctx.read() as session:
        assert session.get(Addendum, uuid.UUID(addendum["row_id"])) is None
    second = _apply(services, wire.page([contact]))
    with services.ctx.read() as session:
        assert session.get(Addendum, uuid.UUID(addendum["row_id"])).text == "Later note"
    assert (first.parked, second.parked, second.inserted) == (1, 0, 2)


def test_a_reference_to_a_staff_row_never_received_is_kept_empty(services, wire):
    person = wire.person(adviser_id=str(new_id()))  # another adviser: not pulled here
    report = _apply(services, wire.page([person]))
    with services.ctx.read() as session:
        row = session.get(YoungPerson, uuid.UUID(person["row_id"]))
    assert row.adviser_id is None and (report.unlinked, report.inserted) == (1, 1)


def _record(services, wire):
    person = wire.person()
    pid = uuid.UUID(person["row_id"])
    contact = wire.row("contact", person=pid, occurred_at="2026-11-19T10:00:00",
                       method="face_to_face", setting="school")
    addendum = wire.row("addendum", contact_id=contact["row_id"], text="Note",
                        written_at="2026-11-20T10:00:00", signed_by="A. Adviser")
    _apply(services, wire.page([person, contact, addendum]))
    with services.ctx.write.begin() as session:
        session.add(Draft(key=f"contact:{pid}", person_id=pid, fields={"discussion": "x"}))
    return pid, uuid.UUID(contact["row_id"]), uuid.UUID(addendum["row_id"])


def test_an_exit_removes_the_person_and_every_row_of_their_record(services, wire):
    pid, contact_id, addendum_id = _record(services, wire)
    other = wire.person()
    _apply(services, wire.page([other]))
    report = _apply(services, wire.page([], exits=[wire.exit(pid)]))
    with services.ctx.read() as session:
        assert session.get(YoungPerson, pid) is None
        assert session.get(Contact, contact_id) is None
        assert session.get(Addendum, addendum_id) is None
        assert session.scalar(select(func.count()).select_from(Draft)) == 0
        assert session.get(YoungPerson, uuid.UUID(other["row_id"])) is not None
    assert report.removed_people == [pid] and report.held_exits == []


def test_an_exit_waits_while_the_person_has_unsent_changes(services, wire):
    pid, contact_id, _ = _record(services, wire)
    services.contacts.add_addendum(contact_id, "Written offline")
    with services.ctx.read() as session:
        (change,) = [c for c in outbox.pending(session) if c.table == "addendum"]
    report = _apply(services, wire.page([], exits=[wire.exit(pid)]))
    with services.ctx.read() as session:
        assert session.get(YoungPerson, pid) is not None
        assert list(held_exits(session)) == [pid]
    assert report.held_exits == [pid] and report.removed_people == []

    with services.ctx.write.begin() as session:  # pushed first, then the held exit goes
        acknowledge(session, [wire.result(change.change_id, "applied")])
        removed, still = retry_exits(session)
    with services.ctx.read() as session:
        assert session.get(YoungPerson, pid) is None and held_exits(session) == {}
        assert session.scalar(select(func.count()).select_from(Outbox).where(
            Outbox.row_id == change.row_id)) == 0
    assert (removed, still) == ([pid], [])


def test_an_exit_followed_by_a_return_is_forgotten(services, wire):
    pid, contact_id, _ = _record(services, wire)
    services.contacts.add_addendum(contact_id, "Written offline")
    exit_ = wire.exit(pid)
    _apply(services, wire.page([], exits=[exit_]))
    back = wire.person(pid)  # transferred back: a newer revision of the person
    report = _apply(services, wire.page([back]))
    with services.ctx.read() as session:
        assert held_exits(session) == {} and session.get(YoungPerson, pid) is not None
    assert report.held_exits == []


def test_cursor_and_last_sync_are_kept(services):
    when = dt.datetime(2026, 11, 22, 10, 0)
    with services.ctx.write.begin() as session:
        assert cursor(session) == 0
        assert last_sync(session) is None
        set_cursor(session, 42)
        set_last_sync(session, when)
    with services.ctx.read() as session:
        assert (cursor(session), last_sync(session)) == (42, when)


FIELDS = {"postcode": ["ME14 1XX", "CT1 1AA", "TN1 2AB"], "town": ["Maidstone", "Dover"],
          "phone": ["01622 000000", "07700 900000"], "email": ["a@example.org", "b@example.org"]}


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(local=st.dictionaries(st.sampled_from(sorted(FIELDS)), st.integers(0, 1), max_size=4),
       pulled=st.dictionaries(st.sampled_from(sorted(FIELDS)), st.integers(0, 2), max_size=4))
def test_apply_never_changes_a_field_with_an_unsent_local_edit(services, wire, local, pulled):
    person = wire.person()
    pid = uuid.UUID(person["row_id"])
    _apply(services, wire.page([person]))
    if local:
        services.people.update_person(pid, **{k: FIELDS[k][i] for k, i in local.items()})
    with services.ctx.read() as session:
        before = session.get(YoungPerson, pid)
    incoming = {k: FIELDS[k][i] if i < len(FIELDS[k]) else None for k, i in pulled.items()}
    _apply(services, wire.page([wire.person(pid, **incoming)]))
    with services.ctx.read() as session:
        after = session.get(YoungPerson, pid)
        conflicts = session.scalar(select(func.count()).select_from(Conflict))
    for name in FIELDS:
        if name in local:
            assert getattr(after, name) == getattr(before, name)
        else:
            assert getattr(after, name) == incoming.get(name)
    assert conflicts == 0


def test_this_advisers_row_from_another_device_becomes_an_alias(services, wire):
    """The same adviser on two laptops: the other laptop's `adviser` row (same username,
    another id) is not a second adviser; references to it point at the local one."""
    mine = services.ctx.actor.adviser_id
    with services.ctx.read() as session:
        username = session.get(Adviser, mine).username
        count_before, _ = local_digest(session)
    other_id = new_id()
    theirs = wire.row("adviser", other_id, username=username, name="Same Person",
                      role="adviser")
    person = wire.person(adviser_id=str(other_id))
    pid = uuid.UUID(person["row_id"])
    contact = wire.row("contact", person=pid, adviser_id=str(other_id),
                       occurred_at="2026-11-19T10:00:00", method="face_to_face",
                       setting="school")
    report = _apply(services, wire.page([contact, person, theirs]))

    with services.ctx.read() as session:
        assert session.get(Adviser, other_id) is None
        assert session.get(YoungPerson, pid).adviser_id == mine
        assert session.get(Contact, uuid.UUID(contact["row_id"])).adviser_id == mine
        count, _ = local_digest(session)
    assert (report.aliased, report.inserted, report.unlinked) == (1, 2, 0)
    assert count == count_before + 3  # the alias is held, as the hub counts it

    later = wire.row("contact", person=pid, adviser_id=str(other_id),
                     occurred_at="2026-11-21T10:00:00", method="face_to_face", setting="school")
    _apply(services, wire.page([later]))  # the alias outlives its page
    with services.ctx.read() as session:
        assert session.get(Contact, uuid.UUID(later["row_id"])).adviser_id == mine
    _apply(services, wire.page([wire.row("adviser", other_id, username=username, name="x",
                                          role="adviser", deleted=True)]))
    with services.ctx.read() as session:
        assert local_digest(session)[0] == count_before + 3  # alias gone, the new contact in


def test_people_sharing_a_ccis_id_are_both_kept_one_without_it_and_a_conflict_shows_it(
        services, wire):
    """Hubs of release 0.1 may hold two people with one CCIS id (issue 13, finding 14): one
    page brings both, a later page one of them again; nothing fails and nothing doubles."""
    one, two = wire.person(ccis_id="4440000000123"), wire.person(ccis_id="4440000000123")
    _apply(services, wire.page([one, two]))
    again = wire.person(uuid.UUID(two["row_id"]), ccis_id="4440000000123", town="Leeds")
    report = _apply(services, wire.page([again]))
    assert report.updated == 1
    with services.ctx.read() as session:
        held = dict(session.execute(select(YoungPerson.id, YoungPerson.ccis_id)).all())
        [conflict] = session.scalars(select(Conflict)).all()
    assert held == {uuid.UUID(one["row_id"]): "4440000000123", uuid.UUID(two["row_id"]): None}
    assert (conflict.row_id, conflict.field, conflict.remote_value) == (
        uuid.UUID(two["row_id"]), "ccis_id", {"value": "4440000000123"})
