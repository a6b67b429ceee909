"""The CAF referral: gathered through the services, printed for the receiving agency."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from pdf_tools import inked_share, page_images, page_texts, pdf_text

from ccis.errors import ValidationErrors
from paclient.errors import NotFound, SharingRefused
from paclient.reports import caf_referral
from paclient.services.bundle import Services
from paclient.services.casework.records import CafEpisodeRecord, ReferralRecord
from paclient.services.documents.caf_referral import CafReferralDocuments
from paclient.services.documents.service import DocumentService
from paclient.services.people.records import PersonRecord

OPENED = dt.date(2026, 9, 1)
SENT = dt.date(2026, 11, 2)
PLAIN, RELATED, OTHER_SENSITIVE = "attendance", "offending", "sexual_health"
WORLD = "Dŵr ŷd · Καλημέρα · Привет · مرحبا"


@pytest.fixture
def docs(services: Services, documents: DocumentService) -> CafReferralDocuments:
    """The document service, with the letterhead set by `documents`."""
    return services.caf_referrals


def consenting(services: Services, person: PersonRecord) -> PersonRecord:
    """The person, having consented on OPENED to referrals to every agency (issue 14)."""
    services.safeguarding.record_consent(person.id, purpose="referral", decision="given",
                                         given_by="young_person", recorded_on=OPENED)
    return person


@pytest.fixture
def person(services: Services) -> PersonRecord:
    """Sixteen on the test date, with an address and a school."""
    return consenting(services, services.people.add_person(
        given_name="Orla", family_name="Quill", preferred_name="Lala",
        date_of_birth=dt.date(2010, 3, 1), gender="F", address_line1="4 Mill Lane",
        town="Testtown", postcode="TT1 2BB", school_name="Testtown Academy"))


def open_episode(services: Services, person: PersonRecord, *,
                 meetings: int = 1) -> CafEpisodeRecord:
    """An open CAF episode with consent, a lead professional and `meetings` TAC meetings."""
    refs = services.referrals
    episode = refs.open_caf(person.id, opened_on=OPENED, pre_assessment_done=True)
    refs.record_caf_consent(episode.id, given_by="young_person", on=OPENED,
                            agencies=["Youth offending service", "Housing options"])
    refs.set_lead_professional(episode.id, "Dana Reyes", "Family Support")
    for n in range(meetings):
        refs.add_caf_meeting(episode.id, held_on=OPENED + dt.timedelta(days=n),
                             attendees="Orla, mother, PA", actions=f"Meeting {n}: PA to call YOT.")
    return episode


def assess(services: Services, person: PersonRecord, summary: str = "Wants to stay out of "
           "trouble.") -> None:
    services.plans.record_assessment(
        person.id, assessed_on=OPENED, level_of_need=1, summary=summary,
        factors={PLAIN: (2, "Misses Mondays."), RELATED: (3, "Caution in August."),
                 OTHER_SENSITIVE: (1, "Clinic visits."), "housing": (0, "")})


def yot_referral(services: Services, person: PersonRecord) -> ReferralRecord:
    """A referral through CAF to the youth offending service, with everything recorded."""
    episode = open_episode(services, person)
    assess(services, person)
    services.activities.record_activity(person.id, code="230", start_date=OPENED,
                                        date_ascertained=OPENED,
                                        provider_name="Testtown College")
    return services.referrals.refer(person.id, service="yot", sent_on=SENT, route="caf",
                                    caf_episode_id=episode.id, reason="Offending worries.",
                                    consent_reference="C-77")


def flat(pdf: bytes) -> str:
    """The PDF's text with runs of spaces and line ends collapsed."""
    return re.sub(r"\s+", " ", pdf_text(pdf))


def check_pages(pdf: bytes) -> int:
    """The page count, after checking that no page is blank."""
    pages = page_images(pdf)
    assert pages and all(inked_share(page) > 0.005 for page in pages)
    return len(pages)


def test_the_referral_gathers_the_referral_the_person_the_episode_and_the_assessment(
        services, docs, person, today):
    referral = yot_referral(services, person)

    doc = docs.caf_referral(referral.id)

    assert doc.header.person_name == "Orla Quill" and doc.header.printed_on == today
    r = doc.referral
    assert (r.service, r.sent_on, r.reason, r.consent_reference) == (
        "Youth offending service", SENT, "Offending worries.", "C-77")
    assert r.route.startswith("Through the CAF") and r.follow_up_due == dt.date(2026, 11, 16)
    p = doc.person
    assert p.address == ("4 Mill Lane", "Testtown", "TT1 2BB")
    assert (p.preferred_name, p.school, p.provider) == ("Lala", "Testtown Academy",
                                                        "Testtown College")
    assert p.current_activity is not None and p.current_activity.endswith("(230)")
    assert doc.episode is not None
    assert (doc.episode.consent_given_by, doc.episode.consent_on) == ("The young person", OPENED)
    assert doc.episode.consent_agencies == ("Youth offending service", "Housing options")
    assert doc.episode.lead_professional == "Dana Reyes (Family Support)"
    assert [m.attendees for m in doc.episode.meetings] == ["Orla, mother, PA"]
    assert doc.assessment is not None and doc.assessment.level_of_need == "1 Intensive support"
    areas = {a.label: [(f.label, f.rating) for f in a.factors] for a in doc.assessment.areas}
    assert areas == {"Education, training and employment": [("Attendance", 2)],
                     "Personal and social development": [("Offending and risk-taking", 3)],
                     "Family and environment": [("Housing", 0)]}


def test_the_printed_referral_shows_what_the_agency_needs(services, docs, person):
    doc = docs.caf_referral(yot_referral(services, person).id)

    pdf = caf_referral.build([doc])

    text = flat(pdf)
    for expected in ("Referral to Youth offending service", "Offending worries.", "C-77",
                     "4 Mill Lane", "Testtown Academy", "Testtown College",
                     "The young person, on 1 September 2026", "Housing options",
                     "Dana Reyes (Family Support)", "Meeting 0: PA to call YOT.",
                     "Attendance 2 Significant need Misses Mondays.", "3 Urgent",
                     "Wants to stay out of trouble.", "Pat Adviser", "Confidential"):
        assert expected in text, expected
    assert check_pages(pdf) == len(page_texts(pdf))
    assert all(f"of {len(page_texts(pdf))}" in page for page in page_texts(pdf))


def test_other_sensitive_factors_are_left_out_unless_asked_for(services, docs, person):
    referral = yot_referral(services, person)

    plain = docs.caf_referral(referral.id)
    full = docs.caf_referral(referral.id, include_sensitive=True)

    plain_text, full_text = flat(caf_referral.build([plain])), flat(caf_referral.build([full]))
    # offending is what a youth offending referral is about: it goes with it either way
    assert "Offending and risk-taking" in plain_text and "Caution in August." in plain_text
    assert "Sexual health" not in plain_text and "Clinic visits." not in plain_text
    assert (plain.left_out, plain.sensitive_included) == (1, False)
    assert "1 sensitive item is not shown" in plain_text
    assert "Sexual health" in full_text and "Clinic visits." in full_text
    assert (full.left_out, full.sensitive_included) == (0, True)
    assert "includes sensitive information" in full_text


def test_a_referral_to_a_sensitive_service_names_it_but_not_unrelated_factors(
        services, docs, person, today):
    assess(services, person)
    referral = services.referrals.refer(person.id, service="sexual_health", sent_on=today)

    doc = docs.caf_referral(referral.id)

    text = flat(caf_referral.build([doc]))
    assert "Referral to Sexual health service" in text and "Clinic visits." in text
    assert "Offending and risk-taking" not in text and doc.left_out == 1


def test_a_sensitive_current_activity_is_left_out_unless_asked_for(services, docs, person,
                                                                   today):
    assert services.ctx.codebook.activity("710").sensitive, "custody (710) is no longer sensitive"
    services.activities.record_activity(person.id, code="710", start_date=OPENED,
                                        date_ascertained=OPENED, review_date=SENT)
    referral = services.referrals.refer(person.id, service="housing", sent_on=today)

    plain = docs.caf_referral(referral.id)
    full = docs.caf_referral(referral.id, include_sensitive=True)

    assert plain.person.current_activity is None and plain.left_out == 1
    assert "Custody" not in flat(caf_referral.build([plain]))
    assert full.person.current_activity is not None and "Custody" in full.person.current_activity


def test_no_referral_document_for_someone_who_refused_sharing(services, docs, person, today):
    sent = services.referrals.refer(person.id, service="housing", sent_on=today)
    without_data = services.referrals.refer(person.id, service="jobcentre_plus",
                                            sent_on=today, sends_data=False)
    services.safeguarding.refuse_sharing(person.id, given_by="young_person", on=today)

    for referral in (sent, without_data):
        with pytest.raises(SharingRefused) as caught:
            docs.caf_referral(referral.id)
        assert "refused information sharing" in str(caught.value)


def test_an_unknown_referral_or_signposting_gives_a_clear_error(services, docs, person, today):
    signposted = services.referrals.signpost(person.id, service="housing", on=today)

    with pytest.raises(NotFound):
        docs.caf_referral(uuid.uuid4())
    with pytest.raises(ValidationErrors) as caught:
        docs.caf_referral(signposted.id)
    assert [e.rule for e in caught.value.errors] == ["not_a_referral"]
    assert "signposting" in str(caught.value)


def test_a_bare_referral_prints_what_is_missing(services, docs, today):
    bare = consenting(services, services.people.add_person(
        given_name="Idris", family_name="Tarn", date_of_birth=dt.date(2010, 1, 10), gender="M"))
    referral = services.referrals.refer(bare.id, service="housing", sent_on=today)

    doc = docs.caf_referral(referral.id)

    assert (doc.episode, doc.assessment, doc.left_out) == (None, None, 0)
    text = flat(caf_referral.build([doc]))
    assert "not made through a CAF episode" in text and "No assessment recorded." in text
    assert "Address not recorded" in text and "Current activity not shown" in text
    check_pages(caf_referral.build([doc]))


def test_long_markup_and_other_scripts_print_whole_and_literally(services, docs, today):
    word = "W" * 300
    person = services.people.add_person(given_name=f"Ŵyn {WORLD}", family_name=word,
                                        date_of_birth=dt.date(2010, 3, 1), gender="M")
    episode = open_episode(services, person, meetings=60)
    services.referrals.add_caf_meeting(episode.id, held_on=today, attendees="<b>PA</b> & Mum",
                                       actions=f"{WORLD} " * 300)
    assess(services, person, summary="Note <i>in</i> & out " + "x" * 5000)
    referral = services.referrals.refer(
        person.id, service="yot", sent_on=today, route="caf", caf_episode_id=episode.id,
        reason="<b>Bold?</b> & " + "reason " * 700, consent_reference="<C&1>")

    for large_print in (False, True):
        pdf = caf_referral.build([docs.caf_referral(referral.id)], large_print=large_print)
        text, pages = flat(pdf), page_texts(pdf)
        assert "<b>Bold?</b> &" in text and "<C&1>" in text and "<b>PA</b> &" in text
        assert "Note <i>in</i> & out" in text
        assert "Привет" in text and "Καλημέρα" in text and "Ŵyn" in text and "ŷd" in text
        # Arabic letters are all printed; ReportLab lays them out without bidi reordering,
        # so their order as read back is not checked here
        assert set("مرحبا") <= set(text)
        joined = re.sub(r"\s+", "", pdf_text(pdf))  # a word split over lines, put back together
        assert joined.count("x") >= 5000 and word in joined and text.count("reason ") >= 700
        count = check_pages(pdf)
        assert count == len(pages) and count > 3
        meeting_pages = [p for p in pages if "Meeting 5" in p or "Meeting 59" in p]
        assert meeting_pages and all("Who attended" in p for p in meeting_pages)


def test_a_batch_numbers_each_referral_on_its_own(services, docs, person, today):
    other = consenting(services, services.people.add_person(
        given_name="Idris", family_name="Tarn", date_of_birth=dt.date(2010, 1, 10), gender="M"))
    first = docs.caf_referral(yot_referral(services, person).id)
    second = docs.caf_referral(services.referrals.refer(other.id, service="housing",
                                                        sent_on=today).id)
    calls: list[None] = []

    pdf = caf_referral.build([first, second], progress=lambda: calls.append(None))

    pages = page_texts(pdf)
    assert len(calls) == 2
    assert sum("Page 1 of" in p for p in pages) == 2
    assert "Orla Quill" in pages[0] and "Idris Tarn" in pages[-1]


def test_nothing_to_print_is_refused():
    with pytest.raises(ValueError):
        caf_referral.build([])
