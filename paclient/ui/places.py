"""The places beside My caseload: Team (a team leader's view, which needs the hub) and Sync."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from paclient.ui.sync.place import SyncPlace

__all__ = ["SyncPlace", "TeamPlace"]


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
