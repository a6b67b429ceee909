"""The caseload review: an adviser's caseload for a team leader, what needs attention marked."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from caseload_rows import synthetic_review
from pdf_tools import inked_share, page_images, page_texts, pdf_text
from PIL import Image

from paclient.reports import caseload_review
from paclient.services.bundle import Services
from paclient.services.caseload.listing import WORKLISTS
from paclient.services.demo.build import build_demo
from paclient.services.documents.caseload_review import REVIEW_LISTS, CaseloadReview
from paclient.services.documents.records import CaseloadReviewDoc
from paclient.services.documents.service import DocumentService

WORLD = "Dŵr ŷd · Καλημέρα · Привет"


@pytest.fixture
def docs(services: Services, documents: DocumentService) -> CaseloadReview:
    """The caseload review, with the letterhead set by `documents`."""
    return services.caseload_review


@pytest.fixture
def demo(services: Services) -> Services:
    """`services` with a small demo caseload: members on every work list."""
    build_demo(services.ctx, people=60, seed=1, contacts_per_person=2)
    return services


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", pdf_text(pdf))


def reddish_pixels(pdf: bytes) -> list[int]:
    """For each page, rendered in colour, how many pixels are clearly red or pink."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(source),
                        str(Path(folder) / "page")], check=True)
        pages = [Image.open(p).convert("RGB").tobytes()
                 for p in sorted(Path(folder).glob("page*.png"))]
    return [sum(1 for r, g, b in zip(px[0::3], px[1::3], px[2::3], strict=True)
                if r - g > 20 and r - b > 20) for px in pages]


def test_the_review_lists_the_caseload_and_marks_every_work_list_member(demo, docs):
    review = docs.document()

    rows = demo.caseload.rows()
    assert [line.person_id for line in review.lines] == [row.id for row in rows]
    by_id = {line.person_id: line for line in review.lines}
    for name in REVIEW_LISTS:
        members = demo.caseload.worklist(name)
        assert members, f"the demo has nobody on {name}"
        assert all(by_id[m.id].overdue for m in members)
    counts = {c.label: c.count for c in review.counts}
    assert counts["Young people on the caseload"] == len(rows)
    assert counts[WORKLISTS["lapsed"]] == len(demo.caseload.worklist("lapsed"))
    assert counts["Needing attention (marked in the table)"] == sum(
        line.overdue for line in review.lines)
    assert sum(c.count for c in review.levels) == len(rows)
    assert review.header.adviser.name == "Pat Adviser"


def test_the_attention_notes_say_what_is_due(demo, docs):
    review = docs.document()

    notes = {note for line in review.lines for note in line.attention}
    lapsed = demo.caseload.worklist("lapsed")[0]
    line = next(x for x in review.lines if x.person_id == lapsed.id)
    assert "Lapsed" in line.attention and line.lapse_date == lapsed.due_to_lapse_date
    assert {"Lapsed", "Lapses soon"} <= notes
    assert notes & {"Review overdue", "No action plan"}
    assert any(n.startswith("Referral follow-up due ") for n in notes)


def test_due_to_lapse_looks_as_far_ahead_as_asked(demo, docs):
    near = docs.document(within_days=0)
    far = docs.document(within_days=365)

    def soon(review: CaseloadReviewDoc) -> int:
        return sum("Lapses soon" in line.attention for line in review.lines)

    assert soon(near) < soon(far) and far.within_days == 365


def test_the_printed_review_puts_the_counts_first_and_marks_overdue_rows(demo, docs):
    review = docs.document()

    pdf = caseload_review.build(review)

    text, pages = flat(pdf), page_texts(pdf)
    assert text.index("Lapsed records") < text.index("Needs attention")
    assert all("Caseload of Pat Adviser" in page for page in pages)
    assert all("Current activity" in page for page in pages[1:])  # headings repeat
    overdue = [line for line in review.lines if line.overdue]
    for line in overdue:
        assert line.name[:12] in text, line.name  # long names wrap: their start is whole
    for note in {n.split(" due ")[0] for line in overdue for n in line.attention}:
        assert note in text, note  # the start of each note; dates may wrap to a new line
    images = page_images(pdf)
    assert len(images) == len(pages) and all(inked_share(p) > 0.005 for p in images)
    assert max(reddish_pixels(pdf)) > 50


def test_a_sensitive_current_activity_is_not_shown_unless_asked_for(services, docs):
    assert services.ctx.codebook.activity("710").sensitive, "custody (710) is no longer sensitive"
    person = services.people.add_person(given_name="Kit", family_name="Arden",
                                        date_of_birth=dt.date(2008, 3, 1), gender="M")
    on = dt.date(2026, 9, 1)
    services.activities.record_activity(person.id, code="710", start_date=on,
                                        date_ascertained=on, review_date=dt.date(2027, 1, 1))

    plain = docs.document()
    full = docs.document(include_sensitive=True)

    assert (plain.left_out, plain.sensitive_included) == (1, False)
    plain_text, full_text = (flat(caseload_review.build(r)) for r in (plain, full))
    assert "Custody" not in plain_text and "Not shown" in plain_text
    assert "1 current activity of a sensitive kind is not shown" in plain_text
    assert "Custody" in full_text and full.left_out == 0


def test_an_empty_caseload_prints_one_page(docs):
    review = docs.document()

    pdf = caseload_review.build(review)

    assert review.lines == () and {c.count for c in review.counts} == {0}
    assert "No young people recorded." in flat(pdf)
    images = page_images(pdf)
    assert len(images) == 1 and inked_share(images[0]) > 0.005
    assert reddish_pixels(pdf) == [0]


def test_long_names_markup_and_other_scripts_print_literally(services, docs):
    word = "Q" * 300
    for given, family in ((word, "Long"), ("<b>Ann</b> & Co", "Marks"), (WORLD, "Ŵatkins")):
        services.people.add_person(given_name=given, family_name=family,
                                   date_of_birth=dt.date(2010, 3, 1), gender="F",
                                   level_of_need=1)

    pdf = caseload_review.build(docs.document())

    text = flat(pdf)
    assert "<b>Ann</b> & Co" in text and "Привет" in text and "Ŵatkins" in text
    assert text.count("Q") >= 300  # the long word, split over lines but all printed
    assert text.count("No action plan") == 3  # level of need set, no plan: all three marked
    assert all(inked_share(p) > 0.005 for p in page_images(pdf))


def test_two_thousand_rows_render_with_headings_on_every_page():
    # how long this takes is measured by `make bench` (bench/bench_documents.py)
    review = synthetic_review(2000)
    calls: list[None] = []

    pdf = caseload_review.build(review, progress=lambda: calls.append(None))

    pages = page_texts(pdf)
    assert len(calls) == 1 and len(pages) > 30
    assert all("Needs attention" in page and "Caseload of Pat Adviser" in page
               for page in pages[1:])
    assert "Family01999" in pages[-1] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    text = "".join(pages)
    assert all(f"Family{n:05d}" in text for n in range(2000))  # none lost between blocks
