"""Referrals and signposting to other services, and CAF episodes with their TAC meetings."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis import catalogue, rules
from ccis.agencies import names_service
from ccis.codes import CodeEntry
from ccis.sensitivity import is_sensitive
from paclient.errors import SharingRefused
from paclient.models import CafEpisode, CafMeeting, CafReview, Referral, YoungPerson
from paclient.services.casework.records import (
    CafEpisodeRecord,
    CafMeetingRecord,
    CafReviewRecord,
    ReferralRecord,
)
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.people.safeguarding import (
    check_given_by,
    choose,
    referral_consent,
    refusal_active,
)
from paclient.services.problems import Problems
from paclient.services.rows import as_record, columns, grouped, load

ROUTES = catalogue.REFERRAL_ROUTES  # declared once, in the catalogue both sides check
DECISIONS = catalogue.CAF_DECISIONS  # what a CAF review decides

# A check run inside the write transaction: it notes problems and returns the fields to set.
EpisodeCheck = Callable[[Problems, CafEpisode, YoungPerson], dict[str, Any]]


class ReferralService:
    """Referring and signposting young people to other services, directly or through CAF."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- referrals and signposting ----------------------------------------------------------

    def refer(self, person_id: uuid.UUID, *, service: str, sent_on: dt.date, reason: str = "",
              route: str = "direct", caf_episode_id: uuid.UUID | None = None,
              sends_data: bool = True, consent_reference: str | None = None,
              ) -> ReferralRecord:
        """Refer to a service; raise SharingRefused if data would go against a refusal.

        A referral that sends data needs consent in force on the day it is sent: through CAF,
        the episode's consent to share naming the service; directly, a consent for purpose
        referral to that service or to every agency (`referral_consent`)."""
        problems = Problems()
        entry = self._service(problems, service, "sent_on", sent_on)
        choose(problems, "route", route, ROUTES, "referral_route")
        if (route == "caf") != (caf_episode_id is not None):
            problems.add("caf_episode_id", "caf_route",
                         "a referral through CAF names its CAF episode, and only then")
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            if sends_data and refusal_active(session, person_id):
                raise SharingRefused(str(person_id))
            episode = None if caf_episode_id is None else _check_episode_of(
                problems, session, caf_episode_id, person_id, sends_data)
            if sends_data and entry is not None and (caf_episode_id is None) == (route != "caf"):
                self._check_consent(problems, session, person_id, service, sent_on,
                                    caf_episode_id, episode)
            problems.raise_any()
            row = self._insert(session, person_id, service=service, sent_on=sent_on,
                               reason=(reason or "").strip(), route=route,
                               caf_episode_id=caf_episode_id, sends_data=bool(sends_data),
                               consent_reference=(consent_reference or "").strip() or None,
                               follow_up_due=rules.referral_follow_up_due(
                                   sent_on, self._ctx.policy),
                               sensitive=is_sensitive(entry))
        return self._record(row)

    def signpost(self, person_id: uuid.UUID, *, service: str, on: dt.date,
                 reason: str = "") -> ReferralRecord:
        """Record signposting: no data is sent and nothing needs following up."""
        problems = Problems()
        entry = self._service(problems, service, "on", on)
        problems.raise_any()
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            row = self._insert(session, person_id, service=service, kind="signposting",
                               sent_on=on, closed_on=on, reason=(reason or "").strip(),
                               sends_data=False, sensitive=is_sensitive(entry))
        return self._record(row)

    def acknowledge(self, referral_id: uuid.UUID, on: dt.date) -> ReferralRecord:
        """Record the day the service acknowledged the referral."""
        def check(problems: Problems, referral: Referral) -> dict[str, Any]:
            if referral.acknowledged_on is not None:
                problems.add("acknowledged_on", "already_acknowledged",
                             "the referral was already acknowledged")
            return {"acknowledged_on": on}

        return self._progress(referral_id, on, check, "acknowledge")

    def record_outcome(self, referral_id: uuid.UUID, outcome: str,
                       on: dt.date) -> ReferralRecord:
        """Record the outcome of a referral, which closes it."""
        def check(problems: Problems, _referral: Referral) -> dict[str, Any]:
            return {"outcome": problems.text("outcome", outcome), "closed_on": on}

        return self._progress(referral_id, on, check, "close")

    def close(self, referral_id: uuid.UUID, on: dt.date) -> ReferralRecord:
        """Close a referral whose outcome is recorded (else rule referral_outcome_required)."""
        def check(problems: Problems, referral: Referral) -> dict[str, Any]:
            if not referral.outcome:
                problems.add("outcome", "referral_outcome_required",
                             "a referral is not closed without an outcome")
            return {"closed_on": on}

        return self._progress(referral_id, on, check, "close")

    def referrals(self, person_id: uuid.UUID) -> list[ReferralRecord]:
        """Every referral and signposting of the person, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(Referral).where(
                Referral.person_id == person_id, Referral.deleted_at.is_(None))
                .order_by(Referral.sent_on.desc(), Referral.created_at.desc())).all()
            return [self._record(r) for r in rows]

    # --- CAF --------------------------------------------------------------------------------

    def open_caf(self, person_id: uuid.UUID, *, opened_on: dt.date,
                 pre_assessment_done: bool = False) -> CafEpisodeRecord:
        """Open a CAF episode; a person has at most one open at a time."""
        problems = Problems()
        problems.date("opened_on", opened_on, today=self._ctx.today())
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            if _open_episode(session, person_id) is not None:
                problems.add("opened_on", "caf_already_open", "a CAF episode is already open")
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(CafEpisode, person_id=person_id, opened_on=opened_on,
                                 pre_assessment_done=bool(pre_assessment_done))
            changes.audit("create", "caf_episode", row["id"], person_id)
            changes.flush()
        return _episode(row, [])

    def record_caf_consent(self, episode_id: uuid.UUID, *, given_by: str, on: dt.date,
                           agencies: Sequence[str]) -> CafEpisodeRecord:
        """Record consent to share with the named agencies (a parent's if under 16)."""
        names = [a.strip() for a in agencies if isinstance(a, str) and a.strip()]

        def check(problems: Problems, episode: CafEpisode,
                  person: YoungPerson) -> dict[str, Any]:
            _check_dated(problems, episode, "on", on, self._ctx.today())
            check_given_by(problems, person, given_by, on)
            if not names:
                problems.add("agencies", "required", "name at least one agency")
            return {"consent_given_by": given_by, "consent_on": on, "consent_agencies": names}

        return self._change_episode(episode_id, check, blocked_by_refusal=True)

    def set_lead_professional(self, episode_id: uuid.UUID, name: str,
                              agency: str) -> CafEpisodeRecord:
        """Name the lead professional of an open CAF episode."""
        def check(problems: Problems, episode: CafEpisode,
                  person: YoungPerson) -> dict[str, Any]:
            return {"lead_professional_name": problems.text("name", name),
                    "lead_professional_agency": problems.text("agency", agency)}

        return self._change_episode(episode_id, check)

    def add_caf_meeting(self, episode_id: uuid.UUID, *, held_on: dt.date, attendees: str,
                        actions: str) -> CafMeetingRecord:
        """Record a Team Around the Child meeting of an open CAF episode."""
        problems = Problems()
        who = problems.text("attendees", attendees)
        with self._ctx.write.begin() as session:
            episode = load(session, CafEpisode, episode_id, "CAF episode")
            _check_open(problems, episode)
            _check_dated(problems, episode, "held_on", held_on, self._ctx.today())
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(CafMeeting, episode_id=episode_id, held_on=held_on,
                                 attendees=who, actions=(actions or "").strip())
            changes.audit("create", "caf_meeting", row["id"], episode.person_id,
                          episode_id=str(episode_id))
            changes.flush()
        return as_record(CafMeetingRecord, row)

    def review_caf(self, episode_id: uuid.UUID, *, reviewed_on: dt.date, progress: str,
                   decision: str, next_review_on: dt.date | None = None) -> CafEpisodeRecord:
        """Record a review of an open CAF episode: the progress made and the decision
        (continue, step down, step up, close). "close" closes the episode on the review's day,
        the progress recorded as its reason; otherwise `next_review_on` (after the review)
        becomes the episode's next review day."""
        problems = Problems()
        choose(problems, "decision", decision, DECISIONS, "caf_decision")
        said = problems.text("progress", progress)
        closing = decision == "close"
        if next_review_on is not None:
            if closing:
                problems.add("next_review_on", "caf_closing",
                             "a review that closes the CAF episode sets no next review")
            elif isinstance(reviewed_on, dt.date):
                problems.date("next_review_on", next_review_on,
                              earliest=reviewed_on + dt.timedelta(days=1),
                              rule="after_review", what="the day after the review")
        with self._ctx.write.begin() as session:
            episode = load(session, CafEpisode, episode_id, "CAF episode")
            _check_open(problems, episode)
            _check_dated(problems, episode, "reviewed_on", reviewed_on, self._ctx.today())
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(CafReview, episode_id=episode_id, reviewed_on=reviewed_on,
                                 progress=said, decision=decision)
            fields: dict[str, Any] = ({"closed_on": reviewed_on, "closure_reason": said}
                                      if closing else {"review_on": next_review_on})
            changes.update(CafEpisode, episode_id, fields, episode.rev)
            changes.audit("create", "caf_review", row["id"], episode.person_id,
                          episode_id=str(episode_id), decision=decision)
            changes.flush()
            meetings, reviews = _children(session, [episode_id])
            return _episode({**columns(episode), **fields}, meetings.get(episode_id, []),
                            reviews.get(episode_id, []))

    def close_caf(self, episode_id: uuid.UUID, on: dt.date, reason: str) -> CafEpisodeRecord:
        """Close an open CAF episode; the reason is required."""
        def check(problems: Problems, episode: CafEpisode,
                  person: YoungPerson) -> dict[str, Any]:
            _check_dated(problems, episode, "on", on, self._ctx.today())
            return {"closed_on": on, "closure_reason": problems.text("reason", reason)}

        return self._change_episode(episode_id, check)

    def caf_episodes(self, person_id: uuid.UUID) -> list[CafEpisodeRecord]:
        """Every CAF episode of the person with its meetings and reviews, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(CafEpisode).where(
                CafEpisode.person_id == person_id, CafEpisode.deleted_at.is_(None))
                .order_by(CafEpisode.opened_on.desc())).all()
            meetings, reviews = _children(session, [r.id for r in rows])
            return [_episode(r, meetings.get(r.id, []), reviews.get(r.id, [])) for r in rows]

    # --- shared steps -----------------------------------------------------------------------

    def _service(self, problems: Problems, service: str, field: str,
                 on: dt.date) -> CodeEntry | None:
        dated = problems.date(field, on, today=self._ctx.today())
        return problems.code(self._ctx.codebook, "referral_service", "service", service,
                             on if dated else None)

    def _check_consent(self, problems: Problems, session: Session, person_id: uuid.UUID,
                       service: str, sent_on: dt.date,
                       caf_episode_id: uuid.UUID | None, episode: CafEpisode | None) -> None:
        codebook = self._ctx.codebook
        if caf_episode_id is None:
            if not referral_consent(session, codebook, person_id, service, sent_on):
                problems.add("sends_data", "referral_consent_required",
                             "no consent to a referral to this service is on record for the "
                             "day it is sent: record the consent first, or send no data")
            return
        if episode is None or episode.consent_on is None:
            return  # not an open episode of the person, or no consent: said already
        if not any(names_service(codebook, name, service)
                   for name in episode.consent_agencies or ()):
            problems.add("service", "caf_consent_agency",
                         "the CAF episode's consent to share does not name this service")
        elif episode.consent_on > sent_on:
            problems.add("sent_on", "caf_consent_after_sent",
                         "the CAF episode's consent to share was recorded after this day")

    def _insert(self, session: Session, person_id: uuid.UUID,
                **values: Any) -> dict[str, Any]:
        changes = self._ctx.changes(session)
        row = changes.insert(Referral, person_id=person_id, **values)
        changes.audit("create", "referral", row["id"], person_id)
        changes.flush()
        return row

    def _progress(self, referral_id: uuid.UUID, on: dt.date,
                  check: Callable[[Problems, Referral], dict[str, Any]],
                  action: str) -> ReferralRecord:
        problems = Problems()
        with self._ctx.write.begin() as session:
            referral = load(session, Referral, referral_id, "referral")
            if referral.kind != "referral":
                problems.add("kind", "not_a_referral", "signposting has no follow-up")
            elif referral.closed_on is not None:
                problems.add("closed_on", "referral_closed", "the referral is already closed")
            fields = check(problems, referral)
            problems.date("on", on, today=self._ctx.today(), earliest=referral.sent_on,
                          rule="after_sent", what="the referral was sent")
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(Referral, referral_id, fields, referral.rev)
            changes.audit(action, "referral", referral_id, referral.person_id)
            changes.flush()
            return self._record({**columns(referral), **fields})

    def _change_episode(self, episode_id: uuid.UUID, check: EpisodeCheck, *,
                        blocked_by_refusal: bool = False) -> CafEpisodeRecord:
        problems = Problems()
        with self._ctx.write.begin() as session:
            episode = load(session, CafEpisode, episode_id, "CAF episode")
            person = load_person(session, episode.person_id)
            if blocked_by_refusal and refusal_active(session, person.id):
                raise SharingRefused(str(person.id))
            _check_open(problems, episode)
            fields = check(problems, episode, person)
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(CafEpisode, episode_id, fields, episode.rev)
            changes.audit("update", "caf_episode", episode_id, person.id, fields=sorted(fields))
            changes.flush()
            meetings, reviews = _children(session, [episode_id])
            return _episode({**columns(episode), **fields}, meetings.get(episode_id, []),
                            reviews.get(episode_id, []))

    def _record(self, source: Mapping[str, Any] | Referral) -> ReferralRecord:
        code = source["service"] if isinstance(source, Mapping) else source.service
        return as_record(ReferralRecord, source,
                         service_label=self._ctx.codebook.label("referral_service", code))


def _check_open(problems: Problems, episode: CafEpisode) -> None:
    if episode.closed_on is not None:
        problems.add("episode_id", "caf_closed", "the CAF episode is closed")


def _check_dated(problems: Problems, episode: CafEpisode, field: str, on: object,
                 today: dt.date) -> None:
    problems.date(field, on, today=today, earliest=episode.opened_on,
                  rule="after_caf_opened", what="the CAF episode opened")


def _check_episode_of(problems: Problems, session: Session, episode_id: uuid.UUID,
                      person_id: uuid.UUID, sends_data: bool) -> CafEpisode | None:
    episode = session.get(CafEpisode, episode_id)
    if episode is None or episode.person_id != person_id or episode.closed_on is not None:
        problems.add("caf_episode_id", "caf_episode", "is not an open CAF episode of this person")
        return None
    if sends_data and episode.consent_on is None:
        problems.add("caf_episode_id", "caf_consent_required",
                     "record consent to share on the CAF episode first")
    return episode


def _open_episode(session: Session, person_id: uuid.UUID) -> uuid.UUID | None:
    return session.scalar(select(CafEpisode.id).where(
        CafEpisode.person_id == person_id, CafEpisode.closed_on.is_(None),
        CafEpisode.deleted_at.is_(None)).limit(1))


def _children(session: Session, episode_ids: Sequence[uuid.UUID],
              ) -> tuple[dict[uuid.UUID, list[CafMeeting]], dict[uuid.UUID, list[CafReview]]]:
    """The meetings and the reviews of these episodes, by episode, oldest first."""
    meetings = session.scalars(select(CafMeeting).where(
        CafMeeting.episode_id.in_(episode_ids), CafMeeting.deleted_at.is_(None))
        .order_by(CafMeeting.held_on)).all()
    reviews = session.scalars(select(CafReview).where(
        CafReview.episode_id.in_(episode_ids), CafReview.deleted_at.is_(None))
        .order_by(CafReview.reviewed_on, CafReview.created_at)).all()
    return (grouped(meetings, lambda m: m.episode_id),
            grouped(reviews, lambda r: r.episode_id))


def _episode(source: Mapping[str, Any] | CafEpisode, meetings: Sequence[CafMeeting],
             reviews: Sequence[CafReview] = ()) -> CafEpisodeRecord:
    agencies = (source["consent_agencies"] if isinstance(source, Mapping)
                else source.consent_agencies)
    return as_record(CafEpisodeRecord, source, consent_agencies=tuple(agencies or ()),
                     meetings=tuple(as_record(CafMeetingRecord, m) for m in meetings),
                     reviews=tuple(as_record(CafReviewRecord, r) for r in reviews))
