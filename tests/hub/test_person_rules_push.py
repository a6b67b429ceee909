"""The hub's push check of young_person rows applies the device's person rules (issue 14,
findings 11, 13 and 15): the caseload ages, the YoungPersonsID form and dates of what has
happened. Dates are counted from the hub's real UTC day, allowing the device a day ahead."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hub.conftest import HubEnv
from hub.hubkit import Api, change, new_id, person

from ccis import rules
from ccis_hub.models import utcnow

DAY = dt.timedelta(days=1)
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # rules, not SQL


def today() -> dt.date:
    return utcnow().date()


def iso(day: dt.date) -> str:
    return day.isoformat()


@pytest.fixture
def pa(env: HubEnv) -> Api:
    return env.user("pa")


def insert(pa: Api, **fields: Any) -> dict[str, Any]:
    return pa.push_one(change("young_person", new_id(), "insert", person(**fields)))


def test_a_20th_birthday_on_the_hubs_day_is_refused_and_the_day_after_accepted(pa):
    refused = insert(pa, date_of_birth=iso(rules.birthday(today(), -20)))
    assert refused["status"] == "rejected"
    assert refused["reason"].startswith(
        "Field young_person.date_of_birth gives an age of 20 or over: the caseload keeps")
    assert "must be Y" not in refused["reason"]
    assert insert(pa, date_of_birth=iso(rules.birthday(today() + DAY, -20)))["status"] == \
        "applied"


def test_with_send_the_26th_birthday_is_refused(pa):
    assert insert(pa, send=True, date_of_birth=iso(rules.birthday(today(), -26)))[
        "status"] == "rejected"
    assert insert(pa, send=True, date_of_birth=iso(rules.birthday(today() + DAY, -26)))[
        "status"] == "applied"


def test_status_l_with_send_n_is_accepted_from_20_to_25(pa):
    assert insert(pa, cohort_status="L", date_of_birth=iso(rules.birthday(today(), -22)))[
        "status"] == "applied"


def test_an_aged_out_record_pushed_as_a_is_accepted(pa):
    dob = iso(rules.birthday(today(), -22))
    assert insert(pa, cohort_status="P", date_of_birth=dob)["status"] == "rejected"
    assert insert(pa, cohort_status="A", date_of_birth=dob)["status"] == "applied"


def test_year_8_is_refused_allowing_the_device_a_day_ahead(pa):
    start_of_year_9 = rules.academic_year_start(today())  # 1 September this academic year
    year_8 = dt.date(start_of_year_9.year - 13, 9, 1)  # academic age 12 (Year 8)
    result = insert(pa, date_of_birth=iso(year_8))
    assert result["status"] == "rejected" and "below Year 9" in result["reason"]
    assert insert(pa, date_of_birth=iso(year_8 - DAY))["status"] == "applied"  # Year 9


@pytest.mark.parametrize("name", ["leaver_notified_on", "lda_completed_on",
                                  "confidentiality_explained_on"])
def test_a_date_of_what_has_happened_is_refused_past_the_devices_day(pa, name):
    pid = pa.add_person()
    too_late = pa.push_one(change("young_person", pid, "update",
                                  {name: iso(today() + 2 * DAY)}, 1))
    assert too_late["status"] == "rejected"
    assert too_late["reason"] == f"Field young_person.{name} cannot be in the future."
    device_day = pa.push_one(change("young_person", pid, "update", {name: iso(today() + DAY)}, 1))
    assert device_day["status"] == "applied"


def test_a_young_persons_id_must_be_13_digits(pa):
    pid = pa.add_person()
    bad = pa.push_one(change("young_person", pid, "update", {"ccis_id": "abc"}, 1))
    assert bad["status"] == "rejected" and "young_person.ccis_id" in bad["reason"]
    assert "abc" not in bad["reason"]
    good = pa.push_one(change("young_person", pid, "update", {"ccis_id": "4440000123456"}, 1))
    assert good["status"] == "applied"
