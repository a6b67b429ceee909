"""The Referrals and CAF tab: referrals and signposting (follow-ups past their day in warning
colours), CAF episodes with their meetings, and the forms that change them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from paclient.services.casework.records import (
    CafEpisodeRecord,
    CafMeetingRecord,
    CafReviewRecord,
    ReferralRecord,
)
from paclient.ui.context import AppContext
from paclient.ui.forms import british
from paclient.ui.person.caf_forms import (
    CafConsentForm,
    CafMeetingForm,
    CafReviewForm,
    CloseCafForm,
    LeadProfessionalForm,
    OpenCafForm,
    decision_label,
)
from paclient.ui.person.highlight import HighlightDelegate
from paclient.ui.person.referral_forms import (
    AcknowledgeForm,
    CloseReferralForm,
    OutcomeForm,
    ReferForm,
    SignpostForm,
)
from paclient.ui.person.tab import RecordTab
from paclient.ui.person.tab_parts import button, day_key, one_line, open_form, part
from paclient.ui.rows_model import Column, RowsTable


@dataclass(frozen=True)
class ReferralsData:
    """What the tab shows: referrals and CAF episodes newest first, and the date of birth
    (whose consent CAF sharing needs depends on age)."""

    referrals: list[ReferralRecord]
    episodes: list[CafEpisodeRecord]
    born: dt.date

    @property
    def open_episode(self) -> CafEpisodeRecord | None:
        """The CAF episode still open, if any (there is at most one)."""
        return next((e for e in self.episodes if e.closed_on is None), None)


class ReferralsTab(RecordTab):
    """Referrals, signposting and CAF episodes for one young person."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.data = ReferralsData([], [], ctx.services.today())
        self._today = ctx.services.today
        self.referral_table = RowsTable(self._referral_columns(),
                                        self.tr("Referrals and signposting"), self)
        self.referral_table.setItemDelegate(HighlightDelegate(self.follow_up_late,
                                                              self.referral_table))
        self.episode_table = RowsTable(self._episode_columns(), self.tr("CAF episodes"), self)
        self.meeting_table = RowsTable(self._meeting_columns(),
                                       self.tr("Meetings of the chosen CAF episode"), self)
        self.review_table = RowsTable(self._review_columns(),
                                      self.tr("Reviews of the chosen CAF episode"), self)
        self.caf_heading = QLabel(self)
        self.caf_heading.setAccessibleName(self.tr("The open CAF episode"))
        b = partial(button, self)
        self.refer_button = b(self.tr("Re&fer…"), self.tr("Refer to a service"), self.refer)
        self.signpost_button = b(self.tr("Si&gnpost…"), self.tr("Signpost to a service"),
                                 self.signpost)
        self.acknowledge_button = b(self.tr("Ac&knowledged…"),
                                    self.tr("The chosen referral was acknowledged"),
                                    self.acknowledge)
        self.outcome_button = b(self.tr("O&utcome…"),
                                self.tr("Record the outcome of the chosen referral"),
                                self.record_outcome)
        self.close_button = b(self.tr("Clos&e…"), self.tr("Close the chosen referral"),
                              self.close_referral)
        self.open_caf_button = b(self.tr("Open C&AF…"), self.tr("Open a CAF episode"),
                                 self.open_caf)
        self.consent_button = b(self.tr("Consen&t…"), self.tr("Record consent to share"),
                                self.record_consent)
        self.lead_button = b(self.tr("&Lead professional…"), self.tr("Set the lead professional"),
                             self.set_lead_professional)
        self.meeting_button = b(self.tr("Add &meeting…"),
                                self.tr("Add a Team Around the Child meeting"), self.add_meeting)
        self.review_button = b(self.tr("Revie&w…"), self.tr("Review the CAF episode"),
                               self.review_caf)
        self.close_caf_button = b(self.tr("Clo&se CAF…"), self.tr("Close the CAF episode"),
                                  self.close_caf)
        self.referral_table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.episode_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.meeting_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.review_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.referral_table.selectionModel().selectionChanged.connect(self._enable)
        self.episode_table.selectionModel().selectionChanged.connect(self._on_episode_chosen)
        self._lay_out()
        self._enable()

    # --- reading and showing ----------------------------------------------------------------

    def read(self) -> ReferralsData:
        """The person's referrals, CAF episodes and date of birth (on the store's worker)."""
        referrals, people = self.ctx.services.referrals, self.ctx.services.people
        return ReferralsData(referrals.referrals(self.person_id),
                             referrals.caf_episodes(self.person_id),
                             people.get(self.person_id, audited=False).date_of_birth)

    def show_data(self, data: ReferralsData) -> None:
        """Show `data`, the newest CAF episode chosen."""
        self.data = data
        self.referral_table.show_rows(data.referrals)
        self.episode_table.show_rows(data.episodes)
        if data.episodes:
            self.episode_table.selectRow(0)
        self._on_episode_chosen()
        episode = data.open_episode
        self.caf_heading.setText(
            self.tr("CAF episode open since {0}").format(british(episode.opened_on))
            if episode else self.tr("No CAF episode open."))
        self._enable()

    def follow_up_late(self, referral: ReferralRecord) -> bool:
        """True for an open referral, outcome unknown, whose follow-up day has come."""
        return (referral.kind == "referral" and referral.closed_on is None
                and not referral.outcome and referral.follow_up_due is not None
                and referral.follow_up_due <= self._today())

    # --- the forms --------------------------------------------------------------------------

    def refer(self) -> ReferForm:
        """Open the referral form (through the open CAF episode if the adviser chooses)."""
        return open_form(ReferForm(self.ctx, self.person_id, self.data.open_episode, self))

    def signpost(self) -> SignpostForm:
        """Open the signposting form."""
        return open_form(SignpostForm(self.ctx, self.person_id, self))

    def acknowledge(self) -> AcknowledgeForm | None:
        """Open the acknowledgement form for the chosen open referral (None without one)."""
        referral = self._chosen_open_referral()
        return (open_form(AcknowledgeForm(self.ctx, self.person_id, referral, self))
                if referral else None)

    def record_outcome(self) -> OutcomeForm | None:
        """Open the outcome form for the chosen open referral (None without one)."""
        referral = self._chosen_open_referral()
        return (open_form(OutcomeForm(self.ctx, self.person_id, referral, self))
                if referral else None)

    def close_referral(self) -> CloseReferralForm | None:
        """Open the closing form for the chosen open referral (None without one)."""
        referral = self._chosen_open_referral()
        return (open_form(CloseReferralForm(self.ctx, self.person_id, referral, self))
                if referral else None)

    def open_caf(self) -> OpenCafForm:
        """Open the form that opens a CAF episode."""
        return open_form(OpenCafForm(self.ctx, self.person_id, self))

    def record_consent(self) -> CafConsentForm | None:
        """Open the CAF consent form for the open episode (None without one)."""
        episode = self.data.open_episode
        return (open_form(CafConsentForm(self.ctx, self.person_id, episode, self.data.born,
                                          self)) if episode else None)

    def set_lead_professional(self) -> LeadProfessionalForm | None:
        """Open the lead-professional form for the open episode (None without one)."""
        episode = self.data.open_episode
        return (open_form(LeadProfessionalForm(self.ctx, self.person_id, episode, self))
                if episode else None)

    def add_meeting(self) -> CafMeetingForm | None:
        """Open the meeting form for the open episode (None without one)."""
        episode = self.data.open_episode
        return (open_form(CafMeetingForm(self.ctx, self.person_id, episode, self))
                if episode else None)

    def review_caf(self) -> CafReviewForm | None:
        """Open the review form for the open episode (None without one)."""
        episode = self.data.open_episode
        return (open_form(CafReviewForm(self.ctx, self.person_id, episode, self))
                if episode else None)

    def close_caf(self) -> CloseCafForm | None:
        """Open the form that closes the open episode (None without one)."""
        episode = self.data.open_episode
        return (open_form(CloseCafForm(self.ctx, self.person_id, episode, self))
                if episode else None)

    def _chosen_open_referral(self) -> ReferralRecord | None:
        referral: ReferralRecord | None = self.referral_table.chosen()
        if referral is None or referral.kind != "referral" or referral.closed_on is not None:
            return None
        return referral

    def _enable(self) -> None:
        referral = self._chosen_open_referral()
        self.acknowledge_button.setEnabled(referral is not None
                                           and referral.acknowledged_on is None)
        self.outcome_button.setEnabled(referral is not None)
        self.close_button.setEnabled(referral is not None)
        is_open = self.data.open_episode is not None
        self.open_caf_button.setEnabled(not is_open)
        for caf_button in (self.consent_button, self.lead_button, self.meeting_button,
                           self.review_button, self.close_caf_button):
            caf_button.setEnabled(is_open)

    def _on_episode_chosen(self) -> None:
        episode: CafEpisodeRecord | None = self.episode_table.chosen()
        self.meeting_table.show_rows(episode.meetings if episode else [])
        self.review_table.show_rows(episode.reviews if episode else [])

    # --- how it looks -----------------------------------------------------------------------

    def _referral_columns(self) -> list[Column[ReferralRecord]]:
        return [Column(self.tr("Service"), lambda r: r.service_label + (
                    self.tr(" (sensitive)") if r.sensitive else "")),
                Column(self.tr("Kind"), self._kind),
                Column(self.tr("Sent"), lambda r: british(r.sent_on), lambda r: r.sent_on),
                Column(self.tr("Follow-up due"), self._follow_up,
                       lambda r: day_key(r.follow_up_due)),
                Column(self.tr("Acknowledged"), lambda r: british(r.acknowledged_on),
                       lambda r: day_key(r.acknowledged_on)),
                Column(self.tr("Outcome"), lambda r: one_line(r.outcome or "")),
                Column(self.tr("Closed"), lambda r: british(r.closed_on),
                       lambda r: day_key(r.closed_on)),
                Column(self.tr("Reason"), lambda r: one_line(r.reason))]

    def _kind(self, referral: ReferralRecord) -> str:
        if referral.kind == "signposting":
            return self.tr("Signposted")
        return self.tr("Referral via CAF") if referral.route == "caf" else self.tr("Referral")

    def _follow_up(self, referral: ReferralRecord) -> str:
        due = british(referral.follow_up_due)
        if not self.follow_up_late(referral):
            return due
        late = referral.follow_up_due is not None and referral.follow_up_due < self._today()
        return due + (self.tr(" (overdue)") if late else self.tr(" (due today)"))

    def _episode_columns(self) -> list[Column[CafEpisodeRecord]]:
        return [Column(self.tr("Opened"), lambda e: british(e.opened_on), lambda e: e.opened_on),
                Column(self.tr("Consent"), self._consent),
                Column(self.tr("Lead professional"), lambda e: ", ".join(
                    part for part in (e.lead_professional_name, e.lead_professional_agency)
                    if part)),
                Column(self.tr("Meetings"), lambda e: str(len(e.meetings)),
                       lambda e: len(e.meetings)),
                Column(self.tr("Last reviewed"), self._last_reviewed,
                       lambda e: day_key(e.reviews[-1].reviewed_on if e.reviews else None)),
                Column(self.tr("Next review"), lambda e: british(e.review_on),
                       lambda e: day_key(e.review_on)),
                Column(self.tr("Closed"), lambda e: (
                    f"{british(e.closed_on)}: {one_line(e.closure_reason or '')}"
                    if e.closed_on else ""), lambda e: day_key(e.closed_on))]

    def _last_reviewed(self, episode: CafEpisodeRecord) -> str:
        if not episode.reviews:
            return self.tr("Not yet")
        return british(episode.reviews[-1].reviewed_on)

    def _consent(self, episode: CafEpisodeRecord) -> str:
        if episode.consent_on is None:
            return self.tr("Not recorded")
        who = (self.tr("Parent") if episode.consent_given_by == "parent"
               else self.tr("Young person"))
        return self.tr("{0}, {1}: {2}").format(who, british(episode.consent_on),
                                               ", ".join(episode.consent_agencies))

    def _meeting_columns(self) -> list[Column[CafMeetingRecord]]:
        return [Column(self.tr("Held on"), lambda m: british(m.held_on), lambda m: m.held_on),
                Column(self.tr("Attendees"), lambda m: one_line(m.attendees)),
                Column(self.tr("Actions"), lambda m: one_line(m.actions))]

    def _review_columns(self) -> list[Column[CafReviewRecord]]:
        return [Column(self.tr("Reviewed on"), lambda r: british(r.reviewed_on),
                       lambda r: r.reviewed_on),
                Column(self.tr("Decision"), lambda r: decision_label(r.decision)),
                Column(self.tr("Progress"), lambda r: one_line(r.progress))]

    def _lay_out(self) -> None:
        for table in (self.referral_table, self.episode_table, self.meeting_table,
                      self.review_table):
            table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        episodes = QWidget(self)
        both = QHBoxLayout(episodes)
        both.setContentsMargins(0, 0, 0, 0)
        both.addWidget(self.episode_table, 3)
        children = QVBoxLayout()
        children.addWidget(self.meeting_table)
        children.addWidget(self.review_table)
        both.addLayout(children, 3)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(part(self.tr("Referrals and signposting"), None, [
            self.refer_button, self.signpost_button, self.acknowledge_button,
            self.outcome_button, self.close_button], self.referral_table, self))
        splitter.addWidget(part(self.tr("CAF"), self.caf_heading, [
            self.open_caf_button, self.consent_button, self.lead_button, self.meeting_button,
            self.review_button, self.close_caf_button], episodes, self))
        splitter.setSizes([300, 260])
        QVBoxLayout(self).addWidget(splitter)

