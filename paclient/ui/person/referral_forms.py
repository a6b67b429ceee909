"""The referral forms of the Referrals and CAF tab: refer, signpost, acknowledge, record the
outcome and close. Each calls one `ReferralService` method; a refusal of information sharing
is explained in the form beside "Sends their data", not as an error box."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QWidget

from ccis.errors import ExpectedError
from paclient.errors import SharingRefused
from paclient.services.casework.records import CafEpisodeRecord, ReferralRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import (
    FormDialog,
    british,
    chosen,
    code_entries,
    date_edit,
    date_of,
    picker,
)
from paclient.ui.person.form_parts import about, agreed, field, line, text_box


def _service_picker(form: FormDialog) -> QComboBox:
    services = form.ctx.services
    return picker(form, code_entries(services.codebook, "referral_service", services.today()))


def _what(referral: ReferralRecord) -> str:
    return f"{referral.service_label}, sent {british(referral.sent_on)}"


class ReferForm(FormDialog):
    """A referral to a service, direct or through the open CAF episode, sending data unless
    the adviser unticks it (a sharing refusal is shown beside that box)."""

    rule_fields: ClassVar[Mapping[type[ExpectedError], str]] = {
        SharingRefused: "sends_data"}

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, caf: CafEpisodeRecord | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Refer to a service"), person_id, parent)
        self._person_id = person_id
        self.service = field(self, "service", self.tr("&Service:"), _service_picker(self))
        self.sent_on = field(self, "sent_on", self.tr("S&ent on:"),
                             date_edit(self, ctx.services.today()))
        self.reason = field(self, "reason", self.tr("&Reason:"), text_box(self))
        self.route = field(self, "caf_episode_id", self.tr("R&oute:"), QComboBox(self))
        self.route.addItem(self.tr("Direct"), None)
        if caf is not None:
            self.route.addItem(self.tr("Through the CAF episode opened {0}").format(
                british(caf.opened_on)), caf.id)
        self.sends_data = field(self, "sends_data", self.tr("Sends &data:"), QCheckBox(
            self.tr("The referral sends their information to the service"), self))
        self.sends_data.setChecked(True)
        self.consent_reference = field(self, "consent_reference",
                                       self.tr("&Consent reference:"), line(self))
        self.resize(520, 0)

    def values(self) -> dict[str, Any]:
        """The referral as `refer` takes it."""
        episode = self.route.currentData()
        return {"service": chosen(self.service), "sent_on": date_of(self.sent_on),
                "reason": self.reason.toPlainText(),
                "route": "caf" if episode is not None else "direct",
                "caf_episode_id": episode, "sends_data": self.sends_data.isChecked(),
                "consent_reference": self.consent_reference.text()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.refer(self._person_id, **values)



class SignpostForm(FormDialog):
    """Signposting to a service: no data is sent and nothing is followed up."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Signpost to a service"), person_id, parent)
        self._person_id = person_id
        self.service = field(self, "service", self.tr("&Service:"), _service_picker(self))
        self.on = field(self, "on", self.tr("Signposted &on:"),
                        date_edit(self, ctx.services.today()))
        self.reason = field(self, "reason", self.tr("&Reason:"), text_box(self))

    def values(self) -> dict[str, Any]:
        """The signposting as `signpost` takes it."""
        return {"service": chosen(self.service), "on": date_of(self.on),
                "reason": self.reason.toPlainText()}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.signpost(self._person_id, **values)


class AcknowledgeForm(FormDialog):
    """The day the service acknowledged a referral."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, referral: ReferralRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Referral acknowledged"), person_id, parent)
        self._referral_id = referral.id
        about(self, _what(referral), self.tr("The referral"))
        self.on = field(self, "on", self.tr("Acknowledged &on:"),
                        date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The day."""
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.acknowledge(self._referral_id, values["on"])


class OutcomeForm(FormDialog):
    """The outcome of a referral, which closes it (so the adviser confirms first)."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, referral: ReferralRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Referral outcome"), person_id, parent)
        self._referral = referral
        about(self, _what(referral), self.tr("The referral"))
        self.outcome = field(self, "outcome", self.tr("&Outcome:"), text_box(self))
        self.on = field(self, "on", self.tr("&Known on:"),
                        date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The outcome and its day."""
        return {"outcome": self.outcome.toPlainText(), "on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.record_outcome(self._referral.id, **values)

    def accept(self) -> None:
        """Record the outcome once the adviser agrees that it closes the referral."""
        if agreed(self, self.tr("Recording the outcome closes the referral to {0} on {1}. "
                                "Go ahead?").format(self._referral.service_label,
                                                    british(date_of(self.on)))):
            super().accept()


class CloseReferralForm(FormDialog):
    """Closes a referral whose outcome is recorded, once the adviser confirms."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, referral: ReferralRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Close a referral"), person_id, parent)
        self._referral = referral
        about(self, _what(referral), self.tr("The referral"))
        self.outcome = field(self, "outcome", self.tr("Outcome:"), QLabel(
            referral.outcome or self.tr("No outcome recorded yet"), self))
        self.on = field(self, "on", self.tr("&Closed on:"),
                        date_edit(self, ctx.services.today()))

    def values(self) -> dict[str, Any]:
        """The day it closes."""
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> Any:
        return self.ctx.services.referrals.close(self._referral.id, values["on"])

    def accept(self) -> None:
        """Close the referral once the adviser agrees; a closed referral is not reopened."""
        if agreed(self, self.tr("Close the referral to {0} on {1}? It cannot be reopened.")
                  .format(self._referral.service_label, british(date_of(self.on)))):
            super().accept()
