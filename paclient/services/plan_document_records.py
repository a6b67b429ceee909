"""Frozen records of the guidance summary and the action plan documents, labels resolved.

`left_out` counts the items of a sensitive kind not printed; `sensitive_included` says whether
the caller asked for them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from paclient.services.document_records import DocumentHeader


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
