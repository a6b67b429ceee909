"""The desktop app against a large store (issue 3's speed section), measured through the widgets
with the app's real task runner (threads), as a person would meet it:

- first rows of the caseload on screen within 1.5 s of unlocking (passphrase included);
- a keystroke in quick search updates the table within 100 ms (median, and the worst);
- a record opens within 300 ms (median);
- resident memory under 400 MB with the whole caseload loaded and records opened.

Run by `make bench` (PACLIENT_BENCH_HOME: the 50,000-person store the write benchmark leaves).
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from paclient.services.bundle import open_services
from paclient.storage.store import Store
from paclient.ui.context import AppContext
from paclient.ui.main_window import MainWindow
from paclient.ui.tasks import TaskRunner

HOME_ENV = "PACLIENT_BENCH_HOME"
FIRST_ROWS_S, KEYSTROKE_MS, OPEN_RECORD_MS, MEMORY_MB = 1.5, 100, 300, 400
WORDS = ("Jo", "Ca", "Ll", "Ha", "Sm", "Ro", "Br", "Mai")

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(not os.environ.get(HOME_ENV),
                       reason=f"{HOME_ENV} is not set: point it at a large store"),
]


@pytest.fixture(scope="module")
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(2))
    yield runner
    runner.shutdown()


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def test_desktop_speed(qtbot, tasks: TaskRunner) -> None:
    passphrase = os.environ.get("PACLIENT_PASSPHRASE", "demo passphrase 2026")
    started = time.perf_counter()
    store = Store.unlock(Path(os.environ[HOME_ENV]), passphrase)
    try:
        ctx = AppContext.create(open_services(store), tasks)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.start()
        qtbot.waitUntil(lambda: window.caseload.visible_row_count() > 0, timeout=30_000)
        first_rows = time.perf_counter() - started
        everyone = ctx.services.caseload.count()
        qtbot.waitUntil(lambda: window.caseload.model.total() == everyone, timeout=60_000)
        all_rows = time.perf_counter() - started

        keystrokes = []
        box = window.caseload.search_box
        for word in WORDS:
            for typed in (word[:1], word):  # a first letter (many hits), then a second
                before = window.caseload.model.rowCount()
                changed: list[int] = []

                def seen(c: list[int] = changed) -> None:
                    c.append(1)
                window.caseload.model.modelReset.connect(seen)
                t0 = time.perf_counter()
                box.setText(typed)
                qtbot.waitUntil(lambda c=changed: bool(c), timeout=5_000)
                keystrokes.append((time.perf_counter() - t0) * 1000)
                window.caseload.model.modelReset.disconnect(seen)
                assert window.caseload.model.rowCount() <= max(before, everyone)
            box.clear()

        opens = []
        model = window.caseload.model
        people = [model.row_at(i).id for i in range(0, everyone, everyone // 12)][:12]
        for person in people:
            t0 = time.perf_counter()
            window.open_record(person)
            qtbot.waitUntil(lambda p=person: any(r.overview.person.id == p
                                                 for r in window.records), timeout=5_000)
            [record] = [r for r in window.records if r.overview.person.id == person]
            qtbot.waitExposed(record)
            opens.append((time.perf_counter() - t0) * 1000)
            record.close()  # as an adviser does before the next
        memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
    finally:
        tasks.run_and_wait(store.close)

    key_median, key_worst = statistics.median(keystrokes), max(keystrokes)
    open_median = statistics.median(opens)
    print(f"\ndesktop, {everyone} people on the caseload")
    print(f"  first rows after unlock: {first_rows:.2f} s (target {FIRST_ROWS_S} s): "
          f"{verdict(first_rows < FIRST_ROWS_S)}; whole caseload loaded: {all_rows:.2f} s")
    print(f"  quick search keystroke: median {key_median:.0f} ms, worst {key_worst:.0f} ms "
          f"(target {KEYSTROKE_MS} ms): {verdict(key_median < KEYSTROKE_MS)}")
    print(f"  open a record: median {open_median:.0f} ms, worst {max(opens):.0f} ms "
          f"(target {OPEN_RECORD_MS} ms): {verdict(open_median < OPEN_RECORD_MS)}")
    print(f"  peak resident memory: {memory:.0f} MB (target {MEMORY_MB} MB): "
          f"{verdict(memory < MEMORY_MB)}")
