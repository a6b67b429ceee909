"""Crashes and cut cables with the real hub: a client killed before it records the hub's answer,
the hub killed mid-pull, connections dropped mid-transfer. Nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from devices import make_device, reopen
from hubproc import HERE, HUB_PASSWORD, CuttableProxy

from paclient.errors import HubUnreachable
from paclient.services.demo.build import build_demo
from paclient.sync.apply import cursor
from paclient.sync.digest import local_digest
from paclient.sync.engine import SyncReport, sync_once
from paclient.sync.http import RetryPolicy

PATIENT = RetryPolicy(attempts=30, total_seconds=30, first_wait=0.05, max_wait=0.2,
                      jitter=0.05, timeout=3)


def hub_rows(hub) -> dict[str, int]:
    return dict(hub.query("SELECT table_name, count(*) FROM record GROUP BY table_name"))


def caseload(tmp_path: Path, hub, people: int, contacts: int = 2):
    """pa1's laptop with a synthetic caseload, not yet synced."""
    laptop = make_device(tmp_path, "laptop-pa1", "pa1", hub.url)
    build_demo(laptop.services.ctx, people=people, contacts_per_person=contacts, seed=3)
    return laptop


def test_a_client_killed_after_the_hub_applied_its_push_duplicates_and_loses_nothing(
        hub, tmp_path, file_keyring):
    laptop = caseload(tmp_path, hub, people=4)
    sent = sum(laptop.outbox().values())
    laptop.close()
    script = subprocess.Popen(
        [sys.executable, str(HERE / "push_and_stall.py"), str(laptop.home), hub.url, "pa1",
         "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": os.environ["PYTHONPATH"]})
    assert script.stdout is not None
    line = script.stdout.readline()
    assert line == "PUSHED 10\n", script.stderr.read() if script.stderr else ""
    os.kill(script.pid, signal.SIGKILL)  # the hub applied 10 changes; the device never knew
    script.wait(timeout=30)
    assert sum(hub_rows(hub).values()) == 10
    assert hub.query("SELECT count(*) FROM applied_change") == [(10,)]

    laptop = reopen(laptop)
    assert laptop.outbox() == {"pending": sent}  # the answer was never recorded
    report = laptop.sync()
    assert (report.pushed, report.duplicates, report.rejected) == (sent, 10, 0)
    assert laptop.outbox() == {"acknowledged": sent}
    assert hub.query("SELECT count(*) FROM applied_change") == [(sent,)]
    pushed_rows = sent - laptop.count("audit_event")  # audit events are rows too
    assert sum(hub_rows(hub).values()) == pushed_rows + laptop.count("audit_event")
    assert hub_rows(hub)["young_person"] == 4
    assert report.digest_matched is True
    laptop.close()


def test_the_hub_killed_mid_pull_then_restarted_the_next_sync_resumes_from_the_cursor(
        hub, tmp_path, file_keyring):
    adviser = caseload(tmp_path, hub, people=12)
    adviser.sync()
    leader = make_device(tmp_path, "laptop-tl1", "tl1", hub.url)
    pages_seen = []

    def kill_on_third_page(phase: str, done: int, _total: int | None) -> None:
        if phase == "pull":
            pages_seen.append(done)
            if len(pages_seen) == 3:
                hub.kill()

    with pytest.raises(HubUnreachable):
        leader.sync(progress=kill_on_third_page, page_size=10)
    with leader.store.read() as session:
        stopped_at = cursor(session)
    assert stopped_at > 0 and pages_seen == [10, 20, 30]
    have = leader.count("contact") + leader.count("young_person")

    hub.start()  # same database, same port
    report = leader.sync(page_size=10)
    with leader.store.read() as session:
        held, _ = local_digest(session)  # every synced row the leader holds, once each
    assert report.pulled_rows + 30 == held  # only what the first sync had not applied
    assert report.digest_matched is True and not report.redownloaded
    assert leader.count("contact") + leader.count("young_person") > have
    assert leader.count("young_person") == 12
    assert leader.count("contact") == hub_rows(hub)["contact"]
    adviser.close()
    leader.close()


def sync_through_cuts(device, proxy: CuttableProxy, **kwargs) -> tuple[SyncReport, list]:
    """Sync through the proxy; once 20 kB have passed, cut every connection (mid-request or
    mid-answer) and restore them only after the client has retried twice."""
    restored, retried_twice = threading.Event(), threading.Event()
    retries: list[tuple[object, ...]] = []

    def note_retry(*event: object) -> None:
        retries.append(event)
        if len(retries) >= 2:
            retried_twice.set()

    proxy.forwarded = 0
    with device.client(proxy.url, PATIENT, on_retry=note_retry) as client:
        client.connect(device.username, device.name, lambda: HUB_PASSWORD)

        def cut_then_restore() -> None:
            proxy.wait_forwarded(20_000)
            proxy.cut()
            if retried_twice.wait(timeout=30):
                proxy.restore()
                restored.set()

        threading.Thread(target=cut_then_restore, daemon=True).start()
        report = sync_once(device.store, client, **kwargs)
    assert restored.is_set()
    return report, retries


def test_connections_cut_mid_transfer_are_retried_and_the_sync_completes(
        hub, tmp_path, file_keyring):
    adviser = caseload(tmp_path, hub, people=15, contacts=4)
    proxy = CuttableProxy(hub.port)

    pushed, retries = sync_through_cuts(adviser, proxy, chunk=50)  # cut while pushing
    assert pushed.retries >= 2 and len(retries) == pushed.retries
    assert proxy.refused >= 1  # the cable stayed cut for a while
    assert adviser.outbox() == {"acknowledged": pushed.pushed}
    assert hub.query("SELECT count(*) FROM applied_change") == [(pushed.pushed,)]
    assert pushed.digest_matched is True

    leader = make_device(tmp_path, "laptop-tl1", "tl1", hub.url)
    pulled, _ = sync_through_cuts(leader, proxy, page_size=20)  # cut while pulling
    assert pulled.retries >= 2 and pulled.digest_matched is True
    assert leader.count("young_person") == 15
    assert leader.count("contact") == hub_rows(hub)["contact"] == adviser.count("contact")
    proxy.close()
    adviser.close()
    leader.close()
