"""A leaver notice from a provider, or a young person who is now NEET.

Either starts the clock for a contact (5 working days by default): past it with no contact
attended, the person is on the "leavers and new NEETs not contacted" work list; a NEET
activity also puts them on the NEET list at once. For someone not yet on the caseload,
`new_person_then_leaver` adds them first and then asks for the notice.
"""

from __future__ import annotations

import uuid
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from ccis import rules
from ccis.codes import CodeEntry
from paclient.services.bundle import Services
from paclient.services.casework.records import ActivityRecord
from paclient.services.changes import Changes
from paclient.services.people.records import PersonRecord
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.forms import (
    FormDialog,
    british,
    choose,
    code_entries,
    date_edit,
    date_of,
    picker,
    set_date,
)
from paclient.ui.people.new_person import NewPersonDialog, follow_layout, typed_code

Situation = tuple[PersonRecord, ActivityRecord | None]
NOT_KNOWN = {True: "150", False: "810"}  # by compulsory school age: the "not known" code
USUAL_NEET = "619"  # seeking employment, education or training


class _PersonForm(FormDialog):
    """A form about one person that first shows who they are and what they do now."""

    def __init__(self, ctx: AppContext, title: str, person_id: uuid.UUID,
                 parent: QWidget | None) -> None:
        super().__init__(ctx, title, person_id, parent)
        self.situation = QLabel(self)
        self.situation.setWordWrap(True)
        self.situation.setTextFormat(Qt.TextFormat.RichText)
        self.situation.setAccessibleName(self.tr("Who and what they do now"))
        self.form.addRow(self.situation)

    def read_situation(self) -> None:
        """Read who the person is and what they do now; call once the fields are built."""
        assert self.person_id is not None
        self.ctx.tasks.run(partial(_situation, self.ctx.services, self.person_id),
                           on_done=self._on_read, on_error=partial(show_error, self))

    def published(self, result: Any) -> Changes:
        """The person and their activity changed."""
        return Changes(people=True, activities=True, person_id=self.person_id)

    def _on_read(self, situation: Situation) -> None:
        person, current = situation
        self.situation.setText(f"<b>{escape(person.display_name)}</b> · "
                               f"{escape(self._now(current))}")
        self.shown(person, current)

    def _now(self, current: ActivityRecord | None) -> str:
        if current is None:
            return self.tr("No activity recorded yet.")
        where = self.tr(" at {0}").format(current.provider_name) if current.provider_name \
            else ""
        return self.tr("Now: {0} {1}{2}, since {3}.").format(
            current.code, current.label, where, british(current.start_date))

    def shown(self, person: PersonRecord, current: ActivityRecord | None) -> None:
        """Set defaults that depend on the person (after the form is built)."""


class LeaverDialog(_PersonForm):
    """A provider told us the young person left: when, and what they do now."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Leaver notification"), person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        self.notified_on = date_edit(self, today)
        self.left_on = date_edit(self, today)
        self.code = picker(self, code_entries(book, "activity", today), optional=True)
        self.neet_start_date = date_edit(self, None, optional=True)
        self.add_field("leaver_notified_on", self.tr("Provider &told us on:"), self.notified_on)
        self.add_field("start_date", self.tr("&Left on:"), self.left_on)
        self.add_field("code", self.tr("&Doing now:"), self.code)
        self.add_field("neet_start_date", self.tr("&NEET since:"), self.neet_start_date)
        hint = QLabel(self.tr("“Doing now” starts on the day they left. Leave it blank to keep "
                              "the current activity. A NEET start left blank is the day they "
                              "left."), self)
        hint.setWordWrap(True)
        self.form.addRow(hint)
        follow_layout(self)
        self.read_situation()

    def shown(self, person: PersonRecord, current: ActivityRecord | None) -> None:
        """Suggest "current situation not known" until the adviser learns more."""
        choose(self.code, NOT_KNOWN[person.academic_age < 16])

    def values(self) -> dict[str, Any]:
        """The notice date and, with a code, the activity they moved to."""
        code = typed_code(self.code)
        activity = None if code is None else {
            "code": code, "start_date": date_of(self.left_on),
            "neet_start_date": date_of(self.neet_start_date)}
        return {"notified_on": date_of(self.notified_on), "activity": activity}

    def save(self, values: dict[str, Any]) -> PersonRecord:
        """Record the notice (and the activity) in one go."""
        assert self.person_id is not None
        return self.ctx.services.intake.record_leaver(self.person_id, **values)


class NeetDialog(_PersonForm):
    """The young person is now NEET: the NEET activity and when the NEET spell began."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Now NEET"), person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        neet = [(code, label) for code, label in code_entries(book, "activity", today)
                if _is_neet(book.entry("activity", code, today))]
        self.code = picker(self, neet)
        choose(self.code, USUAL_NEET)
        self.start_date = date_edit(self, today)
        self.neet_start_date = date_edit(self, None, optional=True)
        self.date_ascertained = date_edit(self, today)
        self.add_field("code", self.tr("NEET &activity:"), self.code)
        self.add_field("start_date", self.tr("Activity &from:"), self.start_date)
        self.add_field("neet_start_date", self.tr("&NEET since (blank: the same day):"),
                       self.neet_start_date)
        self.add_field("date_ascertained", self.tr("Found &out on:"), self.date_ascertained)
        follow_layout(self)
        self.read_situation()

    def shown(self, person: PersonRecord, current: ActivityRecord | None) -> None:
        """A NEET spell goes on when one NEET activity follows another."""
        if current is not None and current.neet_start_date is not None:
            set_date(self.neet_start_date, current.neet_start_date)

    def values(self) -> dict[str, Any]:
        """The NEET activity as the service takes it."""
        return {"code": typed_code(self.code), "start_date": date_of(self.start_date),
                "neet_start_date": date_of(self.neet_start_date),
                "date_ascertained": date_of(self.date_ascertained)}

    def save(self, values: dict[str, Any]) -> ActivityRecord:
        """Record the NEET activity as current."""
        assert self.person_id is not None
        return self.ctx.services.intake.record_neet(self.person_id, **values)


def new_person_then_leaver(ctx: AppContext, parent: QWidget | None = None) -> NewPersonDialog:
    """The new young person form; once saved, the leaver notice form for them opens
    (kept as the form's `follow_up`)."""
    dialog = NewPersonDialog(ctx, parent)

    def follow(person_id: uuid.UUID) -> None:
        leaver = LeaverDialog(ctx, person_id, parent)
        dialog.follow_up = leaver
        leaver.show()

    dialog.saved.connect(follow)
    return dialog


def _is_neet(entry: CodeEntry | None) -> bool:
    return entry is not None and rules.is_neet(entry)


def _situation(services: Services, person_id: uuid.UUID) -> Situation:
    return (services.people.get(person_id, audited=False),
            services.activities.current(person_id))
