"""Frozen records of Year 11 intended destinations and September Guarantee offers."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


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
