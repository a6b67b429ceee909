"""The History tab: who opened, changed, printed or exported this record, newest first, and
the documents printed about the young person.

Reading the history writes nothing (see `services/history.py`): opening the record was
audited already, and this tab reads again after every write and each time it is shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from paclient.services.people.history import PAGE, HistoryPage, PrintedRecord
from paclient.services.people.history import HistoryEvent as Event
from paclient.ui.context import AppContext
from paclient.ui.person.tab import RecordTab
from paclient.ui.rows_model import Column, RowsTable

translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class HistoryData:
    """What the tab shows."""

    page: HistoryPage
    prints: tuple[PrintedRecord, ...]


class HistoryTab(RecordTab):
    """The record's audit trail, paged from the newest, and its printed documents."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.limit = PAGE  # how many of the newest events to read
        self.events = RowsTable(_event_columns(), self.tr("Who opened, changed or printed "
                                                          "this record"), self)
        self.events.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.prints = RowsTable(_print_columns(), self.tr("Documents printed"), self)
        self.prints.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.shown = QLabel(self)
        self.shown.setAccessibleName(self.tr("How many events are shown"))
        self.older_button = QPushButton(self.tr("Show o&lder events"), self)
        self.older_button.setAccessibleName(self.tr("Show older events"))
        self.older_button.clicked.connect(self.show_older)
        self.older_button.hide()
        below = QHBoxLayout()
        below.addWidget(self.shown, 1)
        below.addWidget(self.older_button)
        trail = QGroupBox(self.tr("Who opened, changed or printed this record"), self)
        trail_layout = QVBoxLayout(trail)
        trail_layout.addWidget(self.events)
        trail_layout.addLayout(below)
        printed = QGroupBox(self.tr("Documents printed"), self)
        QVBoxLayout(printed).addWidget(self.prints)
        layout = QVBoxLayout(self)
        layout.addWidget(trail, 3)
        layout.addWidget(printed, 2)

    def read(self) -> HistoryData:
        """The newest events and every print; reading is not audited."""
        history = self.ctx.services.history
        return HistoryData(history.events(self.person_id, limit=self.limit),
                           tuple(history.prints(self.person_id)))

    def show_data(self, data: HistoryData) -> None:
        """Show what `read` returned."""
        self.events.show_rows(data.page.events)
        self.prints.show_rows(data.prints)
        count = len(data.page.events)
        self.shown.setText(self.tr("Events shown: %n, the newest; older ones are not shown "
                                   "yet.", None, count) if data.page.more
                           else self.tr("Events shown: %n, all there are.", None, count))
        self.older_button.setVisible(data.page.more)

    def show_older(self) -> None:
        """Read a page more of older events."""
        self.limit += PAGE
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # Prints and other windows add events without telling the change bus: read afresh.
        self.stale = True
        super().showEvent(event)


def action_words() -> dict[str, str]:
    """What was done, in words."""
    t = translate
    return {"view": t("HistoryTab", "Opened"), "create": t("HistoryTab", "Added"),
            "update": t("HistoryTab", "Changed"), "end": t("HistoryTab", "Ended"),
            "withdraw": t("HistoryTab", "Withdrew"), "print": t("HistoryTab", "Printed"),
            "export": t("HistoryTab", "Exported"), "delete": t("HistoryTab", "Deleted")}


def part_words() -> dict[str, str]:
    """Which part of the record, in words."""
    t = translate
    return {"young_person": t("HistoryTab", "Details"),
            "parent_carer": t("HistoryTab", "Parent or carer"),
            "characteristic": t("HistoryTab", "Characteristic"),
            "consent": t("HistoryTab", "Consent"),
            "safety_warning": t("HistoryTab", "Staff-safety warning"),
            "activity": t("HistoryTab", "Activity"), "contact": t("HistoryTab", "Contact"),
            "addendum": t("HistoryTab", "Addendum to a note"),
            "assessment": t("HistoryTab", "Assessment"),
            "action_plan": t("HistoryTab", "Action plan"), "action": t("HistoryTab", "Action"),
            "review": t("HistoryTab", "Plan review"), "referral": t("HistoryTab", "Referral"),
            "caf_episode": t("HistoryTab", "Early help (CAF)"),
            "caf_meeting": t("HistoryTab", "Team Around the Child meeting"),
            "custody_episode": t("HistoryTab", "Custody"),
            "printed_document": t("HistoryTab", "Document")}


def document_words() -> dict[str, str]:
    """The kinds of printed document, in words."""
    t = translate
    return {"activity-record": t("HistoryTab", "Activity record"),
            "action-plan": t("HistoryTab", "Action plan"),
            "guidance-summary": t("HistoryTab", "Guidance summary"),
            "caf-referral": t("HistoryTab", "CAF referral"),
            "caseload-review": t("HistoryTab", "Caseload review"),
            "subject-access": t("HistoryTab", "Subject access pack")}


def local(when: dt.datetime) -> str:
    """A stored (UTC) time as the adviser's local day and time."""
    return f"{when.replace(tzinfo=dt.UTC).astimezone():%d/%m/%Y %H:%M}"


def _words(words: dict[str, str], code: str) -> str:
    return words.get(code) or code.replace("_", " ").replace("-", " ").capitalize()


def _detail(event: Event) -> str:
    if event.fields:
        return ", ".join(f.replace("_", " ") for f in event.fields)
    if event.document is None:
        return ""
    what = _words(document_words(), event.document)
    if event.sensitive_included is None:
        return what
    return translate("HistoryTab", "{0}, sensitive items included").format(what) \
        if event.sensitive_included else \
        translate("HistoryTab", "{0}, sensitive items left out").format(what)


def _event_columns() -> list[Column[Event]]:
    actions, parts = action_words(), part_words()
    t = translate
    return [Column(t("HistoryTab", "When"), lambda e: local(e.at), lambda e: e.seq),
            Column(t("HistoryTab", "Who"), lambda e: e.actor),
            Column(t("HistoryTab", "What"), lambda e: _words(actions, e.action)),
            Column(t("HistoryTab", "Which part"), lambda e: _words(parts, e.entity)),
            Column(t("HistoryTab", "Details"), _detail)]


def _print_columns() -> list[Column[PrintedRecord]]:
    t = translate
    ways = {"pdf": t("HistoryTab", "Saved as PDF"), "printer": t("HistoryTab", "Printer"),
            "export": t("HistoryTab", "Exported")}
    return [Column(t("HistoryTab", "What"), lambda p: _words(document_words(), p.kind)),
            Column(t("HistoryTab", "When"), lambda p: local(p.printed_at),
                   lambda p: p.printed_at.isoformat()),
            Column(t("HistoryTab", "By whom"), lambda p: p.printed_by),
            Column(t("HistoryTab", "Sensitive included"),
                   lambda p: t("HistoryTab", "Yes") if p.sensitive_included
                   else t("HistoryTab", "No")),
            Column(t("HistoryTab", "How"), lambda p: ways.get(p.destination, p.destination))]
