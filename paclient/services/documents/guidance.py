"""The guidance summary a young person takes home after a session, and their action plan.

Sensitive items (DOMAIN.md §3) are left out unless the caller asks for them, as
`ccis.sensitivity` decides: sensitive topics, and actions owned by an agency that is a
sensitive service. A contact marked sensitive has no summary at all without them: its whole
note is sensitive.
"""

from __future__ import annotations

import datetime as dt
import uuid

from ccis.sensitivity import kept
from paclient.resources.helplines import load_helplines
from paclient.services.casework.contacts import ContactService, written_on
from paclient.services.casework.plans import PlanService
from paclient.services.casework.records import ActionRecord, ContactRecord
from paclient.services.context import Context
from paclient.services.documents.records import (
    ActionPlanDoc,
    AgreedAction,
    DocumentHeader,
    GuidanceSummaryDoc,
    PlanActionLine,
    ReviewLine,
    UsefulContact,
)
from paclient.services.documents.service import DocumentService
from paclient.services.problems import fail

# The owner of an action, as the young person reads it and as the plan records it.
_OWNER_FOR_YOU = {"young_person": "You", "adviser": "Your adviser",
                  "parent_carer": "Your parent or carer"}
_OWNER_ON_PLAN = {"young_person": "Young person", "adviser": "Personal Adviser",
                  "parent_carer": "Parent or carer"}


class PlanDocuments:
    """Gathers the guidance summary and the action plan as frozen document records."""

    def __init__(self, ctx: Context, documents: DocumentService, contacts: ContactService,
                 plans: PlanService) -> None:
        self._ctx = ctx
        self._documents = documents
        self._contacts = contacts
        self._plans = plans
        self._sensitivity = documents.sensitivity

    def guidance_summary(self, contact_id: uuid.UUID, *,
                         include_sensitive: bool = False) -> GuidanceSummaryDoc:
        """The summary of one contact; NotFound if unknown, ValidationErrors if it cannot print."""
        contact = self._contacts.contact(contact_id)
        _check_printable(contact, include_sensitive)
        header = self._documents.header(contact.person_id)
        shown, topics_out = kept(contact.topics, include_sensitive, self._sensitivity.topic)
        actions, actions_out = kept(self._open_actions(contact.person_id), include_sensitive,
                                    self._sensitive_action)
        label = self._ctx.codebook.label
        return GuidanceSummaryDoc(
            header=header, met_at=contact.occurred_at,
            method=label("contact_method", contact.method),
            setting=label("contact_setting", contact.setting),
            topics=tuple(label("topic", t) for t in shown), discussion=contact.discussion,
            added_later=tuple((written_on(a.written_at), a.text) for a in contact.addenda),
            own_words=contact.own_words, agreed=contact.agreed,
            actions=tuple(_agreed(a, header) for a in actions),
            next_appointment=contact.next_appointment_at,
            useful_contacts=_useful_contacts(shown),
            sensitive_included=include_sensitive,
            left_out=topics_out + actions_out)

    def action_plan(self, person_id: uuid.UUID, *,
                    include_sensitive: bool = False) -> ActionPlanDoc:
        """The person's live plan (a plan-less document if none); NotFound if unknown."""
        header = self._documents.header(person_id)
        plan = self._plans.live_plan(person_id)
        if plan is None:
            return ActionPlanDoc(header=header, started_on=None, next_review_on=None,
                                 review_overdue=False, actions=(), reviews=(),
                                 sensitive_included=include_sensitive, left_out=0)
        actions, left_out = kept(plan.actions, include_sensitive,  # soonest due first
                                 self._sensitive_action)
        today = header.printed_on
        return ActionPlanDoc(
            header=header, started_on=plan.started_on, next_review_on=plan.next_review_on,
            review_overdue=plan.next_review_on < today,
            actions=tuple(_plan_line(a, today) for a in actions),
            reviews=tuple(ReviewLine(r.reviewed_on, r.progress, r.achievements,
                                     r.next_review_on) for r in plan.reviews),
            sensitive_included=include_sensitive, left_out=left_out)

    def _open_actions(self, person_id: uuid.UUID) -> list[ActionRecord]:
        plan = self._plans.live_plan(person_id)
        return list(plan.open_actions) if plan is not None else []

    def _sensitive_action(self, action: ActionRecord) -> bool:
        return self._sensitivity.action(action.owner, action.owner_name)


def _check_printable(contact: ContactRecord, include_sensitive: bool) -> None:
    if contact.did_not_attend:
        raise fail("contact_id", "did_not_attend", "the young person did not attend this "
                   "appointment, so there is no guidance summary to print")
    if contact.sensitive and not include_sensitive:
        raise fail("include_sensitive", "sensitive_contact", "this contact is marked "
                   "sensitive: print its summary only with sensitive items included")


def _agreed(action: ActionRecord, header: DocumentHeader) -> AgreedAction:
    if action.owner == "adviser":
        who = f"Your adviser, {header.adviser.name}"
    else:
        who = _owner(action, _OWNER_FOR_YOU)
    return AgreedAction(action.description, who, action.due_on,
                        overdue=action.due_on < header.printed_on)


def _plan_line(action: ActionRecord, today: dt.date) -> PlanActionLine:
    return PlanActionLine(
        description=action.description, owner=_owner(action, _OWNER_ON_PLAN), due_on=action.due_on,
        status=action.status, done_on=action.done_on, drop_reason=action.drop_reason,
        overdue=action.status == "open" and action.due_on < today)


def _owner(action: ActionRecord, labels: dict[str, str]) -> str:
    """Who owns the action: the agency's own name, else the owner's label."""
    if action.owner == "agency":
        return action.owner_name or "Another service"
    return labels.get(action.owner, action.owner)


def _useful_contacts(topics: list[str]) -> tuple[UsefulContact, ...]:
    """The general helplines, then those for the topics shown (so none hints at a hidden one)."""
    return tuple(UsefulContact(h.name, h.helps_with, h.phone, h.web)
                 for h in load_helplines() if h.relevant(topics))
