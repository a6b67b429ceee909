"""Frozen records the CAF referral and the caseload review are printed from.

Codes are already labels here (services resolve them), so `paclient.reports` needs no code book.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from paclient.services.document_records import AdviserContact, DocumentHeader, Letterhead

# --- the CAF referral ------------------------------------------------------------------------


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


# --- the caseload review -------------------------------------------------------------------


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
