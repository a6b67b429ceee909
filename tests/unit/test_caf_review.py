"""CAF reviews: progress and a decision (continue, step down, step up, close), dated from the
day the episode opened to today, only while it is open."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ccis.codes import load_codebook
from ccis.errors import ValidationErrors
from ccis.row_rules import row_problems
from paclient.models import AuditEvent, CafReview, Outbox
from paclient.services.bundle import Services
from paclient.services.people.records import PersonRecord

TODAY = dt.date(2026, 11, 22)
OPENED = dt.date(2026, 10, 1)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Orla", family_name="Quill",
                                      date_of_birth=dt.date(2010, 3, 1), gender="F")


@pytest.fixture
def episode_id(services: Services, person: PersonRecord):
    return services.referrals.open_caf(person.id, opened_on=OPENED).id


def rules_broken(caught: pytest.ExceptionInfo[ValidationErrors]) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in caught.value.errors}


def test_a_review_is_dated_from_the_opening_day_to_today(services, episode_id):
    referrals = services.referrals

    with pytest.raises(ValidationErrors) as before:
        referrals.review_caf(episode_id, reviewed_on=OPENED - dt.timedelta(days=1),
                             progress="Settling in", decision="continue")
    with pytest.raises(ValidationErrors) as future:
        referrals.review_caf(episode_id, reviewed_on=TODAY + dt.timedelta(days=1),
                             progress="Settling in", decision="continue")
    first = referrals.review_caf(episode_id, reviewed_on=OPENED, progress="Settling in",
                                 decision="continue", next_review_on=dt.date(2026, 11, 1))
    second = referrals.review_caf(episode_id, reviewed_on=TODAY, progress="Attending",
                                  decision="step_down")

    assert rules_broken(before) == {("reviewed_on", "after_caf_opened")}
    assert rules_broken(future) == {("reviewed_on", "not_in_future")}
    assert first.review_on == dt.date(2026, 11, 1) and first.closed_on is None
    assert [(r.reviewed_on, r.decision) for r in second.reviews] == [
        (OPENED, "continue"), (TODAY, "step_down")]
    assert services.referrals.caf_episodes(second.person_id) == [second]
    with services.ctx.read() as session:
        queued = session.scalars(select(Outbox.table_name)).all()
        audited = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.entity == "caf_review")).all()
    assert queued.count("caf_review") == 2
    assert [d["decision"] for d in audited] == ["continue", "step_down"]


def test_a_review_deciding_to_close_closes_the_episode(services, episode_id):
    closed = services.referrals.review_caf(episode_id, reviewed_on=TODAY,
                                           progress="Needs met at home", decision="close")

    assert (closed.closed_on, closed.closure_reason) == (TODAY, "Needs met at home")
    with pytest.raises(ValidationErrors) as caught:
        services.referrals.review_caf(episode_id, reviewed_on=TODAY, progress="Again",
                                      decision="continue")
    assert rules_broken(caught) == {("episode_id", "caf_closed")}


def test_a_closed_episode_takes_no_review(services, episode_id):
    services.referrals.close_caf(episode_id, TODAY, "Moved away")

    with pytest.raises(ValidationErrors) as caught:
        services.referrals.review_caf(episode_id, reviewed_on=TODAY, progress="Late",
                                      decision="continue")

    assert rules_broken(caught) == {("episode_id", "caf_closed")}


def test_an_invalid_review_writes_nothing(services, episode_id):
    with pytest.raises(ValidationErrors) as caught:
        services.referrals.review_caf(episode_id, reviewed_on=TODAY, progress=" ",
                                      decision="escalate", next_review_on=TODAY)
    with pytest.raises(ValidationErrors) as closing:
        services.referrals.review_caf(episode_id, reviewed_on=TODAY, progress="Done",
                                      decision="close", next_review_on=TODAY)

    assert rules_broken(caught) == {("decision", "caf_decision"), ("progress", "required"),
                                    ("next_review_on", "after_review")}
    assert rules_broken(closing) == {("next_review_on", "caf_closing")}
    with services.ctx.read() as session:
        assert session.scalars(select(CafReview)).all() == []


@pytest.mark.parametrize(("table", "field"), [("caf_review", "reviewed_on"),
                                               ("approaching_18_item", "done_on")])
def test_the_hub_refuses_a_day_after_tomorrow_on_the_new_tables(table, field):
    # the hub allows one day of slack: a laptop's local day may be ahead of its UTC day
    book = load_codebook()

    def broken(day: dt.date) -> list[tuple[str, str]]:
        return row_problems(table, {field: day.isoformat()}, {field}, TODAY, book)

    assert broken(TODAY + dt.timedelta(days=1)) == []
    assert broken(TODAY + dt.timedelta(days=2)) == [(field, "cannot be in the future")]
