"""Small pieces the record's tabs share: titled parts with their buttons, buttons
with plain accessible names, forms opened on top of a tab, table text on one line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from paclient.ui.forms import FormDialog

F = TypeVar("F", bound=FormDialog)


def part(title: str, about: QLabel | None, buttons: list[QPushButton], body: QWidget,
         parent: QWidget) -> QGroupBox:
    """A titled part of a tab: what it is about and its buttons on one line, then `body`."""
    box = QGroupBox(title, parent)
    row = QHBoxLayout()
    if about is not None:
        row.addWidget(about, 1)
    else:
        row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    layout = QVBoxLayout(box)
    layout.addLayout(row)
    layout.addWidget(body)
    return box


def table_part(title: str, table: QWidget, *buttons: QPushButton,
               heights: tuple[int, int] | None = None) -> QGroupBox:
    """A titled table with its buttons on a line below it; `heights` (least, most) keeps a
    table to a few rows on a tab that scrolls."""
    box = QGroupBox(title)
    row = QHBoxLayout()
    for made in buttons:
        row.addWidget(made)
    row.addStretch(1)
    layout = QVBoxLayout(box)
    layout.addWidget(table)
    layout.addLayout(row)
    if heights is not None:
        table.setMinimumHeight(heights[0])
        table.setMaximumHeight(heights[1])
    return box


def plain_button(text: str, parent: QWidget) -> QPushButton:
    """A push button read out as its text, without the mnemonic's & or a trailing …."""
    made = QPushButton(text, parent)
    made.setAccessibleName(text.replace("&", "").rstrip("…"))
    return made


def button(parent: QWidget, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    """A push button showing `text` (with its mnemonic), read out as `name`."""
    made = QPushButton(text, parent)
    made.setAccessibleName(name)
    made.clicked.connect(slot)
    return made


def open_form(form: F) -> F:
    """Show `form` over its tab (window-modal); it is deleted once closed."""
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    form.open()
    return form


def one_line(text: str) -> str:
    """Text for one table cell (the whole text shows in its tooltip)."""
    return " / ".join(piece.strip() for piece in text.splitlines() if piece.strip())


def day_key(day: dt.date | None) -> str:
    """How an optional date sorts: blanks first, then by date."""
    return day.isoformat() if day else ""
