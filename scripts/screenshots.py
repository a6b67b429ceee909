"""Write PNGs of the app on the demo caseload: `make screenshots` (see README.md).

The main window (caseload, a work list, Sync), a young person's record on each of its tabs, and
the new-contact form, into the folder given (default: the user guide's pictures,
paclient/resources/guide/screenshots). Qt draws offscreen, so no display is needed; the demo
store is built in a temporary folder and removed afterwards.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from paclient.desktop import DEMO_PASSPHRASE, build_demo_store
from paclient.services.bundle import open_services
from paclient.storage.store import Store
from paclient.ui.context import AppContext
from paclient.ui.main_window import MainWindow
from paclient.ui.person.window import RecordWindow
from paclient.ui.tasks import TaskRunner

PEOPLE = 200
SIZE = (1400, 820)


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out.mkdir(parents=True, exist_ok=True)
    tasks = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(2))
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        build_demo_store(home, PEOPLE)
        store = Store.unlock(home, DEMO_PASSPHRASE)
        try:
            ctx = AppContext.create(open_services(store), tasks)
            shoot_main_window(ctx, app, out)
            shoot_record(ctx, app, out)
        finally:
            tasks.shutdown()
            store.close()
    print(f"screenshots written to {out}")
    return 0


def shoot_main_window(ctx: AppContext, app: QApplication, out: Path) -> None:
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.show()
    window.start()
    settle(app, lambda: window.caseload.visible_row_count() > 0)
    save(window, app, out / "main-window.png")
    window.worklists.choose("neet")
    settle(app, lambda: window.caseload.worklist == "neet")
    save(window, app, out / "work-list-neet.png")
    window.go_to(2)
    save(window, app, out / "sync.png")
    window.close()


def shoot_record(ctx: AppContext, app: QApplication, out: Path) -> None:
    person = busiest_person(ctx)
    overview = ctx.tasks.run_and_wait(lambda: ctx.services.overview.overview(person))
    record = RecordWindow(ctx, overview)
    record.resize(1200, 820)
    record.show()
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        name = record.tabs.tabText(index).replace("&", "").split()[0].lower()
        settle(app, lambda: True)
        save(record, app, out / f"record-{index + 1:02d}-{name}.png")
    form = record.new_contact()
    form.discussion.setPlainText("Talked through the college open day and what to ask.")
    save(form, app, out / "new-contact.png")
    form.reject_quietly() if hasattr(form, "reject_quietly") else form.close()
    record.close()


def busiest_person(ctx: AppContext) -> object:
    """Someone whose record has the most to show: open actions, referrals, flags, contacts."""
    services = ctx.services

    def score(person: object) -> int:
        o = services.overview.overview(person, audited=False)  # type: ignore[arg-type]
        return (3 * bool(o.open_actions) + 3 * bool(o.open_referrals) + len(o.flags)
                + bool(o.current) + bool(o.contacts) - 5 * bool(o.warnings))
    rows = ctx.tasks.run_and_wait(services.caseload.rows)
    return max((row.id for row in rows[:120]), key=lambda p: ctx.tasks.run_and_wait(
        lambda: score(p)))


def settle(app: QApplication, ready: Callable[[], bool], rounds: int = 400) -> None:
    """Let queued work and painting finish (bounded: at most `rounds` short waits)."""
    for _ in range(rounds):
        app.processEvents()
        if ready():
            break
        QApplication.instance().thread().msleep(10)  # type: ignore[union-attr]
    for _ in range(20):
        app.processEvents()


def save(widget: QWidget, app: QApplication, path: Path) -> None:
    settle(app, lambda: True)
    widget.grab().save(str(path))


if __name__ == "__main__":
    default = Path("paclient/resources/guide/screenshots")
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
