"""Runs syncs with the hub for the window: on demand and in the background, one at a time.

A sync runs on the task runner's io pool, so the adviser can keep working while the hub is
slow: only its short database steps (reading the outbox, applying a pulled page) go through
the store's worker, queued with the UI's own saves (`TaskRunner.on_store`). Progress crosses
to the UI thread by a queued signal and Cancel sets a threading.Event the engine checks
between chunks and pages. A sync the adviser started reports its failures loudly (and asks
for the hub password when no saved sign-in works); a background one only changes the
online/offline state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ccis.errors import ExpectedError
from paclient.errors import (
    DeviceErased,
    HubAddressMissing,
    HubAuthFailed,
    HubUnreachable,
)
from paclient.services.sync.hub import PASSWORD_REQUIRED, HubSync
from paclient.services.sync.review import EVERYTHING
from paclient.sync.engine import SyncReport
from paclient.sync.signin import HubAccount
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error

log = logging.getLogger(__name__)

BACKGROUND_MS = 5 * 60 * 1000
ONLINE, OFFLINE, SIGN_IN, NO_HUB = "online", "offline", "sign_in", "no_hub"


def ask_hub_password(parent: QWidget | None, account: HubAccount | None) -> str | None:
    """Ask for the hub password (never stored); None if the adviser cancels."""
    who = account.username if account else ""
    text, accepted = QInputDialog.getText(
        parent, QCoreApplication.translate("SyncController", "Sign in to the hub"),
        QCoreApplication.translate("SyncController", "Hub password for {0}:").format(who),
        QLineEdit.EchoMode.Password)
    return text if accepted and text else None


class SyncController(QObject):
    """Starts syncs, tracks whether the hub is reachable, and says how each sync went."""

    started = Signal()
    progressed = Signal(str, int, object)  # phase ("push", "pull", "redownload"), done, total
    finished = Signal(object)  # SyncReport
    failed = Signal(object)  # the exception; ExpectedError ones say why in describe()
    reach_changed = Signal(str)  # ONLINE, OFFLINE, SIGN_IN or NO_HUB
    device_erased = Signal(object)  # DeviceErased: the app must close the window and say so

    def __init__(self, ctx: AppContext, hub: HubSync | None, parent: QWidget,
                 interval_ms: int = BACKGROUND_MS) -> None:
        super().__init__(parent)
        self._ctx, self._hub, self._parent = ctx, hub, parent
        self.ask_password: Callable[[QWidget | None, HubAccount | None], str | None] = (
            ask_hub_password)
        self.account: HubAccount | None = None
        self.reach = NO_HUB
        self.running = False
        self.last_report: SyncReport | None = None
        self._stopped = False  # the window closed: a sync ending now is only logged
        self._cancel = threading.Event()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_in_background)

    def start(self) -> None:
        """Read the hub address; if one is set, sync now and then every few minutes."""
        if self._hub is None:
            return
        self._ctx.tasks.run(self._hub.account, on_done=self._on_account,
                            on_error=lambda exc: log.warning("Hub address not read: %s",
                                                             type(exc).__name__))

    def stop(self) -> None:
        """No more background syncs; a running one is asked to stop, and its end (it runs off
        the store's worker, so it may end after the window has closed) is only logged."""
        self._stopped = True
        self.timer.stop()
        self.cancel()

    def sync_now(self) -> None:
        """A sync the adviser asked for: failures are said, the password asked if needed."""
        self._run(loud=True, password=None)

    def sync_in_background(self) -> None:
        """A quiet sync: only the online state and the status line change."""
        if self.account is not None:
            self._run(loud=False, password=None)

    def cancel(self) -> None:
        """Ask a running sync to stop after its current step; nothing sent or received is lost."""
        self._cancel.set()

    def _on_account(self, account: HubAccount | None) -> None:
        self.account = account
        if account is None:
            self._set_reach(NO_HUB)
            return
        self.timer.start()
        self.sync_in_background()

    def _run(self, *, loud: bool, password: str | None) -> None:
        if self.running:
            return
        if self._hub is None:
            self._on_error(loud, HubAddressMissing())
            return
        self.running, self._cancel = True, threading.Event()
        self.started.emit()
        op = partial(self._hub.sync, password=password, progress=self._progress_from_worker,
                     cancel=self._cancel, on_store=self._ctx.tasks.on_store)
        self._ctx.tasks.run(op, on_done=self._on_done, on_error=partial(self._on_error, loud),
                            uses_db=False)

    def _progress_from_worker(self, phase: str, done: int, total: int | None) -> None:
        self.progressed.emit(phase, done, total)  # queued to the UI thread

    def _on_done(self, report: SyncReport) -> None:
        self.running, self.last_report = False, report
        if self._stopped:
            log.info("Sync finished after its window closed")
            return
        self._set_reach(ONLINE)
        log.info("Sync finished: pushed %d, pulled %d, cancelled %s", report.pushed,
                 report.pulled_rows, report.cancelled)
        self.finished.emit(report)
        self._ctx.tasks.run(self._ctx.services.authority.reload,  # the hub's settings apply
                            on_done=lambda _none: None, on_error=partial(self._on_error, False))
        self._ctx.changes.publish(EVERYTHING)  # every view reloads; the status line recounts

    def _on_error(self, loud: bool, exc: Exception) -> None:
        self.running = False
        if self._stopped:
            log.info("Sync ended after its window closed: %s", type(exc).__name__)
            return
        if isinstance(exc, DeviceErased):
            self.timer.stop()
            self.device_erased.emit(exc)
            return
        if isinstance(exc, HubUnreachable):
            self._set_reach(OFFLINE)
        elif isinstance(exc, HubAddressMissing):
            self._set_reach(NO_HUB)
        elif isinstance(exc, HubAuthFailed):
            self._set_reach(SIGN_IN)
            if loud and exc.code == PASSWORD_REQUIRED:
                password = self.ask_password(self._parent, self.account)
                if password is not None:
                    self._run(loud=True, password=password)
                    return
        elif not isinstance(exc, ExpectedError):
            show_error(self._parent, exc)  # a bug: logged with its traceback
        self.failed.emit(exc)
        self._ctx.changes.publish(EVERYTHING)  # a sync stopped half way may have sent some

    def _set_reach(self, reach: str) -> None:
        if reach != self.reach:
            self.reach = reach
            self.reach_changed.emit(reach)
