"""A document's pages on screen before it is printed or saved."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class PreviewDialog(QDialog):
    """Every page, one under the other, with Print and Save buttons."""

    print_requested = Signal()
    save_requested = Signal()

    def __init__(self, pages: Sequence[QImage], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preview: %n pages", "", len(pages)))
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        self.page_labels = []
        for number, image in enumerate(pages, start=1):
            label = QLabel(holder)
            label.setPixmap(QPixmap.fromImage(image))
            label.setAccessibleName(self.tr("Page {0} of {1}").format(number, len(pages)))
            column.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea(self)
        scroll.setWidget(holder)
        scroll.setWidgetResizable(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        for text, signal in ((self.tr("&Print…"), self.print_requested),
                             (self.tr("&Save as PDF…"), self.save_requested)):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(signal.emit)
            button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        width = pages[0].width() + 48 if pages else 400
        self.resize(width, 800)
