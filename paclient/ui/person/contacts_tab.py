"""The Contacts and notes tab: every contact newest first, the chosen note in full with its
addenda below it, and what may be added to a note that is never edited after its day."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from paclient.services.casework.records import ContactRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british
from paclient.ui.person.contact_extras import AddendumForm, CorrectionForm, DidNotAttendForm
from paclient.ui.person.tab import RecordTab
from paclient.ui.rows_model import RECORD_ROLE, Column, RowsTable

WHEN = "%d/%m/%Y %H:%M"
Label = Callable[[str], str]


class ContactsTab(RecordTab):
    """Contacts and notes, newest first; `contact_chosen` carries the chosen id (or None)."""

    contact_chosen = Signal(object)

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self._wanted: uuid.UUID | None = None  # chosen before the contacts were read
        book = ctx.services.codebook
        self._method: Label = lambda code: book.label("contact_method", code)
        self._setting: Label = lambda code: book.label("contact_setting", code)
        self.table = RowsTable(self._columns(), self.tr("Contacts, newest first"), self)
        self.note = QTextBrowser(self)
        self.note.setAccessibleName(self.tr("The chosen note and its addenda"))
        self.note.setOpenLinks(False)
        self.did_not_attend_button = self._button(self.tr("Did &not attend…"),
                                                  self.record_did_not_attend)
        self.addendum_button = self._button(self.tr("Add an a&ddendum…"), self.add_addendum)
        self.correct_button = self._button(self.tr("Co&rrect today's note…"), self.correct_note)
        self.form: FormDialog | None = None
        self._contacts: list[ContactRecord] = []
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._lay_out()
        self._show_chosen()

    # --- reading --------------------------------------------------------------------------

    def read(self) -> list[ContactRecord]:
        """Every contact of the person, newest first, with its addenda."""
        return self.ctx.services.contacts.timeline(self.person_id)

    def show_data(self, data: Any) -> None:
        """Show the contacts, keeping the chosen one chosen."""
        was = self._wanted or self.chosen_contact()
        self._contacts = list(data)
        self.table.show_rows(self._contacts)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if was is not None:
            self.choose(was)
        self._show_chosen()

    # --- the chosen contact ---------------------------------------------------------------

    def chosen(self) -> ContactRecord | None:
        """The contact chosen in the table, or None."""
        record = self.table.chosen()
        return record if isinstance(record, ContactRecord) else None

    def chosen_contact(self) -> uuid.UUID | None:
        """The id of the contact chosen in the table, or None (the window then uses the
        latest attended session)."""
        record = self.chosen()
        return record.id if record else self._wanted

    def choose(self, contact_id: uuid.UUID) -> None:
        """Choose the contact `contact_id` in the table, now or once it is read."""
        self._wanted = contact_id if self.stale else None
        model = self.table.model()
        for row in range(model.rowCount()):
            record = model.index(row, 0).data(RECORD_ROLE)
            if isinstance(record, ContactRecord) and record.id == contact_id:
                self.table.selectRow(row)
                return

    # --- actions --------------------------------------------------------------------------

    def record_did_not_attend(self) -> FormDialog:
        """Open the missed-appointment form (how and where as at the last contact)."""
        return self._open(DidNotAttendForm(self.ctx, self.person_id,
                                           self._contacts[0] if self._contacts else None, self))

    def add_addendum(self) -> FormDialog | None:
        """Open the addendum form for the chosen note; None when none is chosen."""
        contact = self.chosen()
        return self._open(AddendumForm(self.ctx, contact, self)) if contact else None

    def correct_note(self) -> FormDialog | None:
        """Open the correction form for the chosen note if it was written today, else None."""
        contact = self.chosen()
        if contact is None or not self._correctable(contact):
            return None
        return self._open(CorrectionForm(self.ctx, contact, self))

    def _open(self, form: FormDialog) -> FormDialog:
        if self.form is not None:
            self.form.close()
        self.form = form
        form.finished.connect(self._on_form_finished)
        form.show()
        return form

    def _on_form_finished(self) -> None:
        self.form = None

    def _correctable(self, contact: ContactRecord) -> bool:
        return contact.written_on == self.ctx.services.today()

    # --- showing --------------------------------------------------------------------------

    def _on_table_selection_changed(self) -> None:
        self._show_chosen()
        self.contact_chosen.emit(self.chosen_contact())

    def _show_chosen(self) -> None:
        contact = self.chosen()
        self.addendum_button.setEnabled(contact is not None)
        self.correct_button.setEnabled(contact is not None and self._correctable(contact))
        if contact is not None:
            self.note.setHtml(note_html(contact, self._method, self._setting,
                                        self._topic_labels(contact)))
        elif self._contacts:
            self.note.setHtml(self.tr("<p>Choose a contact to read its note.</p>"))
        else:
            self.note.setHtml(self.tr("<p>No contact recorded yet.</p>"))

    def _topic_labels(self, contact: ContactRecord) -> list[str]:
        book = self.ctx.services.codebook
        return [book.label("topic", code) for code in contact.topics]

    def _columns(self) -> list[Column[ContactRecord]]:
        return [
            Column(self.tr("When"), lambda c: f"{c.occurred_at:{WHEN}}",
                   lambda c: c.occurred_at.isoformat()),
            Column(self.tr("How"), lambda c: self._method(c.method)),
            Column(self.tr("Where"), lambda c: self._setting(c.setting)),
            Column(self.tr("Length"), lambda c: self.tr("{0} min").format(c.duration_minutes)
                   if c.duration_minutes else "", lambda c: c.duration_minutes or 0),
            Column(self.tr("Attended"), lambda c: self.tr("Did not attend")
                   if c.did_not_attend else self.tr("Yes")),
            Column(self.tr("Note"), self._summary)]

    def _summary(self, contact: ContactRecord) -> str:
        first = (contact.discussion.splitlines() or [""])[0]
        extra = self.tr(" (+%n addenda)", "", len(contact.addenda)) if contact.addenda else ""
        return f"{first[:80]}{extra}".strip()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.note)
        split.setSizes([260, 340])
        actions = QHBoxLayout()
        for button in (self.did_not_attend_button, self.addendum_button, self.correct_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(split)


def note_html(c: ContactRecord, method: Label, setting: Label, topics: list[str]) -> str:
    """The whole note as the tab shows it: details, what was said and agreed, then addenda."""
    length = f" · {c.duration_minutes} minutes" if c.duration_minutes else ""
    heading = (f"{c.occurred_at:%A {WHEN}} · {escape(method(c.method))} · "
               f"{escape(setting(c.setting))}{length}")
    parts = [f"<h3>{heading}</h3>"]
    if c.did_not_attend:
        parts.append("<p><b>Did not attend.</b></p>")
    if topics:
        parts.append(f"<p><b>Topics:</b> {escape(', '.join(topics))}</p>")
    for title, text in (("What was discussed", c.discussion), ("What was agreed", c.agreed),
                        ("In their own words", c.own_words)):
        if text:
            parts.append(f"<p><b>{title}:</b><br>{_paragraphs(text)}</p>")
    if c.next_appointment_at:
        parts.append(f"<p><b>Next appointment:</b> {c.next_appointment_at:{WHEN}}</p>")
    parts.append(f"<p><i>Written on {british(c.written_on)}. A note is never changed after "
                 "its day; corrections are added as addenda.</i></p>")
    if c.addenda:
        parts.append("<h4>Addenda</h4>")
        parts += [f"<p><b>{_local(a.written_at):{WHEN}}, {escape(a.signed_by)}:</b><br>"
                  f"{_paragraphs(a.text)}</p>" for a in c.addenda]
    return "".join(parts)


def _paragraphs(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _local(stored: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time in local time."""
    return stored.replace(tzinfo=dt.UTC).astimezone()
