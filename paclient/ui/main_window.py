"""The main window: places to go (My caseload with its work lists, Team, Sync), menus, and a
status bar saying the lock state and what is not sent yet. Its layout is remembered."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ccis.errors import ExpectedError
from paclient import __version__
from paclient.services.authority import SettingRow
from paclient.services.people.overview import RecordOverview
from paclient.ui.authority import AuthoritySettingsDialog
from paclient.ui.caseload.view import CaseloadView
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.guide import GuideWindow
from paclient.ui.people.leaver import LeaverDialog, NeetDialog, new_person_then_leaver
from paclient.ui.people.new_person import NewPersonDialog
from paclient.ui.person.window import RecordWindow
from paclient.ui.places import SyncPlace, TeamPlace
from paclient.ui.preferences import PreferencesDialog
from paclient.ui.printing.dialog import PrintDialog
from paclient.ui.reference.factors import FactorsDialog
from paclient.ui.status_bar import UNLOCKED, StatusLine
from paclient.ui.sync.controller import SyncController
from paclient.ui.sync.states import StateLoader
from paclient.ui.worklists.panel import WorklistPanel

LICENCE = "GPL-3.0-or-later"


class MainWindow(QMainWindow):
    """The adviser's workspace."""

    lock_requested = Signal()  # File > Lock now; app.py closes the store and asks again
    idle_lock_changed = Signal(int)  # minutes, from File > Preferences; app.py applies them

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Caseload — paclient"))
        self._caseload = CaseloadView(ctx, self)
        self.worklists = WorklistPanel(ctx, self)
        self.worklists.chosen.connect(self._caseload.show_worklist)
        self._caseload.record_requested.connect(self.open_record)
        self.records: list[RecordWindow] = []  # open records, kept alive
        self.split = QSplitter(self)
        self.split.addWidget(self.worklists)
        self.split.addWidget(self._caseload)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 980])
        self.sync_controller = SyncController(ctx, ctx.services.hub, self)  # app.py starts it
        self.team, self.sync = TeamPlace(self), SyncPlace(ctx, self.sync_controller, self)
        self.sync.record_requested.connect(self.open_record)
        self.states = StateLoader(ctx, self._caseload.table, self._caseload.model)
        self.places = QStackedWidget(self)
        for page in (self.split, self.team, self.sync):
            self.places.addWidget(page)
        self.setCentralWidget(self.places)
        self.status_line = StatusLine(ctx, self.statusBar())
        self.status_line.updated.connect(self.sync.show_status)
        self.sync_controller.reach_changed.connect(self.status_line.set_reach)
        self._build_menus()
        self._build_places_bar()
        self.resize(1280, 760)
        ctx.tasks.run(ctx.services.preferences.load, on_done=self._restore_layout,
                      on_error=partial(show_error, self))

    def start(self) -> None:
        """Load what the window shows, the caseload first (the store runs one task at a time,
        so the people come before the work list counts and the status line's)."""
        self._caseload.reload()
        self.worklists.reload()
        self.status_line.refresh()

    def go_to(self, place: int) -> None:
        """Show place `place`: 0 My caseload, 1 Team, 2 Sync."""
        self.places.setCurrentIndex(place)
        self.place_actions[place].setChecked(True)
        if place == 2:
            self.sync.reload()
            if self.status_line.status is not None:
                self.sync.show_status(self.status_line.status)

    def focus_search(self) -> None:
        """Go to the caseload and put the cursor in quick search."""
        self.go_to(0)
        self._caseload.search_box.setFocus()
        self._caseload.search_box.selectAll()

    def _build_places_bar(self) -> None:
        bar = QToolBar(self.tr("Places"), self)
        bar.setObjectName("places")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        group = QActionGroup(self)
        self.place_actions: list[QAction] = []
        for place, (text, key) in enumerate(((self.tr("My &caseload"), "Ctrl+1"),
                                             (self.tr("&Team"), "Ctrl+2"),
                                             (self.tr("S&ync"), "Ctrl+3"))):
            action = bar.addAction(text)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{text.replace('&', '')} ({key})")
            action.triggered.connect(partial(self.go_to, place))
            group.addAction(action)
            self.place_actions.append(action)
        self.place_actions[0].setChecked(True)
        search = bar.addAction(self.tr("&Search"))
        search.setShortcut(QKeySequence.StandardKey.Find)
        search.setToolTip(self.tr("Search the caseload (Ctrl+F)"))
        search.triggered.connect(self.focus_search)
        self.search_action = search
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, bar)

    # --- layout memory ------------------------------------------------------------------------

    def layout_state(self) -> dict[str, str]:
        """The window's geometry, splitter and column layout, as text for the preferences."""
        def text(data: QByteArray) -> str:
            return bytes(data.toBase64().data()).decode("ascii")
        return {"main.geometry": text(self.saveGeometry()),
                "main.state": text(self.saveState()),
                "main.split": text(self.split.saveState()),
                "main.columns": text(self._caseload.table.horizontalHeader().saveState())}

    def _restore_layout(self, saved: dict[str, str]) -> None:
        def data(name: str) -> QByteArray | None:
            value = saved.get(name)
            return QByteArray.fromBase64(value.encode("ascii")) if value else None
        for name, restore in (("main.geometry", self.restoreGeometry),
                              ("main.state", self.restoreState),
                              ("main.split", self.split.restoreState),
                              ("main.columns",
                               self._caseload.table.horizontalHeader().restoreState)):
            value = data(name)
            if value is not None:
                restore(value)

    @property
    def caseload(self) -> CaseloadView:
        return self._caseload

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.print_action = file_menu.addAction(self.tr("&Print activity records…"))
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._on_print_triggered)
        file_menu.addAction(self.sync.sync_action)  # F5, from any place
        file_menu.addSeparator()
        self.lock_action = file_menu.addAction(self.tr("&Lock now"))
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested)
        self.preferences_action = file_menu.addAction(self.tr("Pr&eferences…"))
        self.preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.factors_action = file_menu.addAction(self.tr("Assessment &factors…"))
        self.factors_action.triggered.connect(self.open_factors)
        self.authority_action = file_menu.addAction(self.tr("&Authority settings…"))
        self.authority_action.triggered.connect(self.open_authority_settings)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        people = self.menuBar().addMenu(self.tr("&Young people"))
        self.new_person_action = people.addAction(self.tr("&New young person…"))
        self.new_person_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.new_person_action.triggered.connect(self.new_person)
        self.leaver_action = people.addAction(self.tr("Record a &leaver notification…"))
        self.leaver_action.triggered.connect(partial(self.for_selected, LeaverDialog))
        self.neet_action = people.addAction(self.tr("Record &now NEET…"))
        self.neet_action.triggered.connect(partial(self.for_selected, NeetDialog))
        people.addSeparator()
        self.new_leaver_action = people.addAction(
            self.tr("A leaver &not on the caseload yet…"))
        self.new_leaver_action.triggered.connect(self.new_leaver)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.guide_action = help_menu.addAction(self.tr("&User guide"))
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.open_guide)
        self.about_action = help_menu.addAction(self.tr("&About paclient"))
        self.about_action.triggered.connect(self._on_about_triggered)

    def open_guide(self) -> GuideWindow | None:
        """The user guide in a window of its own (one sentence if it was not shipped)."""
        try:
            guide = GuideWindow(self)
        except ExpectedError as exc:
            show_error(self, exc)
            return None
        guide.setWindowFlag(Qt.WindowType.Window)  # a window of its own, owned by this one
        guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        guide.show()
        return guide

    def new_person(self) -> NewPersonDialog:
        """The new young person form; their record opens once they are saved."""
        dialog = NewPersonDialog(self._ctx, self)
        dialog.saved.connect(self.open_record)
        dialog.existing_requested.connect(self.open_record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_factors(self) -> FactorsDialog:
        """The assessment factors (an administrator changes them there)."""
        dialog = FactorsDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_preferences(self) -> None:
        """The preferences form, opened once what is kept has been read."""
        self._ctx.tasks.run(self._ctx.services.preferences.idle_lock_minutes,
                            on_done=self._on_preferences_loaded,
                            on_error=partial(show_error, self))

    def _on_preferences_loaded(self, minutes: int) -> None:
        dialog = PreferencesDialog(self._ctx, minutes, self)
        dialog.saved.connect(self.idle_lock_changed.emit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_authority_settings(self) -> None:
        """The authority's settings, read-only unless this laptop's user is an admin."""
        authority = self._ctx.services.authority
        self._ctx.tasks.run(lambda: (authority.rows(), authority.may_change()),
                            on_done=self._on_authority_loaded,
                            on_error=partial(show_error, self))

    def _on_authority_loaded(self, loaded: tuple[list[SettingRow], bool]) -> None:
        dialog = AuthoritySettingsDialog(self._ctx, *loaded, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def new_leaver(self) -> NewPersonDialog:
        """A leaver notification for someone not on the caseload: the person first."""
        dialog = new_person_then_leaver(self._ctx, self)
        dialog.existing_requested.connect(self.open_record)
        dialog.open()
        return dialog

    def for_selected(self, form: Callable[[AppContext, uuid.UUID, QWidget], QDialog]
                     ) -> QDialog | None:
        """`form` for the one young person selected; None, saying so, otherwise."""
        rows = self._caseload.selected_rows()
        if len(rows) != 1:
            self.statusBar().showMessage(self.tr("Select one young person first."), 5000)
            return None
        dialog = form(self._ctx, rows[0].id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_dialog(self, **asks: Any) -> PrintDialog | None:
        """The print dialog for the people selected; None, saying so, when nobody is.

        `asks` may replace the file and printer dialogs (`ask_path`, `ask_printer`).
        """
        rows = self._caseload.selected_rows()
        if not rows:
            self.statusBar().showMessage(self.tr("Select the young people to print for."), 5000)
            return None
        dialog = PrintDialog.activity_records(self._ctx, [row.id for row in rows], self, **asks)
        dialog.finished_output.connect(lambda text: self.statusBar().showMessage(text, 10000))
        return dialog

    def open_record(self, person_id: uuid.UUID) -> None:
        """Open a young person's record in its own window (its loading is audited)."""
        services = self._ctx.services
        self._ctx.tasks.run(partial(services.overview.overview, person_id),
                            on_done=self._on_record_loaded, on_error=partial(show_error, self))

    def _on_record_loaded(self, overview: RecordOverview) -> None:
        window = RecordWindow(self._ctx, overview)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: self.records.remove(window))
        self.records.append(window)
        window.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync_controller.stop()  # a running sync stops after its step; nothing is lost
        self.states.stop()
        for window in list(self.records):  # a record never outlives the caseload (or a lock)
            window.close()
        layout = self.layout_state()  # queued before any lock closes the store
        self._ctx.tasks.run(partial(self._ctx.services.preferences.save, layout),
                            on_done=lambda _none: None, on_error=lambda _exc: None)
        super().closeEvent(event)

    def show_lock_warning(self, seconds: int) -> None:
        """Say the app is about to lock, and how to stay."""
        self.statusBar().showMessage(self.tr(
            "Locking in %n seconds: press a key or move the mouse to stay.", "", seconds))
        self.status_line.lock_state.setText(self.tr("Locking in %n s", "", seconds))

    def clear_lock_warning(self) -> None:
        """The adviser came back: the warning goes."""
        self.statusBar().clearMessage()
        self.status_line.lock_state.setText(UNLOCKED)

    def _on_print_triggered(self) -> None:
        dialog = self.print_dialog()
        if dialog is not None:
            dialog.open()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, self.tr("About paclient"), about_text())


def about_text() -> str:
    """The About box's text: what the app is, its version and its licence."""
    return QCoreApplication.translate(
        "MainWindow",
        "<h3>paclient {0}</h3><p>Caseload application for Personal Advisers.</p>"
        "<p>Free software under the {1} licence: you may share and change it under "
        "the terms of the GNU General Public License, version 3 or later.</p>",
    ).format(__version__, LICENCE)
