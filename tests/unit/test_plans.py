"""Assessments, action plans, actions and reviews."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.models import Action, ActionPlan, Assessment, AssessmentFactor, AuditEvent, Outbox
from paclient.services.bundle import Services
from paclient.services.casework.plans import PlanService
from paclient.services.people.records import PersonRecord

FACTOR, SENSITIVE_FACTOR = "attendance", "sexual_health"


@pytest.fixture
def plans(services: Services) -> PlanService:
    return PlanService(services.ctx)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Rowan", family_name="Hask",
                                      date_of_birth=dt.date(2010, 5, 4), gender="M")


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def level_of(services: Services, person: PersonRecord) -> int | None:
    return services.people.get(person.id, audited=False).level_of_need


def test_an_assessment_sets_the_level_of_need_and_flags_sensitive_factors(
        services, plans, person, today):
    before = [count(services, m) for m in (Assessment, AssessmentFactor, Outbox, AuditEvent)]

    assessment = plans.record_assessment(
        person.id, assessed_on=today, level_of_need=1, summary="Needs support.",
        factors={FACTOR: (2, "Misses Mondays."), SENSITIVE_FACTOR: (1, "")})

    assert level_of(services, person) == 1
    flags = {f.factor: f.sensitive for f in assessment.factors}
    assert flags == {FACTOR: False, SENSITIVE_FACTOR: True} and assessment.sensitive
    # one assessment, two factors, one person update; one audit event
    assert [count(services, m) for m in (Assessment, AssessmentFactor, Outbox, AuditEvent)] == [
        before[0] + 1, before[1] + 2, before[2] + 4, before[3] + 1]
    assert plans.assessments(person.id) == [assessment]


def test_an_older_assessment_does_not_replace_the_current_level(services, plans, person,
                                                                today):
    plans.record_assessment(person.id, assessed_on=today, level_of_need=2,
                            factors={FACTOR: (1, "")})

    plans.record_assessment(person.id, assessed_on=days_ago(today, 60), level_of_need=1,
                            factors={FACTOR: (3, "")})

    assert level_of(services, person) == 2
    assert [a.level_of_need for a in plans.assessments(person.id)] == [2, 1]


def test_an_invalid_assessment_lists_every_problem_and_writes_nothing(services, plans, person,
                                                                      today):
    before = [count(services, m) for m in (Assessment, AssessmentFactor, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        plans.record_assessment(person.id, assessed_on=today + dt.timedelta(days=1),
                                level_of_need=4, factors={"astrology": (1, ""), FACTOR: (9, "")})

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("assessed_on", "not_in_future"), ("level_of_need", "level_of_need_code"),
        ("factors.astrology", "assessment_factor_code"),
        (f"factors.{FACTOR}", "assessment_rating_code")}
    assert [count(services, m) for m in (Assessment, AssessmentFactor, Outbox, AuditEvent)] == (
        before)
    assert level_of(services, person) is None


def test_a_plan_is_reviewed_after_twelve_weeks_at_level_one_and_six_months_otherwise(
        services, plans, person):
    plans.record_assessment(person.id, assessed_on=dt.date(2026, 11, 1), level_of_need=1,
                            factors={})
    intensive = plans.start_plan(person.id, started_on=dt.date(2026, 11, 2))
    plans.record_assessment(person.id, assessed_on=dt.date(2026, 11, 3), level_of_need=3,
                            factors={})
    minimum = plans.start_plan(person.id, started_on=dt.date(2026, 11, 3))

    assert intensive.next_review_on == dt.date(2026, 11, 2) + dt.timedelta(weeks=12)
    assert minimum.next_review_on == dt.date(2027, 5, 3)


def test_starting_a_plan_closes_the_live_one(services, plans, person, today):
    first = plans.start_plan(person.id, started_on=days_ago(today, 30))
    outbox = count(services, Outbox)

    second = plans.start_plan(person.id, started_on=today)

    assert plans.live_plan(person.id).id == second.id
    closed = {p.id: p.closed_on for p in plans.plans(person.id)}
    assert closed == {second.id: None, first.id: today}
    assert count(services, Outbox) == outbox + 2  # the new plan and the old plan's closure


def test_a_new_plan_cannot_start_before_the_live_one(services, plans, person, today):
    first = plans.start_plan(person.id, started_on=today)

    with pytest.raises(ValidationErrors) as caught:
        plans.start_plan(person.id, started_on=days_ago(today, 1))

    assert caught.value.errors[0].rule == "plan_start_order"
    assert plans.live_plan(person.id).id == first.id and count(services, ActionPlan) == 1


def test_no_live_plan_before_one_is_started(plans, person):
    assert plans.live_plan(person.id) is None


def test_actions_are_added_completed_and_dropped_with_a_reason(services, plans, person,
                                                               today):
    plan = plans.start_plan(person.id, started_on=days_ago(today, 10))
    cv = plans.add_action(plan.id, description="Update the CV", owner="young_person",
                          due_on=today)
    visit = plans.add_action(plan.id, description="Visit the college", owner="adviser",
                             due_on=today + dt.timedelta(days=7))
    form = plans.add_action(plan.id, description="Send the form", owner="agency",
                            owner_name="Wickstead College", due_on=today)

    done = plans.complete_action(cv.id, today)
    dropped = plans.drop_action(visit.id, "Open day cancelled")

    assert (done.status, done.done_on) == ("done", today)
    assert (dropped.status, dropped.drop_reason) == ("dropped", "Open day cancelled")
    live = plans.live_plan(person.id)
    assert [a.id for a in live.open_actions] == [form.id]
    assert {a.id: a.status for a in live.actions} == {cv.id: "done", visit.id: "dropped",
                                                      form.id: "open"}


def test_an_invalid_action_lists_every_problem_and_writes_nothing(services, plans, person,
                                                                  today):
    plan = plans.start_plan(person.id, started_on=today)

    with pytest.raises(ValidationErrors) as caught:
        plans.add_action(plan.id, description=" ", owner="agency",
                         due_on=days_ago(today, 1))

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("description", "required"), ("owner_name", "required"),
        ("due_on", "due_after_plan_start")}
    with pytest.raises(ValidationErrors) as owner:
        plans.add_action(plan.id, description="x", owner="the cat", due_on=today)
    assert [(e.field, e.rule) for e in owner.value.errors] == [("owner", "action_owner")]
    assert count(services, Action) == 0


def test_an_action_is_settled_once_and_a_drop_needs_a_reason(services, plans, person, today):
    plan = plans.start_plan(person.id, started_on=today)
    action = plans.add_action(plan.id, description="Apply", owner="young_person",
                              due_on=today)

    with pytest.raises(ValidationErrors) as no_reason:
        plans.drop_action(action.id, "  ")
    with pytest.raises(ValidationErrors) as future:
        plans.complete_action(action.id, today + dt.timedelta(days=1))
    with pytest.raises(ValidationErrors) as early:
        plans.complete_action(action.id, days_ago(today, 1))
    plans.complete_action(action.id, today)
    with pytest.raises(ValidationErrors) as twice:
        plans.drop_action(action.id, "Changed mind")

    assert no_reason.value.errors[0].rule == "required"
    assert future.value.errors[0].rule == "not_in_future"
    assert early.value.errors[0].rule == "done_after_plan_start"
    assert twice.value.errors[0].rule == "action_not_open"
    assert plans.live_plan(person.id).actions[0].status == "done"


def test_a_review_sets_the_next_review_date(services, plans, person, today):
    plans.record_assessment(person.id, assessed_on=days_ago(today, 40), level_of_need=1,
                            factors={})
    plan = plans.start_plan(person.id, started_on=days_ago(today, 30))
    before = [count(services, m) for m in (Outbox, AuditEvent)]

    review = plans.record_review(plan.id, reviewed_on=today, progress="Attending again.",
                                 achievements="Passed maths mock.")
    chosen = plans.record_review(plan.id, reviewed_on=today, progress="Check-in.",
                                 next_review_on=today + dt.timedelta(days=14))

    assert review.next_review_on == today + dt.timedelta(weeks=12)
    assert plans.live_plan(person.id).next_review_on == today + dt.timedelta(days=14)
    assert [r.id for r in plans.live_plan(person.id).reviews] == [chosen.id, review.id]
    # each review: the review row and the plan's next review date; one audit event
    assert [count(services, m) for m in (Outbox, AuditEvent)] == [before[0] + 4, before[1] + 2]


def test_an_invalid_review_writes_nothing(services, plans, person, today):
    plan = plans.start_plan(person.id, started_on=days_ago(today, 5))
    before = [count(services, m) for m in (Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        plans.record_review(plan.id, reviewed_on=today, progress="",
                            next_review_on=days_ago(today, 1))
    with pytest.raises(ValidationErrors) as early:
        plans.record_review(plan.id, reviewed_on=days_ago(today, 6), progress="Fine")

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("progress", "required"), ("next_review_on", "next_review_order")}
    assert early.value.errors[0].rule == "review_after_plan_start"
    assert [count(services, m) for m in (Outbox, AuditEvent)] == before
    assert plans.live_plan(person.id).reviews == ()


def test_a_replaced_plan_takes_no_new_actions_or_reviews(plans, person, today):
    old = plans.start_plan(person.id, started_on=days_ago(today, 5))
    plans.start_plan(person.id, started_on=today)

    with pytest.raises(ValidationErrors, match="plan_id") as action:
        plans.add_action(old.id, description="Late", owner="adviser", due_on=today)
    with pytest.raises(ValidationErrors) as review:
        plans.record_review(old.id, reviewed_on=today, progress="Late")

    assert action.value.errors[0].rule == review.value.errors[0].rule == "plan_closed"


# --- reviews brought forward (issue 14, finding 8) -------------------------------------------

def _plan_at_level_2(services, plans, person, started):
    plans.record_assessment(person.id, assessed_on=started, level_of_need=2,
                            factors={FACTOR: (1, "")})
    return plans.start_plan(person.id, started_on=started)


@pytest.mark.parametrize(("started_days_ago", "due_in_days"), [
    (83, 1),  # 12 weeks after the start is tomorrow
    (84, 0),  # ... is today
    (85, 0),  # ... was yesterday: the review is due now
])
def test_raising_the_level_of_need_to_1_brings_the_review_within_12_weeks(
        services, plans, person, today, started_days_ago, due_in_days):
    started = days_ago(today, started_days_ago)
    _plan_at_level_2(services, plans, person, started)

    plans.record_assessment(person.id, assessed_on=today, level_of_need=1,
                            factors={FACTOR: (3, "")})

    live = plans.live_plan(person.id)
    assert live.next_review_on == today + dt.timedelta(days=due_in_days)
    assert live.review_reason == "level_1"


def test_level_1_counts_12_weeks_from_the_last_review_and_never_puts_a_review_later(
        services, plans, person, today):
    plan = _plan_at_level_2(services, plans, person, days_ago(today, 150))
    plans.record_review(plan.id, reviewed_on=days_ago(today, 80), progress="Going well.",
                        next_review_on=today + dt.timedelta(days=3))

    plans.record_assessment(person.id, assessed_on=today, level_of_need=1,
                            factors={FACTOR: (3, "")})

    assert plans.live_plan(person.id).next_review_on == today + dt.timedelta(days=3)  # sooner


def _reviews_overdue(services):
    return {row.id: row.detail for row in services.caseload.worklist("reviews-overdue")}


def _neet(services, person, on):
    services.activities.record_activity(person.id, code="540", start_date=on,
                                        date_ascertained=on, neet_start_date=on)


def _custody(services, person, on):
    services.custody.admit(person.id, establishment="HMYOI Example", admitted_on=on)


def _looked_after(services, person, on):
    services.safeguarding.add_characteristic(person.id, code="110", start_date=on)


@pytest.mark.parametrize(("change", "why"), [
    (_neet, "became NEET"), (_custody, "entered custody"),
    (_looked_after, "became looked after")])
def test_a_change_of_circumstances_makes_the_review_due_that_day(
        services, plans, person, today, change, why):
    _plan_at_level_2(services, plans, person, days_ago(today, 30))
    yesterday = days_ago(today, 1)

    change(services, person, yesterday)

    live = plans.live_plan(person.id)
    assert live.next_review_on == yesterday  # overdue from today, the day after
    assert _reviews_overdue(services)[person.id] == (
        f"review due {yesterday:%d/%m/%Y}: {why}")


def test_a_change_today_is_due_today_and_not_yet_overdue(services, plans, person, today):
    _plan_at_level_2(services, plans, person, days_ago(today, 30))

    _custody(services, person, today)

    assert plans.live_plan(person.id).next_review_on == today
    assert person.id not in _reviews_overdue(services)


def test_a_move_makes_the_review_due_but_a_first_address_does_not(services, plans, person,
                                                                   today):
    _plan_at_level_2(services, plans, person, days_ago(today, 30))
    planned = plans.live_plan(person.id).next_review_on

    services.people.update_person(person.id, postcode="LS1 4AP")
    assert plans.live_plan(person.id).next_review_on == planned

    services.people.update_person(person.id, postcode="LS2 7HY")
    live = plans.live_plan(person.id)
    assert (live.next_review_on, live.review_reason) == (today, "moved")


def test_a_change_the_last_review_knew_of_moves_nothing_and_a_review_clears_the_reason(
        services, plans, person, today):
    plan = _plan_at_level_2(services, plans, person, days_ago(today, 60))
    _custody(services, person, days_ago(today, 20))
    assert plans.live_plan(person.id).review_reason == "custody"
    plans.record_review(plan.id, reviewed_on=days_ago(today, 10), progress="Seen in custody.")
    live = plans.live_plan(person.id)
    assert live.review_reason is None and live.next_review_on > today

    _looked_after(services, person, days_ago(today, 11))  # before the last review

    assert plans.live_plan(person.id).next_review_on == live.next_review_on
