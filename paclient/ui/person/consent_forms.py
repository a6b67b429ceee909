"""The Consent and sharing tab's forms: a consent decision, a refusal to share, the day
confidentiality was explained, a staff-safety warning; and the words for their choices."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ccis import rules
from paclient.services.people.records import ConsentRecord, PersonRecord, SafetyWarningRecord
from paclient.services.people.safeguarding import CONSENT_AGE
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, choose, date_edit, date_of, set_date

translate = QCoreApplication.translate


def purposes() -> dict[str, str]:
    """What a consent is for, in words."""
    return {"sharing": translate("ConsentForms", "Sharing with other agencies"),
            "referral": translate("ConsentForms", "Referral to another service"),
            "caf": translate("ConsentForms", "Early help (CAF)"),
            "record_access": translate("ConsentForms", "Other agencies seeing the record")}


def decisions() -> dict[str, str]:
    """The decisions, in words."""
    return {"given": translate("ConsentForms", "Given"),
            "refused": translate("ConsentForms", "Refused")}


def givers() -> dict[str, str]:
    """Who can decide, in words."""
    return {"young_person": translate("ConsentForms", "The young person"),
            "parent": translate("ConsentForms", "A parent or carer")}


def warning_kinds() -> dict[str, str]:
    """The kinds of staff-safety warning, in words."""
    return {"lone_working": translate("ConsentForms", "Lone-working risk"),
            "no_home_visit_alone": translate("ConsentForms", "Do not home-visit alone"),
            "other": translate("ConsentForms", "Other")}


def choices(parent: QWidget, words: dict[str, str], default: str | None = None) -> QComboBox:
    """A fixed choice (not a national code list): its words, each holding its code."""
    box = QComboBox(parent)
    for code, text in words.items():
        box.addItem(text, code)
    choose(box, default)
    return box


def decider(ctx: AppContext, person: PersonRecord) -> str:
    """Who decides today: a parent while the young person is under 16."""
    under_age = rules.age_on(person.date_of_birth, ctx.services.today()) < CONSENT_AGE
    return "parent" if under_age else "young_person"


class ConsentForm(FormDialog):
    """A consent given or refused, for one purpose (and one agency, or every agency)."""

    def __init__(self, ctx: AppContext, person: PersonRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Record a consent decision"), person.id, parent)
        self.purpose = choices(self, purposes())
        self.decision = choices(self, decisions())
        self.given_by = choices(self, givers(), decider(ctx, person))
        self.recorded_on = date_edit(self, ctx.services.today())
        self.agency, self.reference = QLineEdit(self), QLineEdit(self)
        self.agency.setPlaceholderText(self.tr("every agency"))
        self.add_field("purpose", self.tr("&Purpose:"), self.purpose)
        self.add_field("decision", self.tr("&Decision:"), self.decision)
        self.add_field("given_by", self.tr("&Given by:"), self.given_by)
        self.add_field("recorded_on", self.tr("&On:"), self.recorded_on)
        self.add_field("agency", self.tr("&Agency:"), self.agency)
        self.add_field("reference", self.tr("&Reference:"), self.reference)

    def values(self) -> dict[str, Any]:
        """What is chosen and typed, as `record_consent` takes it."""
        return {"purpose": self.purpose.currentData(), "decision": self.decision.currentData(),
                "given_by": self.given_by.currentData(),
                "recorded_on": date_of(self.recorded_on), "agency": self.agency.text(),
                "reference": self.reference.text()}

    def save(self, values: dict[str, Any]) -> ConsentRecord:
        """Record the decision."""
        assert self.person_id is not None
        return self.ctx.services.safeguarding.record_consent(self.person_id, **values)


class RefusalForm(FormDialog):
    """A refusal to share information with any agency."""

    def __init__(self, ctx: AppContext, person: PersonRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Record a refusal to share"), person.id, parent)
        self.given_by = choices(self, givers(), decider(ctx, person))
        self.recorded_on = date_edit(self, ctx.services.today())
        self.add_field("given_by", self.tr("&Refused by:"), self.given_by)
        self.add_field("recorded_on", self.tr("&On:"), self.recorded_on)

    def values(self) -> dict[str, Any]:
        """Who refused and when."""
        return {"given_by": self.given_by.currentData(),
                "recorded_on": date_of(self.recorded_on)}

    def save(self, values: dict[str, Any]) -> ConsentRecord:
        """Record the refusal (the service names its date `recorded_on` in a refusal)."""
        assert self.person_id is not None
        return self.ctx.services.safeguarding.refuse_sharing(
            self.person_id, given_by=values["given_by"], on=values["recorded_on"])


class ConfidentialityForm(FormDialog):
    """The day confidentiality was explained to the young person."""

    def __init__(self, ctx: AppContext, person: PersonRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Confidentiality explained"), person.id, parent)
        self.on = date_edit(self, ctx.services.today())
        if person.confidentiality_explained_on:
            set_date(self.on, person.confidentiality_explained_on)
        self.add_field("on", self.tr("&Explained on:"), self.on)

    def values(self) -> dict[str, Any]:
        """The day."""
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> None:
        """Keep the day on the person."""
        assert self.person_id is not None
        self.ctx.services.safeguarding.record_confidentiality_explained(self.person_id,
                                                                        values["on"])


class WarningForm(FormDialog):
    """A staff-safety warning, shown on the record from its start date."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a staff-safety warning"), person_id, parent)
        self.kind = choices(self, warning_kinds())
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)  # Tab moves on; the warning is a line or two
        self.text.setFixedHeight(80)
        self.start = date_edit(self, ctx.services.today())
        self.add_field("kind", self.tr("&Kind:"), self.kind)
        self.add_field("text", self.tr("&Warning:"), self.text)
        self.add_field("start_date", self.tr("&From:"), self.start)

    def values(self) -> dict[str, Any]:
        """What is chosen and typed, as `add_warning` takes it."""
        return {"kind": self.kind.currentData(), "text": self.text.toPlainText(),
                "start_date": date_of(self.start)}

    def save(self, values: dict[str, Any]) -> SafetyWarningRecord:
        """Add the warning."""
        assert self.person_id is not None
        return self.ctx.services.safeguarding.add_warning(self.person_id, **values)
