"""Issue 14, findings 5, 3 and 17 through `ActivityService`, the path the form and
`paclient activity` share: each rule on its boundary day, in a real store."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from conftest import TODAY

from ccis import rules
from ccis.errors import ValidationErrors
from paclient.services.bundle import Services

D = dt.date
DOB = D(2010, 3, 15)  # Year 11 in 2025-26 (leaves on Friday 26 June 2026), Year 12 now
LEAVING = D(2026, 6, 26)


def _person(services: Services, dob: dt.date = DOB) -> uuid.UUID:
    return services.people.add_person(given_name="Sam", family_name="Rules", date_of_birth=dob,
                                      gender="F").id


def _refused(call: object, *args: object, **kwargs: object) -> set[tuple[str, str]]:
    with pytest.raises(ValidationErrors) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return {(e.field, e.rule) for e in caught.value.errors}


def test_the_leaving_date_is_the_last_friday_in_june() -> None:
    assert rules.school_leaving_date(DOB) == LEAVING and LEAVING.weekday() == 4


@pytest.mark.parametrize(("code", "extra"), [
    ("619", {}), ("310", {}), ("710", {"review_date": LEAVING + dt.timedelta(days=30)}),
    ("810", {})])
def test_finding_05_post16_codes_start_the_day_after_leaving_school(services, code, extra):
    person = _person(services)
    record = services.activities.record_activity

    def values(start: dt.date) -> dict[str, object]:
        neet = start if code == "619" else None
        return {"code": code, "start_date": start, "date_ascertained": start,
                "neet_start_date": neet, **extra}

    assert _refused(record, person, **values(LEAVING)) == {("code", "post16_only")}
    assert services.activities.history(person) == []
    made = record(person, **values(LEAVING + dt.timedelta(days=1)))
    assert (made.code, made.start_date) == (code, D(2026, 6, 27))


def test_finding_03_guarantee_status_year_rules_in_the_service(services):
    person = _person(services)
    offer = services.activities.record_guarantee_offer
    assert _refused(offer, person, year_group=11, status="114",
                    recorded_on=D(2026, 9, 30)) == {("status", "guarantee_status_year")}
    assert _refused(offer, person, year_group=12, status="110",
                    recorded_on=D(2026, 9, 30)) == {("year_group", "guarantee_own_year")}
    assert _refused(offer, person, year_group=11, status="110",
                    recorded_on=D(2026, 10, 1)) == {("year_group", "guarantee_own_year")}
    offer(person, year_group=11, status="110", recorded_on=D(2026, 9, 30))
    offer(person, year_group=12, status="114", recorded_on=D(2026, 10, 1))
    assert _refused(offer, person, year_group=12, status="110",
                    recorded_on=TODAY + dt.timedelta(days=1)) == {("recorded_on",
                                                                   "not_in_future")}
    offer(person, year_group=12, status="110", recorded_on=TODAY)
    assert [o.status for o in services.activities.guarantee_offers(person)] == [
        "110", "114", "110"]


def test_finding_17_intended_destination_in_year_11_and_not_in_the_future(services):
    person = _person(services)
    destine = services.activities.set_intended_destination
    assert _refused(destine, person, "121", D(2026, 9, 1)) == {
        ("recorded_on", "destination_year_11")}
    destine(person, "121", D(2026, 8, 31))
    year_11 = _person(services, D(2011, 3, 15))
    assert _refused(destine, year_11, "121", TODAY + dt.timedelta(days=1)) == {
        ("recorded_on", "not_in_future")}
    destine(year_11, "121", TODAY)
    assert [d.recorded_on for d in services.activities.destinations(person)] == [
        D(2026, 8, 31)]
