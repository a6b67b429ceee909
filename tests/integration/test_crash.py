"""kill -9 in the middle of a large write: the store opens, consistent, whole batches only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from cli_runner import run_cli
from sqlalchemy import func, select

from paclient.models import Base, Outbox, Synced, YoungPerson
from paclient.services.demo.build import BATCH_PEOPLE
from paclient.storage.integrity import check_engine
from paclient.storage.store import Store


def wait_for_progress(process: subprocess.Popen[bytes], at_least: int, timeout: float) -> None:
    """Read the demo's progress lines until `at_least` people are written."""
    deadline = time.monotonic() + timeout
    seen = b""
    assert process.stderr is not None
    while time.monotonic() < deadline:
        chunk = os.read(process.stderr.fileno(), 256)
        if not chunk:
            break
        seen += chunk
        done = [int(p.split(b"/")[0]) for p in seen.split(b"\r") if b"/" in p]
        if done and done[-1] >= at_least:
            return
    raise AssertionError(f"no progress past {at_least}: {seen[-200:]!r}")


def test_kill_during_demo_leaves_whole_batches(cli_env, home, passphrase):
    assert run_cli(cli_env, "init").returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "paclient", "demo", "--people", "5000", "--contacts", "4"],
        env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_progress(process, at_least=BATCH_PEOPLE, timeout=240)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)

    store = Store.unlock(home, passphrase)
    try:
        assert check_engine(store.engine) == []
        with store.read() as session:
            people = session.scalar(select(func.count()).select_from(YoungPerson))
            synced_rows = sum(
                session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
                if table.name not in ("audit_event",)
                and any(m.class_.__table__ is table and issubclass(m.class_, Synced)
                        for m in Base.registry.mappers))
            queued = session.scalar(select(func.count()).select_from(Outbox))
    finally:
        store.close()
    assert 0 < people < 5000
    assert people % BATCH_PEOPLE == 0
    assert queued == synced_rows  # every row written has its outbox entry: nothing half-done
