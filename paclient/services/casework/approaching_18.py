"""The approaching-18 checklist (DOMAIN §4): what has been done for a young person in the
configured number of weeks before their 18th birthday.

Three items are worked out from the record and never ticked: the activity record printed (the
print log), the current activity confirmed within its currency, and an action-plan review.
The adviser ticks the other two, which are stored (`approaching_18_item`, synced); information
about adult guidance or Jobcentre Plus also counts as given when a referral or signposting to
either was recorded. Only what happened since the checklist opened counts.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccis import catalogue, rules
from paclient.models import (
    ActionPlan,
    Activity,
    Approaching18Item,
    PrintedDocument,
    Referral,
    Review,
)
from paclient.services.casework.records import Approaching18Checklist, ChecklistLine
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.problems import Problems

DERIVED = ("activity_record_printed", "activity_current", "plan_reviewed")
TICKED = catalogue.TICKED_18_ITEMS  # adult_guidance_given, adult_services_consent
ITEMS = DERIVED + TICKED  # in the order the checklist shows them
ADULT_SERVICES = ("adult_guidance", "jobcentre_plus")  # a referral to either gives the advice
_NOT_CONFIRMED = ("not_known", "compulsory")  # groups that are no confirmed 16-18 activity


class Approaching18Service:
    """The checklist of the weeks before the 18th birthday."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def opens_on(self, date_of_birth: dt.date) -> dt.date:
        """The day the checklist opens: the configured weeks before the 18th birthday."""
        return rules.eighteenth_birthday(date_of_birth) - dt.timedelta(
            weeks=self._ctx.policy.approaching_18_weeks)

    def applies(self, date_of_birth: dt.date) -> bool:
        """Whether a young person born on `date_of_birth` is approaching 18 today (the same
        test as the approaching-18 work list)."""
        return rules.approaching_18(date_of_birth, self._ctx.today(), self._ctx.policy)

    def checklist(self, person_id: uuid.UUID) -> Approaching18Checklist:
        """Each item, done or not, as the record stands today."""
        with self._ctx.read() as session:
            return self._checklist(session, person_id)

    def tick(self, person_id: uuid.UUID, item: str, on: dt.date) -> Approaching18Checklist:
        """Record that the adviser did `item` on `on` (since the checklist opened, not in the
        future); ticking it again changes the day."""
        return self._set(person_id, item, on)

    def untick(self, person_id: uuid.UUID, item: str) -> Approaching18Checklist:
        """Take back a tick made by mistake (the item shows as not done)."""
        return self._set(person_id, item, None)

    def _set(self, person_id: uuid.UUID, item: str,
             on: dt.date | None) -> Approaching18Checklist:
        problems = Problems()
        if item in DERIVED:
            problems.add("item", "derived_item", "is worked out from the record and cannot "
                         "be ticked by hand")
        elif item not in TICKED:
            problems.add("item", "approaching_18_item", f"must be one of {', '.join(TICKED)}")
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            if on is not None:
                weeks = self._ctx.policy.approaching_18_weeks
                problems.date("on", on, today=self._ctx.today(),
                              earliest=self.opens_on(person.date_of_birth),
                              rule="in_approaching_18",
                              what=f"the checklist opened, {weeks} weeks before the 18th "
                                   "birthday")
            problems.raise_any()
            found = _ticked_row(session, person_id, item)
            changes = self._ctx.changes(session)
            if found is None and on is not None:
                row_id = changes.insert(Approaching18Item, person_id=person_id, item=item,
                                        done_on=on)["id"]
            elif found is not None:
                row_id = found.id
                changes.update(Approaching18Item, found.id, {"done_on": on}, found.rev)
            else:
                return self._checklist(session, person_id)  # nothing ticked to take back
            changes.audit("tick" if on else "untick", "approaching_18_item", row_id, person_id,
                          item=item)
            changes.flush()
            return self._checklist(session, person_id)

    def _checklist(self, session: Session, person_id: uuid.UUID) -> Approaching18Checklist:
        person = load_person(session, person_id)
        opens = self.opens_on(person.date_of_birth)
        lines = [_line("activity_record_printed", _printed_on(session, person_id, opens),
                       "print_log"),
                 _line("activity_current", self._confirmed_on(session, person_id),
                       "activity"),
                 _line("plan_reviewed", _reviewed_on(session, person_id, opens), "plan_review")]
        for item in TICKED:
            ticked = _ticked_row(session, person_id, item)
            if ticked is not None and ticked.done_on is not None:
                lines.append(ChecklistLine(item, ticked.done_on, "ticked", False))
            elif item == "adult_guidance_given":
                lines.append(_line(item, _referred_on(session, person_id, opens), "referral",
                                   derived=False))
            else:
                lines.append(ChecklistLine(item, None, None, False))
        return Approaching18Checklist(person_id, opens,
                                      rules.eighteenth_birthday(person.date_of_birth),
                                      tuple(lines))

    def _confirmed_on(self, session: Session, person_id: uuid.UUID) -> dt.date | None:
        """The day the current activity was last confirmed, while it is within currency."""
        current = session.scalars(select(Activity).where(
            Activity.person_id == person_id, Activity.deleted_at.is_(None))
            .order_by(Activity.start_date.desc(), Activity.created_at.desc()).limit(1)).first()
        if current is None:
            return None
        entry = self._ctx.codebook.entry("activity", current.code)
        if (entry is None or entry.group in _NOT_CONFIRMED
                or rules.is_lapsed(current.due_to_lapse_date, self._ctx.today())):
            return None
        return current.date_verified or current.date_ascertained


def _line(item: str, done_on: dt.date | None, source: str, *,
          derived: bool = True) -> ChecklistLine:
    return ChecklistLine(item, done_on, source if done_on else None, derived)


def _ticked_row(session: Session, person_id: uuid.UUID, item: str) -> Approaching18Item | None:
    """The item's row (the latest if two devices each made one offline)."""
    return session.scalars(select(Approaching18Item).where(
        Approaching18Item.person_id == person_id, Approaching18Item.item == item,
        Approaching18Item.deleted_at.is_(None))
        .order_by(Approaching18Item.updated_at.desc()).limit(1)).first()


def _printed_on(session: Session, person_id: uuid.UUID, opens: dt.date) -> dt.date | None:
    """The day the activity record was last printed or saved, if since `opens`."""
    at = session.scalar(select(func.max(PrintedDocument.printed_at)).where(
        PrintedDocument.person_id == person_id, PrintedDocument.kind == "activity-record",
        PrintedDocument.deleted_at.is_(None)))
    return at.date() if at is not None and at.date() >= opens else None


def _reviewed_on(session: Session, person_id: uuid.UUID, opens: dt.date) -> dt.date | None:
    """The latest review of any of the person's action plans, if since `opens`."""
    day = session.scalar(select(func.max(Review.reviewed_on))
                         .join(ActionPlan, ActionPlan.id == Review.plan_id)
                         .where(ActionPlan.person_id == person_id,
                                Review.deleted_at.is_(None), ActionPlan.deleted_at.is_(None)))
    return day if day is not None and day >= opens else None


def _referred_on(session: Session, person_id: uuid.UUID, opens: dt.date) -> dt.date | None:
    """The latest referral or signposting to adult guidance or Jobcentre Plus since `opens`."""
    return session.scalar(select(func.max(Referral.sent_on)).where(
        Referral.person_id == person_id, Referral.service.in_(ADULT_SERVICES),
        Referral.sent_on >= opens, Referral.deleted_at.is_(None)))
