"""The action plan document: the live plan's actions, reviews and next review, as printed."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from pdf_tools import inked_share, page_images, page_texts, pdf_text
from PIL import Image

from paclient.errors import NotFound
from paclient.reports import action_plan
from paclient.services.bundle import Services
from paclient.services.documents.guidance import PlanDocuments
from paclient.services.people.records import PersonRecord

LONG_WORD = "Z" * 300
MARKUP = "<b>bold?</b> & <font size=40>big?</font>"


@pytest.fixture
def plan_docs(services: Services, documents) -> PlanDocuments:
    return services.guidance


@pytest.fixture
def person(services: Services) -> PersonRecord:
    return services.people.add_person(given_name="Rowan", family_name="Hask",
                                      date_of_birth=dt.date(2010, 5, 4), gender="M")


def day(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


def full_plan(services: Services, person: PersonRecord, today: dt.date):
    plans = services.plans
    plan = plans.start_plan(person.id, started_on=day(today, -60))
    plans.add_action(plan.id, description="Finish your CV", owner="young_person",
                     due_on=day(today, 7))
    plans.add_action(plan.id, description="Ask school for a reference", owner="young_person",
                     due_on=day(today, -3))
    plans.add_action(plan.id, description="Go to the drop-in clinic", owner="agency",
                     owner_name="sexual health service", due_on=day(today, 10))
    done = plans.add_action(plan.id, description="Visit the careers fair",
                            owner="parent_carer", due_on=day(today, -20))
    dropped = plans.add_action(plan.id, description="Apply for a bus pass", owner="agency",
                               owner_name="Testshire Travel", due_on=day(today, -30))
    plans.complete_action(done.id, day(today, -18))
    plans.drop_action(dropped.id, "Moved closer to college")
    plans.record_review(plan.id, reviewed_on=day(today, -30), progress="Looking at courses.",
                        achievements="Went to an open day.", next_review_on=day(today, 40))
    return plan


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", pdf_text(pdf))


def red_pixels(pdf: bytes) -> int:
    """How many pixels of the first page are clearly red (the overdue highlight)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(source),
                        str(Path(folder) / "page")], check=True)
        image = Image.open(next(Path(folder).glob("page*.png"))).convert("RGB")
    data = image.tobytes()
    return sum(1 for i in range(0, len(data), 3)
               if data[i] > 120 and data[i + 1] < 80 and data[i + 2] < 80)


def assert_pages_inked(pdf: bytes) -> int:
    pages = page_images(pdf)
    assert all(inked_share(p) > 0.005 for p in pages)
    return len(pages)


def test_the_plan_lists_actions_with_owner_due_date_and_status(services, plan_docs, person,
                                                               today):
    plan = full_plan(services, person, today)

    doc = plan_docs.action_plan(person.id)

    assert doc.has_plan and doc.started_on == day(today, -60)
    assert doc.next_review_on == day(today, 40) and not doc.review_overdue
    assert [(a.description, a.owner, a.status, a.overdue) for a in doc.actions] == [
        ("Apply for a bus pass", "Testshire Travel", "dropped", False),
        ("Visit the careers fair", "Parent or carer", "done", False),
        ("Ask school for a reference", "Young person", "open", True),
        ("Finish your CV", "Young person", "open", False)]
    assert (doc.sensitive_included, doc.left_out) == (False, 1)
    assert [(r.reviewed_on, r.progress) for r in doc.reviews] == [
        (day(today, -30), "Looking at courses.")]
    assert plan.id  # the plan printed is the live one


def test_the_printed_plan_shows_status_reviews_and_highlights_overdue_actions(
        services, plan_docs, person, today):
    full_plan(services, person, today)

    pdf = action_plan.build([plan_docs.action_plan(person.id)])
    text = flat(pdf)

    assert "Action plan" in text and "Rowan Hask" in text
    assert "Plan started 23 September 2026" in text and "Next review 1 January 2027" in text
    assert "Apply for a bus pass Testshire Travel 23/10/2026 Dropped: Moved closer" in text
    assert "Visit the careers fair Parent or carer 02/11/2026 Done 04/11/2026" in text
    assert "Ask school for a reference Young person 19/11/2026 Open, overdue" in text
    assert "Finish your CV Young person 29/11/2026 Open" in text
    assert "1 open action is past its due date" in text
    assert "23/10/2026 Looking at courses. Went to an open day. 01/01/2027" in text
    assert "Go to the drop-in clinic" not in text and "sexual health" not in text.lower()
    assert red_pixels(pdf) > 20
    assert assert_pages_inked(pdf) >= 1


def test_an_action_for_a_sensitive_service_prints_only_when_asked(services, plan_docs,
                                                                  person, today):
    full_plan(services, person, today)

    doc = plan_docs.action_plan(person.id, include_sensitive=True)

    assert (doc.sensitive_included, doc.left_out) == (True, 0)
    text = flat(action_plan.build([doc]))
    assert re.search(r"Go to the drop-in clinic sexual health (service )?02/12/2026 Open", text)


def test_without_a_live_plan_the_document_says_so(services, plan_docs, person):
    doc = plan_docs.action_plan(person.id)
    pdf = action_plan.build([doc])

    assert not doc.has_plan and doc.actions == () and doc.left_out == 0
    assert "There is no live action plan for this young person." in flat(pdf)
    assert assert_pages_inked(pdf) == 1


def test_a_new_plan_replaces_the_old_one_on_the_document(services, plan_docs, person, today):
    old = services.plans.start_plan(person.id, started_on=day(today, -100))
    services.plans.add_action(old.id, description="Old action", owner="adviser",
                              due_on=day(today, -90))
    services.plans.start_plan(person.id, started_on=day(today, -10))

    text = flat(action_plan.build([plan_docs.action_plan(person.id)]))

    assert "Old action" not in text and "No actions agreed yet." in text
    assert "The plan has not been reviewed yet." in text


def test_a_review_past_its_date_is_marked_overdue(services, plan_docs, person, today):
    services.plans.start_plan(person.id, started_on=day(today, -400))

    doc = plan_docs.action_plan(person.id)

    assert doc.review_overdue
    assert re.search(r"Next review \d+ \w+ 20\d\d \(overdue\)", flat(action_plan.build([doc])))


def test_an_unknown_person_is_not_found(plan_docs):
    with pytest.raises(NotFound):
        plan_docs.action_plan(uuid.uuid4())


def test_long_plans_split_across_pages_with_headings_and_print_every_word_literally(
        services, plan_docs, today):
    person = services.people.add_person(given_name=LONG_WORD, family_name="Ŵŷ Иванова",
                                        date_of_birth=dt.date(2010, 5, 4), gender="F")
    plan = services.plans.start_plan(person.id, started_on=day(today, -30))
    for n in range(50):
        services.plans.add_action(plan.id, description=f"Step {n}: " + "practise " * 15,
                                  owner="agency", owner_name="Ελληνική υπηρεσία مرحبا",
                                  due_on=day(today, n - 10))
    services.plans.add_action(plan.id, description=MARKUP, owner="young_person",
                              due_on=day(today, 100))
    services.plans.record_review(plan.id, reviewed_on=day(today, -1),
                                 progress="Good progress. " * 350 + LONG_WORD + " END-REVIEW")

    pdf = action_plan.build([plan_docs.action_plan(person.id)])
    pages, text = page_texts(pdf), flat(pdf)

    with_steps = [p for p in pages if "Step " in p]
    assert len(with_steps) >= 2
    assert all(re.search(r"Action\s+Who\s+Due\s+Status", p) for p in with_steps)
    assert "Step 49" in text and MARKUP in text and "END-REVIEW" in text
    assert "Ελληνική" in text and "Иванова" in text
    assert "10 open actions are past their due date" in text
    assert text.count("Z") >= 600
    assert assert_pages_inked(pdf) == len(pages)


def test_large_print_is_at_least_16_points_and_a_batch_numbers_each_plan(services, plan_docs,
                                                                         person, today):
    full_plan(services, person, today)
    other = services.people.add_person(given_name="Mair", family_name="Owen",
                                       date_of_birth=dt.date(2009, 2, 3), gender="F")
    docs = [plan_docs.action_plan(p.id) for p in (person, other)]
    calls: list[int] = []

    large = action_plan.build(docs, large_print=True, progress=lambda: calls.append(1))

    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=large, capture_output=True,
                         check=True).stdout.decode()
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)
    body = [float(bottom) - float(top) for top, bottom in boxes if 110 < float(top) < 740]
    assert body and min(body) >= 15.99
    pages = page_texts(large)
    assert len(calls) == 2 and sum("Page 1 of" in p for p in pages) == 2
    assert "Mair Owen" in pages[-1] and "no live action plan" in pages[-1]
    assert assert_pages_inked(large) == len(pages)


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError):
        action_plan.build([])
