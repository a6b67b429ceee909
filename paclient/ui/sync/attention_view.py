"""The Needs attention list: changes the hub rejected, with its reason; the adviser opens the
record to fix it and sends it again, or discards it where nothing would be lost."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QMessageBox,
    QPushButton,
    QWidget,
)

from paclient.services.changes import Changes
from paclient.services.sync.review import AttentionRow
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.rows_model import Column
from paclient.ui.sync.labels import field_text, part_text, when_text
from paclient.ui.sync.listing import ListingView


def what_text(row: AttentionRow) -> str:
    """What the change did, in words ('Changed Personal details: Town')."""
    tr = partial(QCoreApplication.translate, "AttentionView")
    fields = ", ".join(field_text(f) for f in row.fields)
    match row.op:
        case "insert":
            return tr("Added {0}").format(part_text(row.table))
        case "delete":
            return tr("Removed {0}").format(part_text(row.table))
    return tr("Changed {0}: {1}").format(part_text(row.table), fields)


def _columns() -> list[Column[AttentionRow]]:
    tr = partial(QCoreApplication.translate, "AttentionView")
    return [Column(tr("Person"), lambda r: r.person_name),
            Column(tr("What"), what_text),
            Column(tr("Reason"), lambda r: r.reason),
            Column(tr("When"), lambda r: when_text(r.made_at), lambda r: r.made_at.isoformat())]


class AttentionView(ListingView):
    """Rejected changes and what the adviser can do with each."""

    record_requested = Signal(object)  # uuid.UUID: open this person's record to fix it
    answered = Signal(str)  # a sentence saying what was done

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, ctx.services.sync.attention, _columns(),
                         self.tr("Changes that need attention"),
                         self.tr("The hub accepted every change sent."), parent)
        self.open_record = QPushButton(self.tr("&Open record"), self)
        self.send_again = QPushButton(self.tr("Send &again"), self)
        self.discard = QPushButton(self.tr("&Discard…"), self)
        self.lay_out((
            (self.open_record, self.tr("Open the record to fix it")),
            (self.send_again, self.tr("Send the change again")),
            (self.discard, self.tr("Discard the change"))))
        self.open_record.clicked.connect(self._on_open_clicked)
        self.send_again.clicked.connect(self._on_send_again_clicked)
        self.discard.clicked.connect(self._on_discard_clicked)
        self.table.activated.connect(self._on_open_clicked)

    def _enable(self) -> None:
        row: AttentionRow | None = self.table.chosen()
        self.open_record.setEnabled(row is not None and row.person_id is not None)
        self.send_again.setEnabled(row is not None)
        self.discard.setEnabled(row is not None)

    def _on_open_clicked(self) -> None:
        row: AttentionRow | None = self.table.chosen()
        if row is not None and row.person_id is not None:
            self.record_requested.emit(row.person_id)

    def _on_send_again_clicked(self) -> None:
        row: AttentionRow | None = self.table.chosen()
        if row is not None:
            self._answer(self._ctx.services.sync.resend, row.change_id,
                         self.tr("Queued again: the change is sent with the next sync."))

    def _on_discard_clicked(self) -> None:
        row: AttentionRow | None = self.table.chosen()
        if row is None:
            return
        question = self.tr("Discard this change ({0})? The hub will never receive it. This "
                           "is allowed only when nothing would be lost: a later change sets "
                           "the same fields, or the person has left your caseload.").format(
            what_text(row))
        if QMessageBox.question(self, self.tr("Discard the change"), question) \
                == QMessageBox.StandardButton.Yes:
            self._answer(self._ctx.services.sync.discard, row.change_id,
                         self.tr("Discarded: the change is not sent."))

    def _answer(self, op: Callable[[uuid.UUID], Changes], change_id: uuid.UUID,
                said: str) -> None:
        self._ctx.tasks.run(partial(op, change_id),
                            on_done=partial(self._on_answered, said),
                            on_error=partial(show_error, self))

    def _on_answered(self, said: str, changes: Changes) -> None:
        self.answered.emit(said)
        self._ctx.changes.publish(changes)
