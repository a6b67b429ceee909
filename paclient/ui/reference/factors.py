"""File > Assessment factors: the list of factors an assessment rates, as this authority uses
it. An administrator adds a factor, renames one, retires one (kept on old assessments, not
offered for new ones) or deletes one added here and never used; anyone else sees the list and
why it cannot be changed here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from paclient.services.casework.factors import AREAS
from paclient.services.casework.records import FactorRecord
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.forms import FormDialog, chosen, picker
from paclient.ui.person.form_parts import field, line
from paclient.ui.person.tab_parts import button, open_form, part
from paclient.ui.rows_model import Column, RowsTable

translate = QCoreApplication.translate
NOT_ADMIN = ("Only an administrator can change this list. Sign in to the hub on this laptop "
             "with an administrator's account to change it.")


def area_label(area: str | None) -> str:
    """The assessment area a factor belongs to, in words."""
    labels = {"ete": translate("factors", "Education, training and employment"),
              "personal": translate("factors", "Personal and social development"),
              "family": translate("factors", "Family and environment")}
    return labels.get(area or "", "")


@dataclass(frozen=True)
class FactorsData:
    """What the dialog shows: the list, and whether this user may change it."""

    factors: list[FactorRecord]
    can_edit: bool


class AddFactorForm(FormDialog):
    """A new factor: its label, its area and whether it is sensitive."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("AddFactorForm", "Add an assessment factor"), None,
                         parent)
        self.label = field(self, "label", self.tr("&Label:"), line(self))
        self.area = field(self, "area", self.tr("&Area:"),
                          picker(self, [(a, area_label(a)) for a in AREAS]))
        self.sensitive = field(self, "sensitive", self.tr("Sensitive:"), QCheckBox(
            self.tr("&Sensitive (left out of prints and exports unless asked)"), self))

    def values(self) -> dict[str, Any]:
        return {"label": self.label.text(), "area": chosen(self.area),
                "sensitive": self.sensitive.isChecked()}

    def save(self, values: dict[str, Any]) -> FactorRecord:
        return self.ctx.services.factors.add(**values)

    def published(self, result: Any) -> Changes:
        return Changes(plans=True)  # assessments show the factors' labels


class RenameFactorForm(FormDialog):
    """A factor's new label (old assessments show it too)."""

    def __init__(self, ctx: AppContext, factor: FactorRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("RenameFactorForm", "Rename an assessment factor"),
                         None, parent)
        self._code = factor.code
        self.label = field(self, "label", self.tr("&New label:"), line(self, factor.label))

    def values(self) -> dict[str, Any]:
        return {"label": self.label.text()}

    def save(self, values: dict[str, Any]) -> FactorRecord:
        return self.ctx.services.factors.rename(self._code, **values)

    def published(self, result: Any) -> Changes:
        return Changes(plans=True)


class FactorsDialog(QDialog):
    """The assessment factors, and an administrator's changes to them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data = FactorsData([], False)
        self.setWindowTitle(self.tr("Assessment factors"))
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setAccessibleName(self.tr("Who can change the list"))
        self.table: RowsTable = RowsTable(_columns(), self.tr("Assessment factors"), self)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the list's own order
        b = partial(button, self)
        self.add_button = b(self.tr("&Add…"), self.tr("Add a factor"), self.add)
        self.rename_button = b(self.tr("&Rename…"), self.tr("Rename the chosen factor"),
                               self.rename)
        self.retire_button = b(self.tr("Re&tire"), self.tr("Retire the chosen factor"),
                               self.retire)
        self.reinstate_button = b(self.tr("Re&instate"),
                                  self.tr("Offer the chosen factor again"), self.reinstate)
        self.delete_button = b(self.tr("&Delete"), self.tr("Delete the chosen factor"),
                               self.delete)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        QVBoxLayout(self).addWidget(part(self.tr("Factors an assessment rates"), self.about, [
            self.add_button, self.rename_button, self.retire_button, self.reinstate_button,
            self.delete_button], self.table, self))
        ctx.changes.changed.connect(self._on_changed)
        self.resize(860, 560)
        self.reload()

    def reload(self) -> None:
        """Read the list again (on the store's worker) and show it."""
        factors = self.ctx.services.factors
        self.ctx.tasks.run(lambda: FactorsData(factors.factors(), factors.can_edit()),
                           on_done=self.show_data, on_error=partial(show_error, self))

    def show_data(self, data: FactorsData) -> None:
        """Show `data`, keeping the chosen factor chosen."""
        was = self.chosen()
        self.data = data
        self.table.show_rows(data.factors)
        row = next((i for i, f in enumerate(data.factors) if was and f.code == was.code), None)
        if row is not None:
            self.table.selectRow(row)
        self.about.setText(self.tr(
            "Retired factors stay on old assessments and printed documents but are not "
            "offered for new assessments. A factor in use is never deleted.") if data.can_edit
            else self.tr(NOT_ADMIN))
        self._enable()

    def _on_changed(self, _changes: Changes) -> None:
        self.reload()

    def chosen(self) -> FactorRecord | None:
        """The factor chosen in the list, if any."""
        factor: FactorRecord | None = self.table.chosen()
        return factor

    # --- the changes ------------------------------------------------------------------------

    def add(self) -> AddFactorForm:
        """Open the form for a new factor."""
        return open_form(AddFactorForm(self.ctx, self))

    def rename(self) -> RenameFactorForm | None:
        """Open the rename form for the chosen factor."""
        factor = self.chosen()
        return open_form(RenameFactorForm(self.ctx, factor, self)) if factor else None

    def retire(self) -> None:
        """Retire the chosen factor once the administrator agrees."""
        self._change(self.tr("Retire “{0}”? It stays on old assessments but is not offered "
                             "for new ones."), self.ctx.services.factors.retire)

    def reinstate(self) -> None:
        """Offer the chosen retired factor again."""
        self._change(self.tr("Offer “{0}” for new assessments again?"),
                     self.ctx.services.factors.reinstate)

    def delete(self) -> None:
        """Delete the chosen factor (added here, never used) once the administrator agrees."""
        self._change(self.tr("Delete “{0}”? It was added here and no assessment uses it."),
                     self.ctx.services.factors.delete)

    def _change(self, question: str, change: Callable[[str], object]) -> None:
        factor = self.chosen()
        if factor is None or QMessageBox.question(
                self, self.windowTitle(), question.format(factor.label)) \
                != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.run(partial(change, factor.code),
                           on_done=lambda _r: self.ctx.changes.publish(Changes(plans=True)),
                           on_error=partial(show_error, self))

    def _enable(self) -> None:
        factor, editing = self.chosen(), self.data.can_edit
        self.add_button.setEnabled(editing)
        self.rename_button.setEnabled(editing and factor is not None)
        self.retire_button.setEnabled(editing and factor is not None and not factor.retired)
        self.reinstate_button.setEnabled(editing and factor is not None and factor.retired)
        self.delete_button.setEnabled(editing and factor is not None and factor.added
                                      and not factor.in_use)


def _status(factor: FactorRecord) -> str:
    parts = [translate("factors", "Retired") if factor.retired
             else translate("factors", "Offered")]
    if factor.added:
        parts.append(translate("factors", "added here"))
    if factor.in_use:
        parts.append(translate("factors", "on %n assessment(s)", None, factor.in_use))
    return ", ".join(parts)


def _columns() -> list[Column[FactorRecord]]:
    return [Column(translate("FactorsDialog", "Factor"), lambda f: f.label),
            Column(translate("FactorsDialog", "Area"), lambda f: area_label(f.area)),
            Column(translate("FactorsDialog", "Sensitive"),
                   lambda f: translate("FactorsDialog", "Sensitive") if f.sensitive else ""),
            Column(translate("FactorsDialog", "Status"), _status)]
