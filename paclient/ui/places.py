"""The places beside My caseload: Team (a team leader's view, which needs the hub) and Sync."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from paclient.services.sync_status import SyncStatus
from paclient.ui.status_bar import local_time


class TeamPlace(QWidget):
    """Reserved for the team leader's view of the team's caseloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        text = QLabel(self.tr(
            "<h2>Team</h2><p>Team leaders will review their team's caseloads here, chase "
            "lapsing records and overdue reviews, and reassign cases.</p><p>The team's "
            "records come from the authority's CCIS hub, so this place opens once this "
            "device syncs with the hub.</p>"), self)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignTop)
        text.setAccessibleName(self.tr("Team"))
        QVBoxLayout(self).addWidget(text)


class SyncPlace(QWidget):
    """What this device holds for the hub: changes not sent, refusals and conflicts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary.setAccessibleName(self.tr("Sync summary"))
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)

    def show_status(self, status: SyncStatus) -> None:
        """Say how the device stands."""
        when = local_time(status.last_sync) or self.tr("never")
        self.summary.setText(self.tr(
            "<h2>Sync</h2><p>Everything you record is kept on this device first and sent to "
            "the authority's hub when there is a network.</p><ul>"
            "<li>Changes not sent yet: <b>{0}</b></li>"
            "<li>Changes the hub refused, to fix and send again: <b>{1}</b></li>"
            "<li>Conflicts to choose between: <b>{2}</b></li>"
            "<li>Last sync: <b>{3}</b></li></ul>").format(
                status.unsent, status.needs_attention, status.conflicts, when))
