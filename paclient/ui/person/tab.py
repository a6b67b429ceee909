"""The base of a record's tabs: data read off the UI thread when first shown, and again after
any write that touches this young person."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error


class RecordTab(QWidget):
    """One tab of a young person's record.

    Subclasses implement `read` (runs on the store's worker: services only, no widgets) and
    `show_data` (runs on the UI thread with what `read` returned). A tab reads nothing until it
    is first shown, so opening a record costs only the tab in front.
    """

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.stale = True  # nothing read yet, or a write touched this person since
        ctx.changes.changed.connect(self._on_changed)

    def read(self) -> Any:
        """What the tab shows, read through the services."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Show what `read` returned."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read again and show the result."""
        self.stale = False
        self.ctx.tasks.run(self.read, on_done=self.show_data,
                           on_error=lambda exc: show_error(self, exc))

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.reload()
        super().showEvent(event)

    def _on_changed(self, changes: Changes) -> None:
        if changes.person_id not in (None, self.person_id):
            return
        self.stale = True
        if self.isVisible():
            self.reload()
