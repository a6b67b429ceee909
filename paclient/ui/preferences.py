"""The adviser's preferences (File > Preferences): how long the app waits without keyboard or
mouse use before it locks. Kept in the store by the preferences service."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QSpinBox, QWidget

from paclient.services.changes import Changes
from paclient.services.preferences import IDLE_LOCK, IDLE_LOCK_MINUTES
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog


class PreferencesDialog(FormDialog):
    """Edits the idle lock time, shown as `minutes`; `saved` carries the minutes kept."""

    def __init__(self, ctx: AppContext, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Preferences"), None, parent)
        self.idle_lock = QSpinBox(self)
        self.idle_lock.setRange(IDLE_LOCK_MINUTES[0], IDLE_LOCK_MINUTES[-1])
        self.idle_lock.setSuffix(self.tr(" minutes"))
        self.idle_lock.setValue(minutes)
        self.idle_lock.setToolTip(self.tr("From 1 to 60 minutes. The status bar warns before "
                                          "the app locks."))
        self.add_field(IDLE_LOCK, self.tr("&Lock after no use for:"), self.idle_lock)

    def values(self) -> dict[str, Any]:
        """The minutes chosen."""
        return {"minutes": self.idle_lock.value()}

    def save(self, values: dict[str, Any]) -> int:
        """Keep the minutes (refused beside the field when out of bounds)."""
        return self.ctx.services.preferences.set_idle_lock_minutes(values["minutes"])

    def published(self, result: Any) -> Changes:
        """Nothing any view shows changed."""
        return Changes()
