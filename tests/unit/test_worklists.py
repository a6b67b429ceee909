"""The work lists: exact membership, order and reason for each, on a fixed today (2026-11-22)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from raw_rows import insert, tombstone
from sqlalchemy import text

from ccis import rules
from paclient.errors import NotFound
from paclient.models import ActionPlan, Contact, GuaranteeOffer, Referral, YoungPerson
from paclient.services.bundle import Services
from paclient.services.caseload.listing import WORKLISTS, CaseloadService

YEAR_13 = dt.date(2008, 10, 1)  # academic age 17: Year 12 from September 2025
NAMES = ["lapsed", "due-to-lapse", "reviews-overdue", "referral-follow-ups", "neet",
         "not-known", "no-guarantee-offer", "approaching-18", "ldd-transition",
         "leaver-not-contacted"]


def add(services: Services, family: str, dob: dt.date = YEAR_13, **values: Any) -> uuid.UUID:
    return services.people.add_person(given_name="Sam", family_name=family, date_of_birth=dob,
                                      gender="F", **values).id


def record(services: Services, person_id: uuid.UUID, code: str, start: dt.date,
           **values: Any) -> Any:
    values.setdefault("date_verified", start)
    return services.activities.record_activity(person_id, code=code, start_date=start,
                                               date_ascertained=start, **values)


def neet(services: Services, person_id: uuid.UUID, start: dt.date, code: str = "619",
         **values: Any) -> Any:
    return record(services, person_id, code, start, neet_start_date=start, **values)


def contact(services: Services, person_id: uuid.UUID, on: dt.date, *,
            did_not_attend: bool = False) -> None:
    insert(services, Contact, person_id=person_id, method="phone", setting="home",
           occurred_at=dt.datetime.combine(on, dt.time(10, 30)), did_not_attend=did_not_attend)


def dob_where(holds: Callable[[dt.date], bool], today: dt.date) -> dt.date:
    """A birth date (in the caseload's ages today) for which `holds`, found by asking the rule."""
    day = today - dt.timedelta(days=365 * 13 + 10)
    while day > today - dt.timedelta(days=365 * 25):
        if holds(day) and rules.is_in_cohort_age(day, today, send=False):
            return day
        day -= dt.timedelta(days=1)
    raise AssertionError("no such birth date")


@pytest.fixture
def caseload(services: Services) -> CaseloadService:
    return CaseloadService(services.ctx)


def ids(rows: list[Any]) -> list[uuid.UUID]:
    return [r.id for r in rows]


def details(rows: list[Any]) -> list[str]:
    return [r.detail for r in rows]


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_the_work_lists_have_stable_names_and_titles() -> None:
    assert list(WORKLISTS) == NAMES
    assert all(isinstance(t, str) and t for t in WORKLISTS.values())


def test_an_unknown_work_list_is_not_found(caseload: CaseloadService) -> None:
    with pytest.raises(NotFound) as raised:
        caseload.worklist("everyone")
    assert (raised.value.kind, raised.value.key) == ("work list", "everyone")


def test_lapsed_lists_current_activities_past_their_lapse_date_most_overdue_first(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    oldest = record(services, add(services, "Oldest"), "230", dt.date(2025, 9, 1))
    newer = neet(services, add(services, "Newer"), dt.date(2026, 6, 15))
    fresh = record(services, add(services, "Fresh"), "230", dt.date(2026, 9, 1))
    lapses_today = neet(services, add(services, "LapsesToday"), dt.date(2026, 8, 22))
    replaced = add(services, "Replaced")
    record(services, replaced, "230", dt.date(2025, 9, 1))
    record(services, replaced, "330", dt.date(2026, 10, 1))
    assert oldest.due_to_lapse_date < newer.due_to_lapse_date < today
    assert fresh.due_to_lapse_date > today == lapses_today.due_to_lapse_date

    rows = caseload.worklist("lapsed")

    assert ids(rows) == [oldest.person_id, newer.person_id]
    assert details(rows) == [f"lapsed {d(oldest.due_to_lapse_date)}",
                             f"lapsed {d(newer.due_to_lapse_date)}"]


def test_due_to_lapse_lists_lapse_dates_from_today_within_n_days(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    first = neet(services, add(services, "Today"), dt.date(2026, 8, 22))
    soon = neet(services, add(services, "Soon"), dt.date(2026, 9, 10))
    sooner = record(services, add(services, "Sooner"), "230", dt.date(2025, 12, 1))
    last = neet(services, add(services, "LastDay"), dt.date(2026, 9, 20))
    after = neet(services, add(services, "DayAfter"), dt.date(2026, 9, 21))
    later = neet(services, add(services, "Later"), dt.date(2026, 11, 2))
    neet(services, add(services, "Lapsed"), dt.date(2026, 6, 15))
    record(services, add(services, "Fine"), "230", dt.date(2026, 10, 1))
    assert today == first.due_to_lapse_date < sooner.due_to_lapse_date < soon.due_to_lapse_date
    assert last.due_to_lapse_date == today + dt.timedelta(28) < after.due_to_lapse_date
    assert today + dt.timedelta(28) < later.due_to_lapse_date <= today + dt.timedelta(90)
    within_28 = [first.person_id, sooner.person_id, soon.person_id, last.person_id]

    assert ids(caseload.worklist("due-to-lapse")) == within_28
    assert ids(caseload.worklist("due-to-lapse", within_days=90)) == [
        *within_28, after.person_id, later.person_id]
    assert caseload.worklist("due-to-lapse")[1].detail == f"lapses {d(sooner.due_to_lapse_date)}"


def test_reviews_overdue_lists_late_plan_reviews_and_needs_without_a_plan(
        services: Services, caseload: CaseloadService) -> None:
    late = add(services, "Late")
    insert(services, ActionPlan, person_id=late, started_on=dt.date(2026, 8, 1),
           next_review_on=dt.date(2026, 11, 1))
    no_plan = add(services, "NoPlan", level_of_need=1)
    closed_only = add(services, "ClosedOnly", level_of_need=2)
    insert(services, ActionPlan, person_id=closed_only, started_on=dt.date(2026, 1, 1),
           next_review_on=dt.date(2026, 4, 1), closed_on=dt.date(2026, 3, 1))
    due_today = add(services, "DueToday", level_of_need=3)
    insert(services, ActionPlan, person_id=due_today, started_on=dt.date(2026, 8, 1),
           next_review_on=dt.date(2026, 11, 22))
    add(services, "NoNeed")
    deleted_plan = add(services, "DeletedPlan")
    tombstone(services, ActionPlan, insert(
        services, ActionPlan, person_id=deleted_plan, started_on=dt.date(2026, 1, 1),
        next_review_on=dt.date(2026, 2, 1)))
    old_closed = add(services, "OldClosed")
    insert(services, ActionPlan, person_id=old_closed, started_on=dt.date(2026, 1, 1),
           next_review_on=dt.date(2026, 4, 1), closed_on=dt.date(2026, 3, 1))

    rows = caseload.worklist("reviews-overdue")

    assert ids(rows) == [closed_only, no_plan, late]
    assert details(rows) == ["level of need 2, no action plan",
                             "level of need 1, no action plan", "review due 01/11/2026"]


def test_referral_follow_ups_lists_open_referrals_due_by_today(
        services: Services, caseload: CaseloadService) -> None:
    def referral(person_id: uuid.UUID, due: dt.date | None, **values: Any) -> uuid.UUID:
        return insert(services, Referral, person_id=person_id, service="camhs",
                      sent_on=dt.date(2026, 11, 1), follow_up_due=due, **values)

    overdue, today_due = add(services, "Overdue"), add(services, "TodayDue")
    referral(overdue, dt.date(2026, 11, 18))
    referral(overdue, dt.date(2026, 11, 15))
    referral(today_due, dt.date(2026, 11, 22))
    referral(add(services, "NotYet"), dt.date(2026, 11, 30))
    referral(add(services, "Outcome"), dt.date(2026, 11, 10), outcome="Accepted")
    referral(add(services, "Closed"), dt.date(2026, 11, 10), outcome="Seen",
             closed_on=dt.date(2026, 11, 20))
    referral(add(services, "Signposted"), dt.date(2026, 11, 10), kind="signposting")
    referral(add(services, "NoDate"), None)
    tombstone(services, Referral, referral(add(services, "Deleted"), dt.date(2026, 11, 10)))

    rows = caseload.worklist("referral-follow-ups")

    assert ids(rows) == [overdue, today_due]
    assert details(rows) == ["referral follow-up due 15/11/2026",
                             "referral follow-up due 22/11/2026"]


def test_neet_lists_current_neet_activities_longest_first_with_days(
        services: Services, caseload: CaseloadService) -> None:
    recent = add(services, "Recent")
    neet(services, recent, dt.date(2026, 10, 8))
    ill = add(services, "Ill")
    neet(services, ill, dt.date(2026, 6, 1), code="640")
    moved_on = add(services, "MovedOn")
    neet(services, moved_on, dt.date(2026, 6, 1))
    record(services, moved_on, "230", dt.date(2026, 9, 7))
    record(services, add(services, "NotKnown"), "810", dt.date(2026, 10, 1))

    rows = caseload.worklist("neet")

    assert ids(rows) == [ill, recent]
    assert details(rows) == ["NEET 174 days", "NEET 45 days"]


def test_not_known_lists_not_known_activities_and_16_17s_with_none(
        services: Services, caseload: CaseloadService) -> None:
    unknown = add(services, "Unknown")
    record(services, unknown, "810", dt.date(2026, 10, 1), date_verified=None)
    sixteen = add(services, "Sixteen", dob=dt.date(2009, 10, 1))
    seventeen = add(services, "Seventeen", dob=dt.date(2008, 10, 1))
    add(services, "Fifteen", dob=dt.date(2010, 10, 1))
    add(services, "Eighteen", dob=dt.date(2007, 10, 1))
    record(services, add(services, "Known"), "230", dt.date(2026, 9, 1))

    rows = caseload.worklist("not-known")

    assert ids(rows) == [seventeen, sixteen, unknown]
    assert details(rows) == ["no activity recorded", "no activity recorded",
                             "not known since 01/10/2026"]


def test_no_guarantee_offer_lists_year_11_and_12_without_an_offer(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    year_11 = dob_where(lambda day: rules.guarantee_year(day, today) == 11, today)
    year_12 = dob_where(lambda day: rules.guarantee_year(day, today) == 12, today)
    neither = dob_where(lambda day: rules.guarantee_year(day, today) is None, today)

    def offer(person_id: uuid.UUID, year: int, status: str) -> None:
        services.activities.record_guarantee_offer(person_id, year_group=year, status=status,
                                                   recorded_on=dt.date(2026, 10, 20))

    none_11 = add(services, "A11None", dob=year_11)
    offer(offered_11 := add(services, "B11Offered", dob=year_11), 11, "110")
    offer(awaiting_11 := add(services, "C11Awaiting", dob=year_11), 11, "140")
    wrong_year = add(services, "D11WrongYear", dob=year_11)
    insert(services, GuaranteeOffer, person_id=wrong_year, year_group=12, status="110",
           recorded_on=dt.date(2026, 10, 20))  # the service refuses it; a sync may bring one
    offer(continuing_12 := add(services, "E12Continuing", dob=year_12), 12, "114")
    offer(not_apt_12 := add(services, "F12NotAppropriate", dob=year_12), 12, "123")
    none_12 = add(services, "G12None", dob=year_12)
    add(services, "HNeither", dob=neither)

    rows = caseload.worklist("no-guarantee-offer")

    assert ids(rows) == [none_11, awaiting_11, wrong_year, none_12]
    assert details(rows) == ["Year 11: no offer recorded"] * 3 + ["Year 12: no offer recorded"]
    assert not {offered_11, continuing_12, not_apt_12} & set(ids(rows))


def test_approaching_18_lists_18th_birthdays_within_the_policy_weeks(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    weeks = services.ctx.policy.approaching_18_weeks

    def born_18_years_before(birthday: dt.date) -> dt.date:
        return birthday.replace(year=birthday.year - 18)

    later_soon = today + dt.timedelta(days=20)
    soonest = today + dt.timedelta(days=7)
    second = add(services, "Second", dob=born_18_years_before(later_soon))
    first = add(services, "First", dob=born_18_years_before(soonest))
    add(services, "TooFar", dob=born_18_years_before(today + dt.timedelta(weeks=weeks, days=14)))
    add(services, "Already", dob=born_18_years_before(today - dt.timedelta(days=1)))

    rows = caseload.worklist("approaching-18")

    assert ids(rows) == [first, second]
    assert details(rows) == [f"18 on {d(soonest)}", f"18 on {d(later_soon)}"]


def test_ldd_transition_lists_send_and_sen_support_with_the_assessment_due_and_not_done(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    year_11, nineteenth_soon, nineteenth_late = (
        dt.date(2011, 3, 1), dt.date(2008, 1, 10), dt.date(2008, 10, 1))
    dues = [due for dob in (year_11, nineteenth_soon, nineteenth_late)
            if (due := rules.ldd_transition_due(dob, today)) is not None]
    assert len(dues) == 3 and dues[1] < dues[0] < dues[2]  # the 19th year brackets Year 11
    not_due = dt.date(2009, 10, 1)  # Year 13 and 17: neither window
    assert rules.ldd_transition_due(not_due, today) is None

    send = add(services, "Send", dob=year_11, send=True)
    support = add(services, "Support", dob=year_11, sen_support=True)
    soon = add(services, "Soon", dob=nineteenth_soon, send=True)
    late = add(services, "Late", dob=nineteenth_late, sen_support=True)
    add(services, "Done", dob=year_11, send=True, lda_completed_on=dt.date(2026, 10, 1))
    add(services, "NoNeeds", dob=year_11)
    add(services, "NotDue", dob=not_due, send=True)

    rows = caseload.worklist("ldd-transition")

    assert ids(rows) == [soon, send, support, late]
    assert details(rows) == [f"Section 139A assessment due {d(due)}"
                             for due in (dues[1], dues[0], dues[0], dues[2])]


def test_leaver_not_contacted_lists_leavers_and_new_neets_past_the_contact_deadline(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    notified = dt.date(2026, 11, 2)  # three weeks ago
    policy = services.ctx.policy
    assert rules.contact_due(notified, policy) < today  # more than 5 working days ago
    assert rules.contact_due(dt.date(2026, 11, 16), policy) == today + dt.timedelta(days=1)
    leaver = add(services, "ALeaver", leaver_notified_on=notified)
    contact(services, add(services, "BContacted", leaver_notified_on=notified),
            dt.date(2026, 11, 5))
    contact(services, missed := add(services, "CMissed", leaver_notified_on=notified),
            dt.date(2026, 11, 5), did_not_attend=True)
    contact(services, before := add(services, "DBefore", leaver_notified_on=notified),
            dt.date(2026, 10, 1))
    add(services, "ERecent", leaver_notified_on=dt.date(2026, 11, 19))
    add(services, "EDeadlineTomorrow", leaver_notified_on=dt.date(2026, 11, 16))
    contact(services, add(services, "ESameDay", leaver_notified_on=notified), notified)
    neet(services, new_neet := add(services, "FNeet"), dt.date(2026, 10, 8))
    neet(services, seen_neet := add(services, "GNeetSeen"), dt.date(2026, 10, 8))
    contact(services, seen_neet, dt.date(2026, 10, 20))
    neet(services, was_neet := add(services, "HWasNeet"), dt.date(2026, 6, 1))
    record(services, was_neet, "230", dt.date(2026, 9, 7))

    rows = caseload.worklist("leaver-not-contacted")

    assert ids(rows) == [new_neet, leaver, missed, before]
    assert details(rows) == ["NEET since 08/10/2026, not contacted"] + [
        "leaver notified 02/11/2026, not contacted"] * 3


def test_the_later_of_leaver_notice_and_neet_start_needs_the_contact(
        services: Services, caseload: CaseloadService) -> None:
    person = add(services, "Both", leaver_notified_on=dt.date(2026, 11, 2))
    neet(services, person, dt.date(2026, 10, 8))
    contact(services, person, dt.date(2026, 10, 20))  # after the NEET start, before the notice

    assert ids(caseload.worklist("leaver-not-contacted")) == [person]
    contact(services, person, dt.date(2026, 11, 3))
    assert caseload.worklist("leaver-not-contacted") == []


def _on_every_list(services: Services, family: str) -> uuid.UUID:
    """A Year 13 person who is NEET, lapsed, unreviewed, unreferred, a leaver and more."""
    person = add(services, family, level_of_need=1, send=True,
                 leaver_notified_on=dt.date(2026, 11, 2))
    neet(services, person, dt.date(2026, 6, 15))
    insert(services, Referral, person_id=person, service="camhs",
           sent_on=dt.date(2026, 11, 1), follow_up_due=dt.date(2026, 11, 10))
    return person


def test_a_tombstoned_person_is_on_no_list_and_in_no_count(
        services: Services, caseload: CaseloadService) -> None:
    kept = _on_every_list(services, "Kept")
    gone = _on_every_list(services, "Gone")
    tombstone(services, YoungPerson, gone)

    for name in NAMES:
        assert gone not in ids(caseload.worklist(name, within_days=365)), name
    assert gone not in ids(caseload.rows())
    assert {name for name in NAMES if kept in ids(caseload.worklist(name))} >= {
        "lapsed", "reviews-overdue", "referral-follow-ups", "neet", "leaver-not-contacted"}
    counts = caseload.worklist_counts()
    assert counts["neet"] == counts["lapsed"] == counts["leaver-not-contacted"] == 1


def test_counts_match_the_lists(services: Services, caseload: CaseloadService) -> None:
    _on_every_list(services, "Everything")
    record(services, add(services, "Unknown"), "810", dt.date(2026, 10, 1))
    add(services, "NoActivity", dob=dt.date(2009, 10, 1))
    record(services, add(services, "Soon"), "230", dt.date(2025, 12, 1))

    counts = caseload.worklist_counts()

    assert list(counts) == NAMES
    assert counts == {name: len(caseload.worklist(name)) for name in NAMES}
    assert (counts["not-known"], counts["neet"], counts["due-to-lapse"]) == (2, 1, 1)
    assert caseload.worklist_counts(within_days=0)["due-to-lapse"] == 0


# --- what counts as not known, offered and assessed (issue 14) ---------------------------


def on_day(services: Services, day: dt.date) -> CaseloadService:
    """The caseload as the services would see it on `day`."""
    return CaseloadService(dataclasses.replace(services.ctx, today=lambda: day))


def test_a_year_11_code_kept_past_year_11_is_not_known_from_1_september(
        services: Services) -> None:
    in_year_11 = dt.date(2010, 10, 1)  # Year 11 in 2026-27, Year 12 from 1 September 2027
    kept = add(services, "Kept", dob=in_year_11)
    record(services, kept, "110", dt.date(2026, 9, 1))
    home = add(services, "Home", dob=in_year_11)
    record(services, home, "120", dt.date(2026, 9, 1))
    moved = add(services, "Moved", dob=in_year_11)
    record(services, moved, "110", dt.date(2026, 9, 1))
    last_day, first_day = dt.date(2027, 8, 31), dt.date(2027, 9, 1)
    in_september = Services(dataclasses.replace(services.ctx, today=lambda: first_day))
    record(in_september, moved, "230", first_day, predicted_end_date=dt.date(2028, 7, 31))
    assert rules.academic_age(in_year_11, last_day) == rules.LAST_COMPULSORY_ACADEMIC_AGE
    assert rules.academic_age(in_year_11, first_day) == rules.LAST_COMPULSORY_ACADEMIC_AGE + 1

    assert on_day(services, last_day).worklist("not-known") == []
    assert on_day(services, last_day).worklist_counts()["not-known"] == 0

    rows = on_day(services, first_day).worklist("not-known")
    assert ids(rows) == [home, kept]  # the same start: by name
    assert details(rows) == [
        "Year 11 code 120 kept past Year 11: record the current activity",
        "Year 11 code 110 kept past Year 11: record the current activity"]
    assert on_day(services, first_day).worklist_counts()["not-known"] == 2


def test_a_lapsed_activity_other_than_neet_is_not_known_from_the_day_after_it_lapses(
        services: Services, today: dt.date) -> None:
    employed = record(services, add(services, "Employed"), "330", dt.date(2025, 11, 22))
    custody = record(services, add(services, "Custody", dob=dt.date(2007, 10, 1)), "710",
                     dt.date(2026, 8, 22), review_date=dt.date(2026, 12, 1))
    neet(services, still_neet := add(services, "StillNeet"), dt.date(2026, 8, 22))
    assert employed.due_to_lapse_date == custody.due_to_lapse_date == today

    assert on_day(services, today).worklist("not-known") == []
    assert on_day(services, today).worklist_counts()["not-known"] == 0

    day_after = on_day(services, today + dt.timedelta(days=1))
    rows = day_after.worklist("not-known")
    assert ids(rows) == [custody.person_id, employed.person_id]  # by name on the same day
    assert details(rows) == [f"lapsed on {d(today)}: not known until confirmed"] * 2
    assert set(ids(day_after.worklist("lapsed"))) == {
        employed.person_id, custody.person_id, still_neet}
    assert ids(day_after.worklist("neet")) == [still_neet]  # a lapsed NEET stays NEET
    counts = day_after.worklist_counts()
    assert (counts["not-known"], counts["lapsed"], counts["neet"]) == (2, 3, 1)


def test_the_latest_guarantee_status_for_the_own_year_decides(
        services: Services, today: dt.date) -> None:
    year_11 = dob_where(lambda day: rules.guarantee_year(day, today) == 11, today)
    tomorrow = today + dt.timedelta(days=1)
    later = Services(dataclasses.replace(services.ctx, today=lambda: tomorrow))

    def status(person_id: uuid.UUID, code: str, on: dt.date, year: int = 11) -> None:
        writer = later if on > today else services  # as a device a day ahead would write it
        writer.activities.record_guarantee_offer(person_id, year_group=year, status=code,
                                                 recorded_on=on)

    status(withdrawn := add(services, "AWithdrawn", dob=year_11), "110", dt.date(2026, 10, 1))
    status(withdrawn, "150", dt.date(2026, 11, 1))
    status(same_day := add(services, "BSameDay", dob=year_11), "110", dt.date(2026, 11, 1))
    status(same_day, "151", dt.date(2026, 11, 1))  # written later on the same day
    status(renewed := add(services, "CRenewed", dob=year_11), "150", dt.date(2026, 10, 1))
    status(renewed, "110", dt.date(2026, 11, 1))
    status(other_year := add(services, "DOtherYear", dob=year_11), "110", dt.date(2026, 10, 1))
    insert(services, GuaranteeOffer, person_id=other_year, year_group=12, status="150",
           recorded_on=dt.date(2026, 11, 1))
    status(tomorrows := add(services, "ETomorrows", dob=year_11), "110", dt.date(2026, 10, 1))
    status(tomorrows, "150", tomorrow)
    status(future_offer := add(services, "FFutureOffer", dob=year_11), "110", tomorrow)

    rows = on_day(services, today).worklist("no-guarantee-offer")
    assert ids(rows) == [withdrawn, same_day, future_offer]
    assert details(rows) == ["Year 11: no offer recorded"] * 3
    assert on_day(services, today).worklist_counts()["no-guarantee-offer"] == 3

    next_day = on_day(services, tomorrow)
    assert ids(next_day.worklist("no-guarantee-offer")) == [withdrawn, same_day, tomorrows]
    assert next_day.worklist_counts()["no-guarantee-offer"] == 3
    assert renewed not in ids(next_day.worklist("no-guarantee-offer"))


def set_lda(services: Services, person_id: uuid.UUID, on: dt.date) -> None:
    """Record the assessment date as a sync from the hub would write it (past entry checks)."""
    with services.ctx.write.begin() as session:
        session.execute(text("UPDATE young_person SET lda_completed_on = :on WHERE id = :id"),
                        {"on": on.isoformat(), "id": person_id.hex})


def test_the_19th_year_review_needs_an_assessment_from_the_18th_birthday_on(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    nineteenth = dt.date(2008, 1, 10)  # 18 on 10/01/2026, 19 on 10/01/2027
    eighteenth = rules.birthday(nineteenth, 18)
    assert rules.ldd_transition_due(nineteenth, today) == dt.date(2027, 1, 9)
    year_11 = dt.date(2011, 3, 1)
    assert rules.year_group(year_11, today) == 11
    people = {name: add(services, name, dob=dob, send=True) for name, dob in (
        ("AYear11Before", nineteenth), ("BOn18th", nineteenth), ("CToday", nineteenth),
        ("DFuture", nineteenth), ("EYear11Today", year_11), ("FYear11Future", year_11),
        ("GNone", nineteenth))}
    for name, on in (("AYear11Before", eighteenth - dt.timedelta(days=1)),
                     ("BOn18th", eighteenth), ("CToday", today),
                     ("DFuture", today + dt.timedelta(days=1)), ("EYear11Today", today),
                     ("FYear11Future", today + dt.timedelta(days=1))):
        set_lda(services, people[name], on)

    rows = caseload.worklist("ldd-transition")

    assert ids(rows) == [people["AYear11Before"], people["DFuture"], people["GNone"],
                         people["FYear11Future"]]
    assert details(rows) == ["Section 139A assessment due 09/01/2027"] * 3 + [
        f"Section 139A assessment due {d(rules.school_leaving_date(year_11))}"]
    assert caseload.worklist_counts()["ldd-transition"] == 4
