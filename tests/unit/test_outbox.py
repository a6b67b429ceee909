"""What the outbox hands a push: every change once, in order, with the values the hub needs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from paclient.models import Outbox, YoungPerson
from paclient.storage import outbox

DOB = dt.date(2009, 3, 14)


def test_an_insert_sends_the_row_as_it_stands_and_an_update_only_its_fields(services):
    person = services.people.add_person(given_name="Ria", family_name="Outbox",
                                        date_of_birth=DOB, gender="F", postcode="me15 6aa")
    services.people.update_person(person.id, postcode="ME14 1XX")

    with services.ctx.read() as session:
        changes = [c for c in outbox.pending(session) if c.row_id == person.id]

    insert, update = changes
    assert (insert.op, insert.table, update.op) == ("insert", "young_person", "update")
    assert insert.fields["given_name"] == "Ria"
    assert insert.fields["date_of_birth"] == "2009-03-14"  # as JSON holds it, like an update's
    assert insert.fields["postcode"] == "ME14 1XX"  # read at push time, not copied at insert
    assert "id" not in insert.fields and "rev" not in insert.fields
    assert {"created_at", "updated_at", "updated_by", "deleted_at"} <= insert.fields.keys()
    assert update.fields == {"postcode": "ME14 1XX"}
    assert insert.change_id != update.change_id and insert.seq < update.seq


def test_an_insert_entry_holds_no_copy_of_the_row(services):
    person = services.people.add_person(given_name="Ria", family_name="Copy",
                                        date_of_birth=DOB, gender="F")
    with services.ctx.read() as session:
        stored = session.scalars(select(Outbox.fields).where(Outbox.row_id == person.id)).one()
    assert stored == {}


def test_pending_pages_in_order_and_skips_acknowledged_changes(services):
    ids = [services.people.add_person(given_name="Ria", family_name=f"Page{n}",
                                      date_of_birth=DOB, gender="F").id for n in range(5)]
    with services.ctx.write.begin() as session:
        first = session.scalars(select(Outbox).where(Outbox.row_id == ids[0])).one()
        first.state = "acknowledged"

    with services.ctx.read() as session:
        everything = [c.row_id for c in outbox.pending(session) if c.table == "young_person"]
        page = outbox.pending(session, limit=2)
        rest = outbox.pending(session, after=page[-1].seq)
        assert outbox.pending_count(session) == len(page) + len(rest)

    assert everything == ids[1:]
    assert [c.seq for c in page + rest] == sorted(c.seq for c in page + rest)


def test_ids_made_one_after_another_sort_one_after_another(services):
    ids = [services.people.add_person(given_name="Ria", family_name=f"Order{n}",
                                      date_of_birth=DOB, gender="F").id for n in range(20)]
    assert ids == sorted(ids)
    with services.ctx.read() as session:
        stored = session.scalars(select(YoungPerson.id).order_by(YoungPerson.id)).all()
        change_ids = session.scalars(select(Outbox.change_id).order_by(Outbox.seq)).all()
    assert stored[-20:] == ids
    assert change_ids == sorted(change_ids)
