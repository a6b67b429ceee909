"""The CAF forms of the Referrals and CAF tab: open an episode, record consent to share, name
the lead professional, add a Team Around the Child meeting, review the episode, close it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QWidget

from ccis import rules
from ccis.errors import ExpectedError
from paclient.errors import SharingRefused
from paclient.services.casework.records import CafEpisodeRecord
from paclient.services.casework.referrals import DECISIONS
from paclient.services.people.safeguarding import CONSENT_AGE
from paclient.ui.context import AppContext
from paclient.ui.forms import (
    FormDialog,
    british,
    choose,
    chosen,
    date_edit,
    date_of,
    picker,
    set_date,
)
from paclient.ui.person.form_parts import about, agreed, field, line, text_box

translate = QCoreApplication.translate


def _opened(episode: CafEpisodeRecord) -> str:
    return f"CAF episode opened {british(episode.opened_on)}"


class OpenCafForm(FormDialog):
    """A new CAF episode (a person has at most one open)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Open a CAF episode"), person_id, parent)
        self._person_id = person_id
        self.opened_on = field(self, "opened_on", self.tr("&Opened on:"),
                               date_edit(self, ctx.services.today()))
        self.pre_assessment_done = field(self, "pre_assessment_done", self.tr("Checklist:"),
                                         QCheckBox(self.tr("&Pre-assessment checklist done"),
                                                   self))

    def values(self) -> dict[str, Any]:
        """The episode as `open_caf` takes it."""
        return {"opened_on": date_of(self.opened_on),
                "pre_assessment_done": self.pre_assessment_done.isChecked()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.open_caf(self._person_id, **values)


class CafConsentForm(FormDialog):
    """Consent to share with the named agencies: from a parent while the young person is
    under 16 (the default then), else from the young person."""

    rule_fields: ClassVar[Mapping[type[ExpectedError], str]] = {SharingRefused: "agencies"}

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, episode: CafEpisodeRecord,
                 born: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Consent to share (CAF)"), person_id, parent)
        self._episode_id = episode.id
        today = ctx.services.today()
        about(self, _opened(episode), self.tr("The CAF episode"))
        self.given_by = field(self, "given_by", self.tr("&Given by:"), picker(
            self, [("young_person", self.tr("The young person")),
                   ("parent", self.tr("A parent or carer"))]))
        choose(self.given_by, "parent" if rules.age_on(born, today) < CONSENT_AGE
               else "young_person")
        self.on = field(self, "on", self.tr("Given &on:"), date_edit(self, today))
        self.agencies = field(self, "agencies", self.tr("&Agencies (one a line):"),
                              text_box(self, "\n".join(episode.consent_agencies)))

    def values(self) -> dict[str, Any]:
        """The consent as `record_caf_consent` takes it."""
        return {"given_by": chosen(self.given_by), "on": date_of(self.on),
                "agencies": self.agencies.toPlainText().splitlines()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.record_caf_consent(self._episode_id, **values)



class LeadProfessionalForm(FormDialog):
    """Names the lead professional of the open CAF episode."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, episode: CafEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Lead professional"), person_id, parent)
        self._episode_id = episode.id
        about(self, _opened(episode), self.tr("The CAF episode"))
        self.name = field(self, "name", self.tr("&Name:"),
                          line(self, episode.lead_professional_name or ""))
        self.agency = field(self, "agency", self.tr("&Agency:"),
                            line(self, episode.lead_professional_agency or ""))

    def values(self) -> dict[str, Any]:
        """The name and agency."""
        return {"name": self.name.text(), "agency": self.agency.text()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.set_lead_professional(self._episode_id, **values)


class CafMeetingForm(FormDialog):
    """A Team Around the Child meeting of the open CAF episode."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, episode: CafEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Team Around the Child meeting"), person_id, parent)
        self._episode_id = episode.id
        about(self, _opened(episode), self.tr("The CAF episode"))
        self.held_on = field(self, "held_on", self.tr("&Held on:"),
                             date_edit(self, ctx.services.today()))
        self.attendees = field(self, "attendees", self.tr("A&ttendees:"), text_box(self))
        self.actions_agreed = field(self, "actions", self.tr("A&ctions agreed:"),
                                    text_box(self))

    def values(self) -> dict[str, Any]:
        """The meeting as `add_caf_meeting` takes it."""
        return {"held_on": date_of(self.held_on), "attendees": self.attendees.toPlainText(),
                "actions": self.actions_agreed.toPlainText()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.add_caf_meeting(self._episode_id, **values)


class CloseCafForm(FormDialog):
    """Closes the open CAF episode with the reason why, once the adviser confirms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, episode: CafEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Close the CAF episode"), person_id, parent)
        self._episode_id = episode.id
        about(self, _opened(episode), self.tr("The CAF episode"))
        self.on = field(self, "on", self.tr("&Closed on:"),
                        date_edit(self, ctx.services.today()))
        self.reason = field(self, "reason", self.tr("&Reason:"), text_box(self))

    def values(self) -> dict[str, Any]:
        """The day and the reason."""
        return {"on": date_of(self.on), "reason": self.reason.toPlainText()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.close_caf(self._episode_id, **values)

    def accept(self) -> None:
        """Close the episode once the adviser agrees; no meeting or consent can follow."""
        if agreed(self, self.tr("Close the CAF episode on {0}? No more meetings or consent "
                                "can be recorded on it.").format(british(date_of(self.on)))):
            super().accept()


def decision_label(decision: str) -> str:
    """What a CAF review decided, in words."""
    labels = {"continue": translate("caf", "Continue the CAF"),
              "step_down": translate("caf", "Step down (to universal or single-agency support)"),
              "step_up": translate("caf", "Step up (to children's social care)"),
              "close": translate("caf", "Close the CAF episode")}
    return labels.get(decision, decision)


class CafReviewForm(FormDialog):
    """A review of the open CAF episode: progress and the decision; a decision to close ends
    the episode on the review's day, once the adviser confirms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, episode: CafEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Review the CAF episode"), person_id, parent)
        self._episode_id = episode.id
        about(self, _opened(episode), self.tr("The CAF episode"))
        self.reviewed_on = field(self, "reviewed_on", self.tr("&Reviewed on:"),
                                 date_edit(self, ctx.services.today()))
        self.progress = field(self, "progress", self.tr("&Progress:"), text_box(self))
        self.decision = field(self, "decision", self.tr("&Decision:"), picker(
            self, [(d, decision_label(d)) for d in DECISIONS]))
        self.next_review_on = field(self, "next_review_on", self.tr("&Next review on:"),
                                    date_edit(self, None, optional=True))
        self.decision.currentIndexChanged.connect(self._on_decision)

    def values(self) -> dict[str, Any]:
        """The review as `review_caf` takes it."""
        return {"reviewed_on": date_of(self.reviewed_on),
                "progress": self.progress.toPlainText(), "decision": chosen(self.decision),
                "next_review_on": date_of(self.next_review_on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.review_caf(self._episode_id, **values)

    def accept(self) -> None:
        """A review that closes the episode asks first; any other is saved at once."""
        if chosen(self.decision) != "close" or agreed(self, self.tr(
                "Close the CAF episode on {0} at this review? No more meetings, reviews or "
                "consent can be recorded on it.").format(british(date_of(self.reviewed_on)))):
            super().accept()

    def _on_decision(self) -> None:
        closing = chosen(self.decision) == "close"
        if closing:
            set_date(self.next_review_on, None)
        self.next_review_on.setEnabled(not closing)
