"""The contacts tab's small forms: a missed appointment, an addendum to an older note, and
the correction of a note on the day it was written (after that day it is locked)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QWidget

from paclient.services.casework.records import AddendumRecord, ContactRecord
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.forms import (
    FormDialog,
    british,
    choose,
    chosen,
    code_entries,
    date_time_edit,
    date_time_of,
    picker,
)
from paclient.ui.people.new_person import follow_layout


class _ContactForm(FormDialog):
    """A form that writes one contact's rows: only the contacts views need to reload."""

    def published(self, result: Any) -> Changes:
        """Contacts of this person changed."""
        return Changes(contacts=True, person_id=self.person_id)

    def _when_method_setting(self, when: dt.datetime, method: str | None,
                             setting: str | None) -> None:
        book, today = self.ctx.services.codebook, self.ctx.services.today()
        self.when = date_time_edit(self, when)
        self.method = picker(self, code_entries(book, "contact_method", today))
        self.setting = picker(self, code_entries(book, "contact_setting", today))
        choose(self.method, method)
        choose(self.setting, setting)
        self.add_field("occurred_at", self.tr("&When:"), self.when)
        self.add_field("method", self.tr("&How:"), self.method)
        self.add_field("setting", self.tr("W&here:"), self.setting)


class DidNotAttendForm(_ContactForm):
    """A missed appointment; how and where default to the last contact's."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 last: ContactRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Did not attend"), person_id, parent)
        now = QTime.currentTime()
        when = dt.datetime.combine(ctx.services.today(), dt.time(now.hour(), now.minute()))
        self._when_method_setting(when, last.method if last else "face_to_face",
                                  last.setting if last else None)
        follow_layout(self)

    def values(self) -> dict[str, Any]:
        """The missed appointment as the service takes it."""
        return {"occurred_at": date_time_of(self.when), "method": chosen(self.method),
                "setting": chosen(self.setting)}

    def save(self, values: dict[str, Any]) -> ContactRecord:
        """Record the missed appointment."""
        assert self.person_id is not None
        return self.ctx.services.contacts.record_did_not_attend(self.person_id, **values)


class AddendumForm(_ContactForm):
    """An addendum to a note: the note stays as written; the addendum is signed and dated."""

    def __init__(self, ctx: AppContext, contact: ContactRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add an addendum"), contact.person_id, parent)
        self.contact = contact
        about = QLabel(self.tr("To the note of {0}. The note stays as it was written; the "
                               "addendum is added below it, signed by you and dated now.")
                       .format(f"{contact.occurred_at:%d/%m/%Y %H:%M}"), self)
        about.setWordWrap(True)
        about.setAccessibleName(self.tr("Which note"))
        self.form.addRow(about)
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.add_field("text", self.tr("&Addendum:"), self.text)
        follow_layout(self)

    def values(self) -> dict[str, Any]:
        """The addendum's text."""
        return {"text": self.text.toPlainText()}

    def save(self, values: dict[str, Any]) -> AddendumRecord:
        """Add the addendum to the note."""
        return self.ctx.services.contacts.add_addendum(self.contact.id, values["text"])


class CorrectionForm(_ContactForm):
    """Today's note, corrected in place (the service refuses once the day is over)."""

    def __init__(self, ctx: AppContext, contact: ContactRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Correct today's note"), contact.person_id, parent)
        self.contact = contact
        about = QLabel(self.tr("A note can be corrected until the end of the day it was "
                               "written ({0}); after that, add an addendum.")
                       .format(british(contact.written_on)), self)
        about.setWordWrap(True)
        about.setAccessibleName(self.tr("Until when"))
        self.form.addRow(about)
        self._when_method_setting(contact.occurred_at, contact.method, contact.setting)
        self.duration = QSpinBox(self)
        self.duration.setRange(0, 600)
        self.duration.setSuffix(self.tr(" minutes"))
        self.duration.setSpecialValueText(self.tr("not recorded"))
        self.duration.setValue(contact.duration_minutes or 0)
        self.add_field("duration_minutes", self.tr("&Length:"), self.duration)
        self.texts = {name: self._text(name, label, value) for name, label, value in (
            ("discussion", self.tr("What was &discussed:"), contact.discussion),
            ("agreed", self.tr("What was a&greed:"), contact.agreed),
            ("own_words", self.tr("In their &own words:"), contact.own_words or ""))}
        follow_layout(self)

    def values(self) -> dict[str, Any]:
        """The note's fields as now typed."""
        typed = {name: box.toPlainText() for name, box in self.texts.items()}
        return {"occurred_at": date_time_of(self.when), "method": chosen(self.method),
                "setting": chosen(self.setting),
                "duration_minutes": self.duration.value() or None,
                **typed, "own_words": typed["own_words"].strip() or None}

    def save(self, values: dict[str, Any]) -> ContactRecord:
        """Send what changed; nothing changed, nothing written."""
        changed = {k: v for k, v in values.items() if v != getattr(self.contact, k)}
        if not changed:
            return self.contact
        return self.ctx.services.contacts.correct_same_day(self.contact.id, **changed)

    def _text(self, name: str, label: str, value: str) -> QPlainTextEdit:
        box = QPlainTextEdit(value, self)
        box.setTabChangesFocus(True)
        self.add_field(name, label, box)
        return box
