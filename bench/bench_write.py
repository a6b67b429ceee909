"""The write path at scale: `build_demo` against raw sqlite3 writing the very same rows.

In one run, for PACLIENT_BENCH_PEOPLE young people (default 50,000; 20 contacts and 3
activities each on average, with everything else the demo writes):

- (c) `build_demo` into a plain (unencrypted) store: validation, ChangeSet, outbox, audit;
- (a) the physical baseline: the stdlib `sqlite3` module inserting the rows that (c) wrote,
  table by table with `executemany`, into a plain file with the same schema (indexes, the
  search triggers), pragmas and page cache, in the same number of transactions;
- (b) `build_demo` into an encrypted store, which stays in `bench/results/store-50k/`;
- the unlock time of that store (passphrase, key unwrap, schema check).

Targets: (b) under 180 s, (b)/(a) at most 4x, (b)/(c) at most 1.3x, unlock under 1 s.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

import pytest

from ccis.codes import load_codebook
from paclient.models import Base
from paclient.services.bundle import open_services, register_adviser
from paclient.services.context import Actor, Context
from paclient.services.demo.build import BATCH_PEOPLE, DemoReport, build_demo
from paclient.storage import migrate
from paclient.storage.db import make_engine, make_sessions
from paclient.storage.store import Store

pytestmark = [pytest.mark.bench, pytest.mark.timeout(3600)]

CACHE_KIB = 262_144  # what build_demo gives its connection, so the baseline gets it too
Batches = list[dict[str, list[tuple[object, ...]]]]


def test_write_path_against_raw_sqlite(bench_people: int, bench_store_home: Path,
                                       bench_passphrase: str) -> None:
    today, results = dt.date.today(), bench_store_home.parent
    plain_dir, raw_db = results / "plain-store", results / "raw-baseline.db"
    try:
        plain_s, plain_report = _build_plain(plain_dir, today, bench_people)
        batches, rows = _rows_by_batch(plain_dir / "plain.db", plain_report.batches)
        raw_s = _insert_raw(raw_db, batches)
    finally:
        shutil.rmtree(plain_dir, ignore_errors=True)
        for path in raw_db.parent.glob(raw_db.name + "*"):
            path.unlink()
    enc_s, report = _build_encrypted(bench_store_home, bench_passphrase, today, bench_people)
    unlock_s = _unlock_seconds(bench_store_home, bench_passphrase)
    _print_table(report, rows, (raw_s, plain_s, enc_s), unlock_s, bench_store_home.name)
    assert report.people == plain_report.people == bench_people
    assert report.counts() == plain_report.counts()  # same seed and day: the same rows


# --- the three builds --------------------------------------------------------------------


def _build_plain(home: Path, today: dt.date, people: int) -> tuple[float, DemoReport]:
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    engine = make_engine(home / "plain.db", None)
    migrate.upgrade(engine)
    ctx = Context(read=make_sessions(engine, writer=False), write=make_sessions(engine,
                  writer=True), actor=Actor("pa.bench"), codebook=load_codebook(),
                  today=lambda: today)
    try:
        return _timed_build(ctx, people)
    finally:
        engine.dispose()


def _build_encrypted(home: Path, passphrase: str, today: dt.date,
                     people: int) -> tuple[float, DemoReport]:
    shutil.rmtree(home, ignore_errors=True)
    store, _ = Store.create(home, passphrase)
    register_adviser(store, username="pa.bench", name="Bench Adviser", team="Bench")
    try:
        return _timed_build(open_services(store, today=lambda: today).ctx, people)
    finally:
        store.close()


def _timed_build(ctx: Context, people: int) -> tuple[float, DemoReport]:
    started = time.perf_counter()
    report = build_demo(ctx, people=people, seed=1)
    return time.perf_counter() - started, report


def _unlock_seconds(home: Path, passphrase: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        Store.unlock(home, passphrase).close()
        times.append(time.perf_counter() - started)
    return min(times)


# --- the raw baseline --------------------------------------------------------------------


def _rows_by_batch(db: Path, batches: int) -> tuple[Batches, int]:
    """Every row of the plain store, per table, in the transaction (batch) that wrote it.

    A row belongs to the batch of the person it hangs off (found through its foreign keys,
    or the outbox's row id, or the audit event's person), so the baseline never references a
    row a later transaction writes.
    """
    con = sqlite3.connect(db)
    batch_of: dict[object, int] = {}
    out: Batches = [defaultdict(list) for _ in range(batches)]
    total = 0
    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns]
        links = [names.index(n) for n in _link_columns(table)]
        for index, row in enumerate(con.execute(
                f"SELECT {', '.join(names)} FROM {table.name} ORDER BY rowid")):
            batch = index // BATCH_PEOPLE if table.name == "young_person" else max(
                (batch_of.get(row[i], 0) for i in links), default=0)
            if "id" in names and table.name != "audit_event":
                batch_of[row[names.index("id")]] = batch
            out[min(batch, batches - 1)][table.name].append(row)
            total += 1
    con.close()
    return out, total


def _link_columns(table: object) -> list[str]:
    names = [fk.parent.name for fk in table.foreign_keys]  # type: ignore[attr-defined]
    special = {"outbox": ["row_id"], "audit_event": ["person_id"]}
    return names + special.get(table.name, [])  # type: ignore[attr-defined]


def _insert_raw(db: Path, batches: Batches) -> float:
    """Seconds for stdlib sqlite3 to insert the batches into a fresh file of the same schema."""
    for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(db, None)
    migrate.upgrade(engine)
    engine.dispose()
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON",
                   f"cache_size = -{CACHE_KIB}"):
        con.execute(f"PRAGMA {pragma}")
    statements = {t.name: f"INSERT INTO {t.name} ({', '.join(c.name for c in t.columns)}) "
                          f"VALUES ({', '.join('?' * len(t.columns))})"
                  for t in Base.metadata.sorted_tables}
    started = time.perf_counter()
    for batch in batches:
        con.execute("BEGIN IMMEDIATE")
        for table in Base.metadata.sorted_tables:
            if batch.get(table.name):
                con.executemany(statements[table.name], batch[table.name])
        con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    return seconds


# --- the figures ---------------------------------------------------------------------------


def _print_table(report: DemoReport, rows: int, seconds: tuple[float, float, float],
                 unlock: float, store_name: str) -> None:
    raw, plain, enc = seconds
    lines = [
        (f"\nwrite path: {report.people:,} people, {report.contact:,} contacts, "
         f"{report.activity:,} activities; {rows:,} rows written in all "
         f"(domain rows, outbox, audit) in {report.batches} transactions"),
        f"{'':34}{'seconds':>9}{'people/s':>10}{'rows/s':>10}{'ratio':>16}",
        _line("(a) raw sqlite3, plain file", raw, report.people, rows, ""),
        _line("(c) build_demo, plain store", plain, report.people, rows,
              f"{plain / raw:.2f}x raw"),
        _line("(b) build_demo, encrypted store", enc, report.people, rows,
              f"{enc / raw:.2f}x raw"),
        f"{'':63}{enc / plain:.2f}x plain",
        f"unlock of {store_name}: {unlock:.3f} s (best of 3)",
        (f"targets: (b) < 180 s [{_mark(enc < 180)}], "
         f"(b)/(a) <= 4x [{_mark(enc / raw <= 4)}], "
         f"(b)/(c) <= 1.3x [{_mark(enc / plain <= 1.3)}], unlock < 1 s [{_mark(unlock < 1)}]"),
    ]
    print("\n".join(lines))


def _line(name: str, seconds: float, people: int, rows: int, ratio: str) -> str:
    return (f"{name:34}{seconds:9.1f}{people / seconds:10,.0f}{rows / seconds:10,.0f}"
            f"{ratio:>16}")


def _mark(met: bool) -> str:
    return "met" if met else "MISSED"
