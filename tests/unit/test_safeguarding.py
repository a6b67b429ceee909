"""Consent, confidentiality, safety warnings, characteristics, parents and carers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ccis.errors import ValidationErrors
from paclient.models import AuditEvent, Characteristic, Consent, Outbox, ParentCarer
from paclient.services.bundle import Services
from paclient.services.people.records import PersonRecord
from paclient.services.people.safeguarding import SafeguardingService


@pytest.fixture
def safeguarding(services: Services) -> SafeguardingService:
    return SafeguardingService(services.ctx)


@pytest.fixture
def person(services: Services) -> PersonRecord:
    """A young man of sixteen."""
    return services.people.add_person(given_name="Kit", family_name="Brimby",
                                      date_of_birth=dt.date(2010, 2, 14), gender="M")


@pytest.fixture
def younger(services: Services) -> PersonRecord:
    """Fifteen on the test date."""
    return services.people.add_person(given_name="Nell", family_name="Vell",
                                      date_of_birth=dt.date(2011, 9, 30), gender="F")


def count(services: Services, model: type) -> int:
    with services.ctx.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


# --- consent -----------------------------------------------------------------------------


def test_a_refusal_is_recorded_enforced_and_withdrawn(services, safeguarding, person, today):
    before = [count(services, m) for m in (Consent, Outbox, AuditEvent)]

    refusal = safeguarding.refuse_sharing(person.id, given_by="young_person",
                                          on=days_ago(today, 2))
    refused = safeguarding.sharing_refused(person.id)
    withdrawn = safeguarding.withdraw_consent(refusal.id, today)

    assert refused is True and safeguarding.sharing_refused(person.id) is False
    assert (refusal.purpose, refusal.decision, refusal.agency) == ("sharing", "refused", None)
    assert withdrawn.withdrawn_on == today and not withdrawn.active
    # the refusal and its withdrawal: two outbox entries, two audit events
    assert [count(services, m) for m in (Consent, Outbox, AuditEvent)] == [
        before[0] + 1, before[1] + 2, before[2] + 2]


def test_consent_for_other_purposes_does_not_count_as_a_sharing_refusal(safeguarding, person,
                                                                        today):
    safeguarding.record_consent(person.id, purpose="referral", decision="refused",
                                given_by="young_person", recorded_on=today, agency="CAMHS")
    safeguarding.record_consent(person.id, purpose="sharing", decision="given",
                                given_by="young_person", recorded_on=today)

    assert safeguarding.sharing_refused(person.id) is False
    assert len(safeguarding.consents(person.id)) == 2


def test_a_parent_gives_consent_for_a_young_person_under_sixteen(services, safeguarding,
                                                                 younger, today):
    with pytest.raises(ValidationErrors) as caught:
        safeguarding.record_consent(younger.id, purpose="caf", decision="given",
                                    given_by="young_person", recorded_on=today)
    by_parent = safeguarding.record_consent(younger.id, purpose="caf", decision="given",
                                            given_by="parent", recorded_on=today)

    assert caught.value.errors[0].rule == "parent_consent_under_16"
    assert safeguarding.consents(younger.id) == [by_parent]


def test_a_parent_consents_only_until_the_16th_birthday(services, safeguarding, person):
    # issue 14, finding 6: Kit is 16 on 14/02/2026; from that day only he consents
    eve, birthday = dt.date(2026, 2, 13), dt.date(2026, 2, 14)
    before = count(services, Consent)

    def consent(given_by: str, on: dt.date) -> object:
        return safeguarding.record_consent(person.id, purpose="referral", decision="given",
                                           given_by=given_by, recorded_on=on)

    consent("parent", eve)
    with pytest.raises(ValidationErrors) as parent_late:
        consent("parent", birthday)
    with pytest.raises(ValidationErrors) as own_early:
        consent("young_person", eve)
    consent("young_person", birthday)

    assert [(e.field, e.rule) for e in parent_late.value.errors] == [
        ("given_by", "own_consent_from_16")]
    assert "16 or over" in parent_late.value.errors[0].message
    assert own_early.value.errors[0].rule == "parent_consent_under_16"
    assert count(services, Consent) == before + 2


def test_a_parents_refusal_is_still_honoured_after_sixteen(safeguarding, person, today):
    safeguarding.refuse_sharing(person.id, given_by="parent", on=today)

    assert safeguarding.sharing_refused(person.id) is True


def test_a_refusal_by_a_young_person_under_sixteen_is_still_honoured(safeguarding, younger,
                                                                     today):
    safeguarding.refuse_sharing(younger.id, given_by="young_person", on=today)

    assert safeguarding.sharing_refused(younger.id) is True


def test_invalid_consent_lists_every_problem_and_writes_nothing(services, safeguarding,
                                                                person, today):
    before = [count(services, m) for m in (Consent, Outbox, AuditEvent)]

    with pytest.raises(ValidationErrors) as caught:
        safeguarding.record_consent(person.id, purpose="gossip", decision="maybe",
                                    given_by="neighbour", recorded_on=today + dt.timedelta(1))

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("purpose", "consent_purpose"), ("decision", "consent_decision"),
        ("given_by", "consent_given_by"), ("recorded_on", "not_in_future")}
    assert [count(services, m) for m in (Consent, Outbox, AuditEvent)] == before


def test_a_consent_is_withdrawn_once_and_not_before_it_was_recorded(safeguarding, person,
                                                                    today):
    consent = safeguarding.refuse_sharing(person.id, given_by="young_person",
                                          on=days_ago(today, 1))

    with pytest.raises(ValidationErrors) as early:
        safeguarding.withdraw_consent(consent.id, days_ago(today, 2))
    safeguarding.withdraw_consent(consent.id, today)
    with pytest.raises(ValidationErrors) as twice:
        safeguarding.withdraw_consent(consent.id, today)

    assert early.value.errors[0].rule == "withdrawn_after_recorded"
    assert twice.value.errors[0].rule == "already_withdrawn"


def test_the_confidentiality_explanation_date_is_kept_on_the_person(services, safeguarding,
                                                                   person, today):
    outbox = count(services, Outbox)

    safeguarding.record_confidentiality_explained(person.id, days_ago(today, 1))

    assert services.people.get(person.id, audited=False).confidentiality_explained_on == (
        days_ago(today, 1))
    assert count(services, Outbox) == outbox + 1
    with pytest.raises(ValidationErrors, match="future"):
        safeguarding.record_confidentiality_explained(person.id, today + dt.timedelta(1))


# --- safety warnings ---------------------------------------------------------------------


def test_a_warning_shows_until_it_ends(services, safeguarding, person, today):
    warning = safeguarding.add_warning(person.id, kind="no_home_visit_alone",
                                       text="Visit in pairs.", start_date=days_ago(today, 10))
    shown = safeguarding.active_warnings(person.id)

    ended = safeguarding.end_warning(warning.id, today)

    assert shown == [warning]
    assert ended.end_date == today and safeguarding.active_warnings(person.id) == []


def test_a_warning_that_starts_later_is_not_yet_shown(safeguarding, person, today):
    safeguarding.add_warning(person.id, kind="lone_working", text="Meet at the centre.",
                             start_date=today + dt.timedelta(days=3))

    assert safeguarding.active_warnings(person.id) == []


def test_an_invalid_warning_writes_nothing(services, safeguarding, person, today):
    warning = safeguarding.add_warning(person.id, kind="other", text="Dog at home.",
                                       start_date=today)
    outbox = count(services, Outbox)

    with pytest.raises(ValidationErrors) as caught:
        safeguarding.add_warning(person.id, kind="vibes", text=" ", start_date=today)
    with pytest.raises(ValidationErrors) as early:
        safeguarding.end_warning(warning.id, days_ago(today, 1))

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("kind", "warning_kind"), ("text", "required")}
    assert early.value.errors[0].rule == "end_after_start"
    assert count(services, Outbox) == outbox


# --- characteristics ---------------------------------------------------------------------


def test_a_characteristic_in_a_sensitive_category_is_flagged(safeguarding, person, today):
    misuse = safeguarding.add_characteristic(person.id, code="150", start_date=today,
                                             source="Self-disclosed")
    carer = safeguarding.add_characteristic(person.id, code="140", start_date=today)

    assert (misuse.sensitive, carer.sensitive) == (True, False)
    assert misuse.label and misuse.source == "Self-disclosed"


@pytest.mark.parametrize("code", ["110", "160", "170"])
def test_looked_after_care_leaver_and_youth_offending_team_are_sensitive(safeguarding, person,
                                                                         today, code):
    # issue 14, finding 18: safeguarding (110, and 160 which tells the same history) and 170
    assert safeguarding.add_characteristic(person.id, code=code, start_date=today).sensitive


def test_pregnancy_is_not_recorded_for_gender_m(services, safeguarding, person, today):
    with pytest.raises(ValidationErrors) as caught:
        safeguarding.add_characteristic(person.id, code="180", start_date=today)

    assert caught.value.errors[0].field == "code"
    assert count(services, Characteristic) == 0


def test_an_invalid_characteristic_lists_every_problem(services, safeguarding, person, today):
    with pytest.raises(ValidationErrors) as caught:
        safeguarding.add_characteristic(person.id, code="999", start_date=today,
                                        end_date=days_ago(today, 1))

    assert {(e.field, e.rule) for e in caught.value.errors} == {
        ("code", "characteristic_code"), ("end_date", "end_after_start")}
    assert count(services, Characteristic) == 0


def test_the_same_characteristic_cannot_overlap_itself(safeguarding, person, today):
    first = safeguarding.add_characteristic(person.id, code="110",
                                            start_date=days_ago(today, 100))

    with pytest.raises(ValidationErrors) as caught:
        safeguarding.add_characteristic(person.id, code="110", start_date=days_ago(today, 5))
    safeguarding.end_characteristic(first.id, days_ago(today, 10))
    again = safeguarding.add_characteristic(person.id, code="110",
                                            start_date=days_ago(today, 5))

    assert caught.value.errors[0].rule == "characteristic_overlap"
    assert again.end_date is None


def test_characteristics_on_a_date_are_those_that_applied_then(safeguarding, person, today):
    looked_after = safeguarding.add_characteristic(
        person.id, code="110", start_date=days_ago(today, 400), end_date=days_ago(today, 30))
    care_leaver = safeguarding.add_characteristic(person.id, code="160",
                                                  start_date=days_ago(today, 29))

    assert safeguarding.characteristics(person.id, on=days_ago(today, 30)) == [looked_after]
    assert safeguarding.characteristics(person.id, on=today) == [care_leaver]
    assert safeguarding.characteristics(person.id) == [care_leaver, looked_after]
    with pytest.raises(ValidationErrors) as twice:
        safeguarding.end_characteristic(looked_after.id, today)
    assert twice.value.errors[0].rule == "already_ended"


# --- parents and carers ------------------------------------------------------------------


def test_parents_and_carers_are_kept_with_permission_to_contact(services, safeguarding,
                                                               person):
    before = [count(services, m) for m in (ParentCarer, Outbox, AuditEvent)]

    mother = safeguarding.add_parent_carer(person.id, name="Ruth Brimby",
                                           relationship="mother", phone="07700 900123",
                                           email="ruth@example.org", permission_to_contact=True)
    foster = safeguarding.add_parent_carer(person.id, name="Dev Ketter",
                                           relationship="foster carer")

    assert safeguarding.parents_carers(person.id) == [mother, foster]
    assert mother.permission_to_contact and not foster.permission_to_contact
    assert [count(services, m) for m in (ParentCarer, Outbox, AuditEvent)] == [
        before[0] + 2, before[1] + 2, before[2] + 2]


def test_an_invalid_parent_or_carer_lists_every_problem_and_writes_nothing(
        services, safeguarding, person):
    with pytest.raises(ValidationErrors) as caught:
        safeguarding.add_parent_carer(person.id, name=" ", relationship="",
                                      email="not an address")

    assert {e.field for e in caught.value.errors} == {"name", "relationship", "email"}
    assert count(services, ParentCarer) == 0


def test_consent_to_share_waits_until_a_refusal_is_withdrawn(safeguarding, person, today):
    refusal = safeguarding.refuse_sharing(person.id, given_by="young_person",
                                          on=days_ago(today, 5))

    with pytest.raises(ValidationErrors) as caught:
        safeguarding.record_consent(person.id, purpose="sharing", decision="given",
                                    given_by="young_person", recorded_on=today)
    safeguarding.withdraw_consent(refusal.id, today)
    safeguarding.record_consent(person.id, purpose="sharing", decision="given",
                                given_by="young_person", recorded_on=today)

    assert caught.value.errors[0].rule == "sharing_refusal_active"
    assert safeguarding.sharing_refused(person.id) is False
