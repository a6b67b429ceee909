"""Twenty devices syncing at once against one real hub process on PostgreSQL: no errors, no
lost or duplicated rows, and every count matches afterwards."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hub.conftest import PASSWORD, PgServer, serve
from hub.hubkit import Api, change, contact, new_id, person
from hub.test_server import login

from ccis_hub import accounts
from ccis_hub.db import make_engine, make_sessions

ADVISERS, DEVICES_EACH, ROUNDS, BATCH = 10, 2, 4, 10


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    name = pg_server.new_database()
    yield pg_server.sqlalchemy_url(name)
    pg_server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def _sync(api: Api, shared_person: str, written: list[str], errors: list[str]) -> None:
    """Push rounds of new rows plus an edit of a person both devices share, pulling between."""
    cursor = 0
    try:
        for round_no in range(ROUNDS):
            pid = new_id()
            batch = [change("young_person", pid, "insert", person())]
            batch += [change("contact", new_id(), "insert", contact(pid)) for _ in range(BATCH)]
            batch.append(change("young_person", shared_person, "update",
                                {"phone": f"07700 9{round_no:05d}"}, cursor))
            results = api.push(batch)
            bad = [r for r in results if r["status"] not in ("applied", "merged", "conflict")]
            if bad:
                errors.append(f"{len(bad)} changes not applied")
            written += [c["row_id"] for c in batch[:-1]]
            _, _, cursor = api.pull_all(cursor, limit=50)
    except Exception as exc:  # reported by the test, with the device's thread name
        errors.append(f"{threading.current_thread().name}: {exc!r}")


def test_twenty_devices_at_once(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    with make_sessions(engine, writer=True).begin() as session:
        for n in range(ADVISERS):
            accounts.add_user(session, f"pa{n}", "adviser", "North", PASSWORD)
    engine.dispose()
    server = serve(pg_url, tmp_path / "hub.log")
    try:
        devices = {n: [login(server.url, f"pa{n}", f"device{d}") for d in range(DEVICES_EACH)]
                   for n in range(ADVISERS)}
        shared = {n: devices[n][0].add_person() for n in range(ADVISERS)}
        written: dict[int, list[str]] = {n: [shared[n]] for n in range(ADVISERS)}
        errors: list[str] = []
        threads = [threading.Thread(target=_sync, args=(api, shared[n], written[n], errors),
                                    name=f"pa{n}-{i}")
                   for n, apis in devices.items() for i, api in enumerate(apis)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        assert not any(thread.is_alive() for thread in threads)
        for n, apis in devices.items():
            rows, _, _ = apis[1].pull_all(0, limit=100)
            counts = Counter(r["row_id"] for r in rows)
            assert set(counts.values()) == {1}  # no duplicates
            assert sorted(counts) == sorted(written[n])  # nothing lost, nothing foreign
            expected = 1 + DEVICES_EACH * ROUNDS * (BATCH + 1)
            assert apis[0].get("/v1/sync/digest").json()["count"] == expected == len(rows)
    finally:
        server.process.kill()
        server.process.wait(timeout=30)
