"""The rows around a synthetic young person: family, consent, contacts, plans, referrals.

Each row is valid by construction for the service that normally writes it (the same code
lists, date order and consent rules); `tests/unit/test_demo.py` replays samples through those
services to prove it.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ccis import rules
from ccis.agencies import names_of, plain
from ccis.codes import CodeBook
from paclient.models import (
    RESETTLEMENT_ITEMS,
    Action,
    ActionPlan,
    Assessment,
    AssessmentFactor,
    Base,
    CafEpisode,
    CafMeeting,
    Characteristic,
    Consent,
    Contact,
    CustodyEpisode,
    GuaranteeOffer,
    IntendedDestination,
    ParentCarer,
    Referral,
    Review,
    SafetyWarning,
)
from paclient.services.demo.words import (
    ACTION_TEXT,
    AGENCIES,
    AGREED,
    ATTENDEES,
    COLLEGES,
    CUSTODY_SITES,
    DEMO_LA,
    DISCUSSION,
    EMPLOYERS,
    FACTOR_NOTES,
    OWN_WORDS,
    REFERRAL_REASONS,
    RELATIONSHIPS,
    REVIEW_TEXT,
    SCHOOLS,
    family_name,
    given_name,
    phone,
)
from paclient.services.people.safeguarding import CONSENT_AGE

Row = tuple[type[Base], dict[str, Any]]
T = TypeVar("T")
DAY = dt.timedelta(days=1)
_MINUTES = (15, 20, 30, 45, 60)
_NO_OFFER = ("150", "151", "153", "154")  # September Guarantee: no offer
_RANDOM_CHARACTERISTICS = (  # code, chance, youngest academic age
    ("110", .03, 13), ("170", .03, 14), ("120", .015, 15), ("140", .03, 13), ("150", .02, 14),
    ("130", .01, 13), ("180", .01, 15), ("190", .005, 16), ("200", .02, 13), ("210", .04, 13))


# The version-7 UUID layout (RFC 9562): 48 bits of milliseconds, then the version (7), 12
# random bits, the variant (0b10) and 62 random bits.
_RANDOM_BITS = ((1 << 80) - 1) & ~(0xF << 76) & ~(0x3 << 62)
_VERSION_7 = (0x7 << 76) | (0x2 << 62)


class DemoIds:
    """Row ids drawn from the shared random stream, so a seed gives the same ids on any day.

    Like `paclient.models.new_id` they are time-ordered, each after the one before, so a demo
    build appends to the id indexes instead of rewriting pages all over them. A millisecond
    count stands in for the clock, starting at a point the seed draws before 2005 (so demo rows
    sort before real ones); the other 74 bits are random, as in any version-7 id.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._ms = rng.getrandbits(40)

    def __call__(self) -> uuid.UUID:
        self._ms += 1
        return uuid.UUID(int=(self._ms << 80) | (self._rng.getrandbits(128) & _RANDOM_BITS)
                         | _VERSION_7)


def between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day from `first` to `last` inclusive (`first` when the range is empty)."""
    return first + rng.randint(0, max(0, (last - first).days)) * DAY


@dataclass(frozen=True, slots=True)
class Facts:
    """What the row builders need to know about one young person."""

    id: uuid.UUID
    dob: dt.date
    age: int  # academic age today
    gender: str
    send: bool
    given: str
    family: str
    first_seen: dt.date
    refused: bool
    la: str
    year_start: dt.date


@dataclass(frozen=True)
class Codes:
    """The code-list values the demo draws from: the lists in force today."""

    la: str
    ethnicity: tuple[str, ...]
    methods: tuple[str, ...]
    settings: tuple[str, ...]
    topics: tuple[str, ...]
    services: tuple[str, ...]
    factors: tuple[str, ...]
    destinations: tuple[str, ...]
    sensitive: dict[str, frozenset[str]]  # per list, the codes marked sensitive
    characteristic_gender: dict[str, str]  # characteristic code -> the gender it excludes
    service_names: dict[str, frozenset[str]]  # service code -> its names (`ccis.agencies`)
    service_labels: dict[str, str]

    @classmethod
    def load(cls, codebook: CodeBook, on: dt.date) -> Codes:
        """Every list the demo needs, as in force on `on`."""
        def codes(name: str) -> tuple[str, ...]:
            return tuple(e.code for e in codebook.codes(name, on))

        sensitive = {name: frozenset(e.code for e in codebook.codes(name, on) if e.sensitive)
                     for name in ("topic", "referral_service", "assessment_factor",
                                  "characteristic")}
        barred = {e.code: str(e.attrs["not_with_gender"])
                  for e in codebook.codes("characteristic", on) if "not_with_gender" in e.attrs}
        return cls(la=DEMO_LA, ethnicity=codes("ethnicity"), methods=codes("contact_method"),
                   settings=codes("contact_setting"), topics=codes("topic"),
                   services=codes("referral_service"), factors=codes("assessment_factor"),
                   destinations=codes("intended_destination"), sensitive=sensitive,
                   characteristic_gender=barred,
                   service_names={code: names_of(codebook, [code])
                                  for code in codes("referral_service")},
                   service_labels={e.code: e.label
                                   for e in codebook.codes("referral_service", on)})


class RowMaker:
    """Builds the rows that hang off a person, drawing from the shared random stream."""

    def __init__(self, rng: random.Random, ids: DemoIds, codes: Codes, today: dt.date,
                 adviser_id: uuid.UUID | None, policy: rules.RulePolicy) -> None:
        self._rng, self._codes, self._today, self._policy = rng, codes, today, policy
        self._new_id = ids
        self.adviser_id = adviser_id

    def provider(self, code: str, f: Facts) -> dict[str, Any]:
        """Provider fields fitting an activity: school, college, employer or none."""
        rng = self._rng
        if code == "210":
            school = rng.randrange(len(SCHOOLS))
            return {"provider_establishment_number": f"{f.la}{4001 + school}",
                    "provider_name": SCHOOLS[school]}
        if code[0] in "24" or code in ("310", "530"):
            college = rng.randrange(len(COLLEGES))
            return {"provider_ukprn": f"1999{college + 1:04d}", "provider_name": COLLEGES[college]}
        if code[0] == "3":
            return {"provider_name": rng.choice(EMPLOYERS)}
        return {}

    def random_characteristics(self, f: Facts, held: set[str],
                               ) -> list[tuple[str, dt.date, dt.date | None]]:
        """Characteristics drawn by chance (none the person already holds), with dates."""
        rng, today, found = self._rng, self._today, []
        for code, chance, youngest in _RANDOM_CHARACTERISTICS:
            if (rng.random() >= chance or f.age < youngest or code in held
                    or self._codes.characteristic_gender.get(code) == f.gender):
                continue
            start = between(rng, max(rules.birthday(f.dob, youngest), today - 1400 * DAY), today)
            if code == "110" and f.age >= 18:  # left care at 18: now a care leaver
                left = rules.birthday(f.dob, 18)
                found += [(code, min(start, left - 400 * DAY), left - DAY), ("160", left, None)]
                continue
            ended = code != "180" and rng.random() < 0.2
            found.append((code, start, between(rng, start, today) if ended else None))
        return found

    def characteristic_rows(self, f: Facts, found: list[tuple[str, dt.date, dt.date | None]],
                            ) -> list[Row]:
        """The rows of a person's characteristics."""
        sensitive = self._codes.sensitive["characteristic"]
        return [(Characteristic, {"id": self._new_id(), "person_id": f.id, "code": code,
                                  "start_date": start, "end_date": end, "source": "demo",
                                  "sensitive": code in sensitive})
                for code, start, end in found]

    def parents(self, f: Facts) -> list[Row]:
        """One or two parents or carers (fewer for adults)."""
        rng = self._rng
        count = rng.choice((1, 1, 2, 2, 2)) if f.age < 18 else int(rng.random() < 0.3)
        return [(ParentCarer, {
            "id": self._new_id(), "person_id": f.id, "relationship": rng.choice(RELATIONSHIPS),
            "name": f"{given_name(rng, 'X')} {f.family if rng.random() < .8 else family_name(rng)}",
            "phone": phone(rng), "permission_to_contact": rng.random() < 0.9})
            for _ in range(count)]

    def consents(self, f: Facts) -> list[Row]:
        """Consent to share (refused by a few) recorded at the first meeting."""
        by = "parent" if rules.age_on(f.dob, f.first_seen) < CONSENT_AGE else "young_person"
        return [(Consent, {"id": self._new_id(), "person_id": f.id, "purpose": "sharing",
                           "given_by": by, "decision": "refused" if f.refused else "given",
                           "recorded_on": f.first_seen,
                           "reference": f"CONS-{self._rng.randrange(10**6):06d}"})]

    def contacts(self, f: Facts, count: int, trigger: dt.date | None,
                 quiet_from: dt.date | None) -> list[Row]:
        """`count` contacts in date order: none from `quiet_from`, else one soon after `trigger`."""
        rng = self._rng
        last = (quiet_from or self._today + DAY) - DAY
        span = max(0, (last - f.first_seen).days)
        days = [_weekday_back(f.first_seen + rng.randint(0, span) * DAY) for _ in range(count)]
        rows = [self._contact(f, day, rng.random() < 0.06) for day in sorted(days)]
        if trigger and not quiet_from:
            follow_up = min(rules.add_working_days(trigger, 2), self._today)
            rows.append(self._contact(f, follow_up, missed=False))
            rows.sort(key=lambda row: row[1]["occurred_at"])
        return rows

    def _contact(self, f: Facts, day: dt.date, missed: bool) -> Row:
        # The hottest loop of a big demo: plain random() indexing instead of choice/sample.
        draw, codes = self._rng.random, self._codes
        topics = [] if missed else _some(draw, codes.topics)
        return (Contact, {
            "id": self._new_id(), "person_id": f.id, "adviser_id": self.adviser_id,
            "occurred_at": dt.datetime(day.year, day.month, day.day, 9 + int(draw() * 8),
                                       15 * int(draw() * 4)),
            "method": _one(draw, codes.methods), "setting": _one(draw, codes.settings),
            "duration_minutes": None if missed else _one(draw, _MINUTES),
            "topics": topics, "discussion": "" if missed else _one(draw, DISCUSSION),
            "agreed": "" if missed else _one(draw, AGREED),
            "own_words": _one(draw, OWN_WORDS) if not missed and draw() < 0.1 else None,
            "did_not_attend": missed,
            "sensitive": any(t in codes.sensitive["topic"] for t in topics)})

    def caf(self, f: Facts) -> list[Row]:
        """A CAF episode with consent to share and one to three Team Around the Child meetings."""
        rng = self._rng
        opened = between(rng, max(f.first_seen, self._today - 365 * DAY), self._today - 20 * DAY)
        by = "parent" if rules.age_on(f.dob, opened) < CONSENT_AGE else "young_person"
        agencies = [] if f.refused else rng.sample(AGENCIES, 2)  # no consent after a refusal
        episode = {"id": self._new_id(), "person_id": f.id, "opened_on": opened,
                   "pre_assessment_done": True, "consent_given_by": None if f.refused else by,
                   "consent_on": None if f.refused else opened, "consent_agencies": agencies,
                   "lead_professional_name": f"{given_name(rng, 'X')} {family_name(rng)}",
                   "lead_professional_agency": rng.choice(AGENCIES),
                   "review_on": opened + 90 * DAY}
        meetings = [(CafMeeting, {"id": self._new_id(), "episode_id": episode["id"],
                                  "held_on": min(opened + 14 * k * DAY, self._today),
                                  "attendees": rng.choice(ATTENDEES),
                                  "actions": rng.choice(AGREED)})
                    for k in range(1, rng.randint(1, 3) + 1)]
        return [(CafEpisode, episode), *meetings]

    def assessment(self, f: Facts, need: int) -> list[Row]:
        """An assessment at level of need `need`, rating four to eight factors."""
        rng, codes = self._rng, self._codes
        assessment = {"id": self._new_id(), "person_id": f.id, "level_of_need": need,
                      "assessed_on": between(rng, f.first_seen, self._today),
                      "summary": rng.choice(REVIEW_TEXT)}
        factors = rng.sample(codes.factors, min(len(codes.factors), rng.randint(4, 8)))
        rows: list[Row] = [(Assessment, assessment)]
        for factor in factors:
            rating = min(3, max(0, round(rng.gauss(3 - need, 0.8))))
            rows.append((AssessmentFactor, {
                "id": self._new_id(), "assessment_id": assessment["id"], "factor": factor,
                "rating": rating, "note": FACTOR_NOTES[rating],
                "sensitive": factor in codes.sensitive["assessment_factor"]}))
        return rows

    def action_plan(self, f: Facts, need: int, *, overdue: bool) -> list[Row]:
        """A live plan with actions and reviews; its next review is past when `overdue`."""
        rng, today = self._rng, self._today
        started = between(rng, max(f.first_seen, today - 400 * DAY), today - 7 * DAY)
        reviews, due = [], rules.review_due(started, need, self._policy)
        while due < today:
            reviews.append(due)
            due = rules.review_due(due, need, self._policy)
        if overdue and reviews:  # the last review was never held
            due = reviews.pop()
        elif overdue:
            started = rules.add_months(today, -7) - rng.randint(0, 30) * DAY
            due = rules.review_due(started, need, self._policy)
        plan_id = self._new_id()
        plan = {"id": plan_id, "person_id": f.id, "started_on": started, "next_review_on": due}
        rows: list[Row] = [(ActionPlan, plan)]
        rows += [(Review, {"id": self._new_id(), "plan_id": plan_id, "reviewed_on": on,
                           "progress": rng.choice(REVIEW_TEXT),
                           "next_review_on": rules.review_due(on, need, self._policy)})
                 for on in reviews]
        return rows + [self._action(plan_id, started) for _ in range(rng.randint(2, 4))]

    def _action(self, plan_id: uuid.UUID, started: dt.date) -> Row:
        rng = self._rng
        due = started + rng.randint(14, 90) * DAY
        status = rng.choices(("done", "open", "dropped"), (55, 40, 5))[0] \
            if due < self._today else "open"
        return (Action, {"id": self._new_id(), "plan_id": plan_id, "due_on": due,
                         "description": rng.choice(ACTION_TEXT),
                         "owner": rng.choice(("young_person", "adviser", "parent_carer")),
                         "status": status, "done_on": due - DAY if status == "done" else None,
                         "drop_reason": "No longer wanted." if status == "dropped" else None})

    def referral(self, f: Facts, state: str | None,
                 caf: dict[str, Any] | None) -> list[Row]:
        """A referral or signposting; `follow_up` leaves it open past its follow-up date.

        A referral that sends data goes through the CAF episode when its consent names the
        service by then; otherwise directly, after a consent to it recorded the day it is sent
        (its id is drawn from the referral's, so the shared random stream, and every other
        demo row, stay as they were)."""
        rng, today = self._rng, self._today
        state = state or rng.choices(("closed", "follow_up", "signposting", "waiting"),
                                     (60, 12, 10, 18))[0]
        ago = {"follow_up": (16, 40), "closed": (20, 180), "signposting": (1, 180),
               "waiting": (1, 9)}[state]
        sent = today - rng.randint(*ago) * DAY
        service = rng.choice(self._codes.services)
        sends = not f.refused and state != "signposting"
        closed = sent + rng.randint(10, 19) * DAY if state == "closed" else None
        via_caf = caf is not None and state != "signposting" and (not sends or (
            caf["consent_on"] is not None and caf["consent_on"] <= sent
            and any(plain(name) in self._codes.service_names[service]
                    for name in caf["consent_agencies"])))
        referral_id = self._new_id()
        reference = f"CONS-{rng.randrange(10**6):06d}" if sends else None
        consent: list[Row] = [] if via_caf or not sends else [(Consent, {
            "id": uuid.UUID(int=referral_id.int ^ 1), "person_id": f.id, "purpose": "referral",
            "agency": self._codes.service_labels[service],
            "given_by": "parent" if rules.age_on(f.dob, sent) < CONSENT_AGE else "young_person",
            "decision": "given", "recorded_on": sent, "reference": reference})]
        return [*consent, (Referral, {
            "id": referral_id, "person_id": f.id, "service": service,
            "kind": "signposting" if state == "signposting" else "referral",
            "route": "caf" if via_caf else "direct",
            "caf_episode_id": caf["id"] if via_caf and caf else None, "sent_on": sent,
            "sends_data": sends,
            "consent_reference": reference,
            "reason": rng.choice(REFERRAL_REASONS),
            "follow_up_due": None if state == "signposting"
            else rules.referral_follow_up_due(sent, self._policy),
            "acknowledged_on": sent + 3 * DAY if closed else None,
            "outcome": "Seen and supported." if closed else None,
            "closed_on": sent if state == "signposting" else closed,
            "sensitive": service in self._codes.sensitive["referral_service"]})]

    def safety(self, f: Facts) -> list[Row]:
        """A staff-safety warning."""
        rng = self._rng
        return [(SafetyWarning, {"id": self._new_id(), "person_id": f.id,
                                 "kind": rng.choice(("lone_working", "no_home_visit_alone")),
                                 "text": "Meet in a public place or with a colleague.",
                                 "start_date": between(rng, f.first_seen, self._today)})]

    def custody(self, f: Facts, admitted: dt.date) -> list[Row]:
        """A custody episode from `admitted`, part-way through resettlement."""
        rng = self._rng
        ticked = min(admitted + 20 * DAY, self._today).isoformat()
        return [(CustodyEpisode, {
            "id": self._new_id(), "person_id": f.id, "establishment": rng.choice(CUSTODY_SITES),
            "admitted_on": admitted,
            "expected_release_on": self._today + rng.randint(30, 400) * DAY, "home_la": f.la,
            "checklist": {item: ticked for item in RESETTLEMENT_ITEMS if rng.random() < 0.4},
            "liaison_contact": "Resettlement officer"})]

    def destination_and_offers(self, f: Facts, without_offer: bool,
                               withdrawn: bool = False) -> list[Row]:
        """Year 11: an intended destination; Years 11 and 12: (mostly) a Guarantee status,
        sometimes followed by a later one (an offer withdrawn, or an application's outcome)."""
        rng, rows = self._rng, list[Row]()
        year = rules.guarantee_year(f.dob, self._today)
        if f.age == 15 and rng.random() < 0.85:
            rows.append((IntendedDestination, {
                "id": self._new_id(), "person_id": f.id,
                "code": rng.choice(self._codes.destinations),
                "recorded_on": between(rng, f.year_start, self._today)}))
        if year in (11, 12) and not without_offer and rng.random() < 0.9:
            status = rng.choice(("110", "110", "140") if year == 11 else ("114", "115", "110"))
            since = _guarantee_year_start(self._today)
            first = between(rng, since, self._today - DAY)
            rows.append(self._guarantee(f, year, "110" if withdrawn else status, first))
            if first < self._today and (withdrawn or rng.random() < 0.1):
                later = "110" if status == "140" and not withdrawn else rng.choice(_NO_OFFER)
                rows.append(self._guarantee(f, year, later,
                                            between(rng, first + DAY, self._today)))
        return rows

    def _guarantee(self, f: Facts, year: int, status: str, on: dt.date) -> Row:
        return (GuaranteeOffer, {
            "id": self._new_id(), "person_id": f.id, "year_group": year, "status": status,
            "recorded_on": on, "provider_name": self._rng.choice(COLLEGES), "la": f.la})


def _guarantee_year_start(today: dt.date) -> dt.date:
    """The 1 October from which `rules.guarantee_year` has been what it is on `today`."""
    return dt.date(today.year if today.month >= 10 else today.year - 1, 10, 1)


def _one(draw: Callable[[], float], options: Sequence[T]) -> T:
    return options[int(draw() * len(options))]


def _some(draw: Callable[[], float], options: Sequence[str]) -> list[str]:
    """One option, or two different ones."""
    first = _one(draw, options)
    second = _one(draw, options) if draw() < 0.5 else first
    return [first] if second == first else [first, second]


def _weekday_back(day: dt.date) -> dt.date:
    """Saturdays and Sundays move back to the Friday before."""
    return day - max(0, day.weekday() - 4) * DAY
