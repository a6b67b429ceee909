"""The active caseload: who is on it, and each person's current activity."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from raw_rows import insert, tombstone

from paclient.models import Activity, YoungPerson
from paclient.services.bundle import Services
from paclient.services.caseload.listing import CaseloadService

YEAR_13 = dt.date(2008, 10, 1)  # academic age 17 on 31 August 2026


def add(services: Services, family: str, dob: dt.date = YEAR_13, given: str = "Sam",
        **values: Any) -> uuid.UUID:
    return services.people.add_person(given_name=given, family_name=family, date_of_birth=dob,
                                      gender="F", **values).id


def insert_person(services: Services, family: str, dob: dt.date, **values: Any) -> uuid.UUID:
    """A person written as the hub would send them, without the add-person checks."""
    return insert(services, YoungPerson, given_name="Sam", family_name=family,
                  date_of_birth=dob, gender="F", **values)


def record(services: Services, person_id: uuid.UUID, code: str, start: dt.date,
           **values: Any) -> Any:
    return services.activities.record_activity(person_id, code=code, start_date=start,
                                               date_ascertained=start, **values)


@pytest.fixture
def caseload(services: Services) -> CaseloadService:
    return CaseloadService(services.ctx)


def test_only_people_in_an_active_cohort_and_not_tombstoned_are_on_the_caseload(
        services: Services, caseload: CaseloadService) -> None:
    primary = add(services, "Primary")
    guarantee_only = add(services, "Guarantee", cohort_status="G")
    for status in ("A", "L", "T", "E", "M", "D"):
        add(services, f"Status{status}", cohort_status=status)
    tombstone(services, YoungPerson, add(services, "Deleted"))

    assert {r.id for r in caseload.rows()} == {primary, guarantee_only}


def test_people_leave_the_caseload_on_their_20th_birthday_or_26th_with_send(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    twenty_tomorrow = insert_person(services, "A", today.replace(year=today.year - 20)
                                    + dt.timedelta(days=1))
    insert_person(services, "B", today.replace(year=today.year - 20))
    send_twenty = insert_person(services, "C", today.replace(year=today.year - 20), send=True)
    send_26_tomorrow = insert_person(services, "D", today.replace(year=today.year - 26)
                                     + dt.timedelta(days=1), send=True)
    insert_person(services, "E", today.replace(year=today.year - 26), send=True)

    assert {r.id for r in caseload.rows()} == {twenty_tomorrow, send_twenty, send_26_tomorrow}


def test_the_current_activity_is_the_latest_by_start_date_then_by_recording(
        services: Services, caseload: CaseloadService) -> None:
    person = add(services, "Moves")
    record(services, person, "230", dt.date(2026, 9, 1))
    record(services, person, "619", dt.date(2026, 6, 1), neet_start_date=dt.date(2026, 6, 1))
    assert caseload.rows()[0].activity_code == "230"  # recorded later, but started earlier

    same_day = record(services, person, "310", dt.date(2026, 9, 1))
    assert caseload.rows()[0].activity_code == "310"  # same start: the later record wins
    current = services.activities.current(person)
    assert current is not None and current.code == "310"

    tombstone(services, Activity, same_day.id)
    assert caseload.rows()[0].activity_code == "230"


def test_a_row_carries_the_current_activity_and_year_group(
        services: Services, caseload: CaseloadService) -> None:
    neet = add(services, "Neet", postcode="SW1A 1AA", school_name="Hill School",
               level_of_need=2)
    recorded = record(services, neet, "619", dt.date(2026, 10, 8),
                      neet_start_date=dt.date(2026, 10, 8))
    never = add(services, "Never", dob=dt.date(2010, 10, 1))

    rows = {r.id: r for r in caseload.rows()}

    row = rows[neet]
    assert (row.activity_code, row.activity_group) == (
        "619", services.ctx.codebook.activity("619").group)
    assert row.due_to_lapse_date == recorded.due_to_lapse_date is not None
    assert row.neet_start_date == dt.date(2026, 10, 8)
    assert (row.year_group, row.level_of_need, row.school_name) == (13, 2, "Hill School")
    assert row.detail == ""
    empty = rows[never]
    assert (empty.activity_code, empty.activity_group, empty.due_to_lapse_date) == (
        None, None, None)
    assert empty.year_group == 11


def test_rows_are_sorted_by_name_ignoring_case_and_can_be_limited(
        services: Services, caseload: CaseloadService) -> None:
    for family, given in (("carter", "Ann"), ("Baker", "Zed"), ("Baker", "amy"), ("Adams", "B")):
        add(services, family, given=given)

    names = [(r.family_name, r.given_name) for r in caseload.rows()]

    assert names == [("Adams", "B"), ("Baker", "amy"), ("Baker", "Zed"), ("carter", "Ann")]
    assert [r.family_name for r in caseload.rows(limit=2)] == ["Adams", "Baker"]
