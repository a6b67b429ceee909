"""One sync with the hub (DESIGN.md §4): push the outbox, pull since the cursor, check the
digest. Plain Python, no Qt: the caller passes `progress` and `cancel`.

Order and guarantees:
1. Push every pending outbox change in chunks (500), each answer acknowledged in its own
   transaction. A kill between the hub's answer and the acknowledgement is harmless: the
   change is sent again and the hub answers `duplicate` (idempotent by change_id).
2. Pull pages from the stored cursor, each page applied with the new cursor in one
   transaction, so a kill between pages resumes from the last page applied. Exits (people
   transferred away) arrive here, after the push, so the device's own changes went first.
   Then the authority's settings (own LA, time rules) are taken from the hub.
3. Compare the local digest with the hub's; on a mismatch download everything again into an
   encrypted staging file and swap it in only when complete (`staging`).
No transaction is ever held across a network call, and the database steps are short: each
runs through `on_store` (the desktop passes its store worker, so the sync's network calls run
on a thread of their own and a UI save never waits for the hub). Logs hold ids and counts only.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any, Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccis import authority
from ccis.codes import load_codebook
from paclient.errors import DeviceRevoked
from paclient.models import Conflict, Outbox, SyncState
from paclient.storage import outbox, store_settings
from paclient.storage.store import Store
from paclient.sync import acknowledge as ack
from paclient.sync import apply, digest
from paclient.sync.http import HubClient
from paclient.sync.signin import erase_revoked
from paclient.sync.staging import Staging, drop_rows, stale_rows

log = logging.getLogger(__name__)

CHUNK = 500
PAGE = 500
DIGEST_ROUNDS = 3
LAST_SYNC_RESULT = "last_sync_result"

Progress = Callable[[str, int, int | None], None]
T = TypeVar("T")


class StoreSteps(Protocol):
    """Runs one short database step where the store's work runs and returns its result (the
    desktop: on its store worker, queued with the UI's saves; elsewhere: right here)."""

    def __call__(self, step: Callable[[], T], /) -> T: ...


def run_here(step: Callable[[], T]) -> T:
    """The `StoreSteps` of the command line and the tests: the step runs on this thread."""
    return step()


@dataclass(frozen=True)
class _Db:
    """The store, reached only in short steps through `on_store`."""

    store: Store
    on_store: StoreSteps

    def read(self, step: Callable[[Session], T]) -> T:
        def run() -> T:
            with self.store.read() as session:
                return step(session)
        return self.on_store(run)

    def write(self, step: Callable[[Session], T]) -> T:
        def run() -> T:
            with self.store.write.begin() as session:
                return step(session)
        return self.on_store(run)


@dataclass
class SyncReport:
    """What one sync did, in counts and short ids (never names or case content)."""

    pushed: int = 0
    acknowledged: int = 0
    duplicates: int = 0  # changes the hub had applied already (an answer lost before)
    conflicts_opened: int = 0
    rejected: int = 0
    rejected_ids: list[str] = field(default_factory=list)  # change ids, short
    pulled_rows: int = 0
    pulled_pages: int = 0
    exits: int = 0  # exits received by the pull
    held_exits: int = 0  # people who left the scope but keep unsent changes here
    cursor: int = 0
    digest_matched: bool | None = None
    redownloaded: bool = False
    open_conflicts: int = 0
    needs_attention: int = 0  # rejected outbox entries still waiting for the adviser
    retries: int = 0
    cancelled: bool = False

    @property
    def clean(self) -> bool:
        """Nothing waits for the adviser."""
        return not (self.open_conflicts or self.needs_attention or self.cancelled)


def sync_once(store: Store, client: HubClient, *, progress: Progress | None = None,
              cancel: threading.Event | None = None, chunk: int = CHUNK,
              page_size: int = PAGE, on_store: StoreSteps = run_here) -> SyncReport:
    """Push, pull and check the digest once; on a revoked device erase the store and raise
    DeviceErased. `client` must be signed in (`HubClient.connect`). Every database step runs
    through `on_store`; the network calls run on the calling thread."""
    report = SyncReport()
    retries_before = client.retries
    try:
        _sync(_Db(store, on_store), client, report, progress or _no_progress,
              cancel or threading.Event(), chunk, page_size)
    except DeviceRevoked:
        on_store(lambda: erase_revoked(store, client))
    finally:
        report.retries = client.retries - retries_before
    return report


def _sync(db: _Db, client: HubClient, report: SyncReport, progress: Progress,
          cancel: threading.Event, chunk: int, page_size: int) -> None:
    _push(db, client, report, progress, cancel, chunk)
    removed, _held = db.write(apply.retry_exits)  # exits held for unsent changes, now sent
    report.exits += len(removed)
    if not report.cancelled:
        _pull(db, client, report, progress, cancel, page_size)
    if not report.cancelled:
        _take_settings(db, client)
    if not report.cancelled:
        _check_digest(db, client, report, progress, cancel, page_size)
    db.write(lambda session: _finish(session, report))
    log.info("Sync: pushed %d (%d rejected), pulled %d rows in %d pages, %d exits, cursor %d",
             report.pushed, report.rejected, report.pulled_rows, report.pulled_pages,
             report.exits, report.cursor)


def _finish(session: Session, report: SyncReport) -> None:
    report.open_conflicts = session.scalar(
        select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))) or 0
    report.needs_attention = session.scalar(
        select(func.count()).select_from(Outbox).where(Outbox.state == "rejected")) or 0
    if not report.cancelled:
        apply.set_last_sync(session)
    _set_state(session, LAST_SYNC_RESULT, json.dumps(asdict(report)))


def _push(db: _Db, client: HubClient, report: SyncReport, progress: Progress,
          cancel: threading.Event, chunk: int) -> None:
    total = db.read(outbox.pending_count)
    after = 0
    while not cancel.is_set():
        batch = db.read(partial(outbox.pending, after=after, limit=chunk))
        if not batch:
            return
        results = client.push([p.wire() for p in batch])
        done = db.write(partial(ack.acknowledge, results=results))
        report.pushed += len(batch)
        report.acknowledged += done.acknowledged
        report.conflicts_opened += done.conflicts
        report.rejected += done.rejected
        report.duplicates += sum(r.get("status") == "duplicate" for r in results)
        report.rejected_ids += [str(r["change_id"])[-8:] for r in results
                                if r.get("status") == "rejected"]
        after = batch[-1].seq
        progress("push", report.pushed, max(total, report.pushed))
    report.cancelled = True


def _pull(db: _Db, client: HubClient, report: SyncReport, progress: Progress,
          cancel: threading.Event, page_size: int) -> None:
    cursor = db.read(apply.cursor)
    while not cancel.is_set():
        page = client.pull(cursor, page_size)
        applied = db.write(partial(apply.apply_pulled, page=page))  # with the page's cursor
        cursor = int(page["cursor"])
        report.held_exits = len(applied.held_exits)
        report.cursor = cursor
        report.pulled_rows += len(page["rows"])
        report.exits += len(page["exits"])
        report.pulled_pages += 1
        progress("pull", report.pulled_rows, None)
        if not page["more"]:
            return
    report.cancelled = True


def _take_settings(db: _Db, client: HubClient) -> None:
    """Keep the authority's settings the hub sent, those that pass their check."""
    sent = client.settings()
    if sent is None:
        return
    kept = authority.valid_only(sent, load_codebook())
    if len(kept) < len(sent):
        log.warning("Hub sent %d setting(s) that fail their check; defaults apply",
                    len(sent) - len(kept))
    db.write(partial(store_settings.keep_authority, new=kept))


def _check_digest(db: _Db, client: HubClient, report: SyncReport, progress: Progress,
                  cancel: threading.Event, page_size: int) -> None:
    for _round in range(DIGEST_ROUNDS):
        hub = client.digest()
        count, local, cursor, held = db.read(_local_state)
        if held:
            # People who left our scope stay here until their unsent changes are settled, so
            # the digests cannot agree; a re-download would change nothing.
            log.info("Digest not compared: %d exit(s) held for unsent changes", held)
            return
        if int(hub["cursor"]) == cursor:
            break
        # Someone wrote at the hub since our last page: catch up, then compare again.
        _pull(db, client, report, progress, cancel, page_size)
        if report.cancelled:
            return
    else:
        log.info("Digest not compared: the hub kept moving (cursor %s)", hub["cursor"])
        return
    report.digest_matched = (count, local) == (int(hub["count"]), str(hub["digest"]))
    if report.digest_matched:
        return
    log.warning("Digest mismatch: %d local rows, %s at the hub; downloading again",
                count, hub["count"])
    _redownload(db, client, report, progress, cancel, page_size)


def _local_state(session: Session) -> tuple[int, str, int, int]:
    """(rows, digest, cursor, held exits) of the store, read in one snapshot."""
    count, local = digest.local_digest(session)
    return count, local, apply.cursor(session), len(apply.held_exits(session))


def _redownload(db: _Db, client: HubClient, report: SyncReport, progress: Progress,
                cancel: threading.Event, page_size: int) -> None:
    with Staging(db.store.paths.home) as staging:
        cursor, more = 0, True
        while more:
            if cancel.is_set():
                report.cancelled = True
                return
            page = client.pull(cursor, page_size)
            staging.add(page)
            cursor, more = int(page["cursor"]), bool(page["more"])
            progress("redownload", staging.rows, None)
        db.write(partial(_swap_in, staging=staging, cursor=cursor))
    report.redownloaded = True
    report.cursor = cursor
    log.info("Re-download swapped in: %d rows in %d pages", staging.rows, staging.pages)


def _swap_in(session: Session, *, staging: Staging, cursor: int) -> None:
    stale = stale_rows(session, staging.hub_rows)
    drop_rows(session, stale)
    gone = [{"person_id": str(p), "rev": cursor} for p in stale.get("young_person", [])]
    for page in staging.read():
        apply.apply_pulled(session, page)
    if gone:
        apply.apply_pulled(session, {"rows": [], "exits": gone, "cursor": cursor,
                                     "more": False})
    apply.set_cursor(session, cursor)


def _set_state(session: Any, key: str, value: str) -> None:
    found = session.get(SyncState, key)
    if found is None:
        session.add(SyncState(key=key, value=value))
    else:
        found.value = value


def _no_progress(_phase: str, _done: int, _total: int | None) -> None:
    pass
