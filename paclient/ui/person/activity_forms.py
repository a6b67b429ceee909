"""The activity tab's forms: a new activity (saying when it will lapse as it is filled in), the
intended destination, and a September Guarantee offer.

The lapse date a new activity form shows comes from `rules.due_to_lapse`, the very rule
`ActivityService.record_activity` stores, with the same code-list entry and policy.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ccis import rules
from ccis.codes import CodeEntry
from ccis.errors import ValidationError, ValidationErrors
from paclient.services.casework.records import ActivityRecord
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british, chosen, code_entries, date_edit, date_of, picker

translate = QCoreApplication.translate

NEET_ONLY = ("neet_start_date",)
EET_ONLY = ("predicted_end_date", "provider_establishment_number", "provider_ukprn",
            "provider_name")


class ActivityForm(FormDialog):
    """A new current activity for one young person; shows when it will lapse."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 current: ActivityRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("ActivityForm", "New activity"), person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        self.code = picker(self, code_entries(book, "activity", today), optional=True)
        self.start_date = date_edit(self, today)
        self.date_ascertained = date_edit(self, today)
        self.date_verified = date_edit(self, None, optional=True)
        self.neet_start_date = date_edit(self, _neet_since(current) or today)
        self.review_date = date_edit(self, None, optional=True)
        self.predicted_end_date = date_edit(self, None, optional=True)
        self.provider_establishment_number, self.provider_ukprn, self.provider_name = (
            QLineEdit(self) for _ in range(3))
        self.currency = QLabel(self)
        self.currency.setAccessibleName(self.tr("When this activity lapses"))
        self._rows: dict[str, int] = {}
        self._lay_out()
        self.code.currentTextChanged.connect(self._refresh)
        for edit in (self.start_date, self.date_ascertained, self.date_verified,
                     self.predicted_end_date):
            edit.dateChanged.connect(self._refresh)
        self._refresh()

    def _lay_out(self) -> None:
        for field, text in (
                ("code", self.tr("&Activity:")), ("start_date", self.tr("S&tart date:")),
                ("date_ascertained", self.tr("Date a&scertained:")),
                ("date_verified", self.tr("Date &verified:")),
                ("neet_start_date", self.tr("&NEET start date:")),
                ("review_date", self.tr("&Review date:")),
                ("predicted_end_date", self.tr("&Predicted end date:")),
                ("provider_establishment_number", self.tr("&Establishment number:")),
                ("provider_ukprn", self.tr("&UKPRN:")),
                ("provider_name", self.tr("Provider na&me:"))):
            self.add_field(field, text, getattr(self, field))
            self._rows[field] = self.form.rowCount() - 1
        self.form.addRow(self.tr("Currency:"), self.currency)
        self.resize(540, 0)

    def entry(self) -> CodeEntry | None:
        """The code-list entry of the activity picked, as in force on the start date."""
        code, start = chosen(self.code), date_of(self.start_date)
        return self.ctx.services.codebook.entry("activity", code, start) if code else None

    def values(self) -> dict[str, Any]:
        """What is typed in the fields this activity needs (hidden ones are kept, not sent)."""
        entry = self.entry()
        values: dict[str, Any] = {"code": _code_typed(self.code)}
        for field in ("start_date", "date_ascertained", "date_verified", "neet_start_date",
                      "review_date", "predicted_end_date"):
            values[field] = date_of(getattr(self, field)) if _needs(entry, field) else None
        for field in EET_ONLY[1:]:
            text = getattr(self, field).text().strip()
            values[field] = (text or None) if _needs(entry, field) else None
        return values

    def save(self, values: dict[str, Any]) -> ActivityRecord:
        _require_pick("code", values["code"])
        return self.ctx.services.activities.record_activity(self._person, **values)

    def published(self, result: Any) -> Changes:
        return Changes(people=True, activities=True, person_id=self.person_id)

    def _refresh(self) -> None:
        """Show only the fields the activity needs, and when it will lapse."""
        entry = self.entry()
        for field, row in self._rows.items():
            self.form.setRowVisible(row, _needs(entry, field))
        self.currency.setText(self._currency_text(entry))
        self.resize(self.width(), self.minimumSizeHint().height())  # shrink to the rows shown

    def _currency_text(self, entry: CodeEntry | None) -> str:
        if entry is None:
            return self.tr("Pick an activity to see when it lapses.")
        values = self.values()
        due = rules.due_to_lapse(entry, date_verified=values["date_verified"],
                                 date_ascertained=values["date_ascertained"],
                                 predicted_end=values["predicted_end_date"],
                                 policy=self.ctx.services.policy)
        if due is None:
            text = self.tr("Does not lapse.")
        elif due == values["predicted_end_date"]:
            text = self.tr("Lapses on {0} (the predicted end date) unless confirmed.").format(
                british(due))
        else:
            text = self.tr("Lapses on {0} unless confirmed.").format(british(due))
        if entry.attrs.get("review_required"):
            text += " " + self.tr("Needs a review date.")
        return text

    @property
    def _person(self) -> uuid.UUID:
        assert self.person_id is not None  # every activity form is for one person
        return self.person_id


class DestinationForm(FormDialog):
    """The Year 11 intended destination of one young person."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("DestinationForm", "Intended destination"),
                         person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        self.code = picker(self, code_entries(book, "intended_destination", today),
                           optional=True)
        self.recorded_on = date_edit(self, today)
        self.notes = QLineEdit(self)
        self.add_field("code", self.tr("&Intended destination:"), self.code)
        self.add_field("recorded_on", self.tr("&Recorded on:"), self.recorded_on)
        self.add_field("notes", self.tr("&Notes:"), self.notes)

    def values(self) -> dict[str, Any]:
        return {"code": _code_typed(self.code), "recorded_on": date_of(self.recorded_on),
                "notes": self.notes.text().strip() or None}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        _require_pick("code", values["code"])
        assert self.person_id is not None
        return self.ctx.services.activities.set_intended_destination(self.person_id, **values)

    def published(self, result: Any) -> Changes:
        return Changes(people=True, activities=True, person_id=self.person_id)


class GuaranteeForm(FormDialog):
    """A September Guarantee status (offer or no offer) for Year 11 or Year 12."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, year_group: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("GuaranteeForm", "September Guarantee offer"),
                         person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        self.year_group = QComboBox(self)
        for year in (11, 12):
            self.year_group.addItem(self.tr("Year {0}").format(year), year)
        self.year_group.setCurrentIndex(1 if year_group == 12 else 0)
        self.status = picker(self, code_entries(book, "guarantee_status", today), optional=True)
        self.recorded_on = date_edit(self, today)
        self.provider_name = QLineEdit(self)
        self.la = picker(self, [(e.code, f"{e.code} {e.label}")
                                for e in book.codes("la", today)], optional=True)
        self.add_field("year_group", self.tr("&Year:"), self.year_group)
        self.add_field("status", self.tr("&Status:"), self.status)
        self.add_field("recorded_on", self.tr("&Recorded on:"), self.recorded_on)
        self.add_field("provider_name", self.tr("&Provider:"), self.provider_name)
        self.add_field("la", self.tr("Provider's &LA:"), self.la)

    def values(self) -> dict[str, Any]:
        return {"year_group": self.year_group.currentData(), "status": _code_typed(self.status),
                "recorded_on": date_of(self.recorded_on),
                "provider_name": self.provider_name.text().strip() or None,
                "la": _code_typed(self.la) or None}

    def save(self, values: dict[str, Any]) -> uuid.UUID:
        _require_pick("status", values["status"])
        assert self.person_id is not None
        return self.ctx.services.activities.record_guarantee_offer(self.person_id, **values)

    def published(self, result: Any) -> Changes:
        return Changes(people=True, activities=True, person_id=self.person_id)


def _needs(entry: CodeEntry | None, field: str) -> bool:
    """Whether an activity asks for `field`: a NEET start for NEET, course and provider for
    EET (education, employment, training); every other field always."""
    if field in NEET_ONLY:
        return entry is not None and rules.is_neet(entry)
    if field in EET_ONLY:
        return entry is not None and entry.reporting_group == "EET"
    return True


def _code_typed(box: QComboBox) -> str:
    """The code picked, else what was typed (so the service can say it is not a code)."""
    return str(chosen(box) or box.currentText().strip())


def _require_pick(field: str, code: str) -> None:
    if not code:
        raise ValidationErrors([ValidationError(field, "required", "pick one from the list")])


def _neet_since(current: ActivityRecord | None) -> dt.date | None:
    """A NEET spell carries on from the current activity's NEET start, if it is NEET."""
    return current.neet_start_date if current is not None else None
