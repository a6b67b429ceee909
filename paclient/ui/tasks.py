"""The one way to run work off the UI thread: database work serialised, results on the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


class TaskRunner(QObject):
    """Runs callables off the UI thread; callbacks always run on the UI thread.

    `db` must run one task at a time (app.py passes ThreadPoolExecutor(max_workers=1)), so
    everything touching the store happens in submission order and UI actions never write
    concurrently. `io` is a small pool for network calls and report rendering. Ops receive
    plain values captured on the UI thread and never touch widgets.
    """

    _deliver = Signal(object)

    def __init__(self, db: Executor, io: Executor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db, self._io = db, io
        # Emitted from worker threads, so the connection is queued onto this object's thread.
        self._deliver.connect(self._on_deliver)

    def run(self, op: Callable[[], T], on_done: Callable[[T], None],
            on_error: Callable[[Exception], None], *, uses_db: bool = True) -> Future[T]:
        """Submit `op`; then `on_done(result)` or `on_error(exc)` runs on the UI thread.

        Neither runs for work that shutdown() dropped before it started.
        """
        future = self._db.submit(_on_db, op) if uses_db else self._io.submit(op)
        future.add_done_callback(
            lambda f: self._deliver.emit(partial(_settle, f, on_done, on_error)))
        return future

    def on_store(self, step: Callable[[], T]) -> T:
        """Run `step` on the db executor, queued with the UI's store work, and wait for its
        result (or raise its error): for work on another thread, such as a sync's short
        database steps between its network calls. Called on the db worker, it runs at once."""
        if getattr(_worker, "on_db", False):
            return step()
        return self._db.submit(_on_db, step).result()

    def run_and_wait(self, op: Callable[[], T], *, uses_db: bool = True) -> T:
        """Run `op` off the UI thread while the UI keeps painting; return its result or raise.

        For start-up and modal steps only (building the demo store): it spins a local event
        loop, so views must never call it from their own slots.
        """
        loop = QEventLoop()
        future = self.run(op, lambda _result: loop.quit(), lambda _exc: loop.quit(),
                          uses_db=uses_db)
        if not future.done():  # an inline executor has already finished it
            loop.exec()
        return future.result()

    def shutdown(self) -> None:
        """Wait for running work to finish and drop queued work; safe to call twice."""
        for executor in (self._io, self._db):
            executor.shutdown(wait=True, cancel_futures=True)

    @Slot(object)
    def _on_deliver(self, callback: Callable[[], None]) -> None:
        callback()


def run_with_progress(tasks: TaskRunner, op: Callable[[], T], text: str,
                      parent: QWidget | None = None) -> T:
    """Run `op` on the db executor behind a busy dialog saying `text`; its result or raise."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)  # removes the button
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()
    try:
        return tasks.run_and_wait(op)
    finally:
        dialog.close()


_worker = threading.local()  # on_db: this thread is running a task of the db executor


def _on_db(op: Callable[[], T]) -> T:
    before, _worker.on_db = getattr(_worker, "on_db", False), True
    try:
        return op()
    finally:
        _worker.on_db = before


def _settle(future: Future[T], on_done: Callable[[T], None],
            on_error: Callable[[Exception], None]) -> None:
    if future.cancelled():  # dropped by shutdown(): nobody is waiting for it any more
        return
    try:
        result = future.result()
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)
