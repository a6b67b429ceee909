"""Custody episodes: admission, resettlement checklist, liaison, transfer pack and release."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.models import RESETTLEMENT_ITEMS, AuditEvent, CustodyEpisode, Outbox
from paclient.services.bundle import Services
from paclient.services.casework.custody import CustodyService
from paclient.services.people.records import PersonRecord

SITE = "HMYOI Brimstone Fell"
HOME_LA = "886"


@pytest.fixture
def custody(services: Services) -> CustodyService:
    return CustodyService(services.ctx)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Ezra", family_name="Sallow",
                                      date_of_birth=dt.date(2009, 7, 7), gender="M")


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def test_an_admission_writes_the_episode_an_outbox_entry_and_an_audit_event(
        services, custody, person, today):
    before = [count(services, m) for m in (CustodyEpisode, Outbox, AuditEvent)]

    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 60),
                            expected_release_on=today + dt.timedelta(days=30),
                            home_la=HOME_LA)

    assert [count(services, m) for m in (CustodyEpisode, Outbox, AuditEvent)] == [
        before[0] + 1, before[1] + 1, before[2] + 1]
    assert (episode.establishment, episode.home_la, episode.checklist) == (SITE, HOME_LA, {})
    assert custody.episodes(person.id) == [episode]


def test_an_invalid_admission_lists_every_problem_and_writes_nothing(services, custody,
                                                                     person, today):
    before = [count(services, m) for m in (CustodyEpisode, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        custody.admit(person.id, establishment=" ", admitted_on=today,
                      expected_release_on=days_ago(today, 1), home_la="999")

    assert {(e.field, e.rule) for e in caught.value.errors} >= {
        ("establishment", "required"), ("expected_release_on", "release_after_admission")}
    assert "home_la" in {e.field for e in caught.value.errors}
    assert [count(services, m) for m in (CustodyEpisode, Outbox, AuditEvent)] == before


def test_release_is_expected_after_the_day_of_admission(custody, person, today):
    with pytest.raises(ValidationErrors, match="expected_release_on"):
        custody.admit(person.id, establishment=SITE, admitted_on=today,
                      expected_release_on=today)


def test_only_one_episode_is_open_at_a_time(services, custody, person, today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 90))

    with pytest.raises(ValidationErrors) as caught:
        custody.admit(person.id, establishment=SITE, admitted_on=today)
    custody.release(episode.id, days_ago(today, 10))
    custody.admit(person.id, establishment=SITE, admitted_on=today)

    assert caught.value.errors[0].rule == "custody_already_open"
    assert [e.admitted_on for e in custody.episodes(person.id)] == [today, days_ago(today, 90)]


def test_the_resettlement_checklist_is_ticked_item_by_item(services, custody, person, today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 60))

    custody.tick(episode.id, "cv", days_ago(today, 20))
    ticked = custody.tick(episode.id, "bank_account", today)

    assert ticked.checklist == {"cv": days_ago(today, 20), "bank_account": today}
    assert custody.episodes(person.id)[0].checklist == ticked.checklist
    assert set(RESETTLEMENT_ITEMS) >= set(ticked.checklist)


def test_a_tick_needs_a_known_item_and_a_date_within_the_episode(services, custody, person,
                                                                 today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 60))
    outbox = count(services, Outbox)

    with pytest.raises(ValidationErrors) as caught:
        custody.tick(episode.id, "pony_club", days_ago(today, 61))
    with pytest.raises(ValidationErrors) as future:
        custody.tick(episode.id, "cv", today + dt.timedelta(days=1))

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("item", "resettlement_item"), ("on", "after_admission")}
    assert future.value.errors[0].rule == "not_in_future"
    assert count(services, Outbox) == outbox
    assert custody.episodes(person.id)[0].checklist == {}


def test_liaison_transfer_pack_and_release_are_recorded(services, custody, person, today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 60),
                            home_la=HOME_LA)

    custody.record_liaison(episode.id, on=days_ago(today, 14), contact="Kent youth team")
    custody.record_transfer_pack(episode.id, days_ago(today, 7))
    released = custody.release(episode.id, today)

    assert (released.pre_release_liaison_on, released.liaison_contact) == (
        days_ago(today, 14), "Kent youth team")
    assert (released.transfer_pack_sent_on, released.released_on) == (days_ago(today, 7),
                                                                       today)
    assert custody.episodes(person.id) == [released]


def test_release_is_recorded_once_and_not_before_admission(custody, person, today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 30))

    with pytest.raises(ValidationErrors) as early:
        custody.release(episode.id, days_ago(today, 31))
    custody.release(episode.id, days_ago(today, 5))
    with pytest.raises(ValidationErrors) as twice:
        custody.release(episode.id, today)
    with pytest.raises(ValidationErrors) as after:
        custody.tick(episode.id, "housing", today)

    assert early.value.errors[0].rule == "release_after_admission"
    assert twice.value.errors[0].rule == "already_released"
    assert after.value.errors[0].rule == "before_release"


def test_liaison_needs_a_contact(custody, person, today):
    episode = custody.admit(person.id, establishment=SITE, admitted_on=days_ago(today, 30))

    with pytest.raises(ValidationErrors) as caught:
        custody.record_liaison(episode.id, on=today, contact="")

    assert [(e.field, e.rule) for e in caught.value.errors] == [("contact", "required")]
