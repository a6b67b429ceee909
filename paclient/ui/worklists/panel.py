"""The list of work lists: "My caseload" first, then each work list with how many are on it.

Choosing one shows its people in the caseload table. The counts are worked out off the UI
thread, and again after any change that could move someone on or off a list.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QVBoxLayout, QWidget

from paclient.services.caseload.listing import WORKLISTS
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the list's name ("" for the whole caseload)
Index = QModelIndex | QPersistentModelIndex


class WorklistModel(QAbstractListModel):
    """'My caseload', then every work list, each with its count once known."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = ["", *WORKLISTS]
        self._counts: dict[str, int] = {}

    def set_counts(self, counts: dict[str, int], total: int) -> None:
        """Show these counts (by list name; `total` for the whole caseload)."""
        self._counts = {**counts, "": total}
        self.dataChanged.emit(self.index(0), self.index(len(self._names) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        name = self._names[index.row()]
        if role == NAME_ROLE:
            return name
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            title = WORKLISTS.get(name) or self.tr("My caseload")
            count = self._counts.get(name)
            return title if count is None else f"{title} ({count})"
        return None


class WorklistPanel(QWidget):
    """The work lists, keyboard-friendly; `chosen` says which one to show (None: everyone)."""

    chosen = Signal(object)  # str | None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = WorklistModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Work lists"))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSpacing(3)
        self.view.setCurrentIndex(self.model.index(0))
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        ctx.changes.changed.connect(self._on_bus_changed)

    def reload(self) -> None:
        """Work out every count in the background."""
        self._ctx.tasks.run(self._counts, on_done=self._on_counts,
                            on_error=partial(show_error, self))

    def choose(self, name: str | None) -> None:
        """Select work list `name` (None: the whole caseload), as a click would."""
        row = 0 if name is None else 1 + list(WORKLISTS).index(name)
        self.view.setCurrentIndex(self.model.index(row))

    def _counts(self) -> tuple[dict[str, int], int]:
        caseload = self._ctx.services.caseload
        return caseload.worklist_counts(), caseload.count()

    def _on_counts(self, result: tuple[dict[str, int], int]) -> None:
        self.model.set_counts(*result)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.chosen.emit(current.data(NAME_ROLE) or None)

    def _on_bus_changed(self, changes: Changes) -> None:
        if (changes.people or changes.activities or changes.contacts or changes.plans
                or changes.referrals):
            self.reload()
