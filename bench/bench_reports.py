"""Printing against a large store: one activity record, and a batch of 500 in one PDF.

Each figure is the whole path a print takes: gathering the records through the services,
laying out the PDF, writing the file and logging the print. Run by `make bench` on the store
the write benchmark leaves (PACLIENT_BENCH_HOME), after giving it the demo letterhead.
Targets: one record under 300 ms (median of 20 people); 500 records under 60 s.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from paclient import printing
from paclient.files import write_file
from paclient.services.bundle import Services, open_services
from paclient.services.demo.build import set_demo_letterhead
from paclient.storage.store import Store

HOME_ENV = "PACLIENT_BENCH_HOME"
BATCH = 500

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(not os.environ.get(HOME_ENV),
                       reason=f"{HOME_ENV} is not set: point it at a large demo store"),
]


@pytest.fixture(scope="module")
def services() -> Iterator[Services]:
    store = Store.unlock(Path(os.environ[HOME_ENV]), os.environ.get("PACLIENT_PASSPHRASE"))
    opened = open_services(store)
    set_demo_letterhead(opened.documents)
    yield opened
    store.close()


def test_one_activity_record(services: Services, tmp_path: Path) -> None:
    people = [row.id for row in services.caseload.rows(limit=20)]
    times = [_print(services, [person], tmp_path / "one.pdf") for person in people]
    median = statistics.median(times)
    print(f"\nactivity record, one person: median {median * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {len(times)} people; "
          f"target < 300 ms [{_mark(median < 0.300)}]")


def test_a_batch_of_500_activity_records(services: Services, tmp_path: Path) -> None:
    people = [row.id for row in services.caseload.rows(limit=BATCH)]
    out = tmp_path / "batch.pdf"
    seconds = _print(services, people, out)
    print(f"\nactivity records, batch of {len(people)} in one PDF: {seconds:.1f} s, "
          f"{out.stat().st_size / 1e6:.1f} MB; target < 60 s [{_mark(seconds < 60)}]")
    assert len(people) == BATCH


def _print(services: Services, people: list[uuid.UUID], out: Path) -> float:
    started = time.perf_counter()  # the path `paclient print activity-record` takes
    printed = printing.activity_records(services.documents, people)
    printing.log_and_deliver(services.documents, printed, "pdf",
                             lambda: write_file(out, printed.pdf))
    return time.perf_counter() - started


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"
