"""Referrals, signposting, the sharing refusal and CAF episodes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.errors import SharingRefused
from paclient.models import AuditEvent, CafEpisode, CafMeeting, Outbox, Referral
from paclient.services.bundle import Services
from paclient.services.casework.referrals import ReferralService
from paclient.services.people.records import PersonRecord
from paclient.services.people.safeguarding import SafeguardingService

SERVICE, SENSITIVE_SERVICE = "jobcentre_plus", "sexual_health"
MONDAY = dt.date(2026, 11, 2)


@pytest.fixture
def referrals(services: Services) -> ReferralService:
    return ReferralService(services.ctx)


@pytest.fixture
def safeguarding(services: Services) -> SafeguardingService:
    return SafeguardingService(services.ctx)


@pytest.fixture
def newcomer(services: Services) -> PersonRecord:
    """Sixteen on the test date; no consent recorded."""
    return services.people.add_person(given_name="Orla", family_name="Quill",
                                      date_of_birth=dt.date(2010, 3, 1), gender="F")


@pytest.fixture
def person(newcomer: PersonRecord, safeguarding: SafeguardingService) -> PersonRecord:
    """Sixteen on the test date; consented on 01/10/2026 to referrals to every agency."""
    safeguarding.record_consent(newcomer.id, purpose="referral", decision="given",
                                given_by="young_person", recorded_on=dt.date(2026, 10, 1))
    return newcomer


@pytest.fixture
def younger(services: Services) -> PersonRecord:
    """Fifteen on the test date; sixteen on 2027-01-10."""
    return services.people.add_person(given_name="Idris", family_name="Tarn",
                                      date_of_birth=dt.date(2011, 1, 10), gender="M")


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_referral_is_followed_up_within_ten_working_days(services, referrals, person):
    before = [count(services, m) for m in (Referral, Outbox, AuditEvent)]

    referral = referrals.refer(person.id, service=SERVICE, sent_on=MONDAY,
                               reason="Claim advice", consent_reference="C-1")

    assert referral.follow_up_due == dt.date(2026, 11, 16)
    assert (referral.kind, referral.route, referral.sends_data) == ("referral", "direct", True)
    assert referral.sensitive is False and referral.closed_on is None
    assert [count(services, m) for m in (Referral, Outbox, AuditEvent)] == [
        before[0] + 1, before[1] + 1, before[2] + 1]
    assert referrals.referrals(person.id) == [referral]


def test_a_referral_to_a_sensitive_service_is_sensitive(referrals, person, today):
    referral = referrals.refer(person.id, service=SENSITIVE_SERVICE, sent_on=today)

    assert referral.sensitive is True


def test_an_invalid_referral_lists_every_problem_and_writes_nothing(services, referrals,
                                                                    person, today):
    before = [count(services, m) for m in (Referral, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        referrals.refer(person.id, service="wizard", sent_on=today + dt.timedelta(days=1),
                        route="caf")
    with pytest.raises(ValidationErrors) as route:
        referrals.refer(person.id, service=SERVICE, sent_on=today, route="pigeon")

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("service", "referral_service_code"), ("sent_on", "not_in_future"),
        ("caf_episode_id", "caf_route")}
    assert [(e.field, e.rule) for e in route.value.errors] == [("route", "referral_route")]
    assert [count(services, m) for m in (Referral, Outbox, AuditEvent)] == before


def test_a_sharing_refusal_blocks_a_referral_that_sends_data(services, referrals,
                                                             safeguarding, person, today):
    safeguarding.refuse_sharing(person.id, given_by="young_person", on=today)
    before = [count(services, m) for m in (Referral, Outbox, AuditEvent)]

    with pytest.raises(SharingRefused):
        referrals.refer(person.id, service=SERVICE, sent_on=today)

    assert [count(services, m) for m in (Referral, Outbox, AuditEvent)] == before


def test_a_sharing_refusal_still_allows_signposting_and_referrals_without_data(
        services, referrals, safeguarding, person, today):
    safeguarding.refuse_sharing(person.id, given_by="young_person", on=today)

    signposted = referrals.signpost(person.id, service=SERVICE, on=today, reason="Leaflet")
    no_data = referrals.refer(person.id, service=SERVICE, sent_on=today, sends_data=False)

    assert (signposted.kind, signposted.sends_data, signposted.follow_up_due) == (
        "signposting", False, None)
    assert no_data.sends_data is False
    assert count(services, Referral) == 2


def test_withdrawing_the_refusal_allows_referrals_again(referrals, safeguarding, person,
                                                        today):
    refusal = safeguarding.refuse_sharing(person.id, given_by="young_person",
                                          on=today - dt.timedelta(days=3))
    safeguarding.withdraw_consent(refusal.id, today)

    assert referrals.refer(person.id, service=SERVICE, sent_on=today).sends_data is True


def test_a_referral_is_acknowledged_then_closed_by_its_outcome(referrals, person, today):
    referral = referrals.refer(person.id, service=SERVICE, sent_on=MONDAY)

    acknowledged = referrals.acknowledge(referral.id, MONDAY + dt.timedelta(days=2))
    with pytest.raises(ValidationErrors) as twice:
        referrals.acknowledge(referral.id, today)
    closed = referrals.record_outcome(referral.id, "Claim started", today)
    with pytest.raises(ValidationErrors) as again:
        referrals.record_outcome(referral.id, "Again", today)

    assert acknowledged.acknowledged_on == MONDAY + dt.timedelta(days=2)
    assert (closed.outcome, closed.closed_on) == ("Claim started", today)
    assert referrals.referrals(person.id)[0] == closed
    assert twice.value.errors[0].rule == "already_acknowledged"
    assert again.value.errors[0].rule == "referral_closed"


def test_a_referral_is_not_closed_without_an_outcome(services, referrals, person, today):
    referral = referrals.refer(person.id, service=SERVICE, sent_on=today)
    outbox = count(services, Outbox)

    with pytest.raises(ValidationErrors) as caught:
        referrals.close(referral.id, today)
    with pytest.raises(ValidationErrors) as blank:
        referrals.record_outcome(referral.id, "  ", today)

    assert [(e.field, e.rule) for e in caught.value.errors] == [
        ("outcome", "referral_outcome_required")]
    assert blank.value.errors[0].rule == "required"
    assert referrals.referrals(person.id)[0].closed_on is None
    assert count(services, Outbox) == outbox


def test_follow_up_dates_cannot_precede_the_referral(referrals, person):
    referral = referrals.refer(person.id, service=SERVICE, sent_on=MONDAY)

    with pytest.raises(ValidationErrors) as caught:
        referrals.acknowledge(referral.id, MONDAY - dt.timedelta(days=1))

    assert caught.value.errors[0].rule == "after_sent"


def test_signposting_has_no_follow_up(referrals, person, today):
    signposted = referrals.signpost(person.id, service=SERVICE, on=today)

    with pytest.raises(ValidationErrors) as caught:
        referrals.acknowledge(signposted.id, today)

    assert caught.value.errors[0].rule == "not_a_referral"


def test_a_caf_episode_runs_from_opening_to_closure(services, referrals, person, today):
    opened_on = today - dt.timedelta(days=20)
    episode = referrals.open_caf(person.id, opened_on=opened_on, pre_assessment_done=True)

    referrals.record_caf_consent(episode.id, given_by="young_person", on=opened_on,
                                 agencies=["CAMHS", "Youth Offending Service"])
    referrals.set_lead_professional(episode.id, "Sam Fenn", "Youth service")
    meeting = referrals.add_caf_meeting(episode.id, held_on=today - dt.timedelta(days=7),
                                        attendees="YP, PA, CAMHS", actions="Book assessment")
    via_caf = referrals.refer(person.id, service="camhs", sent_on=today, route="caf",
                              caf_episode_id=episode.id)  # an agency the consent names
    closed = referrals.close_caf(episode.id, today, "Needs met")

    assert closed.consent_agencies == ("CAMHS", "Youth Offending Service")
    assert (closed.lead_professional_name, closed.closed_on) == ("Sam Fenn", today)
    assert closed.meetings == (meeting,)
    assert via_caf.caf_episode_id == episode.id
    assert referrals.caf_episodes(person.id) == [closed]


def test_only_one_caf_episode_is_open_at_a_time(services, referrals, person, today):
    referrals.open_caf(person.id, opened_on=today)

    with pytest.raises(ValidationErrors) as caught:
        referrals.open_caf(person.id, opened_on=today)

    assert caught.value.errors[0].rule == "caf_already_open"
    assert count(services, CafEpisode) == 1


def test_a_parent_consents_to_caf_for_a_young_person_under_sixteen(referrals, younger,
                                                                  today):
    episode = referrals.open_caf(younger.id, opened_on=today - dt.timedelta(days=1))

    with pytest.raises(ValidationErrors) as caught:
        referrals.record_caf_consent(episode.id, given_by="young_person", on=today,
                                     agencies=["CAMHS"])
    by_parent = referrals.record_caf_consent(episode.id, given_by="parent", on=today,
                                             agencies=["CAMHS"])

    assert caught.value.errors[0].rule == "parent_consent_under_16"
    assert (by_parent.consent_given_by, by_parent.consent_on) == ("parent", today)


def test_caf_consent_is_blocked_by_a_sharing_refusal(referrals, safeguarding, person, today):
    episode = referrals.open_caf(person.id, opened_on=today)
    safeguarding.refuse_sharing(person.id, given_by="young_person", on=today)

    with pytest.raises(SharingRefused):
        referrals.record_caf_consent(episode.id, given_by="young_person", on=today,
                                     agencies=["CAMHS"])

    assert referrals.caf_episodes(person.id)[0].consent_on is None


def test_invalid_caf_changes_write_nothing(services, referrals, person, today):
    episode = referrals.open_caf(person.id, opened_on=today - dt.timedelta(days=3))
    before = [count(services, m) for m in (CafMeeting, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as meeting:
        referrals.add_caf_meeting(episode.id, held_on=today - dt.timedelta(days=4),
                                  attendees="", actions="")
    with pytest.raises(ValidationErrors) as consent:
        referrals.record_caf_consent(episode.id, given_by="neighbour", on=today, agencies=[])
    with pytest.raises(ValidationErrors) as closing:
        referrals.close_caf(episode.id, today, "")
    with pytest.raises(ValidationErrors) as lead:
        referrals.set_lead_professional(episode.id, " ", "")

    assert {(e.field, e.rule) for e in meeting.value.errors} == {
        ("held_on", "after_caf_opened"), ("attendees", "required")}
    assert {(e.field, e.rule) for e in consent.value.errors} == {
        ("given_by", "consent_given_by"), ("agencies", "required")}
    assert [(e.field, e.rule) for e in closing.value.errors] == [("reason", "required")]
    assert {e.field for e in lead.value.errors} == {"name", "agency"}
    assert [count(services, m) for m in (CafMeeting, Outbox, AuditEvent)] == before


def test_a_closed_caf_episode_takes_no_more_meetings_or_referrals(referrals, person, today):
    episode = referrals.open_caf(person.id, opened_on=today - dt.timedelta(days=3))
    referrals.close_caf(episode.id, today, "Moved away")

    with pytest.raises(ValidationErrors) as meeting:
        referrals.add_caf_meeting(episode.id, held_on=today, attendees="PA", actions="")
    with pytest.raises(ValidationErrors) as referral:
        referrals.refer(person.id, service=SERVICE, sent_on=today, route="caf",
                        caf_episode_id=episode.id)

    assert meeting.value.errors[0].rule == "caf_closed"
    assert referral.value.errors[0].rule == "caf_episode"


def test_a_referral_through_caf_needs_consent_recorded_on_the_episode(services, referrals,
                                                                     person, today):
    episode = referrals.open_caf(person.id, opened_on=today)

    with pytest.raises(ValidationErrors) as caught:
        referrals.refer(person.id, service="camhs", sent_on=today, route="caf",
                        caf_episode_id=episode.id)
    referrals.record_caf_consent(episode.id, given_by="young_person", on=today,
                                 agencies=["CAMHS"])
    referral = referrals.refer(person.id, service="camhs", sent_on=today, route="caf",
                               caf_episode_id=episode.id)

    assert caught.value.errors[0].rule == "caf_consent_required"
    assert referrals.referrals(person.id) == [referral]


# --- consent to a referral (issue 14, finding 6) --------------------------------------------


def test_a_referral_that_sends_data_needs_consent_in_force_on_its_day(
        services, referrals, safeguarding, newcomer):
    recorded, withdrawn = dt.date(2026, 11, 10), dt.date(2026, 11, 20)
    day = dt.timedelta(days=1)
    safeguarding.record_consent(newcomer.id, purpose="sharing", decision="given",
                                given_by="young_person", recorded_on=dt.date(2026, 10, 1))
    consent = safeguarding.record_consent(newcomer.id, purpose="referral", decision="given",
                                          given_by="young_person", recorded_on=recorded,
                                          agency="  camhs ")

    def refused(service: str, on: dt.date) -> list[tuple[str, str]]:
        with pytest.raises(ValidationErrors) as caught:
            referrals.refer(newcomer.id, service=service, sent_on=on)
        return [(e.field, e.rule) for e in caught.value.errors]

    assert refused("camhs", recorded - day) == [("sends_data", "referral_consent_required")]
    referrals.refer(newcomer.id, service="camhs", sent_on=recorded)
    assert refused("jobcentre_plus", recorded) == [("sends_data",
                                                    "referral_consent_required")]
    safeguarding.withdraw_consent(consent.id, withdrawn)
    referrals.refer(newcomer.id, service="camhs", sent_on=withdrawn - day)
    assert refused("camhs", withdrawn) == [("sends_data", "referral_consent_required")]
    # sending no data needs no consent
    referrals.signpost(newcomer.id, service="jobcentre_plus", on=recorded)
    referrals.refer(newcomer.id, service="jobcentre_plus", sent_on=recorded, sends_data=False)
    assert count(services, Referral) == 4


def test_a_consent_naming_the_service_by_its_label_or_every_agency_covers_it(
        referrals, safeguarding, newcomer, today):
    safeguarding.record_consent(newcomer.id, purpose="referral", decision="given",
                                given_by="young_person", recorded_on=today,
                                agency="Youth Offending Service")
    referrals.refer(newcomer.id, service="yot", sent_on=today)
    with pytest.raises(ValidationErrors):
        referrals.refer(newcomer.id, service="housing", sent_on=today)
    safeguarding.record_consent(newcomer.id, purpose="referral", decision="given",
                                given_by="young_person", recorded_on=today)

    assert referrals.refer(newcomer.id, service="housing", sent_on=today).sends_data


def test_a_refused_referral_consent_does_not_count(referrals, safeguarding, newcomer, today):
    safeguarding.record_consent(newcomer.id, purpose="referral", decision="refused",
                                given_by="young_person", recorded_on=today)

    with pytest.raises(ValidationErrors) as caught:
        referrals.refer(newcomer.id, service="camhs", sent_on=today)

    assert caught.value.errors[0].rule == "referral_consent_required"


def test_a_caf_referral_goes_only_to_an_agency_its_consent_names_from_its_day(
        services, referrals, newcomer):
    opened, consented = dt.date(2026, 11, 2), dt.date(2026, 11, 9)
    episode = referrals.open_caf(newcomer.id, opened_on=opened)
    referrals.record_caf_consent(episode.id, given_by="young_person", on=consented,
                                 agencies=["CAMHS", "Children's social care"])

    def refused(service: str, on: dt.date) -> list[tuple[str, str]]:
        with pytest.raises(ValidationErrors) as caught:
            referrals.refer(newcomer.id, service=service, sent_on=on, route="caf",
                            caf_episode_id=episode.id)
        return [(e.field, e.rule) for e in caught.value.errors]

    assert refused("yot", consented) == [("service", "caf_consent_agency")]
    assert refused("social_care", consented) == [("service", "caf_consent_agency")]
    assert refused("camhs", consented - dt.timedelta(days=1)) == [
        ("sent_on", "caf_consent_after_sent")]
    referral = referrals.refer(newcomer.id, service="camhs", sent_on=consented, route="caf",
                               caf_episode_id=episode.id)

    assert referrals.referrals(newcomer.id) == [referral]
