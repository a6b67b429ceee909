"""A change that brings the live action plan's review forward (DOMAIN §2: review "on the
review date or when circumstances change"). The services that record a change call
`prompt_review` in their own write, so the plan moves in the same transaction; the reviews
overdue work list says why (`REASONS`), until the plan is reviewed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from ccis import rules
from ccis.catalogue import REVIEW_REASONS
from ccis.codes import CodeBook
from paclient.models import ActionPlan, Review
from paclient.services.writing import ChangeSet

REASONS = dict(zip(REVIEW_REASONS, (
    "level of need raised to 1", "became NEET", "entered custody", "moved",
    "became looked after"), strict=True))
LOOKED_AFTER = "110"  # the characteristic "looked after / in care"
# A change of any of these is a move (a first address is not).
ADDRESS_FIELDS = frozenset({"address_line1", "address_line2", "address_line3", "address_line4",
                            "town", "postcode", "lead_la"})


def prompt_review(changes: ChangeSet, person_id: uuid.UUID, reason: str | None,
                  on: dt.date, due: dt.date | None = None) -> None:
    """The person's live plan reviewed by `due` (default `on`, the day of the change) when
    that is sooner than planned, saying `reason` (a key of REASONS; None: nothing to do).
    A change before the plan's last review (or its start) was known then: nothing moves."""
    if reason is None:
        return
    plan = changes.session.scalars(select(ActionPlan).where(
        ActionPlan.person_id == person_id, ActionPlan.closed_on.is_(None),
        ActionPlan.deleted_at.is_(None)).order_by(ActionPlan.started_on.desc())).first()
    if plan is None or on < last_review(changes, plan):
        return
    due = due or on
    if due < plan.next_review_on:
        changes.update(ActionPlan, plan.id, {"next_review_on": due, "review_reason": reason},
                       plan.rev)


def last_review(changes: ChangeSet, plan: ActionPlan) -> dt.date:
    """The day the plan was last reviewed, else the day it started."""
    reviewed = changes.session.scalar(select(func.max(Review.reviewed_on)).where(
        Review.plan_id == plan.id, Review.deleted_at.is_(None)))
    return max(reviewed or plan.started_on, plan.started_on)


def became_neet(codebook: CodeBook, activity: Mapping[str, Any]) -> str | None:
    """"neet" when the new `activity` is in the NEET group (NEET or NEET inactive)."""
    entry = codebook.entry("activity", activity["code"], activity["start_date"])
    return "neet" if entry is not None and rules.is_neet(entry) else None


def moved(before: Mapping[str, Any], changed: Mapping[str, Any]) -> str | None:
    """"moved" when `changed` replaces an address, postcode or lead LA held `before`."""
    return "moved" if any(before.get(f) for f in ADDRESS_FIELDS & set(changed)) else None
