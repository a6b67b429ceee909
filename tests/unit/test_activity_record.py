"""The activity record, read back from the PDF as a Jobcentre adviser would read it."""

from __future__ import annotations

import datetime as dt
import re
import statistics
import subprocess
import uuid

import pytest
from pdf_tools import LETTERHEAD, inked_share, page_images, page_texts, pdf_text

from paclient.errors import LetterheadMissing
from paclient.reports import activity_record
from paclient.services.bundle import Services

DOB = dt.date(2009, 5, 4)  # Year 12 in 2026/27
ULN = "1234567899"


def add_person(services: Services, given: str = "Ffion", family: str = "Llewelyn",
               **values: object) -> uuid.UUID:
    return services.people.add_person(given_name=given, family_name=family, date_of_birth=DOB,
                                      gender="F", **{"uln": ULN, **values}).id


def record(services: Services, person: uuid.UUID, code: str, start: dt.date,
           **values: object) -> None:
    services.activities.record_activity(person, code=code, start_date=start,
                                        date_ascertained=start, **values)


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    person = add_person(services)
    record(services, person, "619", dt.date(2026, 7, 1), neet_start_date=dt.date(2026, 7, 1))
    record(services, person, "230", dt.date(2026, 9, 7), provider_name="Testtown College",
           predicted_end_date=dt.date(2027, 6, 30))
    services.activities.set_intended_destination(person, "121", dt.date(2025, 1, 10))
    services.activities.record_guarantee_offer(person, year_group=11, status="110",
                                               recorded_on=dt.date(2025, 3, 1),
                                               provider_name="Testtown College")
    return person


def test_the_record_holds_the_details_a_new_provider_needs(documents, person, today):
    text = pdf_text(activity_record.build([documents.activity_record(person)]))

    for expected in ("Activity record", "Ffion Llewelyn", "4 May 2009", ULN,
                     "Full-time education, further education (230)", "Testtown College",
                     "7 September 2026", "30 June 2027",  # since; expected to end
                     "(619)", "01/07/2026",  # the earlier activity, in the history
                     "Full-time education or training elsewhere",  # intended destination
                     "Offer made", "Year 11",
                     "Pat Adviser", LETTERHEAD["authority"], "County Hall", "Testtown TT1 1AA",
                     "Signed", f"Printed {today:%d/%m/%Y}", "Confidential"):
        assert expected in text, expected
    assert re.search(r"Page 1 of \d", text)


def test_sensitive_activities_are_left_out_unless_included_on_purpose(services, documents):
    person = add_person(services, "Seren", "Morgan")
    record(services, person, "619", dt.date(2026, 7, 1), neet_start_date=dt.date(2026, 7, 1))
    services.safeguarding.add_characteristic(person, code="180", start_date=dt.date(2026, 8, 1))
    record(services, person, "650", dt.date(2026, 9, 1), neet_start_date=dt.date(2026, 7, 1),
           review_date=dt.date(2026, 12, 1))

    default = documents.activity_record(person)
    chosen = documents.activity_record(person, include_sensitive=True)

    assert (default.left_out, default.sensitive_included, default.current) == (1, False, None)
    assert "pregnancy" not in pdf_text(activity_record.build([default])).lower()
    assert "Not shown on this record" in pdf_text(activity_record.build([default]))
    assert chosen.left_out == 0 and chosen.current is not None
    assert "Not available: pregnancy (650)" in pdf_text(activity_record.build([chosen]))


def test_an_empty_history_prints_and_says_so(services, documents):
    person = add_person(services, "Nia", "Empty")
    text = pdf_text(activity_record.build([documents.activity_record(person)]))
    assert "No activities recorded." in text and "Not shown on this record" in text


def test_large_print_sets_the_body_in_at_least_16_point(documents, person):
    doc = documents.activity_record(person)
    normal = _word_heights(activity_record.build([doc]))
    large = _word_heights(activity_record.build([doc], large_print=True))
    # pdftotext gives each word a box as tall as its type size.
    assert statistics.median(large) >= 16 > statistics.median(normal)


def test_welsh_accents_symbols_and_other_scripts_print_as_themselves(services, documents):
    person = add_person(services, "Ŵyn", "Ŷsgol-Pryce", middle_name="Zoë Ελένη Юлия")
    record(services, person, "330", dt.date(2026, 9, 7),
           provider_name="Caffi & Siop <b>£5</b> €3 — مقهى")
    text = pdf_text(activity_record.build([documents.activity_record(person)]))
    assert "Ŵyn Zoë Ελένη Юлия Ŷsgol-Pryce" in text
    assert "Caffi & Siop <b>£5</b> €3" in text  # markup printed as typed, not obeyed


def test_long_names_and_a_long_history_wrap_and_split_across_pages(services, documents):
    long_word = "Cholmondeley" * 25  # 300 letters, no space to break at
    person = add_person(services, "Anna", long_word, address_line1="Flat 9 " * 40)
    start = dt.date(2025, 9, 1)  # Year 12
    for month in range(0, 26):
        code = "330" if month % 2 else "619"
        day = start + dt.timedelta(days=month * 14)
        extra = {"neet_start_date": day} if code == "619" else {}
        record(services, person, code, day, provider_name=f"Employer {month} " * 6
               if code == "330" else None, **extra)

    pdf = activity_record.build([documents.activity_record(person)])
    pages, images = page_texts(pdf), page_images(pdf)

    assert len(pages) >= 2 and len(images) == len(pages)
    assert all(inked_share(image) > 0.005 for image in images)
    assert all("From" in page and "Activity" in page for page in pages[1:] if "Employer" in page)
    assert "Cholmondeley" in pages[0]
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_batch_numbers_each_persons_pages_on_their_own(services, documents, person):
    other = add_person(services, "Rhys", "Batch", uln=None)  # a ULN is one person's
    pdf = activity_record.build([documents.activity_record(p) for p in (person, other)])
    pages = page_texts(pdf)
    firsts = [p for p in pages if re.search(r"Page 1 of \d", p)]
    assert len(firsts) == 2
    assert "Ffion Llewelyn" in firsts[0] and "Rhys Batch" in firsts[1]


def test_without_a_letterhead_nothing_prints_and_the_error_says_how_to_set_it(services):
    person = add_person(services, "Cai", "Nohead")
    with pytest.raises(LetterheadMissing) as raised:
        services.documents.activity_record(person)
    assert "paclient letterhead" in raised.value.sentence()


def _word_heights(pdf: bytes) -> list[float]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    boxes = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html)
    return [float(bottom) - float(top) for top, bottom in boxes]
