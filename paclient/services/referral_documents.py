"""What the CAF referral and the caseload review are printed from, gathered through the services.

The CAF referral goes to the agency a young person is referred to: the referral, the details
that agency needs, the CAF episode's consent and meetings, and the latest assessment. It is never
made for someone who refused information sharing. The caseload review is the store's own
adviser's caseload for their team leader, with what is overdue or due soon marked.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select

from paclient.errors import SharingRefused
from paclient.models import ActionPlan, Referral
from paclient.services.activities import ActivityService
from paclient.services.caseload import WORKLISTS, CaseloadService
from paclient.services.casework_records import (
    AssessmentFactorRecord,
    AssessmentRecord,
    CafEpisodeRecord,
    ReferralRecord,
)
from paclient.services.checks import fail, load
from paclient.services.context import Context
from paclient.services.documents import DocumentService
from paclient.services.people import PeopleService
from paclient.services.plans import PlanService
from paclient.services.records import CaseloadRow, PersonRecord
from paclient.services.referral_document_records import (
    AssessmentArea,
    AssessmentSummary,
    CafEpisodeLine,
    CafMeetingLine,
    CafReferralDoc,
    CaseloadLine,
    CaseloadReviewDoc,
    CaseloadReviewHeader,
    CountLine,
    FactorLine,
    PersonDetails,
    ReferralLine,
)
from paclient.services.referrals import ReferralService
from paclient.services.safeguarding import SafeguardingService

AREAS = {"ete": "Education, training and employment",
         "personal": "Personal and social development",
         "family": "Family and environment"}
ROUTES = {"direct": "Direct referral", "caf": "Through the CAF (Common Assessment Framework)"}
GIVEN_BY = {"young_person": "The young person", "parent": "A parent or carer"}
# The sensitive assessment factors that are the very subject of a referral to a service: a
# referral to the youth offending service is about offending, so that factor goes with it.
RELATED_FACTORS = {"yot": frozenset({"offending"}),
                   "substance_misuse": frozenset({"substance_use"}),
                   "sexual_health": frozenset({"sexual_health"})}
# The work lists the caseload review marks, in the order their notes are shown.
REVIEW_LISTS = ("lapsed", "due-to-lapse", "reviews-overdue", "referral-follow-ups")
SENSITIVE_ACTIVITY = "Not shown (sensitive)"


class ReferralDocuments:
    """The CAF referral for a receiving agency and the caseload review for a team leader."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._documents = DocumentService(ctx)

    # --- the CAF referral ------------------------------------------------------------------

    def caf_referral(self, referral_id: uuid.UUID, *,
                     include_sensitive: bool = False) -> CafReferralDoc:
        """The referral document: NotFound if unknown, ValidationErrors for signposting,
        SharingRefused while the young person refuses information sharing.

        The referral's own service is always named, even when sensitive: the document is made
        to be sent to it. Other sensitive items (the current activity, assessment factors) are
        left out unless `include_sensitive`, except factors that are the referral's subject
        (RELATED_FACTORS): the agency is told what it is being asked to help with.
        """
        referral = self._referral(referral_id)
        person_id = referral.person_id
        if SafeguardingService(self._ctx).sharing_refused(person_id):
            raise SharingRefused(str(person_id))
        header = self._documents.header(person_id)
        person, activity_left_out = self._person_details(person_id, include_sensitive)
        episode = self._episode(referral)
        assessment, factors_left_out = self._assessment(referral, include_sensitive)
        return CafReferralDoc(
            header=header, referral=_referral_line(referral), person=person,
            episode=episode, assessment=assessment, sensitive_included=include_sensitive,
            left_out=activity_left_out + factors_left_out)

    def _referral(self, referral_id: uuid.UUID) -> ReferralRecord:
        with self._ctx.read() as session:
            row = load(session, Referral, referral_id, "referral")
            person_id, kind = row.person_id, row.kind
        if kind != "referral":
            raise fail("referral_id", "not_a_referral",
                       "is signposting, not a referral: no data was sent, so there is no "
                       "CAF referral to print")
        return next(r for r in ReferralService(self._ctx).referrals(person_id)
                    if r.id == referral_id)

    def _person_details(self, person_id: uuid.UUID,
                        include_sensitive: bool) -> tuple[PersonDetails, int]:
        person = PeopleService(self._ctx).get(person_id, audited=False)
        current = ActivityService(self._ctx).current(person_id)
        hidden = (current is not None and not include_sensitive
                  and self._ctx.codebook.activity(current.code).sensitive)
        shown = None if current is None or hidden else current
        return PersonDetails(
            preferred_name=person.preferred_name, address=_address(person),
            phone=person.phone, email=person.email, school=person.school_name,
            current_activity=f"{shown.label} ({shown.code})" if shown else None,
            provider=shown.provider_name if shown else None), int(hidden)

    def _episode(self, referral: ReferralRecord) -> CafEpisodeLine | None:
        if referral.caf_episode_id is None:
            return None
        episodes = ReferralService(self._ctx).caf_episodes(referral.person_id)
        found = next((e for e in episodes if e.id == referral.caf_episode_id), None)
        return _episode_line(found) if found is not None else None

    def _assessment(self, referral: ReferralRecord,
                    include_sensitive: bool) -> tuple[AssessmentSummary | None, int]:
        assessments = PlanService(self._ctx).assessments(referral.person_id)
        of_episode = [a for a in assessments if referral.caf_episode_id is not None
                      and a.caf_episode_id == referral.caf_episode_id]
        if not (of_episode or assessments):
            return None, 0
        latest = (of_episode or assessments)[0]  # the episode's own, else the newest
        related = RELATED_FACTORS.get(referral.service, frozenset())
        shown = [f for f in latest.factors
                 if include_sensitive or not f.sensitive or f.factor in related]
        return self._summary(latest, shown), len(latest.factors) - len(shown)

    def _summary(self, assessment: AssessmentRecord,
                 factors: Iterable[AssessmentFactorRecord]) -> AssessmentSummary:
        book = self._ctx.codebook
        order = {e.code: i for i, e in enumerate(book.entries("assessment_factor"))}
        by_area: dict[str, list[FactorLine]] = {}
        for factor in sorted(factors, key=lambda f: order.get(f.factor, len(order))):
            entry = book.entry("assessment_factor", factor.factor)
            area = str(entry.attrs.get("area", "")) if entry else ""
            by_area.setdefault(area, []).append(FactorLine(
                label=entry.label if entry else factor.factor, rating=factor.rating,
                rating_label=book.label("assessment_rating", str(factor.rating)),
                note=factor.note, sensitive=factor.sensitive))
        areas = [AssessmentArea(AREAS.get(code, "Other"), tuple(lines))
                 for code, lines in sorted(by_area.items(), key=lambda kv: _area_order(kv[0]))]
        return AssessmentSummary(
            assessed_on=assessment.assessed_on,
            level_of_need=f"{assessment.level_of_need} "
                          f"{book.label('level_of_need', str(assessment.level_of_need))}",
            summary=assessment.summary, areas=tuple(areas))

    # --- the caseload review ---------------------------------------------------------------

    def caseload_review(self, *, within_days: int = 28,
                        include_sensitive: bool = False) -> CaseloadReviewDoc:
        """The adviser's caseload by name, each person marked with what is overdue or due.

        "Due to lapse" looks `within_days` ahead. A current activity of a sensitive kind
        (custody, pregnancy) is shown as not shown unless `include_sensitive`.
        """
        caseload = CaseloadService(self._ctx)
        rows = caseload.rows()
        listed = {name: caseload.worklist(name, within_days=within_days)
                  for name in REVIEW_LISTS}
        reviews = self._next_reviews()
        notes: dict[uuid.UUID, list[str]] = {}
        for name in REVIEW_LISTS:
            for row in listed[name]:
                notes.setdefault(row.id, []).append(_note(name, row, reviews))
        lines = [self._caseload_line(r, reviews.get(r.id), notes.get(r.id, ()),
                                     include_sensitive) for r in rows]
        header = CaseloadReviewHeader(letterhead=self._documents.letterhead(),
                                      adviser=self._documents.adviser(),
                                      printed_on=self._ctx.today())
        return CaseloadReviewDoc(
            header=header, within_days=within_days,
            counts=self._counts(rows, lines, listed, within_days), levels=self._levels(rows),
            lines=tuple(lines), sensitive_included=include_sensitive,
            left_out=sum(line.current_activity == SENSITIVE_ACTIVITY for line in lines))

    def _next_reviews(self) -> dict[uuid.UUID, dt.date]:
        """Each person's next action-plan review (live plans only), in one query."""
        with self._ctx.read() as session:
            found = session.execute(
                select(ActionPlan.person_id, func.min(ActionPlan.next_review_on))
                .where(ActionPlan.closed_on.is_(None), ActionPlan.deleted_at.is_(None))
                .group_by(ActionPlan.person_id)).all()
        return {person_id: due for person_id, due in found}

    def _caseload_line(self, row: CaseloadRow, review: dt.date | None,
                       attention: Iterable[str], include_sensitive: bool) -> CaseloadLine:
        activity = None
        if row.activity_code is not None:
            entry = self._ctx.codebook.activity(row.activity_code)
            activity = (SENSITIVE_ACTIVITY if entry.sensitive and not include_sensitive
                        else f"{entry.code} {entry.label}")
        name = f"{row.family_name}, {row.given_name}"
        if row.preferred_name and row.preferred_name != row.given_name:
            name += f" ({row.preferred_name})"
        return CaseloadLine(person_id=row.id, name=name, date_of_birth=row.date_of_birth,
                            level_of_need=row.level_of_need, current_activity=activity,
                            lapse_date=row.due_to_lapse_date, review_date=review,
                            attention=tuple(attention))

    def _counts(self, rows: list[CaseloadRow], lines: list[CaseloadLine],
                listed: dict[str, list[CaseloadRow]], within_days: int) -> tuple[CountLine, ...]:
        labels = {**WORKLISTS, "due-to-lapse": f"Due to lapse in the next {within_days} days"}
        return (CountLine("Young people on the caseload", len(rows)),
                CountLine("Needing attention (marked in the table)",
                          sum(line.overdue for line in lines)),
                *(CountLine(labels[name], len(listed[name])) for name in REVIEW_LISTS))

    def _levels(self, rows: list[CaseloadRow]) -> tuple[CountLine, ...]:
        counts = Counter(row.level_of_need for row in rows)
        book = self._ctx.codebook
        levels = [CountLine(f"{e.code} {e.label}", counts.get(int(e.code), 0))
                  for e in book.entries("level_of_need")]
        return (*sorted(levels, key=lambda c: c.label),
                CountLine("Not assessed", counts.get(None, 0)))


def _referral_line(referral: ReferralRecord) -> ReferralLine:
    return ReferralLine(service=referral.service_label,
                        route=ROUTES.get(referral.route, referral.route),
                        sent_on=referral.sent_on, reason=referral.reason,
                        consent_reference=referral.consent_reference,
                        follow_up_due=referral.follow_up_due)


def _episode_line(episode: CafEpisodeRecord) -> CafEpisodeLine:
    lead = episode.lead_professional_name
    if lead and episode.lead_professional_agency:
        lead += f" ({episode.lead_professional_agency})"
    given_by = episode.consent_given_by
    return CafEpisodeLine(
        opened_on=episode.opened_on,
        consent_given_by=GIVEN_BY.get(given_by, given_by) if given_by else None,
        consent_on=episode.consent_on, consent_agencies=tuple(episode.consent_agencies),
        lead_professional=lead, review_on=episode.review_on, closed_on=episode.closed_on,
        meetings=tuple(CafMeetingLine(m.held_on, m.attendees, m.actions)
                       for m in episode.meetings))


def _address(person: PersonRecord) -> tuple[str, ...]:
    lines = (person.address_line1, person.address_line2, person.address_line3,
             person.address_line4, person.town, person.postcode)
    return tuple(line for line in lines if line)


def _area_order(code: str) -> int:
    return list(AREAS).index(code) if code in AREAS else len(AREAS)


def _note(name: str, row: CaseloadRow, reviews: dict[uuid.UUID, dt.date]) -> str:
    """What a work list says about a person, as the review's attention column shows it."""
    if name == "lapsed":
        return "Lapsed"
    if name == "due-to-lapse":
        return "Lapses soon"
    if name == "reviews-overdue":
        return "Review overdue" if row.id in reviews else "No action plan"
    return row.detail[:1].upper() + row.detail[1:]
