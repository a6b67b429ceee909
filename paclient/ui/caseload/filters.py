"""The caseload's filters: activity group, level of need, year group, school and flag.

Each is a combo box whose first entry ("any ...") keeps everyone; together with quick search
they make one predicate the table model applies to the rows it holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ccis.codes import CodeBook
from paclient.services.caseload.records import CaseloadRow
from paclient.ui.caseload.table_model import FLAG_TAGS

GROUPS = (("compulsory", "Compulsory school age"), ("education", "Education"),
          ("employment", "Employment"), ("training", "Training"), ("neet", "NEET"),
          ("neet_inactive", "NEET, not available"), ("not_known", "Not known"),
          ("other", "Other"), ("", "No activity recorded"))
YEARS = (9, 10, 11, 12, 13, 14)
SEND = "send"


class CaseloadFilters(QWidget):
    """A row of filter boxes; `changed` when any of them changes."""

    changed = Signal()

    def __init__(self, codebook: CodeBook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = self._box(self.tr("Activity group"), self.tr("Any activity"), GROUPS)
        self.need = self._box(self.tr("Level of need"), self.tr("Any level of need"),
                              [(int(e.code), f"{e.code} {e.label}")
                               for e in codebook.entries("level_of_need")])
        self.year = self._box(self.tr("Year group"), self.tr("Any year"),
                              [(y, self.tr("Year {0}").format(y)) for y in YEARS])
        self.school = self._box(self.tr("School or provider"), self.tr("Any school"), [])
        self.flag = self._box(self.tr("Flag"), self.tr("Any flag"),
                              [(SEND, "SEND"), *FLAG_TAGS.items()])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Show:"), self)
        layout.addWidget(label)
        for box in self.boxes():
            layout.addWidget(box)
        layout.addStretch(1)

    def boxes(self) -> tuple[QComboBox, ...]:
        return self.group, self.need, self.year, self.school, self.flag

    def set_schools(self, names: Iterable[str]) -> None:
        """Offer the schools of the rows loaded, keeping the one chosen if it is still there."""
        chosen = self.school.currentData()
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem(self.tr("Any school"), None)
        for name in sorted(set(names), key=str.casefold):
            self.school.addItem(name, name)
        self.school.setCurrentIndex(max(self.school.findData(chosen), 0))
        self.school.blockSignals(False)

    def active(self) -> bool:
        """Whether any filter narrows the list."""
        return any(box.currentData() is not None for box in self.boxes())

    def predicate(self, hits: frozenset[uuid.UUID] | None
                  ) -> Callable[[CaseloadRow], bool] | None:
        """What to keep: rows passing every filter and, unless `hits` is None, found by
        quick search. None when nothing narrows the list."""
        group, need, year = (self.group.currentData(), self.need.currentData(),
                             self.year.currentData())
        school, flag = self.school.currentData(), self.flag.currentData()
        if hits is None and not self.active():
            return None

        def keep(row: CaseloadRow) -> bool:
            return ((hits is None or row.id in hits)
                    and (group is None or (row.activity_group or "") == group)
                    and (need is None or row.level_of_need == need)
                    and (year is None or row.year_group == year)
                    and (school is None or row.school_name == school)
                    and (flag is None or (row.send if flag == SEND else flag in row.flags)))
        return keep

    def _box(self, name: str, anything: str, entries: Iterable[tuple[object, str]]
             ) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.addItem(anything, None)
        for data, text in entries:
            box.addItem(text, data)
        box.currentIndexChanged.connect(self.changed)
        return box
