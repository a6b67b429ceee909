"""The Conflicts list: fields changed both here and at the hub, both values side by side; the
adviser keeps one or combines them, and the choice is sent with the next sync."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from paclient.services.changes import Changes
from paclient.services.sync.review import ConflictRow
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.rows_model import Column
from paclient.ui.sync.labels import field_text, part_text, value_text, when_text
from paclient.ui.sync.listing import ListingView


def ask_combined(parent: QWidget, row: ConflictRow) -> str | None:
    """The combined value, edited from both; None if the adviser cancels."""
    mine, hub = row.conflict.device_value, row.conflict.hub_value
    start = "\n".join(str(v) for v in (mine, hub) if v not in (None, ""))
    text, accepted = QInputDialog.getMultiLineText(
        parent, QCoreApplication.translate("ConflictsView", "Combine both values"),
        QCoreApplication.translate(
            "ConflictsView", "{0}: edit the text made from this device's value and the "
            "hub's, then press OK.").format(field_text(row.conflict.field)), start)
    return text if accepted else None


def _columns() -> list[Column[ConflictRow]]:
    tr = partial(QCoreApplication.translate, "ConflictsView")
    return [Column(tr("Person"), lambda r: r.person_name),
            Column(tr("Part of the record"), lambda r: part_text(r.conflict.table)),
            Column(tr("Field"), lambda r: field_text(r.conflict.field)),
            Column(tr("This device's value"), lambda r: value_text(r.conflict.device_value)),
            Column(tr("The hub's value"), lambda r: value_text(r.conflict.hub_value)),
            Column(tr("Found"), lambda r: when_text(r.conflict.detected_at),
                   lambda r: r.conflict.detected_at.isoformat())]


class ConflictsView(ListingView):
    """Open conflicts and the three ways to settle one."""

    resolved = Signal(str)  # a sentence saying what was chosen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, ctx.services.sync.conflicts, _columns(), self.tr("Conflicts"),
                         self.tr("No conflicts: nothing to choose."), parent)
        self.keep_mine = QPushButton(self.tr("Keep &mine"), self)
        self.keep_hub = QPushButton(self.tr("Keep the &hub's"), self)
        self.combine = QPushButton(self.tr("C&ombine…"), self)
        self.lay_out((
            (self.keep_mine, self.tr("Keep this device's value")),
            (self.keep_hub, self.tr("Keep the hub's value")),
            (self.combine, self.tr("Combine both values"))))
        self.keep_mine.clicked.connect(lambda: self._keep(mine=True))
        self.keep_hub.clicked.connect(lambda: self._keep(mine=False))
        self.combine.clicked.connect(self._on_combine_clicked)

    def _enable(self) -> None:
        chosen = self.table.chosen() is not None
        for button in (self.keep_mine, self.keep_hub, self.combine):
            button.setEnabled(chosen)

    def _keep(self, *, mine: bool) -> None:
        row: ConflictRow | None = self.table.chosen()
        if row is None:
            return
        value = row.conflict.device_value if mine else row.conflict.hub_value
        question = (self.tr("Keep this device's value “{0}” for {1}? The hub's value “{2}” "
                            "will be replaced when you next sync.") if mine else
                    self.tr("Keep the hub's value “{2}” for {1}? This device's value “{0}” "
                            "will be replaced now.")).format(
            value_text(row.conflict.device_value), field_text(row.conflict.field),
            value_text(row.conflict.hub_value))
        if QMessageBox.question(self, self.tr("Settle the conflict"), question) \
                != QMessageBox.StandardButton.Yes:
            return
        self._resolve(row, value)

    def _on_combine_clicked(self) -> None:
        row: ConflictRow | None = self.table.chosen()
        if row is None:
            return
        value = ask_combined(self, row)
        if value is not None:
            self._resolve(row, value)

    def _resolve(self, row: ConflictRow, value: Any) -> None:
        self._ctx.tasks.run(partial(self._ctx.services.conflicts.resolve, row.conflict.id, value),
                            on_done=partial(self._on_resolved, row),
                            on_error=partial(show_error, self))

    def _on_resolved(self, row: ConflictRow, changes: Changes) -> None:
        self.resolved.emit(self.tr("Resolved: {0} of {1}. Your choice is sent with the next "
                                   "sync.").format(field_text(row.conflict.field),
                                                   row.person_name or self.tr("a record")))
        self._ctx.changes.publish(changes)
