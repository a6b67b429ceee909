"""Sync over loopback against a real `ccis-hub` process on PostgreSQL (the hub tests' own
throwaway server, tests/hub/conftest.py `pg_server`).

Figures printed, measured in one run:
- initial sync of a 5,000-person caseload with 20 contacts each to an empty device
  (target < 30 s). The empty device is a second laptop of the same adviser (its own
  `adviser` row becomes an alias of the first laptop's);
- an incremental sync with 100 local and 100 remote changes (target < 2 s);
- pull throughput as a ratio to the hub simply reading the same rows from its database.
PACLIENT_BENCH_SYNC_PEOPLE changes the caseload size (default 5000).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "sync_net"))

import keyring
from devices import FAST, make_device
from hub.conftest import pg_server  # noqa: F401  (the fixture, re-exported here)
from hubproc import Hub
from sync_keyring import ENV, FileKeyring

from paclient.services.demo.build import build_demo
from paclient.sync.digest import local_digest
from paclient.sync.http import RetryPolicy

pytestmark = [pytest.mark.bench, pytest.mark.timeout(3600)]
PEOPLE = int(os.environ.get("PACLIENT_BENCH_SYNC_PEOPLE", "5000"))
WHEN = dt.datetime(2026, 11, 20, 10, 0)
PATIENT = RetryPolicy(attempts=3, total_seconds=120, timeout=300)


def test_sync_speed(pg_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv(ENV, str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    database = pg_server.new_database()
    hub = Hub(pg_server.sqlalchemy_url(database), tmp_path)
    hub.add_user("pa1", "adviser", "--team", "North")
    hub.add_user("tl1", "team-leader", "--team", "North")
    hub.start()
    try:
        _measure(hub, pg_server, database, tmp_path)
    finally:
        hub.stop()
        keyring.set_keyring(previous)


def _measure(hub: Hub, pg_server, database: str, tmp_path: Path) -> None:  # noqa: F811
    adviser = make_device(tmp_path, "laptop-pa1", "pa1", hub.url)
    started = time.perf_counter()
    build_demo(adviser.services.ctx, people=PEOPLE, contacts_per_person=20, seed=11)
    built = time.perf_counter() - started
    started = time.perf_counter()
    pushed = adviser.sync(retry=PATIENT)
    push_time = time.perf_counter() - started

    leader = make_device(tmp_path, "laptop-pa1-b", "pa1", hub.url)
    started = time.perf_counter()
    first = leader.sync(retry=PATIENT)
    initial = time.perf_counter() - started
    assert first.digest_matched is True and leader.count("young_person") == PEOPLE

    raw = _raw_read(pg_server, database)
    fetch = _fetch_only(leader)

    people = sorted(leader.ids("young_person"))[:100]
    for n, person_id in enumerate(people):  # 100 remote changes, made on the adviser's laptop
        adviser.services.people.update_person(person_id, town=f"Town {n}")
    adviser.sync(retry=PATIENT)
    for person_id in people:  # 100 local changes on the second laptop
        leader.services.contacts.add_contact(person_id, occurred_at=WHEN, method="face_to_face",
                                             setting="school", discussion="bench note")
    started = time.perf_counter()
    incremental = leader.sync(retry=FAST)
    small = time.perf_counter() - started
    assert incremental.pushed >= 100 and incremental.pulled_rows >= 100
    hub_digest, device_digest = _digest_times(leader)

    rows = first.pulled_rows
    print(f"\nsync bench ({PEOPLE} people, 20 contacts each, hub on PostgreSQL, loopback)")
    print(f"  demo caseload built on the adviser's laptop: {built:.1f} s")
    print(f"  adviser's first push: {pushed.pushed} changes in {push_time:.1f} s "
          f"({pushed.pushed / push_time:,.0f} changes/s)")
    print(f"  initial sync to an empty device: {rows} rows in {first.pulled_pages} pages, "
          f"{initial:.1f} s ({rows / initial:,.0f} rows/s)  target < 30 s")
    print(f"  incremental sync, {incremental.pushed} local + {incremental.pulled_rows} remote "
          f"changes: {small:.2f} s  target < 2 s")
    print(f"  of which the digest check: the hub's {hub_digest:.2f} s, the device's "
          f"{device_digest:.2f} s")
    print(f"  hub reading the same {raw[1]} rows from PostgreSQL: {raw[0]:.2f} s; "
          f"pull is {initial / raw[0]:.1f}x that")
    print(f"  of which fetching the pages over HTTP without applying them: {fetch:.1f} s "
          f"({fetch / raw[0]:.1f}x the raw read); applying locally: {initial - fetch:.1f} s")
    adviser.close()
    leader.close()


def _digest_times(device) -> tuple[float, float]:
    """How long the hub and the device each take to work out the digest of all their rows."""
    with device.client(retry=PATIENT) as client:
        client.connect(device.username, device.name, lambda: "unused")
        started = time.perf_counter()
        client.digest()
        hub = time.perf_counter() - started
    started = time.perf_counter()
    with device.store.read() as session:
        local_digest(session)
    return hub, time.perf_counter() - started


def _fetch_only(device) -> float:
    """Every page from cursor 0 over HTTP, parsed but not applied: the hub and wire share."""
    started = time.perf_counter()
    with device.client(retry=PATIENT) as client:
        client.connect(device.username, device.name, lambda: "unused")
        cursor, more = 0, True
        while more:
            page = client.pull(cursor, 500)
            cursor, more = page["cursor"], page["more"]
    return time.perf_counter() - started


def _raw_read(pg_server, database: str) -> tuple[float, int]:  # noqa: F811
    """The physical baseline: every pullable record row, in revision order, straight from
    PostgreSQL with the same columns a pull returns."""
    started = time.perf_counter()
    with psycopg.connect(pg_server.admin_url(database)) as connection:
        rows = connection.execute(
            "SELECT table_name, row_id, person_id, rev, deleted, fields FROM record "
            "WHERE table_name <> 'audit_event' ORDER BY rev").fetchall()
    return time.perf_counter() - started, len(rows)
