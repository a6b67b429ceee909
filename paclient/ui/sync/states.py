"""Each record's sync state where the adviser sees records: the caseload's State column,
filled for the rows on screen, and a label for a record window's banner."""

from __future__ import annotations

import uuid
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QTableView, QWidget

from paclient.services.changes import Changes
from paclient.ui.caseload.table_model import CaseloadTableModel
from paclient.ui.context import AppContext

DEBOUNCE_MS = 150
MOST_AT_ONCE = 300  # rows asked about in one read (a screenful is far fewer)


def state_text(state: str) -> str:
    """The words for a state, as the caseload's State column shows them."""
    match state:
        case "synced":
            return QCoreApplication.translate("sync", "Synced")
        case "pending":
            return QCoreApplication.translate("sync", "Not sent")
        case "needs_attention":
            return QCoreApplication.translate("sync", "Needs attention")
        case "conflict":
            return QCoreApplication.translate("sync", "Conflict")
    return ""


class StateLoader(QObject):
    """Fills the caseload's State column for the rows on screen, ~150 ms after the rows load
    or the table scrolls, asking only about people whose state is not known yet; any write
    (or sync) makes every known state stale."""

    def __init__(self, ctx: AppContext, table: QTableView, model: CaseloadTableModel) -> None:
        super().__init__(table)
        self._ctx, self._table, self._model = ctx, table, model
        self.known: dict[uuid.UUID, str] = {}
        self._generation = 0  # an answer read before a write is dropped
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.load_visible)
        for signal in (model.modelReset, model.layoutChanged,
                       table.verticalScrollBar().valueChanged):
            signal.connect(self._timer.start)
        ctx.changes.changed.connect(self._on_changed)

    def stop(self) -> None:
        """Read nothing more (the window is closing, the store may go)."""
        self._stopped = True
        self._timer.stop()

    def load_visible(self) -> None:
        """Read the states of the people on screen not known yet."""
        if self._stopped:
            return
        wanted = [person for person in self._visible_people() if person not in self.known]
        if not wanted:
            return
        self._ctx.tasks.run(partial(self._ctx.services.sync.person_states, wanted),
                            on_done=partial(self._on_read, self._generation),
                            on_error=lambda _exc: None)  # the column stays blank; no nagging

    def _visible_people(self) -> list[uuid.UUID]:
        count = self._model.rowCount()
        if count == 0:
            return []
        first = max(self._table.rowAt(0), 0)
        last = self._table.rowAt(self._table.viewport().height() - 1)
        last = count - 1 if last < 0 else last
        last = min(last, first + MOST_AT_ONCE - 1)
        return [self._model.row_at(line).id for line in range(first, last + 1)]

    def _on_read(self, generation: int, states: dict[uuid.UUID, str]) -> None:
        if generation != self._generation:
            return
        self.known.update(states)
        self._model.set_states(dict(self.known))

    def _on_changed(self, _changes: Changes) -> None:
        self._generation += 1
        self.known.clear()
        self._timer.start()


class StateBadge(QLabel):
    """A record window's note of its sync state ("Sync: Not sent"); reads itself when made
    and after every write."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._person_id = ctx, person_id
        self.setAccessibleName(self.tr("Sync state"))
        ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the state again."""
        self._ctx.tasks.run(partial(self._ctx.services.sync.person_state, self._person_id),
                            on_done=self._show, on_error=lambda _exc: None)

    def _show(self, state: str) -> None:
        text = self.tr("Sync: {0}").format(state_text(state))
        self.setText(text)
        self.setAccessibleName(text)

    def _on_changed(self, _changes: Changes) -> None:
        self.reload()
