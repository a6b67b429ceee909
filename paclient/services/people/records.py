"""Frozen records of a young person: their details, consent and sharing, staff-safety
warnings, characteristics, parents and carers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: uuid.UUID
    ccis_id: str | None
    upn: str | None
    uln: str | None
    given_name: str
    middle_name: str | None
    family_name: str
    preferred_name: str | None
    date_of_birth: dt.date
    gender: str
    ethnicity: str | None
    address_line1: str | None
    address_line2: str | None
    address_line3: str | None
    address_line4: str | None
    town: str | None
    postcode: str | None
    phone: str | None
    phone_verified_on: dt.date | None
    email: str | None
    email_verified_on: dt.date | None
    establishment_number: str | None
    school_name: str | None
    lead_la: str | None
    educated_la: str | None
    la_at_year_11: str | None
    send: bool
    sen_support: bool
    level_of_need: int | None
    cohort_status: str
    adviser_id: uuid.UUID | None
    leaver_notified_on: dt.date | None
    confidentiality_explained_on: dt.date | None
    year_9_review_attended_on: dt.date | None
    lda_completed_on: dt.date | None
    rev: int | None
    academic_age: int
    year_group: int

    @property
    def display_name(self) -> str:
        """Preferred (or given) name and family name."""
        return f"{self.preferred_name or self.given_name} {self.family_name}"


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    purpose: str
    agency: str | None  # None: every agency
    given_by: str
    decision: str  # given, refused
    recorded_on: dt.date
    withdrawn_on: dt.date | None
    reference: str | None

    @property
    def active(self) -> bool:
        """True until the consent (or refusal) is withdrawn."""
        return self.withdrawn_on is None


@dataclass(frozen=True, slots=True)
class SafetyWarningRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    kind: str
    text: str
    start_date: dt.date
    end_date: dt.date | None


@dataclass(frozen=True, slots=True)
class CharacteristicRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    code: str
    label: str
    start_date: dt.date
    end_date: dt.date | None
    source: str | None
    sensitive: bool


@dataclass(frozen=True, slots=True)
class ParentCarerRecord:
    id: uuid.UUID
    person_id: uuid.UUID
    name: str
    relationship: str
    phone: str | None
    email: str | None
    address: str | None
    permission_to_contact: bool
