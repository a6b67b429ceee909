"""The Details tab: who the young person is, how to reach them, their identifiers, school and
LA, SEND, their parents and carers, and their characteristics with the dates they applied."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ccis.codes import CodeBook
from paclient.services.people.records import CharacteristicRecord, ParentCarerRecord, PersonRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british
from paclient.ui.person.details_forms import (
    CharacteristicForm,
    ParentCarerForm,
    PersonForm,
    sections,
)
from paclient.ui.person.end_form import EndForm
from paclient.ui.person.tab import RecordTab
from paclient.ui.person.tab_parts import plain_button, table_part
from paclient.ui.rows_model import Column, RowsTable

NOT_RECORDED = "—"
TABLE_HEIGHTS = (100, 180)  # a few rows each; the tab scrolls
F = TypeVar("F", bound=FormDialog)
HIDE_EMPTY = frozenset({"address_line2", "address_line3", "address_line4"})


@dataclass(frozen=True, slots=True)
class DetailsData:
    """What the tab shows."""

    person: PersonRecord
    parents: tuple[ParentCarerRecord, ...]
    characteristics: tuple[CharacteristicRecord, ...]


class DetailsTab(RecordTab):
    """The person's details, parents and carers, and characteristics, each with its forms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.person: PersonRecord | None = None
        self.form: FormDialog | None = None  # the form opened last
        self.values: dict[str, QLabel] = {}
        self._rows: dict[str, QFormLayout] = {}
        self.edit_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        mnemonics = {"identity": self.tr("Edit &identity…"),
                     "contact": self.tr("Edit a&ddress and contact…"),
                     "identifiers": self.tr("Edit identi&fiers…"),
                     "school": self.tr("Edit &school and LA…"),
                     "support": self.tr("Edit SEND and s&upport…")}
        for place, (section, (title, fields)) in enumerate(sections().items()):
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            for field in fields:
                value = QLabel(NOT_RECORDED, box)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
                value.setAccessibleName(field.label.replace("&", "").rstrip(":"))
                self.values[field.name] = value
                self._rows[field.name] = form
                form.addRow(field.label.replace("&", ""), value)
            button = plain_button(mnemonics[section], box)
            button.clicked.connect(partial(self.edit, section))
            self.edit_buttons[section] = button
            form.addRow(button)
            form.setAlignment(button, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(box, place // 3, place % 3, Qt.AlignmentFlag.AlignTop)
        self.parents = RowsTable(_parent_columns(), self.tr("Parents and carers"), self)
        self.add_parent_button = plain_button(self.tr("Add p&arent or carer…"), self)
        self.add_parent_button.clicked.connect(self.add_parent)
        self.characteristics = RowsTable(_characteristic_columns(ctx),
                                         self.tr("Characteristics"), self)
        self.add_characteristic_button = plain_button(self.tr("Add c&haracteristic…"), self)
        self.add_characteristic_button.clicked.connect(self.add_characteristic)
        self.end_characteristic_button = plain_button(self.tr("&End characteristic…"), self)
        self.end_characteristic_button.clicked.connect(self.end_characteristic)
        self.characteristics.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # newest first
        self.characteristics.selectionModel().selectionChanged.connect(self._enable)
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addLayout(grid)
        layout.addWidget(table_part(self.tr("Parents and carers"), self.parents,
                                    self.add_parent_button, heights=TABLE_HEIGHTS))
        layout.addWidget(table_part(self.tr("Characteristics"), self.characteristics,
                                    self.add_characteristic_button,
                                    self.end_characteristic_button, heights=TABLE_HEIGHTS))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        QVBoxLayout(self).addWidget(scroll)
        self._enable()

    def read(self) -> DetailsData:
        """The person (an open record read again: not audited), parents, characteristics."""
        services = self.ctx.services
        return DetailsData(services.people.get(self.person_id, audited=False),
                           tuple(services.safeguarding.parents_carers(self.person_id)),
                           tuple(services.safeguarding.characteristics(self.person_id)))

    def show_data(self, data: DetailsData) -> None:
        """Show what `read` returned."""
        self.person = data.person
        codebook = self.ctx.services.codebook
        for name, label in self.values.items():
            label.setText(_shown(codebook, name, getattr(data.person, name)))
            self._rows[name].setRowVisible(label, name not in HIDE_EMPTY
                                           or label.text() != NOT_RECORDED)
        self.parents.show_rows(data.parents)
        self.characteristics.show_rows(data.characteristics)
        self._enable()

    # --- the forms ----------------------------------------------------------------------------

    def edit(self, section: str) -> PersonForm:
        """Open the form for one part of the details (see `details_forms.sections`)."""
        assert self.person is not None  # the buttons wait for the first read
        return self._open(PersonForm(self.ctx, self.person, section, self))

    def add_parent(self) -> ParentCarerForm:
        """Open the form for a new parent or carer."""
        return self._open(ParentCarerForm(self.ctx, self.person_id, self))

    def add_characteristic(self) -> CharacteristicForm:
        """Open the form for a new characteristic."""
        return self._open(CharacteristicForm(self.ctx, self.person_id, self))

    def end_characteristic(self) -> EndForm | None:
        """Ask for the last day of the chosen characteristic, and to go ahead."""
        chosen: CharacteristicRecord | None = self.characteristics.chosen()
        if chosen is None or chosen.end_date is not None:
            return None
        return self._open(EndForm(
            self.ctx, self.person_id, title=self.tr("End a characteristic"),
            what=self.tr("{0}, since {1}.").format(chosen.label, british(chosen.start_date)),
            label=self.tr("&Last day:"),
            question=self.tr("End “{0}” with {day} as its last day? It will no longer count "
                             "for this young person after that day.").replace("{0}",
                                                                               chosen.label),
            end=partial(self.ctx.services.safeguarding.end_characteristic, chosen.id),
            parent=self))

    def _open(self, form: F) -> F:
        self.form = form
        form.show()
        return form

    def _enable(self) -> None:
        for button in self.edit_buttons.values():
            button.setEnabled(self.person is not None)
        chosen = self.characteristics.chosen()
        self.end_characteristic_button.setEnabled(chosen is not None
                                                  and chosen.end_date is None)


CODE_LISTS = {"gender": "gender", "ethnicity": "ethnicity", "lead_la": "la",
              "educated_la": "la", "la_at_year_11": "la", "cohort_status": "cohort_status",
              "level_of_need": "level_of_need"}


def _shown(codebook: CodeBook, name: str, value: object) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in CODE_LISTS:
        entry = codebook.entry(CODE_LISTS[name], str(value))
        return f"{entry.label} ({value})" if entry else str(value)
    if hasattr(value, "strftime"):
        return british(value)  # type: ignore[arg-type]
    return str(value)


def _parent_columns() -> list[Column[ParentCarerRecord]]:
    return [Column("Name", lambda p: p.name), Column("Relationship", lambda p: p.relationship),
            Column("Phone", lambda p: p.phone or ""), Column("Email", lambda p: p.email or ""),
            Column("May contact", lambda p: "Yes" if p.permission_to_contact else "No"),
            Column("Address", lambda p: p.address or "")]


def _characteristic_columns(ctx: AppContext) -> list[Column[CharacteristicRecord]]:
    today = ctx.services.today

    def in_force(c: CharacteristicRecord) -> str:
        now = today()
        return "Yes" if c.start_date <= now and (c.end_date is None or c.end_date >= now) \
            else "No"

    return [Column("Characteristic", lambda c: f"{c.code} {c.label}"),
            Column("From", lambda c: british(c.start_date), lambda c: c.start_date.isoformat()),
            Column("Until", lambda c: british(c.end_date),
                   lambda c: c.end_date.isoformat() if c.end_date else "9999"),
            Column("In force", in_force),
            Column("Sensitive", lambda c: "Yes" if c.sensitive else ""),
            Column("Source", lambda c: c.source or "")]
