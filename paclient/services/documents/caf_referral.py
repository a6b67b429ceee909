"""What the CAF referral is printed from, gathered through the services.

The CAF referral goes to the agency a young person is referred to: the referral, the details
that agency needs, the CAF episode's consent and meetings, and the latest assessment. It is never
made for someone who refused information sharing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from ccis.sensitivity import kept
from paclient.errors import SharingRefused
from paclient.models import Referral
from paclient.services.casework.activities import ActivityService
from paclient.services.casework.plans import PlanService
from paclient.services.casework.records import (
    AssessmentFactorRecord,
    AssessmentRecord,
    CafEpisodeRecord,
    ReferralRecord,
)
from paclient.services.casework.referrals import ReferralService
from paclient.services.context import Context
from paclient.services.documents.records import (
    AssessmentArea,
    AssessmentSummary,
    CafEpisodeLine,
    CafMeetingLine,
    CafReferralDoc,
    FactorLine,
    PersonDetails,
    ReferralLine,
)
from paclient.services.documents.service import DocumentService
from paclient.services.people.details import PeopleService
from paclient.services.people.records import PersonRecord
from paclient.services.people.safeguarding import SafeguardingService
from paclient.services.problems import fail
from paclient.services.rows import load

AREAS = {"ete": "Education, training and employment",
         "personal": "Personal and social development",
         "family": "Family and environment"}
ROUTES = {"direct": "Direct referral", "caf": "Through the CAF (Common Assessment Framework)"}
GIVEN_BY = {"young_person": "The young person", "parent": "A parent or carer"}


class CafReferralDocuments:
    """The CAF referral for a receiving agency."""

    def __init__(self, ctx: Context, documents: DocumentService, people: PeopleService,
                 activities: ActivityService, plans: PlanService, referrals: ReferralService,
                 safeguarding: SafeguardingService) -> None:
        self._ctx, self._documents, self._people = ctx, documents, people
        self._activities, self._plans, self._referrals = activities, plans, referrals
        self._safeguarding = safeguarding
        self._sensitivity = documents.sensitivity

    def caf_referral(self, referral_id: uuid.UUID, *,
                     include_sensitive: bool = False) -> CafReferralDoc:
        """The referral document: NotFound if unknown, ValidationErrors for signposting,
        SharingRefused while the young person refuses information sharing.

        The referral's own service is always named, even when sensitive: the document is made
        to be sent to it. Other sensitive items (the current activity, assessment factors) are
        left out unless `include_sensitive`, except factors that are the referral's subject
        (`ccis.sensitivity.REFERRAL_SUBJECTS`): the agency is told what it is asked to help with.
        """
        referral = self._referral(referral_id)
        person_id = referral.person_id
        if self._safeguarding.sharing_refused(person_id):
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
        return next(r for r in self._referrals.referrals(person_id)
                    if r.id == referral_id)

    def _person_details(self, person_id: uuid.UUID,
                        include_sensitive: bool) -> tuple[PersonDetails, int]:
        person = self._people.get(person_id, audited=False)
        current = self._activities.current(person_id)
        kept_current, left_out = kept([] if current is None else [current], include_sensitive,
                                      lambda a: self._sensitivity.activity(a.code))
        shown = kept_current[0] if kept_current else None
        return PersonDetails(
            preferred_name=person.preferred_name, address=_address(person),
            phone=person.phone, email=person.email, school=person.school_name,
            current_activity=f"{shown.label} ({shown.code})" if shown else None,
            provider=shown.provider_name if shown else None), left_out

    def _episode(self, referral: ReferralRecord) -> CafEpisodeLine | None:
        if referral.caf_episode_id is None:
            return None
        episodes = self._referrals.caf_episodes(referral.person_id)
        found = next((e for e in episodes if e.id == referral.caf_episode_id), None)
        return _episode_line(found) if found is not None else None

    def _assessment(self, referral: ReferralRecord,
                    include_sensitive: bool) -> tuple[AssessmentSummary | None, int]:
        assessments = self._plans.assessments(referral.person_id)
        of_episode = [a for a in assessments if referral.caf_episode_id is not None
                      and a.caf_episode_id == referral.caf_episode_id]
        if not (of_episode or assessments):
            return None, 0
        latest = (of_episode or assessments)[0]  # the episode's own, else the newest

        def sensitive(factor: AssessmentFactorRecord) -> bool:
            return self._sensitivity.factor(factor.factor, flagged=factor.sensitive,
                                            referred_to=referral.service)

        shown, left_out = kept(latest.factors, include_sensitive, sensitive)
        return self._summary(latest, shown), left_out

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

