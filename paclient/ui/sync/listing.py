"""What the sync place's lists share: rows read from a service off the UI thread, a note when
there are none, and a row of named buttons acting on the chosen row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.rows_model import Column, RowsTable


class ListingView(QWidget):
    """A table of what `read` returns; subclasses add buttons and say when they are enabled."""

    def __init__(self, ctx: AppContext, read: Callable[[], Sequence[Any]],
                 columns: list[Column[Any]], name: str, empty: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._read = ctx, read
        self.rows: Sequence[Any] = []
        self.table = RowsTable(columns, name, self)
        self.empty = QLabel(empty, self)

    def lay_out(self, buttons: Sequence[tuple[QPushButton, str]]) -> None:
        """The note above the table, and `buttons` below it, each read out by its name."""
        row = QHBoxLayout()
        for button, name in buttons:
            button.setAccessibleName(name)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def reload(self) -> None:
        """Read the rows again."""
        self._ctx.tasks.run(self._read, on_done=self._show, on_error=partial(show_error, self))

    def _show(self, rows: Sequence[Any]) -> None:
        self.rows = rows
        self.table.show_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        """Enable the buttons that act on the chosen row (none chosen: disabled)."""
        raise NotImplementedError
