"""Issue 14 finding 10: every LA field is checked against the LA list in force on its own date,
through the services the form and `paclient person set` share (the hub's check is in
tests/security/test_fields.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from cohort_rows import make_upn, person, write_csv

from ccis.errors import ValidationError, ValidationErrors
from paclient.services.bundle import Services, open_services
from paclient.services.people.cohort_import import CohortImporter
from paclient.storage.store import Store

CHANGE = dt.date(2019, 4, 1)  # Dorset 838 and BCP 839 replace 835-837
DAY = dt.timedelta(days=1)
DOB = dt.date(2003, 5, 10)  # Year 11 from 01/09/2018 to 31/08/2019


def on(store: Store, day: dt.date) -> Services:
    return open_services(store, today=lambda: day)


def refused(write, field: str) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises((ValidationErrors, ValidationError)) as caught:
        write()
    [error] = getattr(caught.value, "errors", [caught.value])
    assert (error.field, error.rule) == (field, "la_code_in_force")
    return error.message


@pytest.mark.parametrize("field", ["lead_la", "educated_la"])
def test_where_a_person_lives_and_learns_uses_the_list_of_the_day(store, field):
    before, day = on(store, CHANGE - DAY), on(store, CHANGE)
    person = before.people.add_person(given_name="Dee", family_name="Dorset",
                                      date_of_birth=DOB, **{field: "835"})

    assert "only exists from 01/04/2019" in refused(
        lambda: before.people.update_person(person.id, **{field: "838"}), field)
    assert "was replaced on 01/04/2019" in refused(
        lambda: day.people.update_person(person.id, **{field: "836"}), field)
    # a code stored while it was in force does not block other changes, here or on import
    assert day.people.update_person(person.id, town="Poole").town == "Poole"
    assert getattr(day.people.get(person.id, audited=False), field) == "835"
    assert getattr(day.people.update_person(person.id, **{field: "839"}), field) == "839"


def test_the_la_at_year_11_uses_the_lists_of_the_persons_year_11(store):
    later = on(store, dt.date(2020, 6, 1))
    in_year_11 = later.people.add_person(given_name="Ann", family_name="Eleven",
                                         date_of_birth=DOB, la_at_year_11="835")
    assert later.people.update_person(in_year_11.id, la_at_year_11="838").la_at_year_11 == "838"
    after = later.people.add_person(given_name="Bo", family_name="Later",
                                    date_of_birth=dt.date(2004, 9, 1), la_at_year_11="838")
    assert "was replaced on 01/04/2019" in refused(
        lambda: later.people.update_person(after.id, la_at_year_11="835"), "la_at_year_11")
    before = later.people.add_person(given_name="Cy", family_name="Earlier",
                                     date_of_birth=dt.date(2002, 8, 31), la_at_year_11="837")
    assert "only exists from 01/04/2019" in refused(
        lambda: later.people.update_person(before.id, la_at_year_11="839"), "la_at_year_11")


def test_a_guarantee_offers_la_uses_the_list_of_the_day_it_was_recorded(store):
    services = on(store, CHANGE + DAY)
    person = services.people.add_person(given_name="Di", family_name="Offer",
                                        date_of_birth=DOB)
    offer = services.activities.record_guarantee_offer
    assert offer(person.id, year_group=11, status="110", recorded_on=CHANGE - DAY, la="835")
    assert offer(person.id, year_group=11, status="110", recorded_on=CHANGE, la="838")
    refused(lambda: offer(person.id, year_group=11, status="110", recorded_on=CHANGE,
                          la="835"), "la")
    refused(lambda: offer(person.id, year_group=11, status="110", recorded_on=CHANGE - DAY,
                          la="838"), "la")


def test_a_custody_home_la_uses_the_list_of_the_day(store):
    day = dt.date(2023, 4, 1)  # Cumberland 942 and Westmorland and Furness 943 replace 909
    before, after = on(store, day - DAY), on(store, day)
    person = before.people.add_person(given_name="Ed", family_name="Custody",
                                      date_of_birth=dt.date(2005, 1, 1))
    refused(lambda: before.custody.admit(person.id, establishment="HMYOI", admitted_on=day - DAY,
                                         home_la="942"), "home_la")
    refused(lambda: after.custody.admit(person.id, establishment="HMYOI", admitted_on=day,
                                        home_la="909"), "home_la")
    assert after.custody.admit(person.id, establishment="HMYOI", admitted_on=day,
                               home_la="943").home_la == "943"


def test_an_import_keeps_an_la_stored_while_it_was_in_force(store, tmp_path):
    services = on(store, CHANGE)
    existing = on(store, CHANGE - DAY).people.add_person(
        given_name="Ben", family_name="Jonesc", date_of_birth=dt.date(2003, 9, 3),
        lead_la="837", upn=make_upn(2))
    row = person(2, lead_la="", address_line1="9 Mill Lane", date_of_birth="03/09/2003")
    report = CohortImporter(services.ctx).run(write_csv(tmp_path, [row]))

    assert (report.updated, report.errors) == (1, [])
    after = services.people.get(existing.id, audited=False)
    assert (after.lead_la, after.address_line1) == ("837", "9 Mill Lane")
    refused = CohortImporter(services.ctx).run(write_csv(tmp_path, [{**row, "lead_la": "836"}]))
    assert [(e.column, e.rule) for e in refused.errors] == [("lead_la", "la_code_in_force")]
