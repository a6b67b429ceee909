"""A table model over caseload rows that sorts by value (not by text) and filters itself."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ccis.codes import CodeBook
from paclient.services.caseload.extras import CUSTODY
from paclient.services.caseload.records import CaseloadRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the value a column sorts by

Label = Callable[[str, str], str | None]  # (code list, code) -> label, None if unknown
Index = QModelIndex | QPersistentModelIndex


def codebook_labels(codebook: CodeBook) -> Label:
    """Labels from `codebook`, from whichever version of the lists holds the code."""
    def label(code_list: str, code: str) -> str | None:
        entry = codebook.entry(code_list, code)
        return entry.label if entry else None
    return label


BRITISH_DATE = "dd/MM/yyyy"


class CaseloadColumn(IntEnum):
    NAME = 0
    AGE = 1
    SCHOOL = 2
    ACTIVITY = 3
    DAYS_NEET = 4
    NEED = 5
    NEXT_ACTION = 6
    LAPSE = 7
    FLAGS = 8
    STATE = 9  # the record's sync state: synced, pending, needs attention, conflict
    DETAIL = 10  # why a person is on the work list shown (empty for the whole caseload)


# Short tags for the flags column (the record's banner gives the full labels).
FLAG_TAGS = {"110": "LAC", "120": "Parent", "130": "Refugee", "140": "Carer",
             "150": "Substance", "160": "Care leaver", "170": "YOT", "180": "Pregnant",
             "190": "Parent (apart)", "200": "AP", "210": "Mental health",
             CUSTODY: "Custody"}
STATE_TEXT = {"synced": "Synced", "pending": "Not sent", "needs_attention": "Needs attention",
              "conflict": "Conflict"}


class CaseloadTableModel(QAbstractTableModel):
    """One row per young person; labels come from the code lists through `label`.

    The model sorts and filters itself: a proxy model would ask Python for every row's sort
    key through Qt on each sort (seconds for 50,000 people); here keys are computed once per
    sort in a plain `sorted()`, and filtering keeps a list of rows.
    """

    def __init__(self, label: Label, today: Callable[[], dt.date],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label, self._today = label, today
        self._all: list[CaseloadRow] = []  # every row loaded, in the current sort
        self._rows: list[CaseloadRow] = []  # the rows shown: those the filter keeps
        self._keep: Callable[[CaseloadRow], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._states: dict[uuid.UUID, str] = {}
        self._headers = (self.tr("Name"), self.tr("Age / year"), self.tr("School"),
                         self.tr("Current activity"), self.tr("Days NEET"),
                         self.tr("Level of need"), self.tr("Next action due"),
                         self.tr("Due to lapse"), self.tr("Flags"), self.tr("Record"),
                         self.tr("On the list because"))

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        """Show `rows` instead of the current ones (sorted and filtered as now)."""
        self.beginResetModel()
        self._all = self._sorted(rows)
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, keep: Callable[[CaseloadRow], bool] | None) -> None:
        """Show only the rows `keep` accepts (None: all of them)."""
        self.beginResetModel()
        self._keep = keep
        self._rows = self._filtered()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()  # the selection and current row follow their rows
        held = [self._rows[index.row()] for index in before]
        self._all = self._sorted(self._all)
        self._rows = self._filtered()
        where = {id(row): at for at, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            before, [self.index(where[id(row)], index.column())
                     for index, row in zip(before, held, strict=True)])
        self.layoutChanged.emit()

    def total(self) -> int:
        """How many rows are loaded, shown or not."""
        return len(self._all)

    def rows(self) -> list[CaseloadRow]:
        """The rows shown, in the order shown."""
        return list(self._rows)

    def _sorted(self, rows: list[CaseloadRow]) -> list[CaseloadRow]:
        if self._sort is None:
            return list(rows)
        column, order = CaseloadColumn(self._sort[0]), self._sort[1]
        today = self._today()
        keyed = [(self._key(row, column, today), row) for row in rows]
        known = [pair for pair in keyed if pair[0] is not None]
        unknown = [row for key, row in keyed if key is None]  # blanks last, either way
        known.sort(key=lambda pair: pair[0], reverse=order == Qt.SortOrder.DescendingOrder)
        return [row for _key, row in known] + unknown

    def _key(self, row: CaseloadRow, column: CaseloadColumn, today: dt.date) -> Any:
        if column == CaseloadColumn.STATE:
            return self._states.get(row.id)
        return _sort_key(row, column, today)

    def _filtered(self) -> list[CaseloadRow]:
        keep = self._keep
        return list(self._all) if keep is None else [row for row in self._all if keep(row)]

    def set_states(self, states: dict[uuid.UUID, str]) -> None:
        """Show each record's sync state (people not in `states` show nothing)."""
        self._states = dict(states)
        if self._rows:
            column = CaseloadColumn.STATE
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def row_at(self, row: int) -> CaseloadRow:
        """The record shown in row `row`."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(CaseloadColumn)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], CaseloadColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._key(row, column, self._today())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def _display(self, row: CaseloadRow, column: CaseloadColumn) -> str:
        match column:
            case CaseloadColumn.NAME:
                return f"{row.preferred_name or row.given_name} {row.family_name}"
            case CaseloadColumn.AGE:
                return self._age_text(row)
            case CaseloadColumn.SCHOOL:
                return row.school_name or ""
            case CaseloadColumn.ACTIVITY:
                return self._coded("activity", row.activity_code)
            case CaseloadColumn.NEED:
                need = row.level_of_need
                return "" if need is None else self._coded("level_of_need", str(need))
            case CaseloadColumn.DAYS_NEET:
                days = _days_neet(row, self._today())
                return "" if days is None else str(days)
            case CaseloadColumn.NEXT_ACTION:
                return _british(row.next_action_due)
            case CaseloadColumn.LAPSE:
                return _british(row.due_to_lapse_date)
            case CaseloadColumn.FLAGS:
                tags = (["SEND"] if row.send else []) + [FLAG_TAGS.get(f, f) for f in row.flags]
                return ", ".join(tags)
            case CaseloadColumn.STATE:
                return STATE_TEXT.get(self._states.get(row.id, ""), "")
            case CaseloadColumn.DETAIL:
                return row.detail

    def _age_text(self, row: CaseloadRow) -> str:
        age = _age(row.date_of_birth, self._today())
        if row.year_group > 14:  # past Year 14 (SEND, up to 25) only the age means anything
            return str(age)
        return self.tr("{0} · Year {1}").format(age, row.year_group)

    def _coded(self, code_list: str, code: str | None) -> str:
        if code is None:
            return ""
        label = self._label(code_list, code)
        return f"{code} {label}" if label else code


def _british(day: dt.date | None) -> str:
    # The service is English: dates read the British way whatever the OS locale.
    return "" if day is None else QDate(day.year, day.month, day.day).toString(BRITISH_DATE)


def _days_neet(row: CaseloadRow, today: dt.date) -> int | None:
    """Days since the current NEET spell began; None when not NEET."""
    if row.activity_group not in ("neet", "neet_inactive") or row.neet_start_date is None:
        return None
    return (today - row.neet_start_date).days


def _sort_key(row: CaseloadRow, column: CaseloadColumn, today: dt.date) -> object:
    # Plain ints and strings only: Qt compares these natively; None sorts last.
    match column:
        case CaseloadColumn.NAME:
            return f"{row.family_name}\t{row.preferred_name or row.given_name}".casefold()
        case CaseloadColumn.AGE:
            return -row.date_of_birth.toordinal()  # youngest first
        case CaseloadColumn.SCHOOL:
            return row.school_name.casefold() if row.school_name else None
        case CaseloadColumn.ACTIVITY:
            return row.activity_code
        case CaseloadColumn.NEED:
            return row.level_of_need
        case CaseloadColumn.DAYS_NEET:
            return _days_neet(row, today)
        case CaseloadColumn.NEXT_ACTION:
            return row.next_action_due.toordinal() if row.next_action_due else None
        case CaseloadColumn.LAPSE:
            return row.due_to_lapse_date.toordinal() if row.due_to_lapse_date else None
        case CaseloadColumn.FLAGS:
            return len(row.flags) + row.send or None
        case CaseloadColumn.DETAIL:
            return row.detail.casefold() or None
        case CaseloadColumn.STATE:
            return None  # the model sorts states itself


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
