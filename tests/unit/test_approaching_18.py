"""The approaching-18 checklist: derived items read from the record, ticked items stored, and
every day checked against the day the checklist opens (12 weeks before the 18th birthday)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ccis.errors import ValidationErrors
from paclient import printing
from paclient.models import Approaching18Item, AuditEvent, Outbox
from paclient.services.bundle import Services
from paclient.services.casework.approaching_18 import ITEMS
from paclient.services.casework.records import Approaching18Checklist, ChecklistLine
from paclient.services.people.records import PersonRecord

TODAY = dt.date(2026, 11, 22)
EIGHTEENTH = dt.date(2026, 12, 22)  # of `person`
OPENS = EIGHTEENTH - dt.timedelta(weeks=12)  # 29/09/2026


@pytest.fixture
def person(services: Services) -> PersonRecord:
    """Eighteen on 22/12/2026: on the approaching-18 list on the test date."""
    return services.people.add_person(given_name="Ffion", family_name="Ayres",
                                      date_of_birth=dt.date(2008, 12, 22), gender="F")


def line(checklist: Approaching18Checklist, item: str) -> ChecklistLine:
    return next(entry for entry in checklist.lines if entry.item == item)


def eighteen_on(day: dt.date) -> dt.date:
    """The date of birth of someone whose 18th birthday is `day` (not a 29 February)."""
    return day.replace(year=day.year - 18)


def rules_broken(caught: pytest.ExceptionInfo[ValidationErrors]) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in caught.value.errors}


def test_the_checklist_opens_twelve_weeks_before_the_eighteenth_birthday(services, person):
    checklist = services.approaching_18.checklist(person.id)

    assert (checklist.opens_on, checklist.eighteenth_birthday) == (OPENS, EIGHTEENTH)
    assert [entry.item for entry in checklist.lines] == list(ITEMS)
    assert checklist.done == 0 and services.approaching_18.applies(person.date_of_birth)
    assert not services.approaching_18.applies(EIGHTEENTH.replace(year=2008) +
                                               dt.timedelta(weeks=12, days=1))


def test_a_tick_is_dated_from_the_day_the_checklist_opens_to_today(services, person):
    checklist = services.approaching_18

    with pytest.raises(ValidationErrors) as before:
        checklist.tick(person.id, "adult_services_consent", OPENS - dt.timedelta(days=1))
    with pytest.raises(ValidationErrors) as future:
        checklist.tick(person.id, "adult_services_consent", TODAY + dt.timedelta(days=1))
    first = checklist.tick(person.id, "adult_services_consent", OPENS)
    moved = checklist.tick(person.id, "adult_services_consent", TODAY)

    assert rules_broken(before) == {("on", "in_approaching_18")}
    assert "12 weeks before the 18th birthday" in before.value.errors[0].message
    assert rules_broken(future) == {("on", "not_in_future")}
    assert line(first, "adult_services_consent") == ChecklistLine(
        "adult_services_consent", OPENS, "ticked", False)
    assert line(moved, "adult_services_consent").done_on == TODAY
    with services.ctx.read() as session:
        rows = session.scalars(select(Approaching18Item)).all()
        queued = session.scalars(select(Outbox.table_name)).all()
        audited = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "approaching_18_item")).all()
    assert [(r.item, r.done_on) for r in rows] == [("adult_services_consent", TODAY)]
    assert queued.count("approaching_18_item") == 2  # the insert, then the changed day
    assert audited == ["tick", "tick"]


def test_a_tick_taken_back_shows_as_not_done(services, person):
    services.approaching_18.tick(person.id, "adult_guidance_given", TODAY)

    undone = services.approaching_18.untick(person.id, "adult_guidance_given")

    assert line(undone, "adult_guidance_given") == ChecklistLine(
        "adult_guidance_given", None, None, False)


def test_derived_items_cannot_be_ticked(services, person):
    with pytest.raises(ValidationErrors) as caught:
        services.approaching_18.tick(person.id, "activity_record_printed", TODAY)

    assert rules_broken(caught) == {("item", "derived_item")}


def test_the_printed_activity_record_counts_from_the_day_the_checklist_opens(
        services, documents, tmp_path):
    printed_on = dt.datetime.now(dt.UTC).date()  # the print log keeps the real time
    opens_today = services.people.add_person(
        given_name="Owain", family_name="Opens", gender="M",
        date_of_birth=eighteen_on(printed_on + dt.timedelta(weeks=12)))
    opens_tomorrow = services.people.add_person(
        given_name="Tomos", family_name="Later", gender="M",
        date_of_birth=eighteen_on(printed_on + dt.timedelta(weeks=12, days=1)))
    checklist = services.approaching_18
    assert checklist.checklist(opens_today.id).opens_on == printed_on

    for who in (opens_today, opens_tomorrow):
        made = printing.activity_records(documents, [who.id])
        printing.save_pdf(documents, made, tmp_path / f"{who.id}.pdf")

    assert line(checklist.checklist(opens_today.id), "activity_record_printed") == \
        ChecklistLine("activity_record_printed", printed_on, "print_log", True)
    assert line(checklist.checklist(opens_tomorrow.id), "activity_record_printed").done_on \
        is None


def test_the_current_activity_counts_while_it_is_within_currency(services, person):
    checklist = services.approaching_18
    record = services.activities.record_activity(
        person.id, code="230", start_date=dt.date(2025, 9, 1),
        date_ascertained=dt.date(2025, 9, 1), date_verified=dt.date(2025, 11, 22))
    assert record.due_to_lapse_date == TODAY  # lapsed from tomorrow
    other = services.people.add_person(given_name="Siân", family_name="Lapsed", gender="F",
                                       date_of_birth=dt.date(2008, 12, 23))
    lapsed = services.activities.record_activity(
        other.id, code="230", start_date=dt.date(2025, 9, 1),
        date_ascertained=dt.date(2025, 9, 1), date_verified=dt.date(2025, 11, 21))
    assert lapsed.due_to_lapse_date == TODAY - dt.timedelta(days=1)

    assert line(checklist.checklist(person.id), "activity_current") == ChecklistLine(
        "activity_current", dt.date(2025, 11, 22), "activity", True)
    assert line(checklist.checklist(other.id), "activity_current").done_on is None


def test_a_not_known_activity_is_no_confirmed_activity(services, person):
    services.activities.record_activity(person.id, code="810", start_date=TODAY,
                                        date_ascertained=TODAY)

    assert line(services.approaching_18.checklist(person.id), "activity_current").done_on \
        is None


def test_an_action_plan_review_counts_from_the_day_the_checklist_opens(services, person):
    plans = services.plans
    plan = plans.start_plan(person.id, started_on=dt.date(2026, 6, 1))
    plans.record_review(plan.id, reviewed_on=OPENS - dt.timedelta(days=1), progress="Steady")
    before = services.approaching_18.checklist(person.id)
    plans.record_review(plan.id, reviewed_on=OPENS, progress="Applied to college")
    after = services.approaching_18.checklist(person.id)

    assert line(before, "plan_reviewed").done_on is None
    assert line(after, "plan_reviewed") == ChecklistLine("plan_reviewed", OPENS, "plan_review",
                                                         True)


def test_signposting_to_adult_guidance_counts_as_the_information_given(services, person):
    referrals = services.referrals
    referrals.signpost(person.id, service="jobcentre_plus", on=OPENS - dt.timedelta(days=1))
    before = services.approaching_18.checklist(person.id)
    referrals.signpost(person.id, service="adult_guidance", on=OPENS)
    after = services.approaching_18.checklist(person.id)

    assert line(before, "adult_guidance_given").done_on is None
    assert line(after, "adult_guidance_given") == ChecklistLine(
        "adult_guidance_given", OPENS, "referral", False)
    assert after.done == 1
