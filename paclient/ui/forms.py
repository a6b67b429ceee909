"""What every form shares: British dates, searchable code pickers, problems beside the fields.

`FormDialog` is the base of the record's small forms (a new activity, an action, a consent...):
a subclass lays out its fields with `add_field`, says what it would save in `values` and how
in `save`, and the base runs the save off the UI thread, shows each refusal beside its field,
keeps everything typed, and tells every view what changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ccis.codes import CodeBook
from ccis.errors import ExpectedError, ValidationError, ValidationErrors
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import describe, show_error

BRITISH_DATE = "dd/MM/yyyy"
BRITISH_DATE_TIME = "dd/MM/yyyy HH:mm"
ERROR_STYLE = "color: #b00020"
NOT_SET = QDate(1900, 1, 1)  # an optional date at its minimum shows as blank: "not set"


# --- dates ------------------------------------------------------------------------------------

def date_edit(parent: QWidget, day: dt.date | None = None, *,
              optional: bool = False) -> QDateEdit:
    """A date typed the British way (dd/mm/yyyy) or picked from a calendar.

    An `optional` date can be left blank (clear it, or type nothing): `date_of` gives None.
    """
    edit = QDateEdit(parent)
    edit.setDisplayFormat(BRITISH_DATE)  # the British way, whatever the locale
    edit.setCalendarPopup(True)
    if optional:
        edit.setMinimumDate(NOT_SET)
        edit.setSpecialValueText(" ")
    set_date(edit, day)
    return edit


def set_date(edit: QDateEdit, day: dt.date | None) -> None:
    """Show `day` (None: blank, for an optional date)."""
    edit.setDate(QDate(day.year, day.month, day.day) if day else edit.minimumDate())


def date_of(edit: QDateEdit) -> dt.date | None:
    """The date shown; None for a blank optional date."""
    value = edit.date()
    if edit.specialValueText() and value == edit.minimumDate():
        return None
    return dt.date(value.year(), value.month(), value.day())


def date_time_edit(parent: QWidget, when: dt.datetime) -> QDateTimeEdit:
    """A date and time typed the British way, to the minute."""
    edit = QDateTimeEdit(to_qt(when), parent)
    edit.setDisplayFormat(BRITISH_DATE_TIME)
    edit.setCalendarPopup(True)
    return edit


def date_time_of(edit: QDateTimeEdit) -> dt.datetime:
    """The edit's date and time, to the minute, as a naive local datetime."""
    value = edit.dateTime()
    day, time = value.date(), value.time()
    return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())


def to_qt(when: dt.datetime) -> QDateTime:
    """`when` for a QDateTimeEdit."""
    return QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute))


def british(day: dt.date | None, empty: str = "") -> str:
    """A date as a PA writes it (03/12/2026); `empty` for none."""
    return f"{day:%d/%m/%Y}" if day else empty


# --- code lists -------------------------------------------------------------------------------

def code_entries(codebook: CodeBook, code_list: str, on: dt.date) -> list[tuple[str, str]]:
    """The codes of `code_list` in force on `on`, as (code, what a picker shows).

    Numeric national codes show with their number ("540 NEET: seeking employment"), since
    advisers know them by number; named codes show their label only.
    """
    return [(e.code, f"{e.code} {e.label}" if e.code.isdigit() else e.label)
            for e in codebook.codes(code_list, on)]


def picker(parent: QWidget, entries: list[tuple[str, str]], *,
           optional: bool = False) -> QComboBox:
    """A code list as a combo box searchable by typing any part of a label.

    An `optional` picker starts on a blank entry whose data is None.
    """
    box = QComboBox(parent)
    if optional:
        box.addItem("", None)
    for code, label in entries:
        box.addItem(label, code)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(box.model(), box)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setCompleter(completer)
    return box


def choose(box: QComboBox, code: object) -> None:
    """Select the entry whose code is `code` (nothing happens for an unknown code)."""
    index = box.findData(code)
    if index >= 0:
        box.setCurrentIndex(index)


def chosen(box: QComboBox) -> Any:
    """The code of the entry shown, or None when what is typed matches no entry."""
    index = box.findText(box.currentText(), Qt.MatchFlag.MatchFixedString)
    return box.itemData(index) if index >= 0 else None


# --- the form ---------------------------------------------------------------------------------

class FormDialog(QDialog):
    """A small form whose service call is refused field by field; `saved` carries the result.

    Subclasses call `add_field` for each field, then implement `values` (what is typed, as the
    service takes it) and `save` (the service call, run off the UI thread).
    """

    saved = Signal(object)
    # Refusals that are rules, not faults, said beside a field instead of in a box: e.g.
    # {SharingRefused: "sends_data"} on a referral form.
    rule_fields: ClassVar[Mapping[type[ExpectedError], str]] = {}
    save_uses_db: ClassVar[bool] = True  # False: `save` runs on the io pool (it goes online)

    def __init__(self, ctx: AppContext, title: str, person_id: uuid.UUID | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.general_error = _error_label(self, self.tr("Problem"))
        self._saving = False
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self._initial: Mapping[str, Any] | None = None
        self._asked_to_close = True  # False while closing for the lock or at quit

    def add_field(self, field: str, text: str, widget: QWidget,
                  *above: QWidget) -> QWidget:
        """A labelled row for `field` with its problem shown just below it (and `above` any
        widgets that belong before it, such as a check box). Returns `widget`."""
        name = text.replace("&", "").rstrip(":")
        widget.setAccessibleName(name)
        error = _error_label(self, self.tr("Problem with {0}").format(name))
        self.errors[field], self.fields[field] = error, widget
        holder = QVBoxLayout()
        for extra in above:
            holder.addWidget(extra)
        holder.addWidget(widget)
        holder.addWidget(error)
        label = QLabel(text, self)
        label.setBuddy(widget)  # the label's & is the field's Alt+letter shortcut
        self.form.addRow(label, holder)
        return widget

    def values(self) -> dict[str, Any]:
        """What is typed, as the service takes it."""
        raise NotImplementedError

    def save(self, values: dict[str, Any]) -> Any:
        """Make the service call with `values`; runs off the UI thread."""
        raise NotImplementedError

    def published(self, result: Any) -> Changes:
        """What the save changed, for the other views (by default: this person's record)."""
        return Changes(people=True, activities=True, contacts=True, plans=True,
                       referrals=True, person_id=self.person_id)

    def error_text(self, field: str) -> str:
        """The problem shown beside `field` ('' when none)."""
        label = self.errors.get(field, self.general_error)
        return label.text() if not label.isHidden() else ""

    def showEvent(self, event: Any) -> None:
        if self._initial is None:
            self._initial = self.values()  # what "nothing typed yet" looks like
        super().showEvent(event)

    def accept(self) -> None:
        """Save; on a refusal say why beside each field and keep everything typed."""
        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self._show_errors({})
        values = self.values()
        self.ctx.tasks.run(lambda: self.save(values), on_done=self._on_saved,
                           on_error=self._on_refused, uses_db=self.save_uses_db)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A close the adviser did not ask for (the idle lock closing every window, the app
        # quitting) must never wait on a question: only the adviser's own close asks.
        self._asked_to_close = event.spontaneous()
        super().closeEvent(event)
        self._asked_to_close = True

    def reject(self) -> None:
        """Cancel; typed values are thrown away only when the adviser says so."""
        if self._asked_to_close and self._initial is not None and \
                self.values() != self._initial and \
                QMessageBox.question(self, self.tr("Discard changes?"),
                                     self.tr("Throw away what you typed in this form?")) \
                != QMessageBox.StandardButton.Yes:
            return
        super().reject()

    def _on_saved(self, result: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.ctx.changes.publish(self.published(result))
        self.saved.emit(result)
        super().accept()

    def _on_refused(self, exc: Exception) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        beside = next((f for kind, f in self.rule_fields.items() if isinstance(exc, kind)), None)
        if isinstance(exc, ValidationErrors):
            self._show_errors({e.field: e.message for e in exc.errors})
        elif isinstance(exc, ValidationError):
            self._show_errors({exc.field: exc.message})
        elif beside is not None and isinstance(exc, ExpectedError):
            self._show_errors({beside: describe(exc)})
        else:
            show_error(self, exc)

    def _show_errors(self, messages: dict[str, str]) -> None:
        for field, label in self.errors.items():
            label.setText(messages.get(field, ""))
            label.setVisible(field in messages)
        stray = [f"{field}: {text}" for field, text in messages.items()
                 if field not in self.errors]
        self.general_error.setText("\n".join(stray))
        self.general_error.setVisible(bool(stray))
        self._make_room()
        first = next((self.fields[f] for f in self.errors if f in messages), None)
        if first is not None:  # the keyboard goes where the first problem is
            first.setFocus()


    def _make_room(self) -> None:
        """Grow the form to show every problem whole (a wrapped message is taller at the
        form's width than a single line; it is never clipped)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.hide()
    return label

