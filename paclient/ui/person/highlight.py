"""Rows that need attention (an overdue action, a follow-up past its day) drawn in warning
colours; the row's text says why too, so colour is never the only sign."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from paclient.ui.rows_model import RECORD_ROLE

WARNING_BACKGROUND = QColor("#fde8e8")
WARNING_TEXT = QColor("#8a1020")


class HighlightDelegate(QStyledItemDelegate):
    """Draws the rows whose record `flagged` accepts in warning colours."""

    def __init__(self, flagged: Callable[[Any], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flagged = flagged

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        record = index.data(RECORD_ROLE)
        if record is not None and self._flagged(record):
            option.backgroundBrush = QBrush(WARNING_BACKGROUND)
            option.palette.setColor(QPalette.ColorRole.Text, WARNING_TEXT)

    def flags(self, record: Any) -> bool:
        """True when `record` is drawn in warning colours."""
        return bool(self._flagged(record))
