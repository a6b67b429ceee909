"""Documents and a cohort import on a small store of their own: the caseload review of 2,000
young people, the subject access pack of someone with 500 contacts, and a Year 11 cohort of
2,000 rows imported then updated.

The ordinary tests check what these produce; how long they take is measured here, by
`make bench`, and printed against its target: the review under 10 s, the pack under 90 s,
each import under 10 s.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from caseload_rows import synthetic_review
from cohort_rows import person, write_csv

from paclient.reports import caseload_review, subject_access
from paclient.services.bundle import Services, open_services, register_adviser
from paclient.services.demo.build import set_demo_letterhead
from paclient.storage.store import Store

T = TypeVar("T")
PASSPHRASE = "bench passphrase for documents"
TODAY = dt.date(2026, 11, 22)
ROWS = 2000
CONTACTS = 500

pytestmark = pytest.mark.bench


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    store, _ = Store.create(tmp_path / "home", PASSPHRASE)
    register_adviser(store, username="pa.bench", name="Pat Adviser", team="North")
    opened = open_services(store, today=lambda: TODAY)
    set_demo_letterhead(opened.documents)
    yield opened
    store.close()


def test_a_caseload_review_of_2000_young_people() -> None:
    review = synthetic_review(ROWS)
    seconds, pdf = _timed(lambda: caseload_review.build(review))
    print(f"\ncaseload review, {ROWS} young people: {seconds:.1f} s, "
          f"{len(pdf) / 1e6:.1f} MB; target < 10 s [{_mark(seconds < 10)}]")


def test_a_subject_access_pack_of_500_contacts(services: Services) -> None:
    someone = services.people.add_person(given_name="Ffion", family_name="Llewelyn",
                                         date_of_birth=dt.date(2010, 3, 1), gender="F").id
    for n in range(CONTACTS):
        when = dt.datetime.combine(TODAY - dt.timedelta(days=n % 300), dt.time(9 + n % 8))
        services.contacts.add_contact(
            someone, occurred_at=when, method="face_to_face", setting="school",
            discussion=f"Contact number {n}: talked about college, work and money.",
            agreed="Meet again next week.", topics=["careers"])
    pack = services.subject_access.gather(someone)
    seconds, pdf = _timed(lambda: subject_access.build(pack))
    print(f"\nsubject access pack, {CONTACTS} contacts: {seconds:.1f} s, "
          f"{len(pdf) / 1e6:.1f} MB; target < 90 s [{_mark(seconds < 90)}]")


def test_a_cohort_of_2000_rows_imported_then_updated(services: Services,
                                                     tmp_path: Path) -> None:
    rows = [person(n) for n in range(ROWS)]
    first = write_csv(tmp_path, rows)
    moved = write_csv(tmp_path, [{**row, "address_line1": "1 New Road"} for row in rows],
                      name="moved.csv")
    created_in, created = _timed(lambda: services.cohort.run(first))
    updated_in, updated = _timed(lambda: services.cohort.run(moved))
    print(f"\ncohort import, {ROWS} rows: created in {created_in:.1f} s "
          f"[{_mark(created_in < 10)}], updated in {updated_in:.1f} s "
          f"[{_mark(updated_in < 10)}]; target < 10 s each")
    assert (created.created, updated.updated) == (ROWS, ROWS)


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"
