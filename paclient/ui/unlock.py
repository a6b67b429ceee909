"""The unlock dialog: asks for the passphrase and says, inside the dialog, when it is wrong."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TypeVar, cast

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ccis.errors import ExpectedError
from paclient.errors import PassphraseRequired
from paclient.ui.errors import describe, show_error
from paclient.ui.tasks import TaskRunner

T = TypeVar("T")


log = logging.getLogger(__name__)


class UnlockDialog(QDialog):
    """Tries each passphrase with `attempt` off the UI thread; expected failures stay inline."""

    def __init__(self, tasks: TaskRunner, attempt: Callable[[str], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks, self._attempt = tasks, attempt
        self.unlocked: object = None
        self.setWindowTitle(self.tr("Unlock paclient"))
        self._passphrase = QLineEdit(self)
        self._passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase.setAccessibleName(self.tr("Passphrase"))
        self._error = QLabel(self)
        self._error.setWordWrap(True)
        self._error.setAccessibleName(self.tr("Unlock problem"))
        self._error.setStyleSheet("color: #b00020")
        self._error.hide()
        self._buttons = QDialogButtonBox(self)
        self._unlock = self._buttons.addButton(self.tr("Unlock"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._on_unlock_clicked)
        self._buttons.rejected.connect(self.reject)
        self._lay_out()

    @classmethod
    def ask(cls, parent: QWidget | None, tasks: TaskRunner,
            attempt: Callable[[str], T]) -> T | None:
        """What `attempt` returned for the passphrase that worked; None if the user cancels."""
        dialog = cls(tasks, attempt, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return cast(T, dialog.unlocked)

    @property
    def passphrase_box(self) -> QLineEdit:
        return self._passphrase

    @property
    def unlock_button(self) -> QPushButton:
        return self._unlock

    def error_text(self) -> str:
        """The problem shown under the passphrase ('' when none is shown)."""
        return self._error.text() if not self._error.isHidden() else ""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        log.info("Unlock dialog shown")  # the end of a cold start (bench/bench_startup.py)

    def reject(self) -> None:
        if self._buttons.isEnabled():  # not mid-try: the store it opens would be left open
            super().reject()

    def _lay_out(self) -> None:
        prompt = QLabel(self.tr("Type the passphrase of your caseload store."), self)
        prompt.setBuddy(self._passphrase)
        layout = QVBoxLayout(self)
        for widget in (prompt, self._passphrase, self._error, self._buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(380)

    def _on_unlock_clicked(self) -> None:
        passphrase = self._passphrase.text()
        if not passphrase:
            self._on_failed(PassphraseRequired())
            return
        self._set_busy(True)
        self._tasks.run(partial(self._attempt, passphrase), on_done=self._on_unlocked,
                        on_error=self._on_failed)

    def _on_unlocked(self, unlocked: object) -> None:
        self.unlocked = unlocked
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, ExpectedError):
            show_error(self, exc)
            return
        self._error.setText(describe(exc))
        self._error.show()
        self._passphrase.clear()
        self._passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._passphrase.setEnabled(not busy)
        self._buttons.setEnabled(not busy)
