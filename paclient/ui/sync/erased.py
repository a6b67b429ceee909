"""What the adviser is told when the hub has revoked this laptop and its store was erased."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from paclient.errors import DeviceErased


class ErasedNotice(QMessageBox):
    """Says what happened, what is safe and what is gone, and offers the way forward: set the
    laptop up again (a new store, signed in to the hub) or quit."""

    def __init__(self, erased: DeviceErased, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Warning, self.tr("This laptop was revoked"),
                         self.tr("This laptop was revoked, so its records were erased"),
                         parent=parent)
        self.setInformativeText(self.tr(
            "A hub administrator revoked this laptop, for example because it was reported "
            "lost. To protect the young people's records, paclient has erased everything it "
            "kept here: the store in {0}, its copies and the saved hub sign-in.\n\n"
            "Records already sent to the hub are safe there. Changes made on this laptop "
            "since its last sync could not be sent.\n\n"
            "If this laptop should still be used, check with your hub administrator, then set "
            "it up again: make a new store and sign in to the hub, and your caseload comes "
            "back at the first sync.").format(erased.home))
        self.set_up_button = self.addButton(self.tr("&Set up this laptop again…"),
                                            QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.quit_button)
        self.setEscapeButton(self.quit_button)

    @classmethod
    def ask(cls, erased: DeviceErased, parent: QWidget | None = None) -> bool:
        """Show the notice; True when the adviser chooses to set the laptop up again."""
        notice = cls(erased, parent)
        notice.exec()
        return notice.clickedButton() is notice.set_up_button
