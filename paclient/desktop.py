"""The desktop app once unlocked: the store, its services and the main window (`Session`),
and the demo store. Part of the composition root with `paclient.app`, which imports this only
after the unlock dialog is on screen (loading it in the background meanwhile), so a cold start
draws the dialog before the services, the database layer and the main window are loaded.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import QApplication, QDialog

from paclient.errors import DeviceErased
from paclient.services.bundle import open_services, register_adviser
from paclient.services.demo.build import build_demo, set_demo_letterhead
from paclient.services.sync.hub import HubSync
from paclient.storage.paths import remove_files
from paclient.storage.store import Store
from paclient.ui.context import AppContext
from paclient.ui.first_run import FirstRunWizard
from paclient.ui.lock import IdleLocker
from paclient.ui.main_window import MainWindow
from paclient.ui.sync.erased import ErasedNotice
from paclient.ui.tasks import TaskRunner
from paclient.ui.unlock import UnlockDialog

DEMO_PASSPHRASE = "demo passphrase 2026"
DEMO_PEOPLE = 400
DEMO_SEED = 1

log = logging.getLogger(__name__)


class Session:
    """The unlocked store and the window on it; locking closes both, unlocking opens them anew.

    Locking (File > Lock now, or the idle lock) closes the window and the store, which drops
    the data key from memory, then asks for the passphrase; cancelling quits the app.
    """

    def __init__(self, home: Path, tasks: TaskRunner, store: Store,
                 locker: IdleLocker | None = None) -> None:
        self.home, self.tasks = home, tasks
        self.store: Store | None = store
        self.window: MainWindow | None = None
        self.locker = locker or IdleLocker()

    def show(self) -> None:
        """Open the main window on the store and start the idle lock."""
        assert self.store is not None
        services = self.tasks.run_and_wait(partial(open_services, self.store,
                                                   hub=HubSync(self.store)))
        self.tasks.run_and_wait(services.people.age_out)  # once a day: aged-out records get A
        minutes = self.tasks.run_and_wait(services.preferences.idle_lock_minutes)
        self.locker.set_idle_seconds(minutes * 60)
        self.window = MainWindow(AppContext.create(services, self.tasks))
        self.window.lock_requested.connect(self.lock)
        self.window.idle_lock_changed.connect(self.idle_lock_changed)
        self.window.sync_controller.device_erased.connect(self.erased)
        self.locker.warned.connect(self.window.show_lock_warning)
        self.locker.resumed.connect(self.window.clear_lock_warning)
        self.locker.idle.connect(self.lock)
        self.window.show()
        self.window.start()
        self.locker.start()
        self.window.sync_controller.start()  # a sync now and every few minutes, if a hub is set

    def idle_lock_changed(self, minutes: int) -> None:
        """The adviser chose another idle lock time: it counts from now on."""
        self.locker.set_idle_seconds(minutes * 60)
        log.info("Idle lock set to %d minutes", minutes)

    def erased(self, exc: DeviceErased) -> None:
        """The hub revoked this device and its store was erased: close the window, say what
        happened, and offer to set the laptop up again (the first-run wizard) or quit."""
        self.store = None  # the sync closed it before erasing it
        self._close_window()
        log.info("Device erased; the adviser is told")
        if ErasedNotice.ask(exc):
            wizard = FirstRunWizard(self.tasks, self.home)
            if wizard.exec() == QDialog.DialogCode.Accepted:
                self.store = cast(Store, wizard.store)
                self.show()
                return
        QApplication.quit()

    def lock(self) -> None:
        """Close the window and the store, then ask for the passphrase (cancel: quit)."""
        self._close_window()
        if self.store is not None:
            self.tasks.run_and_wait(self.store.close)
            self.store = None
        log.info("Locked")
        self.store = UnlockDialog.ask(None, self.tasks, partial(Store.unlock, self.home))
        if self.store is None:
            QApplication.quit()
            return
        self.show()

    def close(self) -> None:
        """Close the window and the store for good."""
        self._close_window()
        if self.store is not None:
            self.store.close()
            self.store = None

    def _close_window(self) -> None:
        self.locker.stop()
        if self.window is not None:
            for signal in (self.locker.warned, self.locker.resumed, self.locker.idle):
                signal.disconnect()
            self.window.close()
            self.window.deleteLater()
            self.window = None


def build_demo_store(home: Path, people: int = DEMO_PEOPLE) -> None:
    """Create the demo store in `home` and fill it; nothing is left behind if that fails."""
    store, _ = Store.create(home, DEMO_PASSPHRASE)
    try:
        register_adviser(store, username="demo.pa", name="Demo Adviser", team="Demo team")
        services = open_services(store)
        build_demo(services.ctx, people=people, seed=DEMO_SEED)
        set_demo_letterhead(services.documents)
    except BaseException:
        store.close()
        remove_files(store.paths)
        raise
    store.close()
    log.info("Demo store built with %d people", people)
