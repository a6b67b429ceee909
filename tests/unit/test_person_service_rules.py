"""The person rules through PeopleService (the form's and `person set`'s service), each on its
boundary day: cross-field rules re-checked when the person changes, age bounds, date and
identifier field rules, and the daily age-out to cohort status A."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from ccis.errors import ValidationErrors
from paclient.models import AuditEvent, Outbox
from paclient.services.bundle import Services, open_services
from paclient.storage.store import Store

D = dt.date
DAY = dt.timedelta(days=1)
TODAY = D(2026, 11, 22)
YEAR_13 = D(2008, 10, 1)  # academic age 18 on TODAY


def add(services: Services, activity: dict[str, Any] | None = None, **values: Any) -> Any:
    person = {"given_name": "Alex", "family_name": "Rules", "date_of_birth": YEAR_13,
              "gender": "F", **values}
    return services.intake.add_person(person, activity)


def refused(call: Any, *args: Any, **kwargs: Any) -> set[tuple[str, str]]:
    with pytest.raises(ValidationErrors) as caught:
        call(*args, **kwargs)
    return {(e.field, e.rule) for e in caught.value.errors}


def on(store: Store, day: dt.date) -> Services:
    return open_services(store, today=lambda: day)


# --- finding 11: cross-field rules when the person changes --------------------------------


def test_gender_m_refused_while_pregnancy_is_current_through_its_last_day(services, store):
    person = add(services)
    pregnancy = services.safeguarding.add_characteristic(person.id, code="180",
                                                         start_date=D(2026, 6, 1))
    services.safeguarding.end_characteristic(pregnancy.id, TODAY)  # its last day is today
    assert refused(services.people.update_person, person.id, gender="M") == {
        ("gender", "not_with_gender")}
    assert on(store, TODAY + DAY).people.update_person(person.id, gender="M").gender == "M"


def test_gender_m_refused_while_activity_650_is_current(services):
    person = add(services, gender="U")
    services.safeguarding.add_characteristic(person.id, code="180", start_date=D(2026, 6, 1),
                                             end_date=D(2026, 10, 31))
    services.activities.record_activity(
        person.id, code="650", start_date=D(2026, 10, 1), date_ascertained=D(2026, 10, 1),
        neet_start_date=D(2026, 10, 1))
    assert refused(services.people.update_person, person.id, gender="M") == {
        ("gender", "not_with_gender")}
    services.activities.record_activity(person.id, code="230", start_date=TODAY,
                                        date_ascertained=TODAY)
    assert services.people.update_person(person.id, gender="M").gender == "M"


@pytest.mark.parametrize("code", ["280", "460"])
def test_send_n_refused_while_a_send_only_activity_is_current(services, code):
    person = add(services, {"code": code, "start_date": D(2026, 9, 7),
                            "date_ascertained": D(2026, 9, 7)}, send=True)
    assert refused(services.people.update_person, person.id, send=False) == {
        ("send", "send_only_activity")}
    services.activities.record_activity(person.id, code="230", start_date=TODAY,
                                        date_ascertained=TODAY)
    assert services.people.update_person(person.id, send=False).send is False


def test_a_date_of_birth_change_rechecks_the_current_activity(services):
    # 230 (post-16) began 7 September 2026: the person must be in Year 12 or above that day
    person = add(services, {"code": "230", "start_date": D(2026, 9, 7),
                            "date_ascertained": D(2026, 9, 7)})
    assert services.people.update_person(person.id, date_of_birth=D(2010, 8, 31)).year_group \
        == 12
    assert refused(services.people.update_person, person.id,
                   date_of_birth=D(2010, 9, 1)) == {("date_of_birth", "activity_age")}


def test_an_unrelated_edit_is_not_held_up_by_a_current_activity(services):
    person = add(services, {"code": "280", "start_date": D(2026, 9, 7),
                            "date_ascertained": D(2026, 9, 7)}, send=True)
    assert services.people.update_person(person.id, town="Leeds").town == "Leeds"


def test_status_l_with_send_n_is_accepted_from_the_20th_birthday(services):
    twenty_today = D(2006, 11, 22)
    assert refused(add, services, date_of_birth=twenty_today) == {
        ("date_of_birth", "past_age_out")}
    person = add(services, date_of_birth=twenty_today, cohort_status="L")
    assert (person.cohort_status, person.send) == ("L", False)


# --- finding 13: age bounds ---------------------------------------------------------------


def test_a_new_person_must_be_in_year_9(services):
    assert refused(add, services, date_of_birth=D(2013, 9, 1)) == {
        ("date_of_birth", "below_cohort_age")}  # academic age 12: Year 8
    assert add(services, date_of_birth=D(2013, 8, 31)).year_group == 9


def test_a_new_person_is_refused_from_their_20th_birthday(services):
    assert add(services, date_of_birth=D(2006, 11, 23)).academic_age == 19
    with pytest.raises(ValidationErrors) as caught:
        add(services, date_of_birth=D(2006, 11, 22))
    [error] = caught.value.errors
    assert (error.field, error.rule) == ("date_of_birth", "past_age_out")
    assert "cohort status L" in error.message and "must be Y" not in error.message


def test_with_send_a_person_is_refused_from_their_26th_birthday(services):
    assert add(services, date_of_birth=D(2000, 11, 23), send=True).send
    assert refused(add, services, date_of_birth=D(2000, 11, 22), send=True) == {
        ("date_of_birth", "past_age_out")}


def test_send_n_refused_on_the_20th_birthday_and_the_message_is_honest(services, store):
    person = add(on(store, TODAY - DAY), date_of_birth=D(2006, 11, 22), send=True)
    with pytest.raises(ValidationErrors) as caught:
        services.people.update_person(person.id, send=False)
    assert [e.message for e in caught.value.errors] == [
        ("gives an age of 20 or over: the caseload keeps young people to their 20th "
         "birthday, or their 26th with an EHC plan (SEND) or cohort status L")]
    assert on(store, TODAY - DAY).people.update_person(person.id, send=False).send is False


# --- finding 15: dates and identifiers ----------------------------------------------------


@pytest.mark.parametrize("name", ["leaver_notified_on", "lda_completed_on",
                                  "confidentiality_explained_on", "year_9_review_attended_on",
                                  "phone_verified_on", "email_verified_on"])
def test_a_date_of_what_has_happened_cannot_be_after_today(services, name):
    person = add(services)
    assert refused(services.people.update_person, person.id, **{name: TODAY + DAY}) == {
        (name, "not_in_future")}
    assert getattr(services.people.update_person(person.id, **{name: TODAY}), name) == TODAY


@pytest.mark.parametrize("value", ["abc", "444000012345", "44400001234567", "444000012345X"])
def test_a_young_persons_id_is_13_digits(services, value):
    person = add(services)
    assert refused(services.people.update_person, person.id, ccis_id=value) == {
        ("ccis_id", "young_persons_id_format")}
    assert services.people.update_person(person.id, ccis_id="4440000123456").ccis_id == \
        "4440000123456"


# --- finding 14: aged-out records become A ------------------------------------------------


def test_records_become_a_on_their_age_out_birthday(store):
    before = on(store, TODAY - DAY)
    twenty = add(before, date_of_birth=D(2006, 11, 22))
    nineteen = add(before, date_of_birth=D(2006, 11, 23))
    send = add(before, date_of_birth=D(2000, 11, 22), send=True)
    kept = add(before, date_of_birth=D(2002, 1, 1), cohort_status="L")
    assert before.people.age_out() == 0

    services = on(store, TODAY)
    assert services.people.age_out() == 2
    status = {p: services.people.get(p.id, audited=False).cohort_status
              for p in (twenty, nineteen, send, kept)}
    assert status == {twenty: "A", nineteen: "P", send: "A", kept: "L"}
    assert services.people.age_out() == 0  # once a day
    with services.ctx.read() as session:
        queued = session.scalars(select(Outbox).where(Outbox.row_id == twenty.id,
                                                      Outbox.op == "update")).all()
        audited = session.scalars(select(AuditEvent).where(
            AuditEvent.person_id == twenty.id, AuditEvent.action == "update")).all()
    assert [q.fields for q in queued] == [{"cohort_status": "A"}]
    assert len(audited) == 1
    assert on(store, TODAY + DAY).people.age_out() == 1  # the 19-year-old's 20th birthday
