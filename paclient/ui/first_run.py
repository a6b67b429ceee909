"""The first-run wizard: a new encrypted store, its passphrase, its adviser and the hub.

Shown when the app starts and finds no store. Three pages (passphrase, you, the hub), then the
store is made off the UI thread; a recovery key, when asked for, is shown once, and the adviser
must say they have written it down before going on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from paclient.services.first_run import check_hub_address, create_store, passphrase_strength
from paclient.services.problems import Problems
from paclient.ui.errors import show_error
from paclient.ui.tasks import TaskRunner

Create = Callable[..., tuple[Any, str | None]]  # (the new Store, its recovery key)


class FirstRunWizard(QWizard):
    """Collects what a new store needs and creates it; `store` is set once it exists."""

    def __init__(self, tasks: TaskRunner, home: Path, parent: QWidget | None = None, *,
                 create: Create = create_store) -> None:
        super().__init__(parent)
        self._tasks, self._home, self._create = tasks, home, create
        self.store: Any = None  # the new Store (ui never imports the storage layer)
        self.recovery_key: str | None = None
        self.setWindowTitle(self.tr("Set up paclient"))
        self.passphrase_page = PassphrasePage(self)
        self.adviser_page = AdviserPage(self)
        self.hub_page = HubPage(self)
        for page in (self.passphrase_page, self.adviser_page, self.hub_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Create the store"))

    def accept(self) -> None:
        """Create the store; the wizard closes only once it exists."""
        op = partial(self._create, self._home, passphrase=self.passphrase_page.passphrase(),
                     with_recovery=self.passphrase_page.with_recovery.isChecked(),
                     name=self.adviser_page.name.text(), team=self.adviser_page.team.text(),
                     hub_url=self.hub_page.address.text())
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self._tasks.run(op, on_done=self._on_created, on_error=self._on_failed)

    def _on_created(self, created: tuple[Any, str | None]) -> None:
        self.store, self.recovery_key = created
        if self.recovery_key is not None:
            RecoveryKeyDialog(self.recovery_key, self).exec()
        super().accept()

    def _on_failed(self, exc: Exception) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        show_error(self, exc)


class PassphrasePage(QWizardPage):
    """A passphrase typed twice, with how strong it is said as it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Choose a passphrase"))
        self.setSubTitle(self.tr("It unlocks your caseload on this computer. A few unusual "
                                 "words make a strong one. Nobody can recover it for you."))
        self.first, self.second = _secret(self, self.tr("Passphrase")), _secret(
            self, self.tr("Passphrase again"))
        self.hint = _note(self, self.tr("Passphrase strength"))
        self.with_recovery = QCheckBox(self.tr("Also make a &recovery key, to open the store "
                                               "if the passphrase is forgotten"), self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Passphrase:"), self.first)
        form.addRow(self.tr("&Again:"), self.second)
        form.addRow(self.hint)
        form.addRow(self.with_recovery)
        for box in (self.first, self.second):
            box.textChanged.connect(self._on_text_changed)

    def passphrase(self) -> str:
        return self.first.text()

    def isComplete(self) -> bool:
        return passphrase_strength(self.first.text()).acceptable and \
            self.first.text() == self.second.text()

    def _on_text_changed(self) -> None:
        strength = passphrase_strength(self.first.text())
        text = self.tr("Strength: {0}. {1}").format(strength.label, strength.advice).strip()
        if self.second.text() and self.second.text() != self.first.text():
            text += " " + self.tr("The two passphrases differ.")
        self.hint.setText(text)
        self.completeChanged.emit()


class AdviserPage(QWizardPage):
    """Who the adviser is: their name (printed on documents) and team."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("About you"))
        self.setSubTitle(self.tr("Your name is printed on the records you give young people."))
        self.name, self.team = QLineEdit(self), QLineEdit(self)
        self.name.setAccessibleName(self.tr("Your full name"))
        self.team.setAccessibleName(self.tr("Your team"))
        self.name.setMaxLength(120)
        form = QFormLayout(self)
        form.addRow(self.tr("Your full &name:"), self.name)
        form.addRow(self.tr("Your &team (optional):"), self.team)
        self.name.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class HubPage(QWizardPage):
    """The authority's CCIS hub, which sync will use; it may be left empty for now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Your authority's hub"))
        self.setSubTitle(self.tr("Your caseload syncs with it whenever there is a network. "
                                 "Leave it empty if you do not know it yet."))
        self.address = QLineEdit(self)
        self.address.setAccessibleName(self.tr("Hub address"))
        self.address.setPlaceholderText("https://ccis.example.gov.uk")
        self.problem = _note(self, self.tr("Hub address problem"))
        form = QFormLayout(self)
        form.addRow(self.tr("Hub &address:"), self.address)
        form.addRow(self.problem)
        self.address.textChanged.connect(self._on_text_changed)

    def isComplete(self) -> bool:
        return not self._problems().errors

    def _problems(self) -> Problems:
        problems = Problems()
        check_hub_address(self.address.text(), problems)
        return problems

    def _on_text_changed(self) -> None:
        errors = self._problems().errors
        message = errors[0].message if errors else ""
        self.problem.setText(message[:1].upper() + message[1:])
        self.completeChanged.emit()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; OK only after the adviser says it is written down."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Your recovery key"))
        self.key = QLineEdit(key, self)
        self.key.setReadOnly(True)
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setAccessibleName(self.tr("Recovery key"))
        self.written = QCheckBox(self.tr("I have &written it down and will keep it safe"), self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.written.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        explanation = QLabel(self.tr("Write this key down and keep it somewhere safe, apart "
                                     "from this computer. It opens your store if the "
                                     "passphrase is forgotten. It is shown only now."), self)
        explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        for widget in (self.key, self.written, buttons):
            layout.addWidget(widget)

    def reject(self) -> None:
        """Escape does not skip the key: only OK, once it is written down, closes this."""
        if self.written.isChecked():
            super().reject()


def _secret(parent: QWidget, name: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    return box


def _note(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label

