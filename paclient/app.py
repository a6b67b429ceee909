"""Composition root of the desktop app: logging, one copy per store, the task runner, the
unlock; then `paclient.desktop` (the store and the main window), loaded while the unlock
dialog waits so that a cold start shows the dialog first."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog

from ccis.errors import ExpectedError
from paclient import __version__
from paclient.errors import DisplayMissing
from paclient.settings import PASSPHRASE_ENV
from paclient.storage import private
from paclient.storage.paths import StorePaths
from paclient.ui.errors import show_error
from paclient.ui.single_instance import SingleInstance
from paclient.ui.tasks import TaskRunner, run_with_progress
from paclient.ui.unlock import UnlockDialog

if TYPE_CHECKING:  # loaded once the dialog is up (paclient.desktop), not at start
    from paclient.desktop import Session
    from paclient.storage.store import Store

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def run_gui(home: Path, *, demo: bool) -> int:
    """Open the desktop app on the store in `home` (`demo`: a ready demo store); exit code."""
    app = _application()
    with logging_to(home / "logs"), uncaught_exceptions_logged():
        guard = SingleInstance(home)
        if not guard.claim():
            print("paclient is already open on this store; its window was brought forward.",
                  file=sys.stderr)
            return 0
        tasks = TaskRunner(ThreadPoolExecutor(1, thread_name_prefix="paclient-db"),
                           ThreadPoolExecutor(2, thread_name_prefix="paclient-io"))
        session: Session | None = None
        guard.show_requested.connect(lambda: bring_forward(session))
        try:
            store = open_store(home, demo=demo, tasks=tasks)
            if store is None:
                return 0  # the user cancelled the unlock dialog
            from paclient.desktop import Session

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
            guard.release()
            log.info("Closed")


def bring_forward(session: Session | None) -> None:
    """A second copy was started on this store: show this one's window (or the dialog it is
    waiting on, such as the unlock dialog) in front."""
    widget = QApplication.activeModalWidget() or (session.window if session else None)
    if widget is None:
        return
    if widget.isMinimized():
        widget.showNormal()
    widget.raise_()
    widget.activateWindow()


def open_store(home: Path, *, demo: bool, tasks: TaskRunner) -> Store | None:
    """The unlocked store (demo: built first if missing; none yet: the first-run wizard makes
    one); None if the user cancelled. What is needed only once unlocked loads meanwhile."""
    _warm_up()
    if demo:
        from paclient.desktop import DEMO_PASSPHRASE, DEMO_PEOPLE, build_demo_store

        if not StorePaths(home).db.exists():
            text = QCoreApplication.translate(
                "app", "Building a demo caseload of %n young people…", None, DEMO_PEOPLE)
            run_with_progress(tasks, partial(build_demo_store, home, DEMO_PEOPLE), text)
        return tasks.run_and_wait(partial(_unlock, home, DEMO_PASSPHRASE))
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase is not None:
        return tasks.run_and_wait(partial(_unlock, home, passphrase))
    if not StorePaths(home).db.exists():
        from paclient.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(tasks, home)
        return cast("Store", wizard.store) if wizard.exec() == QDialog.DialogCode.Accepted else None
    return UnlockDialog.ask(None, tasks, partial(_unlock, home))


def _unlock(home: Path, passphrase: str) -> Store:
    from paclient.storage.store import Store

    return Store.unlock(home, passphrase)


def _warm_up() -> None:
    """Import what the unlocked app needs on a thread of its own while the adviser types the
    passphrase (the first window then opens without waiting for it)."""
    threading.Thread(target=importlib.import_module, args=("paclient.desktop",),
                     name="paclient-warm-up", daemon=True).start()


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
