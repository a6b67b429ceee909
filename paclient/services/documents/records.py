"""Frozen records the printed documents are made from: services gather them, reports lay out.

Every code is already turned into its label here, so `paclient.reports` needs no code book,
no session and no Qt.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The authority's details printed on every document (the store's settings)."""

    authority: str
    address: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    logo: bytes | None = None  # PNG or JPEG


@dataclass(frozen=True, slots=True)
class AdviserContact:
    """Who the young person can contact: their Personal Adviser."""

    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """What every document about one young person carries."""

    letterhead: Letterhead
    person_id: uuid.UUID
    person_name: str  # full legal name
    date_of_birth: dt.date
    adviser: AdviserContact
    printed_on: dt.date


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """One entry of the activity history, labels resolved."""

    code: str
    label: str
    group: str
    start_date: dt.date
    confirmed_on: dt.date  # verified, else ascertained
    predicted_end_date: dt.date | None
    provider: str | None


@dataclass(frozen=True, slots=True)
class DestinationLine:
    """The Year 11 intended destination."""

    label: str
    recorded_on: dt.date


@dataclass(frozen=True, slots=True)
class OfferLine:
    """One September Guarantee status."""

    year_group: int
    status: str
    recorded_on: dt.date
    provider: str | None


@dataclass(frozen=True, slots=True)
class ActivityRecordDoc:
    """The activity record a young person takes to Jobcentre Plus or a new provider.

    `left_out` counts the entries of a sensitive kind not printed (custody, pregnancy...);
    `history` is newest first and includes the current activity.
    """

    header: DocumentHeader
    uln: str | None
    current: ActivityLine | None
    history: tuple[ActivityLine, ...]
    destination: DestinationLine | None
    offers: tuple[OfferLine, ...]
    sensitive_included: bool
    left_out: int


@dataclass(frozen=True, slots=True)
class AgreedAction:
    """One open action of the live plan, worded for the young person."""

    description: str
    who: str  # "You", "Your adviser", "Your parent or carer", or the agency's name
    due_on: dt.date
    overdue: bool


@dataclass(frozen=True, slots=True)
class UsefulContact:
    """A helpline or service the young person can reach themselves."""

    name: str
    helps_with: str
    phone: str | None
    web: str | None


@dataclass(frozen=True, slots=True)
class GuidanceSummaryDoc:
    """What was talked about and agreed at one contact, for the young person to keep."""

    header: DocumentHeader
    met_at: dt.datetime
    method: str  # label, e.g. "Face to face"
    setting: str  # label, e.g. "School"
    topics: tuple[str, ...]  # labels of the topics shown
    discussion: str
    added_later: tuple[tuple[dt.date, str], ...]  # signed corrections to the note
    own_words: str | None
    agreed: str
    actions: tuple[AgreedAction, ...]
    next_appointment: dt.datetime | None
    useful_contacts: tuple[UsefulContact, ...]
    sensitive_included: bool
    left_out: int


@dataclass(frozen=True, slots=True)
class PlanActionLine:
    """One action of the plan, with its owner and status."""

    description: str
    owner: str  # "Young person", "Personal Adviser", "Parent or carer", or the agency's name
    due_on: dt.date
    status: str  # open, done, dropped
    done_on: dt.date | None
    drop_reason: str | None
    overdue: bool  # open and past its due date


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One review of the plan."""

    reviewed_on: dt.date
    progress: str
    achievements: str
    next_review_on: dt.date


@dataclass(frozen=True, slots=True)
class ActionPlanDoc:
    """The live action plan of one young person; `started_on` is None when there is none."""

    header: DocumentHeader
    started_on: dt.date | None
    next_review_on: dt.date | None
    review_overdue: bool
    actions: tuple[PlanActionLine, ...]  # soonest due first
    reviews: tuple[ReviewLine, ...]  # newest first
    sensitive_included: bool
    left_out: int

    @property
    def has_plan(self) -> bool:
        """True when the young person has a live plan."""
        return self.started_on is not None


@dataclass(frozen=True, slots=True)
class ReferralLine:
    """The referral itself: where it goes, why, and on what consent."""

    service: str
    route: str  # "Direct referral" or "Through the CAF"
    sent_on: dt.date
    reason: str
    consent_reference: str | None
    follow_up_due: dt.date | None


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """What a receiving agency needs to find and contact the young person."""

    preferred_name: str | None
    address: tuple[str, ...]
    phone: str | None
    email: str | None
    school: str | None
    current_activity: str | None  # None when not recorded or left out as sensitive
    provider: str | None


@dataclass(frozen=True, slots=True)
class CafMeetingLine:
    """One Team Around the Child meeting."""

    held_on: dt.date
    attendees: str
    actions: str


@dataclass(frozen=True, slots=True)
class CafEpisodeLine:
    """The CAF episode the referral was made through, with its consent to share."""

    opened_on: dt.date
    consent_given_by: str | None  # "The young person" or "A parent or carer"
    consent_on: dt.date | None
    consent_agencies: tuple[str, ...]
    lead_professional: str | None  # "Name (Agency)"
    review_on: dt.date | None
    closed_on: dt.date | None
    meetings: tuple[CafMeetingLine, ...]


@dataclass(frozen=True, slots=True)
class FactorLine:
    """One assessment factor with its rating."""

    label: str
    rating: int
    rating_label: str
    note: str
    sensitive: bool


@dataclass(frozen=True, slots=True)
class AssessmentArea:
    """One of the three CAF areas and the factors assessed in it (none are left empty)."""

    label: str
    factors: tuple[FactorLine, ...]


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """The latest assessment: level of need, summary, and factors by area."""

    assessed_on: dt.date
    level_of_need: str
    summary: str
    areas: tuple[AssessmentArea, ...]


@dataclass(frozen=True, slots=True)
class CafReferralDoc:
    """A referral for the receiving agency; `left_out` counts sensitive items not printed."""

    header: DocumentHeader
    referral: ReferralLine
    person: PersonDetails
    episode: CafEpisodeLine | None
    assessment: AssessmentSummary | None
    sensitive_included: bool
    left_out: int


@dataclass(frozen=True, slots=True)
class CaseloadReviewHeader:
    """What the caseload review carries instead of a young person's header."""

    letterhead: Letterhead
    adviser: AdviserContact
    printed_on: dt.date


@dataclass(frozen=True, slots=True)
class CaseloadLine:
    """One young person of the caseload; `attention` says what is overdue or due soon."""

    person_id: uuid.UUID
    name: str
    date_of_birth: dt.date
    level_of_need: int | None
    current_activity: str | None  # None when none recorded; a note when left out
    lapse_date: dt.date | None
    review_date: dt.date | None
    attention: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        """True when anything needs the adviser's attention."""
        return bool(self.attention)


@dataclass(frozen=True, slots=True)
class CountLine:
    """One figure of the summary, e.g. ("Lapsed records", 4)."""

    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CaseloadReviewDoc:
    """An adviser's caseload for their team leader, with the summary counts first."""

    header: CaseloadReviewHeader
    within_days: int
    counts: tuple[CountLine, ...]
    levels: tuple[CountLine, ...]  # people at each level of need
    lines: tuple[CaseloadLine, ...]
    sensitive_included: bool
    left_out: int
