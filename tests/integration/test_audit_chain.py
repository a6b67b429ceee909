"""The audit chain: every change is audited, and tampering is detected by `check`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text

from paclient.models import AuditEvent, Outbox
from paclient.storage.integrity import check_engine


def add_people(services, n: int) -> list:
    return [services.people.add_person(given_name="Ifan", family_name=f"Ŵyn{i}",
                                       date_of_birth=dt.date(2010, 5, i + 1))
            for i in range(n)]


def count(store, model) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_writes_and_views_are_audited_and_queued_for_the_hub(services, store):
    before_audit, before_outbox = count(store, AuditEvent), count(store, Outbox)
    [person] = add_people(services, 1)
    services.people.get(person.id)
    services.people.update_person(person.id, postcode="sw1a 1aa")

    assert count(store, AuditEvent) == before_audit + 3  # create, view, update
    assert count(store, Outbox) == before_outbox + 2  # views are not synced
    with store.read() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        details = session.scalars(select(AuditEvent.detail)).all()
    assert actions[-3:] == ["create", "view", "update"]
    assert "SW1A 1AA" not in str(details) and "Ŵyn" not in str(details)  # ids only


def test_check_finds_an_altered_event(services, store):
    add_people(services, 3)
    assert check_engine(store.engine) == []
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET actor = 'someone.else' WHERE seq = 2"))
    assert check_engine(store.engine) == ["audit event 2 was altered"]


def test_check_finds_a_deleted_event(services, store):
    add_people(services, 3)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
    problems = check_engine(store.engine)
    assert "audit event 2 is missing" in problems
