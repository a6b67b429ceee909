"""File > Authority settings: the authority's own LA code and time rules as this laptop applies
them (the hub sends them at every sync). Read-only, unless the laptop last signed in to the hub
as an administrator: then they can be changed, online, at the hub."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from paclient.errors import HubAddressMissing
from paclient.services.authority import SettingRow
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog


class AuthoritySettingsDialog(FormDialog):
    """Shows every setting; an admin may change them (`saved` carries the hub's answer)."""

    save_uses_db = False  # the change goes to the hub: the save must not hold the store's worker

    def __init__(self, ctx: AppContext, rows: list[SettingRow], admin: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Authority settings"), None, parent)
        self.rows, self.admin = rows, admin
        note = QLabel(self.tr("Set by the authority's administrator at the hub; they reach "
                              "this laptop at each sync.") if not admin else
                      self.tr("You are an administrator: changes are made at the hub, "
                              "online, and reach every laptop at its next sync."), self)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.edits: dict[str, QLineEdit | QSpinBox] = {}
        for row in rows:
            self.edits[row.key] = self._edit(row)
            label = row.meaning[:1].upper() + row.meaning[1:]  # "NEET", "LA", "SEND" kept
            self.add_field(row.key, label + ":", self.edits[row.key])
        self.save_button.setVisible(admin)

    def _edit(self, row: SettingRow) -> QLineEdit | QSpinBox:
        if row.low is None or row.high is None:
            line = QLineEdit(row.value or "", self)
            line.setMaxLength(3)
            line.setReadOnly(not self.admin)
            return line
        spin = QSpinBox(self)
        spin.setRange(row.low, row.high)
        spin.setValue(int(row.value or row.low))
        spin.setReadOnly(not self.admin)
        spin.setToolTip(self.tr("From {0} to {1}.").format(row.low, row.high))
        return spin

    def values(self) -> dict[str, Any]:
        """The settings that differ from those shown at first."""
        shown = {key: (edit.text().strip() if isinstance(edit, QLineEdit) else
                       str(edit.value())) for key, edit in self.edits.items()}
        return {row.key: shown[row.key] for row in self.rows
                if shown[row.key] != (row.value or "")}

    def save(self, values: dict[str, Any]) -> dict[str, str]:
        """Check the changes as the hub will, make them at the hub, keep its answer."""
        if not values:
            return {}
        services, on_store = self.ctx.services, self.ctx.tasks.on_store
        checked = on_store(partial(services.authority.check_change, values))
        if services.hub is None:
            raise HubAddressMissing()
        answer = services.hub.change_settings(checked, on_store=on_store)
        on_store(partial(services.authority.keep, answer))
        return answer

    def published(self, result: Any) -> Changes:
        """Every list and date may depend on the time rules."""
        return Changes(people=True, activities=True, plans=True, referrals=True)
