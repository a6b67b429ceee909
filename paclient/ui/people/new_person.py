"""The new young person form: who they are, where they learn, and (if known) what they do now.

The person and their current activity are saved together (`IntakeService.add_person`): a
refused activity leaves no half-made person behind, and everything typed stays in the form.
"""

from __future__ import annotations

import uuid
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ccis.errors import ValidationError
from paclient.errors import DuplicatePerson
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import describe
from paclient.ui.forms import FormDialog, choose, chosen, code_entries, date_edit, date_of, picker

PERSON_TEXT = ("given_name", "family_name", "preferred_name", "school_name",
               "establishment_number", "upn", "uln", "address_line1", "town", "postcode")


class NewPersonDialog(FormDialog):
    """A new young person on the adviser's caseload; `saved` carries the new person's id.

    When the person is on record already, the refusal offers to open their record instead
    (`existing_requested` carries that person's id).
    """

    existing_requested = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("New young person"), None, parent)
        self.follow_up: FormDialog | None = None  # a form opened for the person once saved
        book, today = ctx.services.codebook, ctx.services.today()
        self.text = {name: QLineEdit(self) for name in PERSON_TEXT}
        self.date_of_birth = date_edit(self, None, optional=True)  # typed, never guessed
        self.gender = picker(self, code_entries(book, "gender", today))
        choose(self.gender, "U")
        self.send = QCheckBox(self.tr("Has an EHC plan"), self)
        self.code = picker(self, code_entries(book, "activity", today), optional=True)
        self.start_date = date_edit(self, today)
        self.neet_start_date = date_edit(self, None, optional=True)
        self.date_ascertained = date_edit(self, today)
        self.existing: uuid.UUID | None = None  # the person on record a refusal named
        self.open_existing = QPushButton(self.tr("&Open the record already held"), self)
        self.open_existing.setAccessibleName(self.tr("Open the record already held"))
        self.open_existing.hide()
        self.open_existing.clicked.connect(self._on_open_existing)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.open_existing)  # under the problem, above the fields
        self._lay_out()
        follow_layout(self)
        self.resize(560, 0)

    def values(self) -> dict[str, Any]:
        """The person's details and (with a code) their activity, as the service takes them."""
        person: dict[str, Any] = {name: edit.text().strip() or None
                                  for name, edit in self.text.items()}
        person.update(date_of_birth=date_of(self.date_of_birth), gender=typed_code(self.gender),
                      send=self.send.isChecked())
        code = typed_code(self.code)
        activity = None if code is None else {
            "code": code, "start_date": date_of(self.start_date),
            "neet_start_date": date_of(self.neet_start_date),
            "date_ascertained": date_of(self.date_ascertained)}
        return {"person": person, "activity": activity}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        """Add the person and their activity in one go; the new person's id."""
        intake = self.ctx.services.intake
        return intake.add_person(values["person"], values["activity"]).id

    def published(self, result: Any) -> Changes:
        """A new person on the caseload, with their activity."""
        return Changes(people=True, activities=True, person_id=result)

    def _on_refused(self, exc: Exception) -> None:
        duplicate = exc if isinstance(exc, DuplicatePerson) else None
        self.existing = None if duplicate is None else duplicate.person_id
        self.open_existing.setVisible(duplicate is not None)
        if duplicate is not None:  # said beside the UPN, the ULN or the date of birth
            exc = ValidationError(duplicate.field, "duplicate", describe(duplicate))
        super()._on_refused(exc)

    def _on_open_existing(self) -> None:
        if self.existing is not None:
            self.existing_requested.emit(self.existing)

    def _lay_out(self) -> None:
        t = self.text
        self._heading(self.tr("Who they are"))
        self.add_field("given_name", self.tr("&Given name:"), t["given_name"])
        self.add_field("family_name", self.tr("&Family name:"), t["family_name"])
        self.add_field("preferred_name", self.tr("&Preferred name:"), t["preferred_name"])
        self.add_field("date_of_birth", self.tr("Date of &birth:"), self.date_of_birth)
        self.add_field("gender", self.tr("Gen&der:"), self.gender)
        self._heading(self.tr("School, identifiers and address"))
        self.add_field("school_name", self.tr("Sc&hool or provider:"), t["school_name"])
        self.add_field("establishment_number", self.tr("Establishment nu&mber:"),
                       t["establishment_number"])
        self.add_field("upn", self.tr("&UPN (optional):"), t["upn"])
        self.add_field("uln", self.tr("U&LN (optional):"), t["uln"])
        self.add_field("address_line1", self.tr("Add&ress:"), t["address_line1"])
        self.add_field("town", self.tr("&Town:"), t["town"])
        self.add_field("postcode", self.tr("Post&code:"), t["postcode"])
        self.add_field("send", self.tr("S&END:"), self.send)
        self._heading(self.tr("What they do now (leave blank if not known)"))
        self.add_field("code", self.tr("Current &activity:"), self.code)
        self.add_field("start_date", self.tr("Activity s&ince:"), self.start_date)
        self.add_field("neet_start_date", self.tr("&NEET since:"), self.neet_start_date)
        self.add_field("date_ascertained", self.tr("Found &out on:"), self.date_ascertained)

    def _heading(self, text: str) -> None:
        label = QLabel(f"<b>{text}</b>", self)
        label.setAccessibleName(text)
        self.form.addRow(label)


def follow_layout(form: FormDialog) -> None:
    """Tab moves through the fields in the order they are laid out, then to the buttons."""
    fields = list(form.fields.values())
    for before, after in pairwise(fields):
        QWidget.setTabOrder(before, after)
    QWidget.setTabOrder(fields[-1], form.save_button)


def typed_code(box: QComboBox) -> str | None:
    """The code chosen; typed text matching no code is passed on for the service to refuse;
    None when blank."""
    code = chosen(box)
    if code is None:
        return box.currentText().strip() or None
    return str(code)
