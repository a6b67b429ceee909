"""What a PA sees first on opening a young person's record, so each session builds on the last.

Opening a record is audited as a view (through `PeopleService.get`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from paclient.services.casework.activities import ActivityService
from paclient.services.casework.contacts import ContactService
from paclient.services.casework.custody import CustodyService
from paclient.services.casework.plans import PlanService
from paclient.services.casework.records import (
    ActionRecord,
    ActivityRecord,
    ContactRecord,
    ReferralRecord,
)
from paclient.services.casework.referrals import ReferralService
from paclient.services.context import Context
from paclient.services.people.details import PeopleService
from paclient.services.people.records import PersonRecord, SafetyWarningRecord
from paclient.services.people.safeguarding import SafeguardingService

RECENT_CONTACTS = 50


@dataclass(frozen=True, slots=True)
class RecordOverview:
    """The banner and the first tab of a record: who, what now, what was agreed, what is due."""

    person: PersonRecord
    current: ActivityRecord | None
    flags: tuple[str, ...]  # SEND, custody and current characteristics, as labels
    warnings: tuple[SafetyWarningRecord, ...]  # staff safety, in force today
    sharing_refused: bool
    contacts: tuple[ContactRecord, ...]  # newest first, the latest RECENT_CONTACTS
    open_actions: tuple[ActionRecord, ...]  # soonest due first
    next_review_on: dt.date | None  # the live plan's next review
    open_referrals: tuple[ReferralRecord, ...]  # no outcome yet
    custody_known: bool = False  # ever in custody: the record shows its Custody tab

    @property
    def last_session(self) -> ContactRecord | None:
        """The latest contact the young person attended."""
        return next((c for c in self.contacts if not c.did_not_attend), None)


class OverviewService:
    """Reads a record's overview from the services that own each part."""

    def __init__(self, ctx: Context, people: PeopleService, safeguarding: SafeguardingService,
                 custody: CustodyService, plans: PlanService, activities: ActivityService,
                 contacts: ContactService, referrals: ReferralService) -> None:
        self._ctx, self._people, self._safeguarding = ctx, people, safeguarding
        self._custody, self._plans, self._activities = custody, plans, activities
        self._contacts, self._referrals = contacts, referrals

    def overview(self, person_id: uuid.UUID, *, audited: bool = True) -> RecordOverview:
        """Everything the record's banner and overview show; NotFound for an unknown person.
        Opening a record is audited as a view (`audited=False`: an open record read again)."""
        person = self._people.get(person_id, audited=audited)
        safeguarding = self._safeguarding
        flags = ["SEND"] if person.send else []
        episodes = self._custody.episodes(person_id)
        if any(e.released_on is None for e in episodes):
            flags.append("In custody")
        flags += [c.label for c in safeguarding.characteristics(person_id, on=self._ctx.today())]
        plan = self._plans.live_plan(person_id)
        return RecordOverview(
            person=person, current=self._activities.current(person_id), flags=tuple(flags),
            warnings=tuple(safeguarding.active_warnings(person_id)),
            sharing_refused=safeguarding.sharing_refused(person_id),
            contacts=tuple(self._contacts.timeline(person_id, limit=RECENT_CONTACTS)),
            open_actions=plan.open_actions if plan else (),
            next_review_on=plan.next_review_on if plan else None,
            open_referrals=tuple(r for r in self._referrals.referrals(person_id)
                                 if r.kind == "referral" and r.outcome is None),
            custody_known=bool(episodes))
