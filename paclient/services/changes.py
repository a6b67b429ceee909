"""What a write changed, published to the views so each reloads only what it shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """Which kinds of data a write touched, so views reload only what they show."""

    people: bool = False
    activities: bool = False
    contacts: bool = False
    plans: bool = False
    referrals: bool = False
    person_id: uuid.UUID | None = None
