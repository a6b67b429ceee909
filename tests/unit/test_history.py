"""A record's history: its audit events newest first, its prints, and reading writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from paclient.models import AuditEvent
from paclient.services.people.history import HistoryService


@pytest.fixture
def history(services) -> HistoryService:
    return services.history


@pytest.fixture
def person(services):
    return services.people.add_person(given_name="Hari", family_name="Trail",
                                      date_of_birth=dt.date(2009, 5, 6), gender="M").id


def audit_count(services) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def test_events_come_newest_first_with_who_what_and_which_part(services, history, person):
    services.people.get(person)  # opening the record
    services.people.update_person(person, phone="07700 900123", postcode="LS1 4AP")
    services.documents.record_printed("activity-record", [person], sensitive_included=True)

    page = history.events(person)

    assert [(e.action, e.entity) for e in page.events] == [
        ("print", "printed_document"), ("update", "young_person"), ("view", "young_person"),
        ("create", "young_person")]
    printed, updated = page.events[0], page.events[1]
    assert printed.document == "activity-record" and printed.sensitive_included is True
    assert updated.fields == ("phone", "postcode")
    assert {e.actor for e in page.events} == {"Pat Adviser"}  # the adviser's name, not login
    assert page.more is False


def test_only_the_persons_own_events_are_read(services, history, person):
    other = services.people.add_person(given_name="Ola", family_name="Other",
                                       date_of_birth=dt.date(2009, 1, 1), gender="F").id
    services.people.update_person(other, phone="07700 900999")
    assert [e.action for e in history.events(person).events] == ["create"]


def test_events_are_read_a_page_at_a_time(services, history, person):
    for n in range(4):
        services.people.update_person(person, phone=f"07700 90010{n}")
    first = history.events(person, limit=3)
    assert len(first.events) == 3 and first.more is True
    assert first.events[0].seq > first.events[-1].seq
    everything = history.events(person, limit=10)
    assert len(everything.events) == 5 and everything.more is False


def test_prints_are_listed_newest_first_with_what_went_in(services, history, person):
    services.documents.record_printed("action-plan", [person])
    services.documents.record_printed("activity-record", [person], destination="printer",
                                      sensitive_included=True)
    prints = history.prints(person)
    assert [(p.kind, p.destination, p.sensitive_included) for p in prints] == [
        ("activity-record", "printer", True), ("action-plan", "pdf", False)]
    assert prints[0].printed_by == "Pat Adviser"
    assert prints[0].printed_at >= prints[1].printed_at


def test_reading_the_history_writes_no_audit_event(services, history, person):
    before = audit_count(services)
    history.events(person)
    history.prints(person)
    assert audit_count(services) == before
