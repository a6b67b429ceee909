"""A table of records for the record's tabs: columns say how to show and sort one record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2  # the record itself


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its heading, its text for a record and (if not the text) its sort key."""

    heading: str
    text: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """Records of one kind, one per row, shown through `columns`."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        """Show `rows` instead of the current ones."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        """The record in row `row`."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record, column = self._rows[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.text(record)
        if role == SORT_ROLE:
            key = column.sort_key(record) if column.sort_key else column.text(record)
            return key if isinstance(key, (str, int, float)) else str(key)
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._columns)):
            return self._columns[section].heading
        return None


class RowsTable(QTableView):
    """A sortable, keyboard-friendly table over a RowsModel; `chosen()` is the selected record."""

    def __init__(self, columns: Sequence[Column[T]], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: RowsModel[T] = RowsModel(columns, self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.rows)
        proxy.setSortRole(SORT_ROLE)
        self.setModel(proxy)
        self.setAccessibleName(name)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def show_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`, keeping the sort the adviser chose."""
        self.rows.set_rows(rows)
        self.resizeColumnsToContents()

    def chosen(self) -> Any:
        """The selected record, or None."""
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        return index.data(RECORD_ROLE)

