"""The status bar's lasting part: the lock state, and how this device stands with the hub."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from paclient.services.changes import Changes
from paclient.services.sync.review import SyncStatus
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error

UNLOCKED = QCoreApplication.translate("StatusLine", "Unlocked (Ctrl+L locks)")


def local_time(when: dt.datetime | None) -> str:
    """A stored UTC time as the adviser's clock shows it, the British way ('' for none)."""
    if when is None:
        return ""
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return f"{aware.astimezone():%d/%m/%Y %H:%M}"


class StatusLine(QWidget):
    """Fills the right of a status bar: "Unlocked", online or offline, changes not sent,
    when last synced.

    The counts are read again after every write (the change bus) and whenever `refresh` is
    called (after a sync); `set_reach` is told whether the hub answered.
    """

    updated = Signal(object)  # SyncStatus, each time the counts are read

    def __init__(self, ctx: AppContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._ctx = ctx
        self.lock_state = QLabel(UNLOCKED, bar)
        self.reach = QLabel(bar)
        self.reach.hide()  # shown once a hub address is known
        self.sync_state = QLabel(bar)
        for label in (self.lock_state, self.reach, self.sync_state):
            label.setAccessibleName(label.text() or self.tr("Sync state"))
            bar.addPermanentWidget(label)
        self.status: SyncStatus | None = None
        ctx.changes.changed.connect(self._on_changed)

    def refresh(self) -> None:
        """Read the counts again."""
        self._ctx.tasks.run(self._ctx.services.sync.status, on_done=self._show,
                            on_error=lambda exc: show_error(self, exc))

    def set_reach(self, reach: str) -> None:
        """Say whether the hub answered: "online", "offline", "sign_in" or "no_hub"."""
        texts = {"online": self.tr("Online"),
                 "offline": self.tr("Offline: changes kept until the hub answers"),
                 "sign_in": self.tr("Hub sign-in needed (Sync now)")}
        text = texts.get(reach, "")
        self.reach.setText(text)
        self.reach.setAccessibleName(text or self.tr("Hub connection"))
        self.reach.setVisible(bool(text))

    def _on_changed(self, _changes: Changes) -> None:
        self.refresh()

    def _show(self, status: SyncStatus) -> None:
        self.status = status
        parts = [self.tr("%n change(s) not sent", "", status.unsent) if status.unsent
                 else self.tr("Everything sent")]
        if status.needs_attention:
            parts.append(self.tr("%n need(s) attention", "", status.needs_attention))
        if status.conflicts:
            parts.append(self.tr("%n conflict(s)", "", status.conflicts))
        parts.append(self.tr("last sync {0}").format(local_time(status.last_sync)
                                                     or self.tr("never")))
        text = " · ".join(parts)
        self.sync_state.setText(text)
        self.sync_state.setAccessibleName(text)
        self.updated.emit(status)
