"""The form that ends something on a record (a characteristic, a warning, a consent): it asks
for the day, says what will happen and asks to go ahead before anything is written."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ccis.errors import ValidationError, ValidationErrors
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british, date_edit, date_of


class EndForm(FormDialog):
    """Asks for the day `what` ends, confirms with `question` ("{day}" in it is the day),
    then calls `end(day)` off the UI thread. Every refusal is shown beside the date."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, *, title: str, what: str,
                 label: str, question: str, end: Callable[[dt.date], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, person_id, parent)
        self._question, self._end = question, end
        about = QLabel(what, self)
        about.setWordWrap(True)
        about.setAccessibleName(self.tr("What ends"))
        self.form.addRow(about)
        self.on = date_edit(self, ctx.services.today())
        self.add_field("on", label, self.on)

    def values(self) -> dict[str, Any]:
        """The day it ends."""
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> Any:
        """End it; a refusal about any field (already ended, the day) belongs to the day."""
        try:
            return self._end(values["on"])
        except ValidationErrors as exc:
            raise ValidationErrors([ValidationError("on", e.rule, e.message)
                                    for e in exc.errors]) from exc

    def accept(self) -> None:
        """Save once the adviser has agreed to what will happen."""
        answer = QMessageBox.question(self, self.windowTitle(),
                                      self._question.replace("{day}",
                                                             british(date_of(self.on))))
        if answer == QMessageBox.StandardButton.Yes:
            super().accept()
