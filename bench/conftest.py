"""Benchmark set-up: run the write benchmark first and share its store.

`bench_write.py` leaves its encrypted demo store in `bench/results/store-50k/` (the size comes
from PACLIENT_BENCH_PEOPLE, default 50000; another size gives `store-<N>`), opened with
BENCH_PASSPHRASE. Unless PACLIENT_BENCH_HOME is already set, it is pointed at that store here,
with PACLIENT_PASSPHRASE, so `bench_lists.py`, which runs after it, measures the lists on it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

RESULTS = Path(__file__).resolve().parent / "results"
BENCH_PASSPHRASE = "demo passphrase 2026"  # the demo passphrase (paclient.app, not imported: Qt)
PEOPLE = int(os.environ.get("PACLIENT_BENCH_PEOPLE", "50000"))


def store_home(people: int = PEOPLE) -> Path:
    """Where the write benchmark leaves its encrypted store of `people` young people."""
    size = f"{people // 1000}k" if people % 1000 == 0 else str(people)
    return RESULTS / f"store-{size}"


if "PACLIENT_BENCH_HOME" not in os.environ:
    os.environ["PACLIENT_BENCH_HOME"] = str(store_home())
    os.environ["PACLIENT_PASSPHRASE"] = BENCH_PASSPHRASE


@pytest.fixture(scope="session")
def bench_people() -> int:
    """How many young people the benchmarks build (PACLIENT_BENCH_PEOPLE)."""
    return PEOPLE


@pytest.fixture(scope="session")
def bench_store_home() -> Path:
    """Where the write benchmark leaves its encrypted store (see store_home)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    return store_home()


@pytest.fixture(scope="session")
def bench_passphrase() -> str:
    """The passphrase of the benchmark store."""
    return BENCH_PASSPHRASE


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The write benchmark first: it builds the store the other benchmarks read."""
    items.sort(key=lambda item: item.path.name != "bench_write.py")
