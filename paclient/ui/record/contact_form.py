"""The new-contact form: a session's note, kept as an encrypted draft while it is typed.

Each field shows its own problem beside it when the service refuses a value, and nothing typed
is lost: not on a refusal, not on a crash (a draft is saved two seconds after the last
keystroke), not on the idle lock (the draft is saved as the form closes).
"""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from paclient.errors import ValidationErrors
from paclient.services.casework_records import ContactRecord
from paclient.services.drafts import DraftRecord, draft_key
from paclient.services.records import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.forms import ERROR_STYLE, choose, date_time_edit, date_time_of, picker, to_qt

DRAFT_DELAY_MS = 2000


class ContactForm(QDialog):
    """A new contact for one young person; `saved` carries the contact once recorded."""

    saved = Signal(object)  # ContactRecord

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._person_id = ctx, person_id
        self._key = draft_key("contact", person_id)
        self._done = False
        self._closing = False
        self.setWindowTitle(self.tr("New contact with {0}").format(name))
        codebook, today = ctx.services.ctx.codebook, ctx.services.ctx.today()
        now = dt.datetime.now()  # on the services' today (tests fix it), at the clock's time
        self.when = date_time_edit(self, dt.datetime.combine(today, now.time()).replace(
            second=0, microsecond=0))
        self.method = picker(self, [(e.code, e.label) for e in codebook.codes("contact_method",
                                                                             today)])
        self.setting = picker(self, [(e.code, e.label) for e in
                                      codebook.codes("contact_setting", today)])
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 600)
        self.duration.setSuffix(self.tr(" minutes"))
        self.duration.setSpecialValueText(self.tr("not recorded"))
        self.topics = QListWidget(self)
        for entry in codebook.codes("topic", today):
            item = QListWidgetItem(entry.label, self.topics)
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.discussion, self.agreed, self.own_words = (QPlainTextEdit(self) for _ in range(3))
        self.has_next = QCheckBox(self.tr("Next appointment booked"), self)
        self.next_at = date_time_edit(self, date_time_of(self.when) + dt.timedelta(days=14))
        self.next_at.setEnabled(False)
        self.has_next.toggled.connect(self.next_at.setEnabled)
        self.restored = QLabel(self)
        self.errors: dict[str, QLabel] = {}
        self._lay_out()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._watch_changes()
        self._restore()

    # --- the fields -------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What is typed, as the contact service takes it."""
        return {
            "occurred_at": date_time_of(self.when),
            "method": self.method.currentData(), "setting": self.setting.currentData(),
            "duration_minutes": self.duration.value() or None,
            "topics": [self.topics.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(self.topics.count())
                       if self.topics.item(i).checkState() == Qt.CheckState.Checked],
            "discussion": self.discussion.toPlainText(), "agreed": self.agreed.toPlainText(),
            "own_words": self.own_words.toPlainText() or None,
            "next_appointment_at": date_time_of(self.next_at) if self.has_next.isChecked()
            else None,
        }

    def error_text(self, field: str) -> str:
        """The problem shown beside `field` ('' when none)."""
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""

    # --- saving -------------------------------------------------------------------------------

    def accept(self) -> None:
        """Record the contact; on a refusal, say why beside each field and keep everything."""
        self._show_errors({})
        op = partial(self._ctx.services.contacts.add_contact, self._person_id, **self.values())
        self._ctx.tasks.run(op, on_done=self._on_saved, on_error=self._on_refused)

    def reject(self) -> None:
        """Cancel: typed text is thrown away only when the adviser says so. (A close that is
        not the adviser's choice, like the idle lock, keeps the draft and asks nothing.)"""
        if self._closing:
            super().reject()
            return
        if self._typed() and QMessageBox.question(
                self, self.tr("Discard this note?"),
                self.tr("Throw away what you typed? It cannot be recovered.")) \
                != QMessageBox.StandardButton.Yes:
            return
        self._done = True
        self._ctx.tasks.run(partial(self._ctx.services.drafts.discard, self._key),
                            on_done=lambda _none: None, on_error=partial(show_error, self))
        super().reject()

    def save_draft(self) -> None:
        """Keep what is typed as the encrypted draft now."""
        self._draft_timer.stop()
        if self._done or not self._typed():
            return
        op = partial(self._ctx.services.drafts.save, self._key, self._person_id, self.values())
        self._ctx.tasks.run(op, on_done=lambda _none: None, on_error=partial(show_error, self))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_draft()  # queued on the store's one worker, before any lock closes the store
        self._closing = True  # QDialog's close calls reject(): keep the draft, ask nothing
        super().closeEvent(event)
        self._closing = False

    def _on_saved(self, contact: ContactRecord) -> None:
        self._done = True
        self._ctx.tasks.run(partial(self._ctx.services.drafts.discard, self._key),
                            on_done=lambda _none: None, on_error=partial(show_error, self))
        self._ctx.changes.publish(Changes(contacts=True, person_id=self._person_id))
        self.saved.emit(contact)
        super().accept()

    def _on_refused(self, exc: Exception) -> None:
        if isinstance(exc, ValidationErrors):
            self._show_errors({e.field: e.message for e in exc.errors})
        else:
            show_error(self, exc)

    def _show_errors(self, messages: dict[str, str]) -> None:
        for field, label in self.errors.items():
            label.setText(messages.get(field, ""))
            label.setVisible(field in messages)

    # --- drafts -----------------------------------------------------------------------------

    def _restore(self) -> None:
        self._ctx.tasks.run(partial(self._ctx.services.drafts.load, self._key),
                            on_done=self._fill, on_error=partial(show_error, self))

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

    def _watch_changes(self) -> None:
        for box in (self.discussion, self.agreed, self.own_words):
            box.textChanged.connect(self._draft_timer.start)
        self.topics.itemChanged.connect(self._draft_timer.start)

    def _lay_out(self) -> None:
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("occurred_at", self.tr("&When:"), self.when),
            ("method", self.tr("&How:"), self.method),
            ("setting", self.tr("W&here:"), self.setting),
            ("duration_minutes", self.tr("&Length:"), self.duration),
            ("topics", self.tr("&Topics:"), self.topics),
            ("discussion", self.tr("What was &discussed:"), self.discussion),
            ("agreed", self.tr("What was &agreed:"), self.agreed),
            ("own_words", self.tr("In their &own words:"), self.own_words),
            ("next_appointment_at", self.tr("&Next appointment:"), self.next_at)]
        for field, text, widget in rows:
            widget.setAccessibleName(text.replace("&", "").rstrip(":"))
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setAccessibleName(self.tr("Problem with {0}").format(text.replace("&", "")))
            error.hide()
            self.errors[field] = error
            holder = QVBoxLayout()
            if field == "next_appointment_at":
                holder.addWidget(self.has_next)
            holder.addWidget(widget)
            holder.addWidget(error)
            label = QLabel(text, self)
            label.setBuddy(widget)  # the label's & is the field's Alt+letter shortcut
            form.addRow(label, holder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.accept)
        self.restored.setStyleSheet("color: #1f5f8b")
        self.restored.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.restored)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(640, 760)
