"""The record's approaching-18 tab: what has been done in the weeks before the 18th birthday.

Three items are worked out from the record (the activity record printed, the current activity
confirmed, an action-plan review) and cannot be ticked; the adviser ticks the other two. The
activity record is printed from here, and the tab reads the print log again once it is. The
record shows this tab while the young person is on the approaching-18 work list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

from paclient.services.casework.approaching_18 import TICKED
from paclient.services.casework.records import Approaching18Checklist, ChecklistLine
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.forms import FormDialog, british, choose, chosen, date_edit, date_of, picker
from paclient.ui.person.form_parts import field
from paclient.ui.person.tab import RecordTab
from paclient.ui.person.tab_parts import button, open_form, part
from paclient.ui.printing.dialog import PrintDialog
from paclient.ui.rows_model import Column, RowsTable

translate = QCoreApplication.translate


def item_label(item: str) -> str:
    """What the checklist calls `item`."""
    labels = {"activity_record_printed": translate("approaching18", "Activity record printed"),
              "activity_current": translate("approaching18",
                                            "Current activity confirmed within currency"),
              "plan_reviewed": translate("approaching18", "Action plan reviewed"),
              "adult_guidance_given": translate(
                  "approaching18", "Adult guidance / Jobcentre Plus information given"),
              "adult_services_consent": translate(
                  "approaching18", "Consent to share with adult services recorded")}
    return labels.get(item, item.replace("_", " ").capitalize())


def source_label(line: ChecklistLine) -> str:
    """How the checklist knows an item was done (or, if not, how it will)."""
    done = {"print_log": translate("approaching18", "From the print log"),
            "activity": translate("approaching18", "Last confirmed on this day"),
            "plan_review": translate("approaching18", "From the plan's reviews"),
            "referral": translate("approaching18", "Referred or signposted"),
            "ticked": translate("approaching18", "Ticked by the adviser")}
    to_do = {"activity_record_printed": translate("approaching18",
                                                  "Not yet: print it from here"),
             "activity_current": translate("approaching18",
                                           "Not yet: confirm the current activity"),
             "plan_reviewed": translate("approaching18", "Not yet: review the action plan")}
    if line.source is not None:
        return done.get(line.source, line.source)
    return to_do.get(line.item, translate("approaching18", "Not yet: tick when done"))


class TickItemForm(FormDialog):
    """An item the adviser ticks, done on a day (since the checklist opened)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, item: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("TickItemForm", "Approaching 18: item done"),
                         person_id, parent)
        self._person_id = person_id
        self.item = field(self, "item", self.tr("&Item:"),
                          picker(self, [(code, item_label(code)) for code in TICKED]))
        choose(self.item, item)
        self.on = field(self, "on", self.tr("&Done on:"), date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The item and the day, as `tick` takes them."""
        return {"item": chosen(self.item), "on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> Approaching18Checklist:
        return self.ctx.services.approaching_18.tick(self._person_id, **values)

    def published(self, result: Any) -> Changes:
        return Changes(person_id=self._person_id)  # the checklist alone shows it


class Approaching18Tab(RecordTab):
    """The approaching-18 checklist of one young person."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 print_record: Callable[[], PrintDialog], parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.data: Approaching18Checklist | None = None
        self._print_record = print_record
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("The approaching-18 checklist"))
        self.table: RowsTable = RowsTable(_columns(), self.tr("Approaching-18 checklist"),
                                          self)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the checklist's order
        self.table.activated.connect(lambda _index: self.tick())
        b = partial(button, self)
        self.tick_button = b(self.tr("Mark &done…"), self.tr("Mark the chosen item done"),
                             self.tick)
        self.untick_button = b(self.tr("Ta&ke back the tick"), self.tr("Take back the chosen tick"),
                               self.untick)
        self.print_button = b(self.tr("Print &activity record…"),
                              self.tr("Print the activity record"), self.print_activity_record)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        QVBoxLayout(self).addWidget(part(self.tr("Approaching 18"), self.heading, [
            self.tick_button, self.untick_button, self.print_button], self.table, self))
        self._enable()

    def read(self) -> Approaching18Checklist:
        return self.ctx.services.approaching_18.checklist(self.person_id)

    def show_data(self, data: Approaching18Checklist) -> None:
        chosen_item = self.chosen_line()
        self.data = data
        self.table.show_rows(list(data.lines))
        row = next((i for i, line in enumerate(data.lines)
                    if chosen_item and line.item == chosen_item.item), None)
        if row is not None:
            self.table.selectRow(row)
        self.heading.setText(self.tr(
            "18 on {0}. The checklist opened on {1}: {2} of {3} done.").format(
            british(data.eighteenth_birthday), british(data.opens_on), data.done,
            len(data.lines)))
        self._enable()

    def chosen_line(self) -> ChecklistLine | None:
        """The item chosen in the checklist, if any."""
        line: ChecklistLine | None = self.table.chosen()
        return line

    # --- the actions --------------------------------------------------------------------------

    def tick(self) -> TickItemForm | None:
        """Open the form for an item done (the chosen ticked item, else the first not done);
        None when the chosen item is worked out from the record."""
        line = self.chosen_line()
        if line is not None and line.derived:
            return None
        lines = self.data.lines if self.data else ()
        item = line.item if line else next(
            (entry.item for entry in lines if not entry.derived and entry.done_on is None),
            TICKED[0])
        return open_form(TickItemForm(self.ctx, self.person_id, item, self))

    def untick(self) -> None:
        """Take back the chosen tick, once the adviser agrees."""
        line = self.chosen_line()
        if line is None or line.source != "ticked":
            return
        answer = QMessageBox.question(self, self.tr("Take back the tick"), self.tr(
            "Mark “{0}” as not done?").format(item_label(line.item)))
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.tasks.run(partial(self.ctx.services.approaching_18.untick,
                                       self.person_id, line.item),
                               on_done=self._on_unticked,
                               on_error=lambda exc: show_error(self, exc))

    def print_activity_record(self) -> PrintDialog:
        """The print dialog of the activity record; the checklist is read again once the
        record is printed or saved."""
        dialog = self._print_record()
        dialog.finished_output.connect(lambda _text: self.reload())
        dialog.open()
        return dialog

    def _on_unticked(self, _checklist: Approaching18Checklist) -> None:
        self.ctx.changes.publish(Changes(person_id=self.person_id))

    def _enable(self) -> None:
        line = self.chosen_line()
        self.tick_button.setEnabled(line is None or not line.derived)
        self.untick_button.setEnabled(line is not None and line.source == "ticked")


def _columns() -> list[Column[ChecklistLine]]:
    return [Column(translate("Approaching18Tab", "Done"),
                   lambda c: "✓" if c.done_on else "", lambda c: c.done_on is not None),
            Column(translate("Approaching18Tab", "Item"), lambda c: item_label(c.item)),
            Column(translate("Approaching18Tab", "Done on"), lambda c: british(c.done_on),
                   lambda c: (c.done_on or dt.date.max).isoformat()),
            Column(translate("Approaching18Tab", "How it is known"), source_label)]
