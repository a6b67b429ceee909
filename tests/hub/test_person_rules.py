"""Issue 14 on the hub: a pushed activity, September Guarantee status, intended destination or
consent is checked against its young person (age, school year, SEND, gender, characteristics),
and a change to the person against what is current on their record (findings 5, 3, 17, 6, 11),
by the same `ccis` functions the device runs, each on its boundary day.

The hub dates "today" in UTC with a day of slack for a device ahead of it (`FUTURE_SLACK`), so
the dates here are worked out from the hub's own today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hub.conftest import HubEnv
from hub.hubkit import STAMP, Api, change, new_id, person

from ccis import rules
from ccis_hub.models import utcnow

DAY = dt.timedelta(days=1)
TODAY = utcnow().date()
LEAVER = dt.date(TODAY.year - 17, 3, 15)  # left Year 11 in June last year
LEAVING = rules.school_leaving_date(LEAVER)
STAMPS = {"created_at": STAMP, "updated_at": STAMP, "updated_by": "pa", "deleted_at": None}


def _row(table: str, pid: str, **fields: Any) -> dict[str, Any]:
    return change(table, new_id(), "insert", {**STAMPS, "person_id": pid, **fields})


def _activity(pid: str, code: str, start: dt.date, **extra: Any) -> dict[str, Any]:
    fields = {"code": code, "start_date": start.isoformat(),
              "date_ascertained": start.isoformat(), "date_verified": None,
              "review_date": None, "predicted_end_date": None, "due_to_lapse_date": None,
              "neet_start_date": start.isoformat() if code.startswith("6") else None,
              "provider_establishment_number": None, "provider_ukprn": None,
              "provider_name": None}
    return _row("activity", pid, **{**fields, **extra})


def _offer(pid: str, year: int, status: str, on: dt.date) -> dict[str, Any]:
    return _row("guarantee_offer", pid, year_group=year, status=status,
                recorded_on=on.isoformat(), provider_name=None, la=None)


def _destination(pid: str, on: dt.date) -> dict[str, Any]:
    return _row("intended_destination", pid, code="121", recorded_on=on.isoformat(),
                notes=None)


def _dob_where(wanted: Callable[[dt.date], bool]) -> dt.date:
    """A date of birth 14 to 19 years ago that meets `wanted`."""
    start = dt.date(TODAY.year - 19, 1, 1)
    return next(d for d in (start + n * DAY for n in range(6 * 366)) if wanted(d))


def _statuses(pa: Api, changes: list[dict[str, Any]]) -> list[str]:
    return [r["status"] for r in pa.push(changes)]


def _refusal(pa: Api, entry: dict[str, Any]) -> str:
    result = pa.push_one(entry)
    assert result["status"] == "rejected", result
    return str(result["reason"])


@pytest.mark.parametrize("code", ["310", "619", "810"])
def test_finding_05_post16_codes_from_the_day_after_leaving_school(env: HubEnv,
                                                                   code: str) -> None:
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    reason = _refusal(pa, _activity(pid, code, LEAVING))
    assert reason.startswith("Field activity.code ") and "post-16" in reason
    assert LEAVER.isoformat() not in reason and LEAVING.isoformat() not in reason
    assert _statuses(pa, [_activity(pid, code, LEAVING + DAY)]) == ["applied"]


def test_finding_05_a_same_day_correction_is_checked_too(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    entry = _activity(pid, "310", LEAVING + DAY)
    assert _statuses(pa, [entry]) == ["applied"]
    cursor = pa.pull_all()[2]
    moved = change("activity", entry["row_id"], "update",
                   {"start_date": LEAVING.isoformat()}, cursor)
    assert "post-16" in _refusal(pa, moved)
    deleted = change("activity", entry["row_id"], "delete", {"deleted_at": STAMP}, cursor)
    assert _statuses(pa, [deleted]) == ["applied"]  # a delete reads no rule


def test_the_hub_reads_characteristics_pushed_before_the_activity(env: HubEnv) -> None:
    """620 (young carer) needs characteristic 140 on its start date, as on the device."""
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    start = LEAVING + DAY
    assert "characteristic 140" in _refusal(pa, _activity(pid, "620", start))
    carer = _row("characteristic", pid, code="140", start_date=start.isoformat(),
                 end_date=None, source=None, sensitive=False)
    assert _statuses(pa, [carer, _activity(pid, "620", start)]) == ["applied", "applied"]


def test_a_person_pushed_with_their_activity_is_read_from_the_same_push(env: HubEnv) -> None:
    """A young person added offline goes up in the same push as their first activity."""
    pa = env.user("pa")
    for start, second in ((LEAVING, "rejected"), (LEAVING + DAY, "applied")):
        pid = new_id()
        made = change("young_person", pid, "insert", person(date_of_birth=LEAVER.isoformat()))
        assert _statuses(pa, [made, _activity(pid, "310", start)]) == ["applied", second]


def test_the_hub_reads_send_from_the_person(env: HubEnv) -> None:
    pa = env.user("pa")
    without, with_send = (pa.add_person(date_of_birth=LEAVER.isoformat(), send=send)
                          for send in (False, True))
    assert "SEND" in _refusal(pa, _activity(without, "280", LEAVING + DAY))
    assert _statuses(pa, [_activity(with_send, "280", LEAVING + DAY)]) == ["applied"]


def test_someone_elses_person_is_refused_before_any_rule_is_read(env: HubEnv) -> None:
    pa, other = env.user("pa"), env.user("other")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    assert "not in your caseload" in _refusal(other, _activity(pid, "310", LEAVING))


def test_finding_03_guarantee_status_year_rules_on_the_hub(env: HubEnv) -> None:
    """The September after Year 11 is still the Year 11 Guarantee; Year 12's from 1 October."""
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    sept_30, oct_1 = dt.date(LEAVING.year, 9, 30), dt.date(LEAVING.year, 10, 1)
    assert "Field guarantee_offer.status " in _refusal(pa, _offer(pid, 11, "114", sept_30))
    assert "Field guarantee_offer.year_group " in _refusal(pa, _offer(pid, 12, "110", sept_30))
    assert "Field guarantee_offer.year_group " in _refusal(pa, _offer(pid, 11, "110", oct_1))
    assert _statuses(pa, [_offer(pid, 11, "110", sept_30), _offer(pid, 12, "114", oct_1)]) == [
        "applied", "applied"]


def test_finding_03_a_guarantee_status_cannot_be_recorded_in_the_future(env: HubEnv) -> None:
    pa = env.user("pa")
    dob = _dob_where(lambda d: rules.guarantee_year(d, TODAY + DAY) == 12)
    pid = pa.add_person(date_of_birth=dob.isoformat())
    reason = _refusal(pa, _offer(pid, 12, "110", TODAY + 2 * DAY))
    assert reason == "Field guarantee_offer.recorded_on cannot be in the future."
    assert _statuses(pa, [_offer(pid, 12, "110", TODAY + DAY)]) == ["applied"]  # slack


def test_finding_17_intended_destination_in_year_11_only(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat())
    aug_31 = dt.date(LEAVING.year, 8, 31)
    reason = _refusal(pa, _destination(pid, aug_31 + DAY))
    assert reason.startswith("Field intended_destination.recorded_on ") and "Year 11" in reason
    assert _statuses(pa, [_destination(pid, aug_31)]) == ["applied"]


def test_finding_17_intended_destination_cannot_be_recorded_in_the_future(env: HubEnv) -> None:
    pa = env.user("pa")
    dob = _dob_where(lambda d: rules.year_group(d, TODAY + DAY) == 11)
    pid = pa.add_person(date_of_birth=dob.isoformat())
    reason = _refusal(pa, _destination(pid, TODAY + 2 * DAY))
    assert reason == "Field intended_destination.recorded_on cannot be in the future."
    assert _statuses(pa, [_destination(pid, TODAY + DAY)]) == ["applied"]


def _consent(pid: str, given_by: str, on: dt.date) -> dict[str, Any]:
    return _row("consent", pid, purpose="referral", agency=None, given_by=given_by,
                decision="given", recorded_on=on.isoformat(), withdrawn_on=None,
                reference=None)


def test_finding_06_a_parents_consent_is_refused_from_the_16th_birthday(env: HubEnv) -> None:
    pa = env.user("pa")
    dob = rules.birthday(TODAY - 30 * DAY, -16)  # 16 thirty days ago
    pid = pa.add_person(date_of_birth=dob.isoformat())
    sixteenth = rules.birthday(dob, 16)

    reason = _refusal(pa, _consent(pid, "parent", sixteenth))

    assert reason == ("Field consent.given_by a young person aged 16 or over gives consent "
                      "themselves, not a parent.")
    assert _statuses(pa, [_consent(pid, "parent", sixteenth - DAY),
                          _consent(pid, "young_person", sixteenth)]) == ["applied", "applied"]


def test_finding_11_a_person_change_is_checked_against_what_is_current_on_the_hub(
        env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person(date_of_birth=LEAVER.isoformat(), send=True, gender="F")
    start = LEAVING + DAY
    pregnancy = _row("characteristic", pid, code="180", start_date=start.isoformat(),
                     end_date=None, source=None, sensitive=True)
    assert _statuses(pa, [pregnancy, _activity(pid, "280", start)]) == ["applied", "applied"]
    cursor = pa.pull_all()[2]

    no_send = _refusal(pa, change("young_person", pid, "update", {"send": False}, cursor))
    male = _refusal(pa, change("young_person", pid, "update", {"gender": "M"}, cursor))

    assert no_send.startswith("Field young_person.send must be Y while the current activity "
                              "is 280")
    assert male.startswith("Field young_person.gender cannot be M while characteristic 180")
    phone = change("young_person", pid, "update", {"phone": "07700 900100"}, cursor)
    assert _statuses(pa, [phone]) == ["applied"]  # an unrelated edit reads no such rule
    assert _statuses(pa, [_activity(pid, "230", start + DAY)]) == ["applied"]
    cursor = pa.pull_all()[2]
    assert _statuses(pa, [change("young_person", pid, "update", {"send": False},
                                 cursor)]) == ["applied"]  # 280 is no longer current
