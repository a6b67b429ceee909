"""The guidance summary: what is gathered for one contact, what prints, and what never does."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from pdf_tools import inked_share, page_images, page_texts, pdf_text

from ccis.errors import ValidationErrors
from paclient.errors import NotFound
from paclient.reports import guidance_summary
from paclient.resources.helplines import HelplinesError, load_helplines
from paclient.services.bundle import Services
from paclient.services.documents.guidance import PlanDocuments
from paclient.services.people.records import PersonRecord

LONG_WORD = "W" * 300
SCRIPTS = "Ŵyn ŷd · Ελληνικά · Кирилиця · مرحبا"
MARKUP = "<b>not bold</b> & <i>Tom & Jerry</i>"


@pytest.fixture
def plan_docs(services: Services, documents) -> PlanDocuments:
    return services.guidance


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Ffion", family_name="Llŵyd",
                                      date_of_birth=dt.date(2010, 5, 4), gender="F")


def at(today: dt.date, hour: int = 10, days: int = 0) -> dt.datetime:
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, 30))


def contact(services: Services, person: PersonRecord, today: dt.date, **values):
    values = {"occurred_at": at(today), "method": "face_to_face", "setting": "school",
              "topics": ["careers", "cv"], "discussion": "We looked at college courses.",
              "agreed": "You will finish your CV.", **values}
    return services.contacts.add_contact(person.id, **values)


def plan_with_actions(services: Services, person: PersonRecord, today: dt.date):
    plan = services.plans.start_plan(person.id, started_on=today - dt.timedelta(days=30))
    add = services.plans.add_action
    add(plan.id, description="Finish your CV", owner="young_person",
        due_on=today + dt.timedelta(days=7))
    add(plan.id, description="Find college open days", owner="adviser",
        due_on=today + dt.timedelta(days=14))
    add(plan.id, description="Ask school for a reference", owner="young_person",
        due_on=today - dt.timedelta(days=3))
    add(plan.id, description="Go to the drop-in clinic", owner="agency",
        owner_name="Sexual health service", due_on=today + dt.timedelta(days=10))
    done = add(plan.id, description="Visit the careers fair", owner="parent_carer",
               due_on=today - dt.timedelta(days=10))
    services.plans.complete_action(done.id, today - dt.timedelta(days=9))
    return plan


def flat(pdf: bytes) -> str:
    """The PDF's text with runs of spaces and line breaks made single spaces."""
    return re.sub(r"\s+", " ", pdf_text(pdf))


def word_sizes(pdf: bytes) -> list[tuple[str, float, float]]:
    """Each word of the PDF with its height (the font size) and its top, from pdftotext."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(word, float(bottom) - float(top), float(top)) for top, bottom, word in found]


def assert_pages_inked(pdf: bytes) -> int:
    pages = page_images(pdf)
    assert all(inked_share(p) > 0.005 for p in pages)
    return len(pages)


# --- what the service gathers -------------------------------------------------------------


def test_the_summary_holds_the_talk_the_agreed_actions_and_the_next_appointment(
        services, plan_docs, person, today):
    plan_with_actions(services, person, today)
    note = contact(services, person, today, own_words="I like animals.",
                   next_appointment_at=at(today, 14, days=8))

    doc = plan_docs.guidance_summary(note.id)

    assert doc.header.person_id == person.id and doc.header.printed_on == today
    assert (doc.method, doc.setting, doc.topics) == ("Face to face", "School", ("Careers", "CV"))
    assert doc.agreed == "You will finish your CV." and doc.own_words == "I like animals."
    # open actions only, soonest first, the sensitive agency's one left out
    assert [(a.description, a.who, a.overdue) for a in doc.actions] == [
        ("Ask school for a reference", "You", True),
        ("Finish your CV", "You", False),
        ("Find college open days", "Your adviser, Pat Adviser", False)]
    assert doc.next_appointment == at(today, 14, days=8)
    assert (doc.sensitive_included, doc.left_out) == (False, 1)
    names = [c.name for c in doc.useful_contacts]
    assert names[:3] == ["Childline", "Samaritans", "National Careers Service"]
    assert "Shelter" not in names  # housing was not talked about


def test_the_printed_summary_reads_plainly_under_friendly_headings(services, plan_docs,
                                                                   person, today):
    plan_with_actions(services, person, today)
    note = contact(services, person, today, next_appointment_at=at(today, 14, days=8))

    text = flat(guidance_summary.build([plan_docs.guidance_summary(note.id)]))

    for heading in ("Your guidance summary", "What we talked about", "What we agreed",
                    "Your next appointment", "Useful contacts", "Other people who can help"):
        assert heading in text
    assert "We met on Sunday 22 November 2026 at 10:30" in text
    assert "Monday 30 November 2026 at 14:30" in text
    assert "Finish your CV You 29 November 2026" in text
    assert "Was due 19 November 2026" in text
    assert "Childline" in text and "0800 1111" in text and "116 123" in text
    assert "call 999" in text
    assert "Go to the drop-in clinic" not in text and "Sexual health" not in text
    assert assert_pages_inked(guidance_summary.build([plan_docs.guidance_summary(note.id)])) >= 1


def test_an_action_for_a_sensitive_service_prints_only_when_asked(services, plan_docs,
                                                                  person, today):
    plan_with_actions(services, person, today)
    note = contact(services, person, today)

    doc = plan_docs.guidance_summary(note.id, include_sensitive=True)
    text = flat(guidance_summary.build([doc]))

    assert (doc.sensitive_included, doc.left_out) == (True, 0)
    assert "Go to the drop-in clinic Sexual health service 2 December 2026" in text


def test_sensitive_topics_and_their_helplines_print_only_when_asked(services, plan_docs,
                                                                    person, today):
    # the adviser judged the contact itself not sensitive, but one topic is
    note = contact(services, person, today, topics=["housing", "substance_use"],
                   sensitive=False)

    hidden = plan_docs.guidance_summary(note.id)
    shown = plan_docs.guidance_summary(note.id, include_sensitive=True)

    assert (hidden.topics, hidden.left_out) == (("Housing",), 1)
    assert (shown.topics, shown.left_out) == (("Housing", "Substance use"), 0)
    hidden_text, shown_text = (flat(guidance_summary.build([d])) for d in (hidden, shown))
    assert "Shelter" in hidden_text and "0808 800 4444" in hidden_text
    for word in ("Substance use", "FRANK", "0300 123 6600"):
        assert word not in hidden_text and word in shown_text


def test_a_sensitive_contact_is_refused_without_sensitive_items_and_prints_with_them(
        services, plan_docs, person, today):
    note = contact(services, person, today, topics=["sexual_health"])
    assert note.sensitive

    with pytest.raises(ValidationErrors) as caught:
        plan_docs.guidance_summary(note.id)

    (error,) = caught.value.errors
    assert error.rule == "sensitive_contact" and "marked sensitive" in error.message
    text = flat(guidance_summary.build([plan_docs.guidance_summary(note.id,
                                                                   include_sensitive=True)]))
    assert "Sexual health" in text and "Brook" in text and "brook.org.uk" in text


def test_a_missed_appointment_has_no_summary(services, plan_docs, person, today):
    missed = services.contacts.record_did_not_attend(person.id, occurred_at=at(today),
                                                     method="face_to_face", setting="school")

    with pytest.raises(ValidationErrors) as caught:
        plan_docs.guidance_summary(missed.id, include_sensitive=True)

    (error,) = caught.value.errors
    assert error.rule == "did_not_attend" and "did not attend" in error.message


def test_an_unknown_contact_is_not_found(plan_docs):
    with pytest.raises(NotFound):
        plan_docs.guidance_summary(uuid.uuid4())


def test_a_bare_contact_says_there_is_nothing_to_do_and_no_date_yet(services, plan_docs,
                                                                    person, today):
    note = contact(services, person, today, topics=[], discussion="", agreed="")

    doc = plan_docs.guidance_summary(note.id)
    text = flat(guidance_summary.build([doc]))

    assert doc.actions == () and doc.next_appointment is None
    assert "Nothing written down." in text and "Nothing to do for now." in text
    assert "We have not set a date yet." in text
    assert assert_pages_inked(guidance_summary.build([doc])) >= 1


def test_corrections_added_later_are_printed_with_their_date(services, plan_docs, person,
                                                             today):
    note = contact(services, person, today)
    services.contacts.add_addendum(note.id, "The course starts in September, not October.")

    text = flat(guidance_summary.build([plan_docs.guidance_summary(note.id)]))

    assert "Added on" in text and "not October." in text


# --- layout under stress ------------------------------------------------------------------


def test_long_words_long_notes_other_scripts_and_markup_print_whole_and_literally(
        services, plan_docs, today):
    person = services.people.add_person(given_name=LONG_WORD, family_name="Ŵŷ Παπαδόπουλος",
                                        date_of_birth=dt.date(2010, 5, 4), gender="F")
    discussion = " ".join(["Talked about college."] * 250) + " " + LONG_WORD + " END-OF-NOTE"
    note = contact(services, person, today, discussion=discussion, agreed=MARKUP,
                   own_words=SCRIPTS)

    pdf = guidance_summary.build([plan_docs.guidance_summary(note.id)])
    text = flat(pdf)

    assert len(discussion) > 5000
    assert "END-OF-NOTE" in text and MARKUP in text and SCRIPTS.split(" · ")[0] in text
    for script in ("Ελληνικά", "Кирилиця"):
        assert script in text
    assert text.count("W") >= 600  # the 300-letter word, in the name and in the note
    assert assert_pages_inked(pdf) >= 2


def test_many_actions_split_across_pages_with_their_headings_repeated(services, plan_docs,
                                                                      person, today):
    plan = services.plans.start_plan(person.id, started_on=today)
    for n in range(60):
        services.plans.add_action(plan.id, description=f"Action number {n} " + "step " * 20,
                                  owner="young_person", due_on=today + dt.timedelta(days=n))
    services.plans.add_action(plan.id, description="Read this. " * 500 + "END-OF-ACTION",
                              owner="agency", owner_name=LONG_WORD, due_on=today)
    note = contact(services, person, today)

    pdf = guidance_summary.build([plan_docs.guidance_summary(note.id)])
    pages = page_texts(pdf)

    assert "END-OF-ACTION" in pdf_text(pdf)  # a row longer than a page splits, not fails
    with_actions = [p for p in pages if "Action number" in p]
    assert len(with_actions) >= 2
    assert all(re.search(r"What\s+Who\s+By when", p) for p in with_actions)
    assert "Action number 59" in pdf_text(pdf)
    assert assert_pages_inked(pdf) == len(pages)


def test_large_print_sets_every_line_of_the_body_at_16_points_or_more(services, plan_docs,
                                                                      person, today):
    plan_with_actions(services, person, today)
    doc = plan_docs.guidance_summary(contact(services, person, today).id)

    large, normal = (guidance_summary.build([doc], large_print=lp) for lp in (True, False))

    body = [size for _, size, top in word_sizes(large) if 110 < top < 740]
    assert body and min(body) >= 15.99
    assert min(size for _, size, top in word_sizes(normal) if 110 < top < 740) < 16
    assert len(page_images(large)) > len(page_images(normal))


def test_a_batch_numbers_each_summary_on_its_own_and_reports_progress(services, plan_docs,
                                                                      person, today):
    other = services.people.add_person(given_name="Rhys", family_name="Ap Ifan",
                                       date_of_birth=dt.date(2009, 1, 2), gender="M")
    docs = [plan_docs.guidance_summary(contact(services, p, today).id) for p in (person, other)]
    calls: list[int] = []

    pdf = guidance_summary.build(docs, progress=lambda: calls.append(1))

    pages = page_texts(pdf)
    assert len(calls) == 2
    assert "Ffion Llŵyd" in pages[0] and "Rhys Ap Ifan" in pages[-1]
    assert sum("Page 1 of" in p for p in pages) == 2


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError):
        guidance_summary.build([])


# --- the helplines ------------------------------------------------------------------------


def test_every_helpline_relates_to_real_topics_and_can_be_reached(services):
    topics = {entry.code for entry in services.ctx.codebook.entries("topic")}
    helplines = load_helplines()

    assert all(set(h.topics) <= topics and (h.phone or h.web) for h in helplines)
    numbers = {h.name: h.phone for h in helplines}
    assert numbers["Childline"] == "0800 1111" and numbers["Samaritans"] == "116 123"
    assert numbers["National Careers Service"] == "0800 100 900"
    assert {h.name for h in helplines if h.general} == {
        "Childline", "Samaritans", "National Careers Service"}


@pytest.mark.parametrize("content", [
    "not json", json.dumps({"helplines": []}),
    json.dumps({"helplines": [{"name": "X", "helps_with": "Y"}]}),
    json.dumps({"helplines": [{"name": "X", "helps_with": "Y", "web": "x.org",
                               "topics": "careers"}]}),
    json.dumps({"helplines": [{"name": "", "helps_with": "Y", "web": "x.org"}]}),
])
def test_a_malformed_helplines_file_is_refused(tmp_path: Path, content: str):
    path = tmp_path / "helplines.json"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(HelplinesError):
        load_helplines(path)


def test_pregnancy_and_a_social_care_action_print_only_when_asked(services, plan_docs,
                                                                 person, today):
    # issue 14, finding 18: pregnancy is a topic of its own, social care is safeguarding
    plan = services.plans.start_plan(person.id, started_on=today - dt.timedelta(days=30))
    services.plans.add_action(plan.id, description="Meet the social worker", owner="agency",
                              owner_name="Social care", due_on=today + dt.timedelta(days=7))
    note = contact(services, person, today, topics=["careers", "pregnancy"], sensitive=False)

    hidden = plan_docs.guidance_summary(note.id)
    shown = plan_docs.guidance_summary(note.id, include_sensitive=True)

    assert (hidden.topics, hidden.left_out) == (("Careers",), 2)
    assert (shown.topics, shown.left_out) == (("Careers", "Pregnancy"), 0)
    hidden_text = flat(guidance_summary.build([hidden]))
    assert "Pregnancy" not in hidden_text and "social worker" not in hidden_text
    assert "Meet the social worker" in flat(guidance_summary.build([shown]))
