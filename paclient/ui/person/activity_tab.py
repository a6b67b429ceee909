"""The record's activity tab: the whole activity history (current one marked, with the dates
that keep it current), the Year 11 intended destination and the September Guarantee offers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ccis import rules
from paclient.services.casework.records import (
    ActivityRecord,
    DestinationRecord,
    GuaranteeOfferRecord,
)
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british
from paclient.ui.person.activity_forms import ActivityForm, DestinationForm, GuaranteeForm
from paclient.ui.person.tab import RecordTab
from paclient.ui.rows_model import Column, RowsTable

translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class ActivityData:
    """What the tab shows, read in one go."""

    history: list[ActivityRecord]  # newest first: the first is the current activity
    destinations: list[DestinationRecord]  # newest first
    offers: list[GuaranteeOfferRecord]  # newest first
    guarantee_year: int | None  # 11 or 12 while the September Guarantee applies
    today: dt.date


class ActivityTab(RecordTab):
    """Activity history, intended destination and September Guarantee of one young person."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.data: ActivityData | None = None
        self.form: FormDialog | None = None
        self.summary = _label(self, self.tr("Current activity"))
        self.history: RowsTable = RowsTable(self._history_columns(),
                                            self.tr("Activity history, newest first"), self)
        self.destination = _label(self, self.tr("Intended destination"))
        self.offers: RowsTable = RowsTable(_offer_columns(),
                                           self.tr("September Guarantee offers"), self)
        self.new_activity_button = self._button(self.tr("Ne&w activity…"), self.new_activity)
        self.destination_button = self._button(self.tr("Intended &destination…"),
                                               self.set_destination)
        self.offer_button = self._button(self.tr("&Guarantee offer…"), self.record_offer)
        for table in (self.history, self.offers):
            table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as read
        self._lay_out()

    def read(self) -> ActivityData:
        services, today = self.ctx.services, self.ctx.services.today()
        person = services.people.get(self.person_id, audited=False)  # the record is open
        return ActivityData(history=services.activities.history(self.person_id),
                            destinations=services.activities.destinations(self.person_id),
                            offers=services.activities.guarantee_offers(self.person_id),
                            guarantee_year=rules.guarantee_year(person.date_of_birth, today),
                            today=today)

    def show_data(self, data: ActivityData) -> None:
        self.data = data
        self.summary.setText(self._summary_html(data))
        self.history.show_rows(data.history)
        text = self._destination_html(data.destinations)
        if not data.offers:
            text += " " + self.tr("No September Guarantee offer recorded.")
        self.destination.setText(text)
        self.offers.show_rows(data.offers)

    # --- the forms ----------------------------------------------------------------------------

    def new_activity(self) -> FormDialog:
        """Open the new-activity form (its NEET start carries on from a current NEET spell)."""
        current = self.data.history[0] if self.data and self.data.history else None
        return self._open(ActivityForm(self.ctx, self.person_id, current, self))

    def set_destination(self) -> FormDialog:
        """Open the intended-destination form."""
        return self._open(DestinationForm(self.ctx, self.person_id, self))

    def record_offer(self) -> FormDialog:
        """Open the September Guarantee form, on the year the Guarantee applies to now."""
        year = self.data.guarantee_year if self.data else None
        return self._open(GuaranteeForm(self.ctx, self.person_id, year, self))

    def _open(self, form: FormDialog) -> FormDialog:
        self.form = form
        form.finished.connect(form.deleteLater)
        form.open()
        return form

    # --- what is shown ------------------------------------------------------------------------

    def _summary_html(self, data: ActivityData) -> str:
        if not data.history:
            return self.tr("<b>No activity recorded yet.</b>")
        now = data.history[0]
        text = self.tr("<b>Now: {0} {1}</b>, since {2}.").format(
            escape(now.code), escape(now.label), british(now.start_date))
        if rules.is_lapsed(now.due_to_lapse_date, data.today):
            text += " " + self.tr("<b style='color:#b00020'>Lapsed on {0}</b>: confirm it or "
                                  "record a new activity.").format(
                british(now.due_to_lapse_date))
        elif now.due_to_lapse_date is not None:
            text += " " + self.tr("Lapses on {0} unless confirmed.").format(
                british(now.due_to_lapse_date))
        if now.review_date is not None:
            text += " " + self.tr("Review on {0}.").format(british(now.review_date))
        return text

    def _destination_html(self, destinations: list[DestinationRecord]) -> str:
        if not destinations:
            return self.tr("Intended destination (Year 11): not recorded.")
        latest = destinations[0]
        return self.tr("Intended destination (Year 11): <b>{0} {1}</b>, recorded {2}.").format(
            escape(latest.code), escape(latest.label), british(latest.recorded_on))

    def _history_columns(self) -> list[Column[ActivityRecord]]:
        return [Column(self.tr("Status"), self._status),
                Column(self.tr("Activity"), lambda a: f"{a.code} {a.label}"),
                _date_column(self.tr("Started"), "start_date"),
                Column(self.tr("Confirmed"), lambda a: british(_confirmed(a)),
                       lambda a: _confirmed(a).isoformat()),
                _date_column(self.tr("Lapses"), "due_to_lapse_date"),
                _date_column(self.tr("Review"), "review_date"),
                _date_column(self.tr("Course end"), "predicted_end_date"),
                Column(self.tr("Provider"), _provider)]

    def _status(self, activity: ActivityRecord) -> str:
        data = self.data
        if data is None or not data.history or data.history[0].id != activity.id:
            return ""
        if rules.is_lapsed(activity.due_to_lapse_date, data.today):
            return self.tr("Current (lapsed)")
        return self.tr("Current")

    def _button(self, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        actions = QHBoxLayout()
        for button in (self.new_activity_button, self.destination_button, self.offer_button):
            actions.addWidget(button)
        actions.addStretch(1)
        history = QGroupBox(self.tr("Activity history"), self)
        QVBoxLayout(history).addWidget(self.history)
        guarantee = QGroupBox(self.tr("Intended destination and September Guarantee"), self)
        inner = QVBoxLayout(guarantee)
        inner.addWidget(self.destination)
        inner.addWidget(self.offers)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(history, 3)
        layout.addWidget(guarantee, 2)


def _date_column(heading: str, name: str) -> Column[Any]:
    return Column(heading, lambda r: british(getattr(r, name)),
                  lambda r: (getattr(r, name) or dt.date.min).isoformat())


def _offer_columns() -> list[Column[GuaranteeOfferRecord]]:
    return [Column(translate("ActivityTab", "Year"), lambda o: str(o.year_group)),
            Column(translate("ActivityTab", "Status"),
                   lambda o: f"{o.status} {o.status_label}"),
            _date_column(translate("ActivityTab", "Recorded on"), "recorded_on"),
            Column(translate("ActivityTab", "Provider"), lambda o: o.provider_name or ""),
            Column(translate("ActivityTab", "LA"), lambda o: o.la or "")]


def _confirmed(activity: ActivityRecord) -> dt.date:
    """The day the lapse date counts from: verified, else ascertained."""
    return activity.date_verified or activity.date_ascertained


def _provider(activity: ActivityRecord) -> str:
    numbers = [n for n in (activity.provider_establishment_number, activity.provider_ukprn) if n]
    name = activity.provider_name or ""
    return f"{name} ({', '.join(numbers)})" if name and numbers else name or ", ".join(numbers)


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label
