"""Small pieces the plan and referral forms share: fields whose mnemonic reaches the field,
short and long text boxes, a line saying what the form acts on, and the ask-first question."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from paclient.ui.forms import FormDialog

W = TypeVar("W", bound=QWidget)
TEXT_BOX_HEIGHT = 72  # about three lines: enough for a note, small enough for a laptop screen


def field(form: FormDialog, name: str, text: str, widget: W) -> W:
    """`form.add_field`, typed to give back the widget as it was given."""
    form.add_field(name, text, widget)
    return widget


def line(parent: QWidget, text: str = "") -> QLineEdit:
    """A one-line text field."""
    return QLineEdit(text, parent)


def text_box(parent: QWidget, text: str = "") -> QPlainTextEdit:
    """A few lines of text; Tab moves on to the next field rather than typing a tab."""
    box = QPlainTextEdit(text, parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(TEXT_BOX_HEIGHT)
    return box


def about(form: FormDialog, text: str, name: str) -> QLabel:
    """A line at the top of `form` saying what it acts on (an action, a referral)."""
    label = QLabel(text, form)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    form.form.addRow(label)
    return label


def agreed(form: FormDialog, question: str) -> bool:
    """Ask `question` (what will happen) before anything is written; True to go ahead."""
    answer = QMessageBox.question(form, form.windowTitle(), question)
    return answer == QMessageBox.StandardButton.Yes
