"""The Sync place: how this device stands with the hub, Sync now with progress and Cancel,
the last sync's result, and the Conflicts and Needs attention lists."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ccis.errors import ExpectedError
from paclient.services.changes import Changes
from paclient.services.sync.review import SyncStatus
from paclient.sync.engine import SyncReport
from paclient.ui.context import AppContext
from paclient.ui.errors import describe
from paclient.ui.status_bar import local_time
from paclient.ui.sync.attention_view import AttentionView
from paclient.ui.sync.conflicts_view import ConflictsView
from paclient.ui.sync.controller import SyncController


class SyncPlace(QWidget):
    """What this device holds for the hub, and the adviser's part in syncing it."""

    record_requested = Signal(object)  # uuid.UUID, from Needs attention's Open record

    def __init__(self, ctx: AppContext, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.summary = _label(self, self.tr("Sync summary"))
        self.sync_action = QAction(self.tr("Sync &now"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.triggered.connect(controller.sync_now)
        self.sync_button = QPushButton(self.tr("Sync &now (F5)"), self)
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.sync_button.clicked.connect(self.sync_action.trigger)
        self.cancel_button = QPushButton(self.tr("&Cancel sync"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel the sync"))
        self.cancel_button.clicked.connect(controller.cancel)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setTextVisible(False)
        self.phase = _label(self, self.tr("What the sync is doing"))
        self.result = _label(self, self.tr("Last sync result"))
        self.conflicts, self.attention = ConflictsView(ctx, self), AttentionView(ctx, self)
        self.lists = QTabWidget(self)
        self.lists.setAccessibleName(self.tr("Conflicts and changes needing attention"))
        self.lists.tabBar().setAccessibleName(self.tr("Sync lists"))
        self.lists.addTab(self.conflicts, self.tr("Con&flicts"))
        self.lists.addTab(self.attention, self.tr("Needs a&ttention"))
        self._lay_out()
        self.conflicts.resolved.connect(self.result.setText)
        self.attention.answered.connect(self.result.setText)
        self.attention.record_requested.connect(self.record_requested)
        controller.started.connect(self._on_started)
        controller.progressed.connect(self._on_progressed)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        ctx.changes.changed.connect(self._on_changed)
        self._show_running(False)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for widget in (self.sync_button, self.cancel_button, self.progress):
            row.addWidget(widget)
        row.addWidget(self.phase, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.lists, 1)

    def reload(self) -> None:
        """Read both lists again."""
        self.conflicts.reload()
        self.attention.reload()

    def show_status(self, status: SyncStatus) -> None:
        """Say how the device stands, and count the lists on their tabs."""
        when = local_time(status.last_sync) or self.tr("never")
        self.summary.setText(self.tr(
            "<h2>Sync</h2><p>Everything you record is kept on this device first and sent to "
            "the authority's hub when there is a network.</p><ul>"
            "<li>Changes not sent yet: <b>{0}</b></li>"
            "<li>Changes the hub refused, to fix and send again: <b>{1}</b></li>"
            "<li>Conflicts to choose between: <b>{2}</b></li>"
            "<li>Last sync: <b>{3}</b></li></ul>").format(
                status.unsent, status.needs_attention, status.conflicts, when))
        self.lists.setTabText(0, self.tr("Con&flicts ({0})").format(status.conflicts))
        self.lists.setTabText(1, self.tr("Needs a&ttention ({0})").format(
            status.needs_attention))

    def _show_running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.sync_action.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)

    def _on_started(self) -> None:
        self._show_running(True)
        self.progress.setRange(0, 0)
        self.phase.setText(self.tr("Signing in to the hub…"))

    def _on_progressed(self, phase: str, done: int, total: int | None) -> None:
        if phase == "push" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.phase.setText(self.tr("Sending changes: {0} of {1}").format(done, total))
            return
        self.progress.setRange(0, 0)
        self.phase.setText(self.tr("Receiving changes: %n row(s)", "", done))

    def _on_finished(self, report: SyncReport) -> None:
        self._show_running(False)
        self.phase.clear()
        said = self.tr("Sent {0} change(s), received {1} row(s); {2} conflict(s) and {3} "
                       "rejected change(s) need you.").format(
            report.pushed, report.pulled_rows, report.open_conflicts, report.needs_attention)
        if report.cancelled:
            said = self.tr("Sync cancelled: what was sent and received is kept. ") + said
        self.result.setText(said)

    def _on_failed(self, exc: Exception) -> None:
        self._show_running(False)
        self.phase.clear()
        self.result.setText(describe(exc) if isinstance(exc, ExpectedError)
                            else self.tr("The sync failed: details are in the log."))

    def _on_changed(self, _changes: Changes) -> None:
        self.reload()


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
