"""Frozen records handed to the UI, reports and the command line (never ORM rows)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

R = TypeVar("R")


def record_of(cls: type[R], source: object | Mapping[str, Any], **extra: Any) -> R:
    """Build record `cls` from an ORM row or a mapping, taking the fields it declares."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    get = source.get if isinstance(source, Mapping) else (lambda n: getattr(source, n, None))
    return cls(**{n: extra[n] if n in extra else get(n) for n in names})


@dataclass(frozen=True, slots=True)
class Changes:
    """Which kinds of data a write touched, so views reload only what they show."""

    people: bool = False
    activities: bool = False
    contacts: bool = False
    plans: bool = False
    referrals: bool = False
    person_id: uuid.UUID | None = None


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
class CaseloadRow:
    """One line of a caseload or work list."""

    id: uuid.UUID
    given_name: str
    family_name: str
    preferred_name: str | None
    date_of_birth: dt.date
    upn: str | None
    uln: str | None
    postcode: str | None
    school_name: str | None
    level_of_need: int | None
    activity_code: str | None
    activity_group: str | None
    due_to_lapse_date: dt.date | None
    neet_start_date: dt.date | None
    year_group: int
    detail: str = ""  # what put the person on a work list, e.g. "NEET 45 days"
    next_action_due: dt.date | None = None  # the soonest open action of the live plan
    flags: tuple[str, ...] = ()  # characteristic codes in force, "custody" while in custody
    send: bool = False
