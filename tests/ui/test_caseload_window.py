"""The minimal desktop app: caseload model and view, main window, unlock, errors, start-up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import logging
import re
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QEvent,
    QLocale,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QThread,
    QTimer,
    QUrl,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from ccis import errors as shared
from paclient import __version__, app, desktop, errors
from paclient.services.bundle import Services, open_services
from paclient.services.caseload.listing import CaseloadService
from paclient.services.caseload.records import CaseloadRow
from paclient.services.changes import Changes
from paclient.services.demo.build import build_demo
from paclient.storage.paths import StorePaths
from paclient.storage.store import Store
from paclient.ui.caseload.table_model import (
    SORT_ROLE,
    CaseloadColumn,
    CaseloadTableModel,
    codebook_labels,
)
from paclient.ui.context import AppContext
from paclient.ui.errors import describe, show_error
from paclient.ui.first_run import FirstRunWizard
from paclient.ui.main_window import MainWindow
from paclient.ui.tasks import TaskRunner
from paclient.ui.unlock import UnlockDialog


@pytest.fixture
def uk_locale():
    """Dates shown as dd/mm/yyyy, so their text order differs from their date order."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def window(qtbot, app_ctx: AppContext, demo_rows: list[CaseloadRow]) -> MainWindow:
    """The main window with the demo caseload loaded (inline, so already there)."""
    shown = MainWindow(app_ctx)
    qtbot.addWidget(shown)
    shown.caseload.reload()
    return shown


def _labels(services: Services):
    return codebook_labels(services.ctx.codebook)


def _row(**changes) -> CaseloadRow:
    base = CaseloadRow(
        id=uuid.uuid4(), given_name="Alex", family_name="Example", preferred_name=None,
        date_of_birth=dt.date(2009, 3, 4), upn=None, uln=None, postcode="LS1 1AA",
        school_name="Northside Academy", level_of_need=2, activity_code="540",
        activity_group="NEET", due_to_lapse_date=dt.date(2027, 1, 2), neet_start_date=None,
        year_group=12)
    return dataclasses.replace(base, **changes)


# --- the table model -----------------------------------------------------------------------


def test_the_caseload_model_passes_the_model_tester(qtmodeltester, services, demo_rows):
    model = CaseloadTableModel(_labels(services), services.ctx.today)
    model.set_rows(demo_rows)
    qtmodeltester.check(model)


def test_the_model_still_passes_while_it_sorts_and_filters(qtmodeltester, services, demo_rows):
    model = CaseloadTableModel(_labels(services), services.ctx.today)
    qtmodeltester.check(model, force_py=True)  # the tester watches every change from here
    model.set_rows(demo_rows)
    model.sort(CaseloadColumn.LAPSE, Qt.SortOrder.DescendingOrder)
    model.set_filter(lambda row: row.year_group >= 11)
    model.sort(CaseloadColumn.NAME, Qt.SortOrder.AscendingOrder)
    model.set_states({demo_rows[0].id: "pending"})
    model.set_filter(None)
    assert model.rowCount() == len(demo_rows)


def test_an_empty_or_sparse_caseload_passes_the_model_tester(qtmodeltester, services):
    model = CaseloadTableModel(_labels(services), services.ctx.today)
    qtmodeltester.check(model)
    model.set_rows([_row(school_name=None, level_of_need=None, activity_code=None,
                         activity_group=None, due_to_lapse_date=None)])
    qtmodeltester.check(model)


def test_views_asking_the_model_leave_none_alive(services):
    # PySide6 6.12.0 on Python 3.11 drops a reference to None each time C++ receives None from
    # a Python data() override; a table view asks thousands of times, then Python aborts with
    # "none_dealloc". 6.11.3 does not; Python 3.12+ makes None immortal.
    model = CaseloadTableModel(_labels(services), services.ctx.today)
    model.set_rows([_row(school_name=None)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    before = sys.getrefcount(None)
    for _ in range(100):  # few: with the bug, each call brings Python nearer to aborting
        proxy.index(0, CaseloadColumn.SCHOOL).data(Qt.ItemDataRole.FontRole)
    assert sys.getrefcount(None) - before > -50


def test_columns_show_code_and_label_age_and_year(services, today):
    model = CaseloadTableModel(_labels(services), lambda: today)
    model.set_rows([_row(preferred_name="Al", date_of_birth=dt.date(2009, 11, 23))])
    shown = [model.index(0, c).data() for c in CaseloadColumn]
    codebook = services.ctx.codebook
    assert shown[CaseloadColumn.NAME] == "Al Example"
    assert shown[CaseloadColumn.AGE] == "16 · Year 12"  # 17 only from tomorrow
    assert shown[CaseloadColumn.SCHOOL] == "Northside Academy"
    assert shown[CaseloadColumn.ACTIVITY] == f"540 {codebook.entry('activity', '540').label}"
    assert shown[CaseloadColumn.NEED] == f"2 {codebook.entry('level_of_need', '2').label}"
    assert shown[CaseloadColumn.LAPSE] == "02/01/2027"  # British order, whatever the locale


def test_the_sort_role_gives_values_not_text(services, today):
    model = CaseloadTableModel(_labels(services), lambda: today)
    model.set_rows([_row(due_to_lapse_date=dt.date(2027, 1, 2)), _row(due_to_lapse_date=None)])
    assert model.index(0, CaseloadColumn.LAPSE).data(SORT_ROLE) == dt.date(2027, 1, 2).toordinal()
    assert model.index(1, CaseloadColumn.LAPSE).data(SORT_ROLE) is None
    assert model.index(0, CaseloadColumn.NEED).data(SORT_ROLE) == 2


# --- the caseload view and main window -----------------------------------------------------


def test_the_window_shows_every_person_on_the_caseload(window, demo_rows):
    view = window.caseload
    assert len(demo_rows) >= 20  # the demo builder's people, as the caseload service lists them
    assert {r.id for r in view.visible_rows()} == {r.id for r in demo_rows}
    assert view.status_text() == f"{len(demo_rows)} young people"
    model = view.table.model()
    assert model.index(0, CaseloadColumn.NAME).data() != ""


def test_quick_search_keeps_only_matching_rows(window, demo_rows):
    view = window.caseload
    person = demo_rows[0]
    view.search_box.setText(person.family_name.upper())
    kept = view.visible_rows()
    assert person in kept
    assert all(person.family_name.casefold() in _text_of(r).casefold() for r in kept)
    assert len(kept) < len(demo_rows)
    assert view.status_text() == f"{len(kept)} shown of {len(demo_rows)} young people"


def test_quick_search_finds_identifiers_that_are_not_shown(window, demo_rows):
    person = next(r for r in demo_rows if r.upn)
    window.caseload.search_box.setText(person.upn)
    assert window.caseload.visible_rows() == [person]


def test_clearing_the_search_shows_everyone_again(window, demo_rows):
    view = window.caseload
    view.search_box.setText("no such person anywhere")
    assert view.visible_row_count() == 0
    view.search_box.clear()
    assert view.visible_row_count() == len(demo_rows)


@pytest.mark.usefixtures("uk_locale")
def test_sorting_by_lapse_date_orders_by_date_not_by_text(window):
    view = window.caseload
    view.table.sortByColumn(CaseloadColumn.LAPSE, Qt.SortOrder.AscendingOrder)
    dates = [r.due_to_lapse_date for r in view.visible_rows()]
    known = [d for d in dates if d is not None]
    assert len(set(known)) > 3
    assert dates == sorted(known) + [None] * (len(dates) - len(known))


def test_sorting_by_name_orders_by_family_name_then_age_youngest_first(window):
    view = window.caseload
    view.table.sortByColumn(CaseloadColumn.NAME, Qt.SortOrder.DescendingOrder)
    families = [r.family_name.casefold() for r in view.visible_rows()]
    assert families == sorted(families, reverse=True)
    view.table.sortByColumn(CaseloadColumn.AGE, Qt.SortOrder.AscendingOrder)
    births = [r.date_of_birth for r in view.visible_rows()]
    assert births == sorted(births, reverse=True)


def test_the_view_reloads_only_for_changes_it_shows(window, app_ctx, services, demo_rows):
    build_demo(services.ctx, people=3, seed=99)
    added = len(CaseloadService(services.ctx).rows()) - len(demo_rows)
    assert added > 0
    window.caseload.search_box.clear()
    bus = app_ctx.changes
    bus.publish(Changes(contacts=True))
    assert window.caseload.visible_row_count() == len(demo_rows)
    bus.publish(Changes(people=True))
    assert window.caseload.visible_row_count() == len(demo_rows) + added


def test_a_failed_load_is_shown_by_the_error_presenter(qtbot, app_ctx, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    failing = partial(_raise, errors.NotFound("x", "y"))
    monkeypatch.setattr(app_ctx.services.caseload, "rows", failing)
    window = MainWindow(app_ctx)
    qtbot.addWidget(window)
    window.caseload.reload()
    assert shown == [describe(errors.NotFound("x", "y"))]


def test_quit_closes_the_window(window, qtbot):
    window.show()
    qtbot.waitExposed(window)
    window.quit_action.trigger()
    assert not window.isVisible()


def test_about_names_the_version_and_licence(window, monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: seen.append(text))
    window.about_action.trigger()
    assert __version__ in seen[0] and "GPL-3.0-or-later" in seen[0]


def test_help_opens_the_shipped_user_guide_with_its_pictures(window, qtbot, tmp_path):
    guide = window.open_guide()

    assert guide is not None and guide.isVisible()
    assert guide.heading() == "paclient: a Personal Adviser's guide"
    text = guide.browser.toPlainText()
    assert "A day offline in a custody establishment" in text
    pictures = guide.pictures()
    assert "screenshots/main-window.png" in pictures
    assert all(not guide.browser.document().resource(2, QUrl(name)).isNull()
               for name in pictures)  # 2: QTextDocument.ImageResource; every picture loads
    guide.grab().save(str(tmp_path / "guide.png"))
    guide.close()


def test_controls_have_accessible_names(window):
    view = window.caseload
    assert view.search_box.accessibleName() and view.table.accessibleName()


# --- unlocking -----------------------------------------------------------------------------


def test_a_wrong_passphrase_is_said_inside_the_dialog(qtbot, tasks, store, home):
    dialog = UnlockDialog(tasks, partial(Store.unlock, home))
    qtbot.addWidget(dialog)
    dialog.passphrase_box.setText("not the passphrase")
    dialog.unlock_button.click()
    assert "wrong" in dialog.error_text()
    assert "\n" not in dialog.error_text() and len(dialog.error_text()) < 80
    assert dialog.passphrase_box.text() == ""
    assert dialog.result() != UnlockDialog.DialogCode.Accepted and dialog.unlocked is None


def test_the_right_passphrase_unlocks_the_store(qtbot, tasks, store, home, passphrase):
    dialog = UnlockDialog(tasks, partial(Store.unlock, home))
    qtbot.addWidget(dialog)
    assert dialog.passphrase_box.echoMode() == dialog.passphrase_box.EchoMode.Password
    dialog.passphrase_box.setText(passphrase)
    dialog.unlock_button.click()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert isinstance(dialog.unlocked, Store)
    dialog.unlocked.close()


def test_an_empty_passphrase_is_not_tried(qtbot, tasks):
    dialog = UnlockDialog(tasks, partial(_raise, AssertionError("tried")))
    qtbot.addWidget(dialog)
    dialog.unlock_button.click()
    assert dialog.error_text() == describe(errors.PassphraseRequired())


# --- errors --------------------------------------------------------------------------------

EXAMPLES = [
    errors.StoreMissing(Path("/h")), errors.StoreExists(Path("/h")), errors.WrongPassphrase(2),
    errors.PassphraseRequired(), errors.WeakPassphrase(12), errors.StoreCorrupted(Path("/d")),
    errors.MigrationFailed("0001", "boom"), errors.BackupInvalid(Path("/b"), "bad"),
    errors.KeyringUnavailable("none"), shared.ValidationError("upn", "upn_check", "bad letter"),
    shared.ValidationErrors([shared.ValidationError("uln", "uln_check", "bad digit")]),
    errors.NotFound("person", "abc"), errors.SharingRefused("p"), errors.NoteLocked("c"),
    errors.ImportFileInvalid(Path("/f.csv"), "no header"),
    errors.AmbiguousKey("person", "01a2"), errors.LetterheadMissing(),
    errors.OutputNotWritten(Path("/o.pdf"), "no space"), errors.PrinterFailed("Office"),
    errors.StoreLocked(), errors.HubAddressMissing(), errors.HubUnreachable("http://h", 3),
    errors.HubAuthFailed("bad_credentials"), errors.DeviceRevoked(),
    errors.DeviceErased(Path("/h")), errors.HubRefused(403, "out_of_scope"),
    errors.HubProtocolError("not JSON"), shared.TransferFileInvalid(Path("/t"), "wrong code"),
    errors.ChangeNotDiscardable("c1", "still needed"), errors.ConflictAlreadyResolved("k1"),
    errors.ResourceMissing("fonts/DejaVuSans.ttf"), errors.DeviceNotRegistered(),
    errors.DisplayMissing(), errors.StoreFolderUnusable(Path("/h"), "Not a directory"),
    errors.StoreTooNew("0999"),
    errors.DuplicatePerson(uuid.UUID(int=1), "upn"),
]


def test_every_expected_error_has_its_own_text():
    bases = {shared.ExpectedError, errors.PaclientError}
    kinds = {c for module in (errors, shared)
             for _, c in inspect.getmembers(module, inspect.isclass)
             if issubclass(c, shared.ExpectedError) and c not in bases}
    assert {type(e) for e in EXAMPLES} == kinds  # a new error type needs a text in describe()
    generic = describe(shared.ExpectedError())
    texts = [describe(e) for e in EXAMPLES]
    assert generic not in texts and len(set(texts)) == len(texts)
    assert "2 failed tries" in describe(errors.WrongPassphrase(2))
    assert "bad digit" in describe(EXAMPLES[10])


def test_unexpected_errors_are_logged_with_their_traceback(qtbot, monkeypatch, caplog):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    try:
        raise RuntimeError("broken")
    except RuntimeError as exc:
        show_error(None, exc)
    assert shown[0].icon() == QMessageBox.Icon.Critical
    assert "RuntimeError" in shown[0].detailedText()
    assert caplog.records[-1].exc_info is not None


# --- the task runner with real threads -----------------------------------------------------


def test_results_and_errors_arrive_on_the_ui_thread(qtbot):
    runner = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(1))
    seen = []
    runner.run(threading.get_ident, on_done=lambda r: seen.append((r, QThread.currentThread())),
               on_error=lambda exc: pytest.fail(str(exc)))
    runner.run(partial(_raise, ValueError("x")), on_done=lambda r: pytest.fail("no error"),
               on_error=lambda exc: seen.append((exc, QThread.currentThread())), uses_db=False)
    qtbot.waitUntil(lambda: len(seen) == 2)
    runner.shutdown()
    assert seen[0][0] != threading.get_ident()  # ran on a worker ...
    assert all(thread == QThread.currentThread() for _, thread in seen)  # ... settled here
    assert isinstance(seen[1][0], ValueError)


def test_run_and_wait_returns_or_raises_what_the_op_did(qtbot):
    runner = TaskRunner(ThreadPoolExecutor(1), ThreadPoolExecutor(1))
    assert runner.run_and_wait(threading.get_ident) != threading.get_ident()
    with pytest.raises(ValueError):
        runner.run_and_wait(partial(_raise, ValueError("x")), uses_db=False)
    runner.shutdown()


# --- start-up through run_gui --------------------------------------------------------------


def test_demo_start_builds_once_shows_the_caseload_and_logs_no_names(qtbot, home, monkeypatch):
    monkeypatch.setattr(desktop, "DEMO_PEOPLE", 25)
    first, code = _run_gui_and_inspect(qtbot, home)
    second, code_again = _run_gui_and_inspect(qtbot, home)
    store = Store.unlock(home, desktop.DEMO_PASSPHRASE)
    try:
        rows = CaseloadService(open_services(store).ctx).rows()
    finally:
        store.close()
    assert code == code_again == 0
    assert first == second == sorted(r.id for r in rows) and len(rows) > 10
    log_text = (home / "logs" / "paclient.log").read_text(encoding="utf-8")
    assert log_text.count("Demo store built with 25 people") == 1  # not rebuilt the second time
    names = {n for r in rows for n in (r.given_name, r.family_name)}
    assert not [n for n in names if re.search(rf"\b{re.escape(n)}\b", log_text)]


def test_exception_messages_are_withheld_from_the_log(tmp_path):
    name = "Jordan"
    with app.logging_to(tmp_path):
        try:
            raise ValueError(f"{name} Example, 12 High Street")
        except ValueError:
            logging.getLogger("paclient.test").exception("Failed")
    text = (tmp_path / "paclient.log").read_text(encoding="utf-8")
    assert "ValueError" in text and "test_exception_messages" in text
    assert "Jordan" not in text


def test_without_a_store_the_first_run_wizard_opens_and_cancel_creates_nothing(
        qtbot, home, monkeypatch):
    monkeypatch.delenv("PACLIENT_PASSPHRASE", raising=False)
    opened = []
    monkeypatch.setattr(FirstRunWizard, "exec", lambda wizard: opened.append(wizard) or 0)
    assert app.run_gui(home, demo=False) == 0
    assert len(opened) == 1 and not StorePaths(home).db.exists()


def test_a_wrong_passphrase_in_the_environment_is_reported(qtbot, store, home, monkeypatch):
    monkeypatch.setenv("PACLIENT_PASSPHRASE", "not the passphrase")
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert app.run_gui(home, demo=False) == 1
    assert shown == [describe(errors.WrongPassphrase(1))]


def test_cancelling_the_unlock_dialog_exits_quietly(qtbot, store, home, monkeypatch):
    monkeypatch.delenv("PACLIENT_PASSPHRASE", raising=False)
    monkeypatch.setattr(UnlockDialog, "ask", classmethod(lambda cls, parent, tasks, try_: None))
    assert app.run_gui(home, demo=False) == 0


# --- helpers -------------------------------------------------------------------------------


class _WhenShown(QObject):
    """Calls `callback(window)` from the event loop once a MainWindow is shown."""

    def __init__(self, callback) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, MainWindow):
            QTimer.singleShot(0, partial(self._callback, watched))
        return False


def _run_gui_and_inspect(qtbot, home: Path) -> tuple[list[uuid.UUID], int]:
    """Start the demo app, wait for its caseload, close it; the ids it showed and the code."""
    seen: list[uuid.UUID] = []

    def inspect_and_close(window: MainWindow) -> None:
        try:
            qtbot.waitUntil(lambda: window.caseload.visible_row_count() > 0, timeout=30_000)
            seen.extend(sorted(r.id for r in window.caseload.visible_rows()))
        finally:
            window.close()

    watcher = _WhenShown(inspect_and_close)
    QApplication.instance().installEventFilter(watcher)
    try:
        code = app.run_gui(home, demo=True)
    finally:
        QApplication.instance().removeEventFilter(watcher)
    return seen, code


def _text_of(row: CaseloadRow) -> str:
    return " ".join(str(v) for v in dataclasses.astuple(row) if v is not None)


def _raise(exc: Exception, *args: object, **kwargs: object) -> None:
    raise exc

