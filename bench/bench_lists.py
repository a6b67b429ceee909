"""Timings of the caseload, search and every work list against a large store.

Run by `make bench` with PACLIENT_BENCH_HOME pointing at a store such as the 50,000-person demo
(`paclient demo --people 50000`); PACLIENT_PASSPHRASE unlocks it (default: the demo passphrase).
Each figure is printed beside the same SQL run straight through the database driver, so the
ratio shows what the service layer (SQLAlchemy, records, rules) adds to the physical cost.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from paclient.services.bundle import open_services
from paclient.services.caseload.listing import WORKLISTS, CaseloadService, caseload_query
from paclient.services.caseload.records import CaseloadRow
from paclient.services.context import Context
from paclient.storage.store import Store

HOME_ENV = "PACLIENT_BENCH_HOME"
SEARCHES = 200
WORKLIST_TARGET_MS = 150

pytestmark = [
    pytest.mark.bench,
    pytest.mark.skipif(not os.environ.get(HOME_ENV),
                       reason=f"{HOME_ENV} is not set: point it at a large store, e.g. one "
                              "filled by `paclient demo --people 50000`"),
]


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    passphrase = os.environ.get("PACLIENT_PASSPHRASE")
    if passphrase is None:
        from paclient.desktop import DEMO_PASSPHRASE  # imports Qt, so only when needed
        passphrase = DEMO_PASSPHRASE
    opened = Store.unlock(Path(os.environ[HOME_ENV]), passphrase)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def ctx(store: Store) -> Context:
    return open_services(store).ctx


@pytest.fixture(scope="module")
def caseload(ctx: Context) -> CaseloadService:
    return CaseloadService(ctx)


def test_caseload_rows(store: Store, ctx: Context, caseload: CaseloadService) -> None:
    caseload.rows()  # warm the page cache once, as a second look at the caseload would
    seconds, rows = _best(caseload.rows)
    raw = _best(lambda: _raw(store, caseload_query(ctx)))[0]
    _report("caseload rows", len(rows), seconds, raw)
    assert rows


def test_search(store: Store, caseload: CaseloadService) -> None:
    queries = _queries(caseload.rows(), SEARCHES)
    times, hits = [], 0
    for query in queries:
        started = time.perf_counter()
        hits += len(caseload.search(query, limit=50))
        times.append(time.perf_counter() - started)
    times.sort()
    p95, median = times[int(len(times) * 0.95) - 1], statistics.median(times)
    print(f"\nsearch: {len(queries)} queries, {hits} rows, median "
          f"{median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
          f"max {times[-1] * 1000:.1f} ms; targets: median < 30 ms [{_mark(median < 0.030)}], "
          f"p95 < 100 ms [{_mark(p95 < 0.100)}]")
    assert hits


@pytest.mark.parametrize("name", list(WORKLISTS))
def test_worklist(caseload: CaseloadService, name: str) -> None:
    seconds, rows = _best(lambda: caseload.worklist(name))
    _report(f"work list {name}", len(rows), seconds)
    print(f"  target < {WORKLIST_TARGET_MS} ms [{_mark(seconds * 1000 < WORKLIST_TARGET_MS)}]")


def test_worklist_counts(caseload: CaseloadService) -> None:
    seconds, counts = _best(caseload.worklist_counts)
    _report("work list counts", sum(counts.values()), seconds)
    print("  " + ", ".join(f"{name} {count}" for name, count in counts.items()))


def _queries(rows: list[CaseloadRow], count: int) -> list[str]:
    """Varied searches: name prefixes, full names, two words, postcodes, ids and misses."""
    pick = random.Random(20261122)
    makers: list[Callable[[CaseloadRow], str | None]] = [
        lambda r: r.family_name[: pick.randint(1, 4)],
        lambda r: r.family_name,
        lambda r: f"{r.given_name} {r.family_name[:3]}",
        lambda r: r.postcode.split()[0] if r.postcode else None,
        lambda r: r.postcode,
        lambda r: r.uln[:6] if r.uln else None,
        lambda r: r.upn[:7] if r.upn else None,
        lambda r: (r.school_name or "").split(" ")[0] or None,
        lambda r: "zzqx" + r.given_name,
    ]
    queries: list[str] = []
    while len(queries) < count:
        query = pick.choice(makers)(pick.choice(rows))
        if query:
            queries.append(query)
    return queries


def _best(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _raw(store: Store, statement: Any) -> int:
    """The statement's SQL through the bare driver: the physical cost of the same rows."""
    with store.engine.connect() as connection:
        compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
        return len(connection.exec_driver_sql(str(compiled)).fetchall())


def _report(what: str, rows: int, seconds: float, raw: float | None = None) -> None:
    ratio = f", {seconds / raw:.2f}x the bare driver ({raw * 1000:.0f} ms)" if raw else ""
    print(f"\n{what}: {rows} rows in {seconds * 1000:.0f} ms{ratio}")


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"
