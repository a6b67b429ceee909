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
