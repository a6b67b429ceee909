"""Contacts and notes: validation, sensitivity, the timeline, addenda and the same-day lock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.errors import NoteLocked, NotFound
from paclient.models import Addendum, AuditEvent, Contact, Outbox
from paclient.services.bundle import Services
from paclient.services.casework.contacts import ContactService
from paclient.services.people.records import PersonRecord

METHOD, SETTING = "face_to_face", "school"
TOPIC, SENSITIVE_TOPIC = "careers", "sexual_health"


@pytest.fixture
def contacts(services: Services) -> ContactService:
    return ContactService(services.ctx)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Tamsin", family_name="Orlebar",
                                      date_of_birth=dt.date(2010, 3, 1), gender="F")


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def at(today: dt.date, hour: int = 10, days_ago: int = 0) -> dt.datetime:
    return dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour))


def on_day(services: Services, day: dt.date) -> ContactService:
    """The contact service as it would act on another day."""
    return ContactService(dataclasses.replace(services.ctx, today=lambda: day))


def test_adding_a_contact_writes_the_note_an_outbox_entry_and_an_audit_event(
        services, contacts, person, today):
    before = [count(services, m) for m in (Contact, Outbox, AuditEvent)]

    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING, duration_minutes=45, topics=[TOPIC],
                                discussion="Talked about college courses.", agreed="Apply.")

    assert [count(services, m) for m in (Contact, Outbox, AuditEvent)] == [
        before[0] + 1, before[1] + 1, before[2] + 1]
    assert (note.person_id, note.topics, note.duration_minutes) == (person.id, (TOPIC,), 45)
    assert note.sensitive is False and note.did_not_attend is False
    with services.ctx.read() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert (event.action, event.entity, event.entity_id) == ("create", "contact", str(note.id))
    assert "college" not in repr(event.detail)  # ids and counts only, never note text


def test_a_sensitive_topic_makes_the_note_sensitive_unless_told_otherwise(contacts, person,
                                                                        today):
    computed = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                    setting=SETTING, topics=[TOPIC, SENSITIVE_TOPIC])
    explicit = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                    setting=SETTING, topics=[SENSITIVE_TOPIC], sensitive=False)
    marked = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                  setting=SETTING, topics=[TOPIC], sensitive=True)

    assert (computed.sensitive, explicit.sensitive, marked.sensitive) == (True, False, True)


def test_invalid_input_lists_every_problem_and_writes_nothing(services, contacts, person,
                                                              today):
    before = [count(services, m) for m in (Contact, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        contacts.add_contact(person.id, occurred_at=at(today + dt.timedelta(days=1)),
                             method="carrier_pigeon", setting="moon", topics=["nonsense"],
                             duration_minutes=0)

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("occurred_at", "not_in_future"), ("method", "contact_method_code"),
        ("setting", "contact_setting_code"), ("topics", "topic_code"),
        ("duration_minutes", "duration_range")}
    assert [count(services, m) for m in (Contact, Outbox, AuditEvent)] == before


@pytest.mark.parametrize(("minutes", "valid"), [(1, True), (600, True), (601, False),
                                                (-5, False)])
def test_duration_is_from_one_to_six_hundred_minutes(contacts, person, today, minutes, valid):
    def add():
        return contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                    setting=SETTING, duration_minutes=minutes)

    if valid:
        assert add().duration_minutes == minutes
    else:
        with pytest.raises(ValidationErrors, match="duration_minutes"):
            add()


def test_a_contact_late_today_is_accepted(contacts, person, today):
    note = contacts.add_contact(person.id, occurred_at=dt.datetime.combine(
        today, dt.time(23, 59)), method=METHOD, setting=SETTING)

    assert note.occurred_at.date() == today


def test_the_next_appointment_must_follow_the_contact(contacts, person, today):
    with pytest.raises(ValidationErrors) as caught:
        contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                             setting=SETTING, next_appointment_at=at(today, days_ago=1))

    assert caught.value.errors[0].rule == "next_appointment_after_contact"


def test_a_missed_appointment_is_recorded_as_did_not_attend(contacts, person, today):
    missed = contacts.record_did_not_attend(person.id, occurred_at=at(today), method=METHOD,
                                            setting=SETTING)

    assert missed.did_not_attend is True
    assert contacts.timeline(person.id)[0].id == missed.id


def test_a_contact_for_an_unknown_person_is_not_found(contacts, today):
    with pytest.raises(NotFound):
        contacts.add_contact(uuid.uuid4(), occurred_at=at(today), method=METHOD,
                             setting=SETTING)


def test_the_timeline_is_newest_first_and_can_leave_out_sensitive_notes(contacts, person,
                                                                       today):
    old = contacts.add_contact(person.id, occurred_at=at(today, days_ago=9), method=METHOD,
                               setting=SETTING)
    private = contacts.add_contact(person.id, occurred_at=at(today, days_ago=5),
                                   method=METHOD, setting=SETTING, topics=[SENSITIVE_TOPIC])
    new = contacts.add_contact(person.id, occurred_at=at(today, days_ago=1), method=METHOD,
                               setting=SETTING)

    assert [c.id for c in contacts.timeline(person.id)] == [new.id, private.id, old.id]
    assert [c.id for c in contacts.timeline(person.id, include_sensitive=False)] == [
        new.id, old.id]
    assert [c.id for c in contacts.timeline(person.id, limit=1)] == [new.id]
    assert [c.id for c in contacts.timeline(person.id, before=at(today, days_ago=5))] == [
        old.id]


def test_an_addendum_is_signed_dated_and_shown_with_its_note(services, contacts, person,
                                                             today):
    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING, discussion="Talked about money.")
    outbox = count(services, Outbox)

    addendum = contacts.add_addendum(note.id, "  The bursary form was already sent.  ")

    assert addendum.signed_by == services.ctx.actor.username == "pa.test"
    assert addendum.text == "The bursary form was already sent."
    assert addendum.written_at is not None
    assert contacts.timeline(person.id)[0].addenda == (addendum,)
    assert contacts.contact(note.id).addenda == (addendum,)
    assert count(services, Outbox) == outbox + 1


def test_an_addendum_needs_text(services, contacts, person, today):
    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING)

    with pytest.raises(ValidationErrors) as caught:
        contacts.add_addendum(note.id, "   ")

    assert (caught.value.errors[0].field, caught.value.errors[0].rule) == ("text", "required")
    assert count(services, Addendum) == 0


def test_a_note_can_be_corrected_on_the_day_it_was_written(services, contacts, person,
                                                           today):
    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING, discussion="Talked abot college.")
    same_day = on_day(services, note.written_on)

    corrected = same_day.correct_same_day(note.id, discussion="Talked about college.",
                                          duration_minutes=30)

    assert (corrected.discussion, corrected.duration_minutes) == ("Talked about college.", 30)
    assert contacts.contact(note.id).discussion == "Talked about college."


def test_a_note_is_locked_after_the_day_it_was_written(services, contacts, person, today):
    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING, discussion="Original words.")
    next_day = on_day(services, note.written_on + dt.timedelta(days=1))
    before = [count(services, m) for m in (Outbox, AuditEvent)]

    with pytest.raises(NoteLocked):
        next_day.correct_same_day(note.id, discussion="Rewritten later.")

    assert contacts.contact(note.id).discussion == "Original words."
    assert [count(services, m) for m in (Outbox, AuditEvent)] == before


def test_a_same_day_correction_is_validated_and_never_lowers_sensitivity(services, contacts,
                                                                         person, today):
    note = contacts.add_contact(person.id, occurred_at=at(today), method=METHOD,
                                setting=SETTING, topics=[SENSITIVE_TOPIC])
    same_day = on_day(services, note.written_on)

    with pytest.raises(ValidationErrors, match="method"):
        same_day.correct_same_day(note.id, method="carrier_pigeon")
    corrected = same_day.correct_same_day(note.id, topics=[TOPIC])

    assert corrected.topics == (TOPIC,) and corrected.sensitive is True
