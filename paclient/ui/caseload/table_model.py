"""A table model over caseload rows, with a sort role that sorts by value, not by text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from paclient.reference import CodeBook
from paclient.services.records import CaseloadRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # the text quick search looks in (any column)

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
    NEED = 4
    LAPSE = 5
    DETAIL = 6  # why a person is on the work list shown (empty for the whole caseload)


class CaseloadTableModel(QAbstractTableModel):
    """One row per young person; labels come from the code lists through `label`."""

    def __init__(self, label: Label, today: Callable[[], dt.date],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._label, self._today = label, today
        self._rows: list[CaseloadRow] = []
        self._search_texts: dict[int, str] = {}  # every keystroke filters every row: keep them
        self._headers = (self.tr("Name"), self.tr("Age / year"), self.tr("School"),
                         self.tr("Current activity"), self.tr("Level of need"),
                         self.tr("Due to lapse"), self.tr("On the list because"))

    def set_rows(self, rows: list[CaseloadRow]) -> None:
        """Show `rows` instead of the current ones."""
        self.beginResetModel()
        self._rows, self._search_texts = list(rows), {}
        self.endResetModel()

    def row_at(self, row: int) -> CaseloadRow:
        """The record shown in source row `row`."""
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
            return _sort_key(row, column)
        if role == SEARCH_ROLE:
            return self._search_text(index.row())
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
            case CaseloadColumn.LAPSE:
                lapse = row.due_to_lapse_date
                # The service is English: dates read the British way whatever the OS locale.
                return "" if lapse is None else QDate(lapse.year, lapse.month,
                                                      lapse.day).toString(BRITISH_DATE)
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

    def _search_text(self, at: int) -> str:
        if at not in self._search_texts:
            row = self._rows[at]
            shown = (self._display(row, column) for column in CaseloadColumn)
            ids = (row.given_name, row.family_name, row.upn, row.uln, row.postcode)
            self._search_texts[at] = "\n".join(text for text in (*shown, *ids) if text)
        return self._search_texts[at]


def _sort_key(row: CaseloadRow, column: CaseloadColumn) -> object:
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
        case CaseloadColumn.LAPSE:
            return row.due_to_lapse_date.toordinal() if row.due_to_lapse_date else None
        case CaseloadColumn.DETAIL:
            return row.detail.casefold() or None


def _age(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
