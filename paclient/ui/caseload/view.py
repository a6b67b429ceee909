"""The caseload view: quick search, a sortable table and a line saying how many are shown."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from paclient.services.caseload import WORKLISTS
from paclient.services.records import CaseloadRow, Changes
from paclient.ui.caseload.table_model import (
    SEARCH_ROLE,
    SORT_ROLE,
    CaseloadColumn,
    CaseloadTableModel,
    codebook_labels,
)
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error

translate = QCoreApplication.translate

MAX_COLUMN_CHARS = 36  # first-load width cap, in average characters


class CaseloadView(QWidget):
    """Every young person on the caseload; reloads when people or activities change."""

    record_requested = Signal(object)  # uuid.UUID: Enter or a double-click on a person

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._worklist: str | None = None  # None: the whole caseload
        services = ctx.services.ctx
        self._model = CaseloadTableModel(codebook_labels(services.codebook), services.today, self)
        self._proxy = _proxy(self._model, self)
        self._search = _search_box(self)
        self._search.textChanged.connect(self._proxy.setFilterFixedString)
        self._table = _table(self._proxy, self)
        self._status = QLabel(self.tr("Loading the caseload…"), self)
        self._status.setAccessibleName(self.tr("Caseload status"))
        layout = QVBoxLayout(self)
        for widget in (self._search, self._table, self._status):
            layout.addWidget(widget)
        for signal in (self._proxy.modelReset, self._proxy.rowsInserted,
                       self._proxy.rowsRemoved, self._proxy.layoutChanged):
            signal.connect(self._update_status)
        ctx.changes.changed.connect(self._on_bus_changed)
        self._table.setColumnHidden(CaseloadColumn.DETAIL, True)
        self._table.activated.connect(self._on_activated)

    @property
    def search_box(self) -> QLineEdit:
        return self._search

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def worklist(self) -> str | None:
        """The work list shown, or None for the whole caseload."""
        return self._worklist

    def show_worklist(self, name: str | None) -> None:
        """Show the people on work list `name` (None: everyone), with why they are on it."""
        self._worklist = name
        self._table.setColumnHidden(CaseloadColumn.DETAIL, name is None)
        self.reload()

    def reload(self) -> None:
        """Load the caseload in the background; the table updates when it arrives."""
        caseload, name = self._ctx.services.caseload, self._worklist
        op = caseload.rows if name is None else partial(caseload.worklist, name)
        self._ctx.tasks.run(op, on_done=self._on_rows_loaded, on_error=partial(show_error, self))

    def visible_row_count(self) -> int:
        """Rows left after the quick search."""
        return self._proxy.rowCount()

    def visible_rows(self) -> list[CaseloadRow]:
        """The records shown, in the order shown."""
        return [self._model.row_at(self._proxy.mapToSource(self._proxy.index(r, 0)).row())
                for r in range(self._proxy.rowCount())]

    def status_text(self) -> str:
        return self._status.text()

    def selected_rows(self) -> list[CaseloadRow]:
        """The records of the selected lines, in the order shown."""
        lines = sorted(index.row() for index in self._table.selectionModel().selectedRows())
        return [self._model.row_at(self._proxy.mapToSource(self._proxy.index(line, 0)).row())
                for line in lines]

    def _on_rows_loaded(self, rows: list[CaseloadRow]) -> None:
        self._model.set_rows(rows)
        if not self._loaded:  # size columns once, to the first data; later the user's widths stay
            self._loaded = True
            self._fit_columns()
        if self._worklist is not None:  # each list's reasons read differently
            self._table.resizeColumnToContents(CaseloadColumn.DETAIL)

    def _fit_columns(self) -> None:
        # Very long names would otherwise take the width the activity labels need.
        self._table.resizeColumnsToContents()
        widest = self._table.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for column in CaseloadColumn:
            if self._table.columnWidth(column) > widest:
                self._table.setColumnWidth(column, widest)

    def _on_activated(self, index: QModelIndex) -> None:
        row = self._model.row_at(self._proxy.mapToSource(index).row())
        self.record_requested.emit(row.id)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.people or changes.activities or (self._worklist is not None and (
                changes.contacts or changes.plans or changes.referrals)):
            self.reload()

    @Slot()
    def _update_status(self) -> None:
        total, shown = self._model.rowCount(), self._proxy.rowCount()
        if shown == total:
            text = self.tr("%n young people", "", total)
        else:
            text = self.tr("%n shown of {0} young people", "", shown).format(total)
        if self._worklist is not None:
            text += self.tr(" on “{0}”").format(WORKLISTS[self._worklist])
        self._status.setText(text)


def _proxy(model: CaseloadTableModel, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterKeyColumn(CaseloadColumn.NAME)  # SEARCH_ROLE already spans every column
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


def _search_box(parent: QWidget) -> QLineEdit:
    box = QLineEdit(parent)
    box.setPlaceholderText(
        translate("CaseloadView", "Search by name, school, activity, UPN, ULN or postcode"))
    box.setAccessibleName(translate("CaseloadView", "Search the caseload"))
    box.setClearButtonEnabled(True)
    return box


def _table(proxy: QSortFilterProxyModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(proxy)
    table.setAccessibleName(translate("CaseloadView", "Caseload"))
    table.setSortingEnabled(True)
    table.sortByColumn(CaseloadColumn.NAME, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # one line per person; long labels are elided, full in the tooltip
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(
        CaseloadColumn.ACTIVITY, QHeaderView.ResizeMode.Stretch)
    return table
