"""Frozen records returned by the case-work services."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AddendumRecord:
    id: uuid.UUID
    contact_id: uuid.UUID
    text: str
    written_at: dt.datetime
    signed_by: str


@dataclass(frozen=True, slots=True)
class ContactRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    adviser_id: uuid.UUID | None
    occurred_at: dt.datetime
    method: str
    setting: str
    duration_minutes: int | None
    topics: tuple[str, ...]
    discussion: str
    agreed: str
    own_words: str | None
    next_appointment_at: dt.datetime | None
    did_not_attend: bool
    sensitive: bool
    written_on: dt.date  # the local day the note was written; it is locked after that day
    addenda: tuple[AddendumRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class AssessmentFactorRecord:
    id: uuid.UUID
    factor: str
    rating: int
    note: str
    sensitive: bool


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    assessed_on: dt.date
    level_of_need: int
    summary: str
    caf_episode_id: uuid.UUID | None
    factors: tuple[AssessmentFactorRecord, ...] = ()

    @property
    def sensitive(self) -> bool:
        """True when any factor is in a sensitive category."""
        return any(f.sensitive for f in self.factors)


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: uuid.UUID
    plan_id: uuid.UUID
    description: str
    owner: str
    owner_name: str | None
    due_on: dt.date
    status: str
    done_on: dt.date | None
    drop_reason: str | None


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    id: uuid.UUID
    plan_id: uuid.UUID
    reviewed_on: dt.date
    progress: str
    achievements: str
    next_review_on: dt.date


@dataclass(frozen=True, slots=True)
class ActionPlanRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    started_on: dt.date
    next_review_on: dt.date
    closed_on: dt.date | None
    actions: tuple[ActionRecord, ...] = ()
    reviews: tuple[ReviewRecord, ...] = ()
    review_reason: str | None = None  # why the next review came forward (review_prompts.py)

    @property
    def live(self) -> bool:
        """True while the plan has not been replaced by a newer one."""
        return self.closed_on is None

    @property
    def open_actions(self) -> tuple[ActionRecord, ...]:
        """Actions neither done nor dropped, soonest due first."""
        return tuple(sorted((a for a in self.actions if a.status == "open"),
                            key=lambda a: a.due_on))


@dataclass(frozen=True, slots=True)
class ReferralRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    service: str
    service_label: str
    kind: str  # referral, signposting
    route: str  # direct, caf
    caf_episode_id: uuid.UUID | None
    sent_on: dt.date
    sends_data: bool
    consent_reference: str | None
    reason: str
    follow_up_due: dt.date | None
    acknowledged_on: dt.date | None
    outcome: str | None
    closed_on: dt.date | None
    sensitive: bool


@dataclass(frozen=True, slots=True)
class CafMeetingRecord:
    id: uuid.UUID
    episode_id: uuid.UUID
    held_on: dt.date
    attendees: str
    actions: str


@dataclass(frozen=True, slots=True)
class CafReviewRecord:
    id: uuid.UUID
    episode_id: uuid.UUID
    reviewed_on: dt.date
    progress: str
    decision: str  # continue, step_down, step_up, close


@dataclass(frozen=True, slots=True)
class CafEpisodeRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    opened_on: dt.date
    pre_assessment_done: bool
    consent_given_by: str | None
    consent_on: dt.date | None
    consent_agencies: tuple[str, ...]
    lead_professional_name: str | None
    lead_professional_agency: str | None
    review_on: dt.date | None
    closed_on: dt.date | None
    closure_reason: str | None
    meetings: tuple[CafMeetingRecord, ...] = ()
    reviews: tuple[CafReviewRecord, ...] = ()  # oldest first










@dataclass(frozen=True, slots=True)
class CustodyEpisodeRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    establishment: str
    admitted_on: dt.date
    expected_release_on: dt.date | None
    released_on: dt.date | None
    home_la: str | None
    checklist: Mapping[str, dt.date]  # resettlement item -> date done
    liaison_contact: str | None
    pre_release_liaison_on: dt.date | None
    transfer_pack_sent_on: dt.date | None


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    code: str
    label: str
    group: str
    start_date: dt.date
    date_ascertained: dt.date
    date_verified: dt.date | None
    review_date: dt.date | None
    predicted_end_date: dt.date | None
    due_to_lapse_date: dt.date | None
    neet_start_date: dt.date | None
    provider_establishment_number: str | None
    provider_ukprn: str | None
    provider_name: str | None


@dataclass(frozen=True, slots=True)
class DestinationRecord:
    """A Year 11 intended destination (ID01) as recorded on one day."""

    id: uuid.UUID
    person_id: uuid.UUID
    code: str
    label: str
    recorded_on: dt.date
    notes: str | None


@dataclass(frozen=True, slots=True)
class GuaranteeOfferRecord:
    """A September Guarantee status (SG02 Year 11, SG11 Year 12) as recorded on one day."""

    id: uuid.UUID
    person_id: uuid.UUID
    year_group: int
    status: str
    status_label: str
    recorded_on: dt.date
    provider_name: str | None
    la: str | None


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One item of the approaching-18 checklist: done on which day, and how that is known."""

    item: str
    done_on: dt.date | None
    source: str | None  # print_log, activity, plan_review, referral, ticked; None: not done
    derived: bool  # worked out from the record, never ticked by hand


@dataclass(frozen=True, slots=True)
class Approaching18Checklist:
    """What has been done for a young person in the weeks before their 18th birthday."""

    person_id: uuid.UUID
    opens_on: dt.date  # the configured number of weeks before the 18th birthday
    eighteenth_birthday: dt.date
    lines: tuple[ChecklistLine, ...]

    @property
    def done(self) -> int:
        """How many items are done."""
        return sum(line.done_on is not None for line in self.lines)


@dataclass(frozen=True, slots=True)
class FactorRecord:
    """An assessment factor as this authority's list holds it."""

    code: str
    label: str
    area: str | None  # ete, personal, family
    sensitive: bool
    retired: bool  # kept on old assessments, not offered for new ones
    added: bool  # added by this authority (not on the national list)
    in_use: int | None  # how many assessments rate it (None: not counted)
