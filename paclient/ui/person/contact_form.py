"""The new-contact form: a session's note, kept as an encrypted draft while it is typed.

`FormDialog` saves it off the UI thread (once, however often Save is pressed), shows each
refusal beside its field and keeps everything typed. This form adds the draft: nothing typed
is lost on a crash (a draft is saved two seconds after the last keystroke) or on the idle lock
(the draft is saved as the form closes).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from paclient.services.casework.drafts import DraftRecord, draft_key
from paclient.services.casework.records import ContactRecord
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.forms import (
    FormDialog,
    choose,
    chosen,
    code_entries,
    date_time_edit,
    date_time_of,
    picker,
    to_qt,
)

DRAFT_DELAY_MS = 2000
T = TypeVar("T")


def _ignore(_result: object) -> None:
    """Nothing to show: the draft was kept or forgotten."""


class ContactForm(FormDialog):
    """A new contact for one young person; `saved` carries the ContactRecord once recorded."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("New contact with {0}").format(name), person_id, parent)
        self._key = draft_key("contact", person_id)
        self._done = False  # saved or thrown away: no draft to keep any more
        self.restored = QLabel(self)
        self.restored.setStyleSheet("color: #1f5f8b")
        self.restored.hide()
        self.form.addRow(self.restored)
        self._lay_out(ctx)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        for box in (self.discussion, self.agreed, self.own_words):
            box.textChanged.connect(self._draft_timer.start)
        self.topics.itemChanged.connect(self._draft_timer.start)
        self.saved.connect(self._forget_draft)
        self._run(partial(ctx.services.drafts.load, self._key), self._fill)
        self.resize(640, 760)

    def values(self) -> dict[str, Any]:
        """What is typed, as the contact service takes it."""
        return {
            "occurred_at": date_time_of(self.when),
            "method": chosen(self.method), "setting": chosen(self.setting),
            "duration_minutes": self.duration.value() or None,
            "topics": [self.topics.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.topics.count())
                       if self.topics.item(i).checkState() == Qt.CheckState.Checked],
            "discussion": self.discussion.toPlainText(), "agreed": self.agreed.toPlainText(),
            "own_words": self.own_words.toPlainText() or None,
            "next_appointment_at": date_time_of(self.next_at) if self.has_next.isChecked()
            else None,
        }

    def save(self, values: dict[str, Any]) -> ContactRecord:
        """Record the contact."""
        assert self.person_id is not None  # a contact is always with one young person
        return self.ctx.services.contacts.add_contact(self.person_id, **values)

    def published(self, result: Any) -> Changes:
        """Only this person's contacts changed."""
        return Changes(contacts=True, person_id=self.person_id)

    def reject(self) -> None:
        """Cancel: typed text is thrown away only when the adviser says so. (A close that is
        not the adviser's choice, like the idle lock, keeps the draft and asks nothing.)"""
        if not self._asked_to_close:
            super().reject()
            return
        if self._typed() and QMessageBox.question(
                self, self.tr("Discard this note?"),
                self.tr("Throw away what you typed? It cannot be recovered.")) \
                != QMessageBox.StandardButton.Yes:
            return
        self._forget_draft()
        QDialog.reject(self)  # already asked, about the note and its draft

    def save_draft(self) -> None:
        """Keep what is typed as the encrypted draft now."""
        self._draft_timer.stop()
        if self._done or not self._typed():
            return
        self._run(partial(self.ctx.services.drafts.save, self._key, self.person_id,
                          self.values()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()  # queued on the store's one worker, before any lock closes the store
        super().closeEvent(event)

    def _forget_draft(self, _contact: object = None) -> None:
        self._done = True
        self._draft_timer.stop()
        self._run(partial(self.ctx.services.drafts.discard, self._key))

    def _run(self, op: Callable[[], T], on_done: Callable[[T], None] = _ignore) -> None:
        self.ctx.tasks.run(op, on_done=on_done, on_error=partial(show_error, self))

    def _fill(self, draft: DraftRecord | None) -> None:
        if draft is None or self._typed():  # nothing kept, or the adviser already started
            return
        f = draft.fields
        self.when.setDateTime(to_qt(dt.datetime.fromisoformat(f["occurred_at"])))
        choose(self.method, f.get("method"))
        choose(self.setting, f.get("setting"))
        self.duration.setValue(f.get("duration_minutes") or 0)
        for i in range(self.topics.count()):
            item = self.topics.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in f.get("topics", []) else Qt.CheckState.Unchecked)
        self.discussion.setPlainText(f.get("discussion", ""))
        self.agreed.setPlainText(f.get("agreed", ""))
        self.own_words.setPlainText(f.get("own_words") or "")
        if f.get("next_appointment_at"):
            self.has_next.setChecked(True)
            self.next_at.setDateTime(to_qt(dt.datetime.fromisoformat(f["next_appointment_at"])))
        saved = draft.saved_at.replace(tzinfo=dt.UTC).astimezone()
        self.restored.setText(self.tr("Restored the note you were typing at {0}.").format(
            f"{saved:%H:%M on %d/%m/%Y}"))
        self.restored.show()

    def _typed(self) -> bool:
        return any(box.toPlainText().strip() for box in (self.discussion, self.agreed,
                                                         self.own_words))

    def _lay_out(self, ctx: AppContext) -> None:
        book, today = ctx.services.codebook, ctx.services.today()
        now = dt.datetime.now()  # on the services' today (tests fix it), at the clock's time
        self.when = date_time_edit(self, dt.datetime.combine(today, now.time()).replace(
            second=0, microsecond=0))
        self.method = picker(self, code_entries(book, "contact_method", today))
        self.setting = picker(self, code_entries(book, "contact_setting", today))
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 600)
        self.duration.setSuffix(self.tr(" minutes"))
        self.duration.setSpecialValueText(self.tr("not recorded"))
        self.topics = QListWidget(self)
        for entry in book.codes("topic", today):
            item = QListWidgetItem(entry.label, self.topics)
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.discussion, self.agreed, self.own_words = (QPlainTextEdit(self) for _ in range(3))
        self.has_next = QCheckBox(self.tr("Next appointment booked"), self)
        self.next_at = date_time_edit(self, date_time_of(self.when) + dt.timedelta(days=14))
        self.next_at.setEnabled(False)
        self.has_next.toggled.connect(self.next_at.setEnabled)
        self.add_field("occurred_at", self.tr("&When:"), self.when)
        self.add_field("method", self.tr("&How:"), self.method)
        self.add_field("setting", self.tr("W&here:"), self.setting)
        self.add_field("duration_minutes", self.tr("&Length:"), self.duration)
        self.add_field("topics", self.tr("&Topics:"), self.topics)
        self.add_field("discussion", self.tr("What was &discussed:"), self.discussion)
        self.add_field("agreed", self.tr("What was &agreed:"), self.agreed)
        self.add_field("own_words", self.tr("In their &own words:"), self.own_words)
        self.add_field("next_appointment_at", self.tr("&Next appointment:"), self.next_at,
                       self.has_next)

