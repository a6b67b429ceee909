"""The Consent and sharing tab: consents by purpose (in force or withdrawn), a refusal to
share, the day confidentiality was explained, and the staff-safety warnings."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from paclient.services.people.records import ConsentRecord, PersonRecord, SafetyWarningRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british
from paclient.ui.person.consent_forms import (
    ConfidentialityForm,
    ConsentForm,
    RefusalForm,
    WarningForm,
    decisions,
    givers,
    purposes,
    warning_kinds,
)
from paclient.ui.person.end_form import EndForm
from paclient.ui.person.tab import RecordTab
from paclient.ui.person.tab_parts import plain_button, table_part
from paclient.ui.rows_model import Column, RowsTable

F = TypeVar("F", bound=FormDialog)
REFUSAL_STYLE = "background: #fff3d6; color: #6b4500; padding: 6px; border-radius: 4px"


@dataclass(frozen=True, slots=True)
class ConsentData:
    """What the tab shows."""

    person: PersonRecord
    consents: tuple[ConsentRecord, ...]
    warnings: tuple[SafetyWarningRecord, ...]
    sharing_refused: bool


class ConsentTab(RecordTab):
    """Consent and information sharing, and staff-safety warnings, with their forms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.person: PersonRecord | None = None
        self.form: FormDialog | None = None  # the form opened last
        self.refusal = QLabel(self.tr("Information sharing refused: no referral that sends "
                                      "data can be made, and nothing is shared."), self)
        self.refusal.setStyleSheet(REFUSAL_STYLE)
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName(self.tr("Sharing refused"))
        self.refusal.hide()
        self.confidentiality = QLabel(self)
        self.confidentiality.setAccessibleName(self.tr("Confidentiality explained"))
        self.consents = RowsTable(_consent_columns(ctx), self.tr("Consents"), self)
        self.warnings = RowsTable(_warning_columns(ctx), self.tr("Staff-safety warnings"), self)
        self.buttons = {name: plain_button(text, self) for name, text in (
            ("confidentiality", self.tr("Confidentiality e&xplained…")),
            ("consent", self.tr("&Record consent…")),
            ("refusal", self.tr("Record re&fusal to share…")),
            ("withdraw", self.tr("&Withdraw…")),
            ("warning", self.tr("Add safety w&arning…")),
            ("end_warning", self.tr("&End warning…")))}
        for name, act in (("confidentiality", self.explain_confidentiality),
                          ("consent", self.record_consent), ("refusal", self.refuse_sharing),
                          ("withdraw", self.withdraw), ("warning", self.add_warning),
                          ("end_warning", self.end_warning)):
            self.buttons[name].clicked.connect(act)
        for table, newest in ((self.consents, 4), (self.warnings, 1)):
            table.sortByColumn(newest, Qt.SortOrder.DescendingOrder)
            table.selectionModel().selectionChanged.connect(self._enable)
        top = QHBoxLayout()
        top.addWidget(self.confidentiality, 1)
        top.addWidget(self.buttons["confidentiality"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.refusal)
        layout.addLayout(top)
        layout.addWidget(table_part(self.tr("Consent and information sharing"), self.consents,
                                *(self.buttons[n] for n in ("consent", "refusal", "withdraw"))))
        layout.addWidget(table_part(self.tr("Staff-safety warnings"), self.warnings,
                                self.buttons["warning"], self.buttons["end_warning"]))
        self._enable()

    def read(self) -> ConsentData:
        """The person (not audited again), consents, warnings, and any refusal to share."""
        services, person_id = self.ctx.services, self.person_id
        return ConsentData(services.people.get(person_id, audited=False),
                           tuple(services.safeguarding.consents(person_id)),
                           tuple(services.safeguarding.warnings(person_id)),
                           services.safeguarding.sharing_refused(person_id))

    def show_data(self, data: ConsentData) -> None:
        """Show what `read` returned."""
        self.person = data.person
        explained = data.person.confidentiality_explained_on
        self.confidentiality.setText(
            self.tr("Confidentiality explained on {0}.").format(british(explained))
            if explained else self.tr("Confidentiality has not been explained yet."))
        self.refusal.setVisible(data.sharing_refused)
        self.consents.show_rows(data.consents)
        self.warnings.show_rows(data.warnings)
        self._enable()

    # --- the forms ----------------------------------------------------------------------------

    def record_consent(self) -> ConsentForm:
        """Open the form for a consent decision."""
        assert self.person is not None  # the buttons wait for the first read
        return self._open(ConsentForm(self.ctx, self.person, self))

    def refuse_sharing(self) -> RefusalForm:
        """Open the form for a refusal to share."""
        assert self.person is not None
        return self._open(RefusalForm(self.ctx, self.person, self))

    def explain_confidentiality(self) -> ConfidentialityForm:
        """Open the form for the day confidentiality was explained."""
        assert self.person is not None
        return self._open(ConfidentialityForm(self.ctx, self.person, self))

    def add_warning(self) -> WarningForm:
        """Open the form for a new staff-safety warning."""
        return self._open(WarningForm(self.ctx, self.person_id, self))

    def withdraw(self) -> EndForm | None:
        """Ask from when the chosen consent (or refusal) is withdrawn, and to go ahead."""
        chosen: ConsentRecord | None = self.consents.chosen()
        if chosen is None or not chosen.active:
            return None
        refusal = chosen.decision == "refused"
        question = (self.tr("Withdraw this refusal from {day}? Information may then be shared "
                            "again where consent allows.") if refusal else
                    self.tr("Withdraw this consent from {day}? It will no longer be in force; "
                            "the record keeps that it was given."))
        return self._open(EndForm(
            self.ctx, self.person_id,
            title=self.tr("Withdraw a refusal") if refusal else self.tr("Withdraw a consent"),
            what=_consent_line(chosen), label=self.tr("Withdrawn &from:"), question=question,
            end=partial(self.ctx.services.safeguarding.withdraw_consent, chosen.id),
            parent=self))

    def end_warning(self) -> EndForm | None:
        """Ask when the chosen warning ends, and to go ahead."""
        chosen: SafetyWarningRecord | None = self.warnings.chosen()
        if chosen is None or chosen.end_date is not None:
            return None
        return self._open(EndForm(
            self.ctx, self.person_id, title=self.tr("End a staff-safety warning"),
            what=f"{warning_kinds().get(chosen.kind, chosen.kind)}: {chosen.text}",
            label=self.tr("&Ends on:"),
            question=self.tr("End this staff-safety warning on {day}? From that day staff "
                             "will no longer see it on the record."),
            end=partial(self.ctx.services.safeguarding.end_warning, chosen.id), parent=self))

    def _open(self, form: F) -> F:
        self.form = form
        form.show()
        return form

    def _enable(self) -> None:
        for name in ("confidentiality", "consent", "refusal"):
            self.buttons[name].setEnabled(self.person is not None)
        consent: ConsentRecord | None = self.consents.chosen()
        self.buttons["withdraw"].setEnabled(consent is not None and consent.active)
        warning: SafetyWarningRecord | None = self.warnings.chosen()
        self.buttons["end_warning"].setEnabled(warning is not None and warning.end_date is None)


def _consent_line(c: ConsentRecord) -> str:
    who = givers().get(c.given_by, c.given_by)
    return (f"{purposes().get(c.purpose, c.purpose)} ({c.agency or 'every agency'}): "
            f"{decisions().get(c.decision, c.decision).lower()} by "
            f"{who[0].lower()}{who[1:]} on {british(c.recorded_on)}.")


def _in_force(today: dt.date, start: dt.date, end: dt.date | None) -> str:
    return "Yes" if start <= today and (end is None or end > today) else "No"


def _consent_columns(ctx: AppContext) -> list[Column[ConsentRecord]]:
    today = ctx.services.today
    words, said, who = purposes(), decisions(), givers()
    return [Column("Purpose", lambda c: words.get(c.purpose, c.purpose)),
            Column("Agency", lambda c: c.agency or "Every agency"),
            Column("Decision", lambda c: said.get(c.decision, c.decision)),
            Column("Given by", lambda c: who.get(c.given_by, c.given_by)),
            Column("Recorded", lambda c: british(c.recorded_on),
                   lambda c: c.recorded_on.isoformat()),
            Column("Withdrawn", lambda c: british(c.withdrawn_on),
                   lambda c: c.withdrawn_on.isoformat() if c.withdrawn_on else ""),
            Column("In force", lambda c: _in_force(today(), c.recorded_on, c.withdrawn_on)),
            Column("Reference", lambda c: c.reference or "")]


def _warning_columns(ctx: AppContext) -> list[Column[SafetyWarningRecord]]:
    today = ctx.services.today
    kinds = warning_kinds()
    return [Column("Kind", lambda w: kinds.get(w.kind, w.kind)),
            Column("From", lambda w: british(w.start_date), lambda w: w.start_date.isoformat()),
            Column("Until", lambda w: british(w.end_date),
                   lambda w: w.end_date.isoformat() if w.end_date else "9999"),
            Column("In force", lambda w: _in_force(today(), w.start_date, w.end_date)),
            Column("Warning", lambda w: w.text)]
