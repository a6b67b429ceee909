"""Intake: a new person with their activity in one go, leaver notices and new NEETs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.errors import DuplicatePerson
from paclient.models import Activity, AuditEvent, Outbox, YoungPerson
from paclient.services.bundle import Services
from paclient.services.caseload.listing import CaseloadService
from paclient.services.people.intake import IntakeService

YEAR_13 = dt.date(2008, 10, 1)  # academic age 18 on the tests' today (22/11/2026)
SAM = {"given_name": "Sam", "family_name": "Intake", "date_of_birth": YEAR_13, "gender": "F"}


@pytest.fixture
def intake(services: Services) -> IntakeService:
    return services.intake


@pytest.fixture
def caseload(services: Services) -> CaseloadService:
    return CaseloadService(services.ctx)


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def fields(caught: pytest.ExceptionInfo[ValidationErrors]) -> set[str]:
    return {e.field for e in caught.value.errors}


def on_list(caseload: CaseloadService, name: str) -> set:
    return {row.id for row in caseload.worklist(name)}


def test_a_new_person_and_their_activity_are_written_together(services, intake, today):
    person = intake.add_person(SAM, {"code": "230", "start_date": dt.date(2026, 9, 7),
                                     "date_ascertained": today})

    current = services.activities.current(person.id)
    assert (person.family_name, person.adviser_id) == ("Intake", services.ctx.actor.adviser_id)
    assert current is not None and (current.code, current.start_date) == (
        "230", dt.date(2026, 9, 7))
    assert current.due_to_lapse_date == dt.date(2027, 11, 22)  # EET: 12 months


def test_a_refused_activity_leaves_no_person_outbox_entry_or_audit_event(services, intake,
                                                                         today):
    before = [count(services, m) for m in (YoungPerson, Activity, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:  # a NEET code needs its NEET start
        intake.add_person(SAM, {"code": "619", "start_date": today, "date_ascertained": today})

    assert fields(caught) == {"neet_start_date"}
    assert [count(services, m) for m in (YoungPerson, Activity, Outbox, AuditEvent)] == before


def test_a_person_without_an_activity_is_added_alone(services, intake):
    person = intake.add_person(SAM)

    assert services.activities.current(person.id) is None
    with pytest.raises(ValidationErrors) as caught:
        intake.add_person({**SAM, "given_name": " ", "upn": "X123"})
    assert fields(caught) == {"given_name", "upn"}


def test_a_new_neet_person_is_on_the_neet_list_at_once(intake, caseload, today):
    person = intake.add_person(SAM, {"code": "619", "start_date": today,
                                     "neet_start_date": today, "date_ascertained": today})

    assert person.id in on_list(caseload, "neet")
    assert person.id not in on_list(caseload, "leaver-not-contacted")  # not yet overdue


def test_a_leaver_notice_past_its_contact_deadline_lands_on_the_leaver_list(
        services, intake, caseload):
    person = intake.add_person(SAM, {"code": "230", "start_date": dt.date(2026, 9, 7),
                                     "date_ascertained": dt.date(2026, 9, 7)})
    notified = dt.date(2026, 11, 2)  # three weeks ago: past the 5 working days

    updated = intake.record_leaver(person.id, notified_on=notified, activity={
        "code": "810", "start_date": dt.date(2026, 10, 30)})

    assert updated.leaver_notified_on == notified
    current = services.activities.current(person.id)
    assert current is not None
    assert (current.code, current.start_date, current.date_ascertained) == (
        "810", dt.date(2026, 10, 30), notified)
    assert person.id in on_list(caseload, "leaver-not-contacted")
    assert [r.detail for r in caseload.worklist("leaver-not-contacted")] == [
        "leaver notified 02/11/2026, not contacted"]


def test_a_fresh_leaver_notice_is_not_on_the_list_until_its_deadline(intake, caseload, today):
    person = intake.add_person(SAM)

    intake.record_leaver(person.id, notified_on=today)

    assert person.id not in on_list(caseload, "leaver-not-contacted")


def test_a_leaver_notice_is_refused_in_the_future_or_before_the_leaving(services, intake,
                                                                        today):
    person = intake.add_person(SAM)
    with pytest.raises(ValidationErrors) as future:
        intake.record_leaver(person.id, notified_on=today + dt.timedelta(days=1))
    with pytest.raises(ValidationErrors) as early:
        intake.record_leaver(person.id, notified_on=dt.date(2026, 11, 2), activity={
            "code": "810", "start_date": dt.date(2026, 11, 3)})
    with pytest.raises(ValidationErrors) as bad_code:  # the notice is kept only with it
        intake.record_leaver(person.id, notified_on=dt.date(2026, 11, 2), activity={
            "code": "999", "start_date": dt.date(2026, 11, 1)})

    assert fields(future) == {"leaver_notified_on"}
    assert fields(early) == {"start_date"}
    assert fields(bad_code) == {"code"}
    assert services.people.get(person.id, audited=False).leaver_notified_on is None
    assert services.activities.current(person.id) is None


def test_a_new_neet_needs_a_neet_code_and_starts_its_neet_spell_with_it(
        services, intake, caseload):
    person = intake.add_person(SAM)
    start = dt.date(2026, 10, 8)
    with pytest.raises(ValidationErrors) as caught:
        intake.record_neet(person.id, code="230", start_date=start, date_ascertained=start)

    neet = intake.record_neet(person.id, code="619", start_date=start, date_ascertained=start)

    assert fields(caught) == {"code"}
    assert (neet.code, neet.neet_start_date) == ("619", start)
    assert person.id in on_list(caseload, "neet")
    assert [r.detail for r in caseload.worklist("leaver-not-contacted")] == [
        "NEET since 08/10/2026, not contacted"]


# --- issue 14 finding 4: one record per young person ---------------------------------------

def _upn(serial: int) -> str:
    from ccis.identifiers import upn_check_letter
    body = f"886400120{serial:03d}"
    return upn_check_letter(body) + body


ZOE = {"given_name": "Zoë", "family_name": "Brontë", "date_of_birth": YEAR_13, "gender": "F",
       "upn": _upn(1), "uln": "1000000000"}


def duplicate_of(write) -> DuplicatePerson:  # type: ignore[no-untyped-def]
    with pytest.raises(DuplicatePerson) as caught:
        write()
    assert "Zo" not in caught.value.sentence() and "Bront" not in caught.value.sentence()
    return caught.value


@pytest.mark.parametrize(("changes", "field"), [
    ({"given_name": "Other", "upn": _upn(1).lower(), "uln": None}, "upn"),
    ({"given_name": "Other", "upn": None, "uln": "1000000000"}, "uln"),
    ({"given_name": " zoe ", "family_name": "BRONTE", "upn": None, "uln": None},
     "date_of_birth"),
])
def test_a_second_record_for_someone_on_record_is_refused(services, intake, changes, field):
    existing = intake.add_person(ZOE)
    before = [count(services, m) for m in (YoungPerson, Outbox, AuditEvent)]

    for add in (lambda: intake.add_person({**ZOE, **changes}),
                lambda: services.people.add_person(**{**ZOE, **changes})):
        refused = duplicate_of(add)
        assert (refused.person_id, refused.field) == (existing.id, field)
        assert f"paclient person show {existing.id.hex[-8:]}" in refused.sentence()
    assert [count(services, m) for m in (YoungPerson, Outbox, AuditEvent)] == before


def test_the_same_names_born_a_day_apart_are_two_people(intake):
    intake.add_person({**ZOE, "upn": None, "uln": None})
    other = intake.add_person({**ZOE, "upn": None, "uln": None,
                               "date_of_birth": YEAR_13 + dt.timedelta(days=1)})
    assert other.date_of_birth == YEAR_13 + dt.timedelta(days=1)


def test_a_change_to_someone_elses_identifiers_or_names_is_refused(services, intake):
    existing = intake.add_person(ZOE)
    other = intake.add_person(SAM)
    people = services.people

    assert duplicate_of(lambda: people.update_person(other.id, upn=_upn(1))).field == "upn"
    assert duplicate_of(lambda: people.update_person(other.id, uln="1000000000")).person_id \
        == existing.id
    assert duplicate_of(lambda: people.update_person(
        other.id, given_name="ZOE", family_name="Bronte")).field == "date_of_birth"
    assert people.update_person(existing.id, given_name="Zoe").given_name == "Zoe"  # itself
    assert people.update_person(other.id, upn=_upn(2)).upn == _upn(2)


def test_a_pair_made_before_the_rule_still_takes_other_edits(services):
    from raw_rows import insert  # as release 0.1 or a sync could leave them

    pair = [insert(services, YoungPerson, given_name="Zoe", family_name="Bronte",
                   date_of_birth=YEAR_13, gender="F", upn=_upn(3),
                   adviser_id=services.ctx.actor.adviser_id) for _ in range(2)]

    assert services.people.update_person(pair[1], town="Haworth").town == "Haworth"
    assert services.people.update_person(pair[1], upn=_upn(4)).upn == _upn(4)  # untangled
    assert duplicate_of(lambda: services.people.update_person(pair[1], upn=_upn(3))).field \
        == "upn"
