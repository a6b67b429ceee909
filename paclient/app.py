"""Composition root of the desktop app: logging, the task runner, the store, the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog

from ccis.errors import ExpectedError
from paclient import __version__
from paclient.errors import DeviceErased, DisplayMissing
from paclient.services.bundle import open_services, register_adviser
from paclient.services.demo.build import build_demo, set_demo_letterhead
from paclient.services.sync.hub import HubSync
from paclient.settings import PASSPHRASE_ENV
from paclient.storage import private
from paclient.storage.paths import StorePaths, remove_files
from paclient.storage.store import Store
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.first_run import FirstRunWizard
from paclient.ui.lock import IdleLocker
from paclient.ui.main_window import MainWindow
from paclient.ui.sync.erased import ErasedNotice
from paclient.ui.tasks import TaskRunner, run_with_progress
from paclient.ui.unlock import UnlockDialog

DEMO_PASSPHRASE = "demo passphrase 2026"
DEMO_PEOPLE = 400
DEMO_SEED = 1

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def run_gui(home: Path, *, demo: bool) -> int:
    """Open the desktop app on the store in `home` (`demo`: a ready demo store); exit code."""
    app = _application()
    with logging_to(home / "logs"), uncaught_exceptions_logged():
        tasks = TaskRunner(ThreadPoolExecutor(1, thread_name_prefix="paclient-db"),
                           ThreadPoolExecutor(2, thread_name_prefix="paclient-io"))
        session: Session | None = None
        try:
            store = open_store(home, demo=demo, tasks=tasks)
            if store is None:
                return 0  # the user cancelled the unlock dialog
            session = Session(home, tasks, store)
            session.show()
            return app.exec()
        except ExpectedError as exc:
            log.info("Store not opened: %s", type(exc).__name__)
            show_error(None, exc)
            return 1
        finally:
            tasks.shutdown()  # store work still running finishes before the store closes
            if session is not None:
                session.close()
            log.info("Closed")


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


def open_store(home: Path, *, demo: bool, tasks: TaskRunner) -> Store | None:
    """The unlocked store (demo: built first if missing; none yet: the first-run wizard makes
    one); None if the user cancelled."""
    if demo:
        if not StorePaths(home).db.exists():
            text = QCoreApplication.translate(
                "app", "Building a demo caseload of %n young people…", None, DEMO_PEOPLE)
            run_with_progress(tasks, partial(build_demo_store, home, DEMO_PEOPLE), text)
        return tasks.run_and_wait(partial(Store.unlock, home, DEMO_PASSPHRASE))
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase is not None:
        return tasks.run_and_wait(partial(Store.unlock, home, passphrase))
    if not StorePaths(home).db.exists():
        wizard = FirstRunWizard(tasks, home)
        return cast(Store, wizard.store) if wizard.exec() == QDialog.DialogCode.Accepted else None
    return UnlockDialog.ask(None, tasks, partial(Store.unlock, home))


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


@contextmanager
def logging_to(log_dir: Path) -> Iterator[None]:
    """Send the app's log to a rotating file in `log_dir` (ids and counts, never names)."""
    private.make_folder(log_dir)
    handler = RotatingFileHandler(log_dir / "paclient.log", maxBytes=2_000_000,
                                  backupCount=5, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    log.info("paclient %s started", __version__)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


@contextmanager
def uncaught_exceptions_logged() -> Iterator[None]:
    """Log any uncaught exception before the previous hook reports it."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("paclient").critical("Uncaught exception", exc_info=(kind, exc, tb))
        previous(kind, exc, tb)

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


class RedactingFormatter(logging.Formatter):
    """Writes tracebacks without exception messages, which may quote a young person's data."""

    def format(self, record: logging.LogRecord) -> str:
        cached, record.exc_text = record.exc_text, None  # another handler's text may hold them
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo) -> str:
        parts: list[str] = []
        exc, seen = ei[1], set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            parts.append("".join(traceback.format_tb(exc.__traceback__)) + type(exc).__qualname__)
            exc = exc.__cause__ or exc.__context__
        return "Traceback, messages withheld, latest first:\n" + "\n-- from --\n".join(parts)


def _application() -> QApplication:
    if QApplication.instance() is None and not _display_available():
        raise DisplayMissing()  # before Qt, which would abort the process instead
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("paclient")
    app.setApplicationVersion(__version__)
    return cast(QApplication, app)


def _display_available() -> bool:
    """Whether Qt has somewhere to draw: a chosen platform, or (on Linux) an X or Wayland
    display. Windows and macOS always have one."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
