"""Frozen records of the caseload and its work lists."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


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
