"""The caseload view: quick search, filters, a sortable table and a line saying how many are
shown."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from paclient.services.caseload.listing import WORKLISTS
from paclient.services.caseload.records import CaseloadRow
from paclient.services.changes import Changes
from paclient.ui.caseload.filters import CaseloadFilters
from paclient.ui.caseload.table_model import CaseloadColumn, CaseloadTableModel, codebook_labels
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error

translate = QCoreApplication.translate

MAX_COLUMN_CHARS = 30  # first-load width cap, in average characters
FIRST_PAGE = 200  # people shown before the rest of a large caseload has loaded


class CaseloadView(QWidget):
    """Every young person on the caseload; reloads when people or activities change.

    The first page arrives at once and the rest follows, so a large caseload shows its first
    rows quickly. Quick search asks the store's full-text index which people match and keeps
    those of the list on screen; the filters narrow it further.
    """

    record_requested = Signal(object)  # uuid.UUID: Enter or a double-click on a person

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._worklist: str | None = None  # None: the whole caseload
        self._hits: frozenset[uuid.UUID] | None = None  # quick search's people; None: no search
        self._asked = 0  # numbers each search and load; an older answer is dropped
        services = ctx.services
        self._model = CaseloadTableModel(codebook_labels(services.codebook), services.today, self)
        self._search = _search_box(self)
        self._search.textChanged.connect(self._on_search_changed)
        self.filters = CaseloadFilters(services.codebook, self)
        self.filters.changed.connect(self._apply_filter)
        self._table = _table(self._model, self)
        self._status = QLabel(self.tr("Loading the caseload…"), self)
        self._status.setAccessibleName(self.tr("Caseload status"))
        layout = QVBoxLayout(self)
        for widget in (self._search, self.filters, self._table, self._status):
            layout.addWidget(widget)
        for signal in (self._model.modelReset, self._model.layoutChanged):
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
    def model(self) -> CaseloadTableModel:
        return self._model

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
        """Load the list in the background: the first page, then (for the caseload) the rest."""
        caseload, name = self._ctx.services.caseload, self._worklist
        self._asked += 1
        asked = self._asked
        on_error = partial(show_error, self)
        if name is not None:
            self._ctx.tasks.run(partial(caseload.worklist, name),
                                on_done=partial(self._on_rows_loaded, asked), on_error=on_error)
            return
        self._ctx.tasks.run(partial(caseload.rows, limit=FIRST_PAGE),
                            on_done=partial(self._on_first_page, asked), on_error=on_error)

    def visible_row_count(self) -> int:
        """Rows left after quick search and the filters."""
        return self._model.rowCount()

    def visible_rows(self) -> list[CaseloadRow]:
        """The records shown, in the order shown."""
        return self._model.rows()

    def status_text(self) -> str:
        return self._status.text()

    def selected_rows(self) -> list[CaseloadRow]:
        """The records of the selected lines, in the order shown."""
        lines = sorted(index.row() for index in self._table.selectionModel().selectedRows())
        return [self._model.row_at(line) for line in lines]

    def _on_first_page(self, asked: int, rows: list[CaseloadRow]) -> None:
        if asked != self._asked:
            return
        self._on_rows_loaded(asked, rows)
        if len(rows) == FIRST_PAGE:  # more to come: the rest replaces the page when it arrives
            self._ctx.tasks.run(self._ctx.services.caseload.rows,
                                on_done=partial(self._on_rows_loaded, asked),
                                on_error=partial(show_error, self))

    def _on_rows_loaded(self, asked: int, rows: list[CaseloadRow]) -> None:
        if asked != self._asked:
            return
        self._model.set_rows(rows)
        self.filters.set_schools(row.school_name for row in rows if row.school_name)
        if not self._loaded:  # size columns once, to the first data; later the user's widths stay
            self._loaded = True
            self._fit_columns()
        if self._worklist is not None:  # each list's reasons read differently
            self._table.resizeColumnToContents(CaseloadColumn.DETAIL)

    def _on_search_changed(self, text: str) -> None:
        if not text.strip():
            self._hits = None
            self._apply_filter()
            return
        self._asked += 1
        asked = self._asked
        self._ctx.tasks.run(partial(self._ctx.services.caseload.search_ids, text),
                            on_done=partial(self._on_hits, asked),
                            on_error=partial(show_error, self))

    def _on_hits(self, asked: int, hits: frozenset[uuid.UUID]) -> None:
        if asked != self._asked:  # the adviser typed on; a newer search is coming
            return
        self._hits = hits
        self._apply_filter()

    def _apply_filter(self) -> None:
        self._model.set_filter(self.filters.predicate(self._hits))

    def _fit_columns(self) -> None:
        # Very long names would otherwise take the width the activity labels need.
        self._table.resizeColumnsToContents()
        widest = self._table.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
        for column in CaseloadColumn:
            if self._table.columnWidth(column) > widest:
                self._table.setColumnWidth(column, widest)

    def _on_activated(self, index: QModelIndex) -> None:
        self.record_requested.emit(self._model.row_at(index.row()).id)

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.people or changes.activities or changes.plans or (
                self._worklist is not None and (changes.contacts or changes.referrals)):
            self.reload()

    @Slot()
    def _update_status(self) -> None:
        total, shown = self._model.total(), self._model.rowCount()
        if shown == total:
            text = self.tr("%n young people", "", total)
        else:
            text = self.tr("%n shown of {0} young people", "", shown).format(total)
        if self._worklist is not None:
            text += self.tr(" on “{0}”").format(WORKLISTS[self._worklist])
        self._status.setText(text)


def _search_box(parent: QWidget) -> QLineEdit:
    box = QLineEdit(parent)
    box.setPlaceholderText(
        translate("CaseloadView", "Search by name, school, UPN, ULN or postcode (Ctrl+F)"))
    box.setAccessibleName(translate("CaseloadView", "Search the caseload"))
    box.setClearButtonEnabled(True)
    return box


def _table(model: CaseloadTableModel, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(translate("CaseloadView", "Caseload"))
    table.setSortingEnabled(True)
    table.sortByColumn(CaseloadColumn.NAME, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # one line per person; long labels are elided, full in the tooltip
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)  # compact
    table.horizontalHeader().setSectionResizeMode(
        CaseloadColumn.ACTIVITY, QHeaderView.ResizeMode.Stretch)
    return table
