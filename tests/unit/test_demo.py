"""The demo caseload: deterministic, realistic, valid row by row, and written in whole batches."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, TODAY
from sqlalchemy import func, select, text

from ccis import rules
from ccis.errors import ValidationErrors
from paclient.models import (
    Action,
    ActionPlan,
    Activity,
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
    Outbox,
    ParentCarer,
    Referral,
    Review,
    SafetyWarning,
    YoungPerson,
)
from paclient.services.bundle import Services, open_services, register_adviser
from paclient.services.caseload.listing import WORKLISTS, CaseloadService
from paclient.services.casework.activities import ACTIVITY_FIELDS, ActivityService
from paclient.services.casework.contacts import ContactService
from paclient.services.casework.custody import CustodyService
from paclient.services.casework.plans import PlanService
from paclient.services.casework.referrals import ReferralService
from paclient.services.demo.build import BATCH_PEOPLE, DemoReport, build_demo
from paclient.services.people.details import PERSON_FIELDS, validate_person
from paclient.services.people.safeguarding import SafeguardingService
from paclient.storage import audit
from paclient.storage.store import Store

PEOPLE = 300
CONTACTS = 3


def _new_services(home: Path) -> tuple[Store, Services]:
    store, _ = Store.create(home, PASSPHRASE)
    register_adviser(store, username="pa.test", name="Pat Adviser", team="North")
    return store, open_services(store, today=lambda: TODAY)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, DemoReport]]:
    """One 300-person demo (3 contacts each on average), shared by the read-only tests."""
    store, services = _new_services(tmp_path_factory.mktemp("demo") / "home")
    report = build_demo(services.ctx, people=PEOPLE, seed=1, contacts_per_person=CONTACTS)
    yield services, report
    store.close()


def _rows(services: Services, model: Any) -> list[Any]:
    with services.ctx.read() as session:
        return list(session.scalars(select(model)).all())


def _dump(services: Services) -> list[tuple[Any, ...]]:
    """Names, birth dates and activity codes of everyone, in a stable order."""
    codes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for a in sorted(_rows(services, Activity), key=lambda a: (a.start_date, a.code)):
        codes[a.person_id].append(a.code)
    return sorted((p.given_name, p.family_name, p.date_of_birth, p.upn, tuple(codes[p.id]))
                  for p in _rows(services, YoungPerson))


# --- determinism -------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_people_and_another_seed_does_not(tmp_path, demo):
    services, _ = demo
    other_store, other = _new_services(tmp_path / "same")
    third_store, third = _new_services(tmp_path / "different")
    try:
        build_demo(other.ctx, people=PEOPLE, seed=1, contacts_per_person=CONTACTS)
        build_demo(third.ctx, people=PEOPLE, seed=2, contacts_per_person=CONTACTS)
        assert _dump(other) == _dump(services)
        assert {p.id for p in _rows(other, YoungPerson)} == \
            {p.id for p in _rows(services, YoungPerson)}
        assert _dump(third) != _dump(services)
    finally:
        other_store.close()
        third_store.close()


@pytest.mark.parametrize("days_later", [0, 1])
def test_a_seed_already_used_in_the_store_is_refused_and_nothing_is_added(demo, days_later):
    services, _ = demo
    later = dataclasses.replace(services.ctx, today=lambda: TODAY + dt.timedelta(days_later))
    before = len(_rows(services, YoungPerson))
    with pytest.raises(ValidationErrors) as raised:
        build_demo(later, people=10, seed=1, contacts_per_person=1)
    assert [e.rule for e in raised.value.errors] == ["demo_seed_used"]
    assert len(_rows(services, YoungPerson)) == before


# --- what the caseload holds -------------------------------------------------------------


def test_every_work_list_has_members(demo):
    services, _ = demo
    counts = CaseloadService(services.ctx).worklist_counts()
    assert set(counts) == set(WORKLISTS)
    assert {name for name, count in counts.items() if count == 0} == set()


def test_every_activity_group_appears_as_a_current_activity(demo):
    services, _ = demo
    codebook = services.ctx.codebook
    wanted = {e.group for e in codebook.codes("activity", TODAY)}
    current = {row.activity_group for row in CaseloadService(services.ctx).rows()}
    assert wanted <= current


def test_year_groups_9_to_14_and_some_older_young_people_with_send(demo):
    services, report = demo
    people = _rows(services, YoungPerson)
    ages = Counter(rules.academic_age(p.date_of_birth, TODAY) for p in people)
    assert set(range(13, 19)) <= set(ages)
    older = [p for p in people if rules.academic_age(p.date_of_birth, TODAY) >= 19]
    assert 0.02 * PEOPLE <= len(older) <= 0.1 * PEOPLE
    assert all(p.send for p in older) and max(ages) <= 24
    assert report.young_person == len(people) == PEOPLE


def test_names_are_readable_and_include_welsh_accented_and_long_ones(demo):
    services, _ = demo
    names = [f"{p.given_name} {p.family_name}" for p in _rows(services, YoungPerson)]
    assert any("ŵ" in n or "ŷ" in n for n in names)
    assert any(not n.isascii() for n in names)
    assert any(len(n) > 35 for n in names)
    assert len(set(names)) > 0.9 * len(names)


def test_contacts_average_what_was_asked_and_are_never_in_the_future(demo):
    services, report = demo
    contacts = _rows(services, Contact)
    assert report.contact == len(contacts)
    assert CONTACTS * PEOPLE * 0.9 <= len(contacts) <= CONTACTS * PEOPLE * 1.2
    assert max(c.occurred_at.date() for c in contacts) <= TODAY
    assert any(c.did_not_attend for c in contacts) and any(c.sensitive for c in contacts)


def test_each_activity_history_is_in_date_order_with_distinct_starts(demo):
    services, report = demo
    by_person: dict[uuid.UUID, list[Activity]] = defaultdict(list)
    for activity in _rows(services, Activity):
        by_person[activity.person_id].append(activity)
    assert len(by_person) == PEOPLE and report.activity == sum(map(len, by_person.values()))
    assert 2.5 <= report.activity / PEOPLE <= 3.5
    for history in by_person.values():
        starts = [a.start_date for a in history]  # rows are written oldest first
        assert starts == sorted(set(starts))


def test_every_kind_of_row_is_there(demo):
    _, report = demo
    assert all(count > 0 for count in report.counts().values()), report.counts()
    sharing = [c for c in _rows(demo[0], Consent) if c.purpose == "sharing"]
    assert any(c.decision == "refused" for c in sharing)
    assert any(r.follow_up_due and r.follow_up_due < TODAY and r.outcome is None
               for r in _rows(demo[0], Referral))


def test_ids_are_version_7_and_each_table_receives_them_in_order(demo):
    """Each person's rows get ids after the previous person's, so the id indexes only grow
    at their right-hand edge (one person's rows may come in any order among themselves)."""
    services, _ = demo
    with services.ctx.read() as session:
        people = session.scalars(select(YoungPerson.id).order_by(text("rowid"))).all()
        assert people == sorted(people) and all(i.version == 7 for i in people)
        for model in (Contact, Activity):
            rows = session.execute(select(model.person_id, model.id).order_by(text("rowid")))
            spans = [(min(ids), max(ids)) for ids in _grouped(rows).values()]
            assert all(i.version == 7 for span in spans for i in span), model.__name__
            assert all(before[1] < after[0] for before, after in pairwise(spans)), \
                model.__name__


def _grouped(pairs: Any) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}  # in order of first appearance
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


# --- the authority's figures, counted independently -------------------------------------

# DOMAIN §5.3: September Guarantee statuses that are an offer (made, continuing, not
# appropriate); 140-159 are no offer. Cohort statuses still on the active caseload.
GUARANTEE_OFFERS = frozenset({"110", "114", "115", "120", "122", "123", "124"})
ACTIVE_COHORTS = frozenset({"P", "G"})


def _figures(services: Services) -> dict[str, set[uuid.UUID]]:
    """Who is NEET, not known and without a Guarantee offer today, worked out person by person
    in Python from DOMAIN.md §4-5 as written, from what the services read back."""
    ctx, today = services.ctx, services.ctx.today()
    book, policy = ctx.codebook, ctx.policy
    figures: dict[str, set[uuid.UUID]] = {"neet": set(), "not-known": set(),
                                          "no-guarantee-offer": set()}
    for person_id in (p.id for p in _rows(services, YoungPerson)):
        person = services.people.get(person_id, audited=False)
        if (person.cohort_status not in ACTIVE_COHORTS
                or today >= rules.age_out_date(person.date_of_birth, person.send, policy)):
            continue
        history = services.activities.history(person_id)  # newest first: [0] is current
        age = rules.academic_age(person.date_of_birth, today)
        if _not_known(book, policy, history[0] if history else None, age, today):
            figures["not-known"].add(person_id)
        if history and book.entry("activity", history[0].code).reporting_group == "NEET":
            figures["neet"].add(person_id)  # lapsed or not: a lapsed NEET stays NEET
        year = rules.guarantee_year(person.date_of_birth, today)
        statuses = [o.status for o in services.activities.guarantee_offers(person_id)
                    if o.year_group == year and o.recorded_on <= today]  # newest first
        if year is not None and (not statuses or statuses[0] not in GUARANTEE_OFFERS):
            figures["no-guarantee-offer"].add(person_id)
    return figures


def _not_known(book: Any, policy: Any, current: Any, age: int, today: dt.date) -> bool:
    """Not known: a not-known code; none recorded at 16-17; a compulsory-age code past Year
    11; or a lapsed record that is not NEET (from 2013 a lapsed NEET stays NEET)."""
    if current is None:
        return 16 <= age <= 17
    entry = book.entry("activity", current.code)
    due = rules.due_to_lapse(entry, date_verified=current.date_verified,
                             date_ascertained=current.date_ascertained,
                             predicted_end=current.predicted_end_date, policy=policy)
    return (entry.group == "not_known"
            or (entry.reporting_group == "compulsory" and age > 15)
            or (entry.reporting_group != "NEET" and rules.is_lapsed(due, today)))


def test_the_neet_not_known_and_no_offer_lists_hold_who_domain_md_counts(demo):
    services, _ = demo
    caseload = CaseloadService(services.ctx)
    figures = _figures(services)
    counts = caseload.worklist_counts()
    for name, people in figures.items():
        assert {row.id for row in caseload.worklist(name)} == people, name
        assert counts[name] == len(people), name
    reasons = [row.detail for row in caseload.worklist("not-known")]
    for reason in ("not known since", "Year 11 code", "lapsed on"):  # each way is there
        assert any(r.startswith(reason) for r in reasons), reason


def test_the_demo_holds_each_case_the_figures_turn_on(demo):
    services, _ = demo
    people = {p.id: p for p in _rows(services, YoungPerson)}
    current = {a.person_id: a for a in _rows(services, Activity) if a.is_current}
    codes = services.ctx.codebook
    kept = [pid for pid, a in current.items() if a.code in {"110", "120", "130", "140", "150"}
            and rules.academic_age(people[pid].date_of_birth, TODAY) > 15]
    lapsed = [a for a in current.values() if a.due_to_lapse_date and a.due_to_lapse_date < TODAY
              and codes.entry("activity", a.code).reporting_group == "EET"]
    offers: dict[uuid.UUID, list[GuaranteeOffer]] = defaultdict(list)
    for offer in sorted(_rows(services, GuaranteeOffer), key=lambda o: o.recorded_on):
        offers[offer.person_id].append(offer)
    withdrawn = [pid for pid, made in offers.items()
                 if made[0].status == "110" and made[-1].status in {"150", "151", "153", "154"}]
    assert len(kept) >= 3 and len(lapsed) >= 3 and len(withdrawn) >= 2


# --- validity ----------------------------------------------------------------------------


def test_every_person_and_activity_passes_the_services_validation(demo):
    services, _ = demo
    ctx, activities = services.ctx, ActivityService(services.ctx)
    with ctx.read() as session:
        for person in session.scalars(select(YoungPerson)):
            validate_person({f: getattr(person, f) for f in PERSON_FIELDS}, ctx)
        for activity in session.scalars(select(Activity)):
            values = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
            staged = activities.stage_activity(session, activity.person_id, values)
            assert staged["due_to_lapse_date"] == activity.due_to_lapse_date


def test_the_audit_chain_verifies_and_every_row_has_its_outbox_entry(demo):
    services, report = demo
    with services.ctx.read() as session:
        assert audit.verify(session) == []
        queued = Counter(dict(session.execute(
            select(Outbox.table_name, func.count()).group_by(Outbox.table_name)).all()))
    assert all(queued[table] == count for table, count in report.counts().items())
    assert queued["young_person"] == PEOPLE


def test_the_other_rows_are_accepted_by_the_services_that_write_them(services):
    """Every row of 60 people (the scenarios first), replayed through its service onto a copy."""
    build_demo(services.ctx, people=60, seed=3, contacts_per_person=CONTACTS)
    people = _rows(services, YoungPerson)
    rows = _rows_by_person(services, {p.id for p in people})
    replay = _Replay(services.ctx)
    for person in people:
        replay.person(person, rows[person.id])
    assert replay.seen >= {"characteristic", "consent", "parent_carer", "contact", "assessment",
                           "action_plan", "referral", "caf_episode", "safety_warning",
                           "custody_episode", "guarantee_offer", "intended_destination"}


# --- batches -----------------------------------------------------------------------------


def test_cancel_stops_between_batches_leaving_whole_batches(services):
    cancel, seen = threading.Event(), []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 40:
            cancel.set()

    report = build_demo(services.ctx, people=100, contacts_per_person=1, batch=20,
                        progress=progress, cancel=cancel)
    assert seen == [(20, 100), (40, 100)]
    assert report.cancelled and report.batches == 2 and report.people == 40
    assert len(_rows(services, YoungPerson)) == 40
    with services.ctx.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == report.contact


def test_without_cancel_every_batch_is_written_and_reported(services):
    seen: list[int] = []
    report = build_demo(services.ctx, people=45, contacts_per_person=1, batch=20,
                        progress=lambda done, total: seen.append(done))
    assert seen == [20, 40, 45] and report.batches == 3 and not report.cancelled
    assert len(_rows(services, YoungPerson)) == 45 and BATCH_PEOPLE == 500


# --- replaying rows through the services ----------------------------------------------------


def _rows_by_person(services: Services, ids: set[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
    """Each person's rows (children after their parents), keyed by person id."""
    found: dict[uuid.UUID, list[Any]] = defaultdict(list)
    owner: dict[uuid.UUID, uuid.UUID] = {}
    for table in Base.metadata.sorted_tables:
        model = _MODELS.get(table.name)
        for row in _rows(services, model) if model else []:
            person = getattr(row, "person_id", None) or owner.get(
                getattr(row, "assessment_id", None) or getattr(row, "plan_id", None)
                or getattr(row, "episode_id", None))
            if person in ids:
                owner[row.id] = person
                found[person].append(row)
    return found


_MODELS = {m.__tablename__: m for m in (
    Characteristic, Consent, ParentCarer, Contact, CafEpisode, CafMeeting, Assessment,
    AssessmentFactor, ActionPlan, Action, Review, Referral, SafetyWarning, CustodyEpisode,
    GuaranteeOffer, IntendedDestination)}


class _Replay:
    """Writes a copy of a person, then each of their rows, through the public services."""

    def __init__(self, ctx: Any) -> None:
        self.ctx, self.seen = ctx, set()
        self.safeguarding, self.contacts = SafeguardingService(ctx), ContactService(ctx)
        self.plans, self.referrals = PlanService(ctx), ReferralService(ctx)
        self.custody, self.activities = CustodyService(ctx), ActivityService(ctx)

    def person(self, person: YoungPerson, rows: list[Any]) -> None:
        values = {f: getattr(person, f) for f in PERSON_FIELDS if f != "ccis_id"}
        people = Services(self.ctx).people
        people.validate(values)  # the person's own values, identifiers included
        # a second record of the same person is refused (issue 14): the copy is someone else
        copy = people.add_person(**{**values, "upn": None, "uln": None,
                                    "family_name": f"{person.family_name} Copy"}).id
        new_ids: dict[uuid.UUID, uuid.UUID] = {}
        factors = [r for r in rows if isinstance(r, AssessmentFactor)]
        for row in rows:
            kind = type(row).__tablename__
            made = getattr(self, "_" + kind, lambda *_: None)(copy, row, new_ids, factors)
            if made is not None:
                new_ids[row.id] = made
                self.seen.add(kind)

    def _characteristic(self, copy, r, ids, _):
        return self.safeguarding.add_characteristic(
            copy, code=r.code, start_date=r.start_date, end_date=r.end_date, source=r.source).id

    def _consent(self, copy, r, ids, _):
        return self.safeguarding.record_consent(
            copy, purpose=r.purpose, decision=r.decision, given_by=r.given_by,
            recorded_on=r.recorded_on, agency=r.agency, reference=r.reference).id

    def _parent_carer(self, copy, r, ids, _):
        return self.safeguarding.add_parent_carer(
            copy, name=r.name, relationship=r.relationship, phone=r.phone,
            permission_to_contact=r.permission_to_contact).id

    def _safety_warning(self, copy, r, ids, _):
        return self.safeguarding.add_warning(copy, kind=r.kind, text=r.text,
                                             start_date=r.start_date).id

    def _contact(self, copy, r, ids, _):
        if r.did_not_attend:
            return self.contacts.record_did_not_attend(
                copy, occurred_at=r.occurred_at, method=r.method, setting=r.setting).id
        made = self.contacts.add_contact(
            copy, occurred_at=r.occurred_at, method=r.method, setting=r.setting,
            duration_minutes=r.duration_minutes, topics=r.topics, discussion=r.discussion,
            agreed=r.agreed, own_words=r.own_words)
        assert made.sensitive == r.sensitive
        return made.id

    def _caf_episode(self, copy, r, ids, _):
        made = self.referrals.open_caf(copy, opened_on=r.opened_on,
                                       pre_assessment_done=r.pre_assessment_done).id
        if r.consent_given_by:
            self.referrals.record_caf_consent(made, given_by=r.consent_given_by,
                                              on=r.consent_on, agencies=r.consent_agencies)
        self.referrals.set_lead_professional(made, r.lead_professional_name,
                                             r.lead_professional_agency)
        return made

    def _caf_meeting(self, copy, r, ids, _):
        return self.referrals.add_caf_meeting(ids[r.episode_id], held_on=r.held_on,
                                              attendees=r.attendees, actions=r.actions).id

    def _assessment(self, copy, r, ids, factors):
        mine = {f.factor: (f.rating, f.note) for f in factors if f.assessment_id == r.id}
        made = self.plans.record_assessment(copy, assessed_on=r.assessed_on,
                                            level_of_need=r.level_of_need, factors=mine,
                                            summary=r.summary)
        assert {f.factor: f.sensitive for f in made.factors} == \
            {f.factor: f.sensitive for f in factors if f.assessment_id == r.id}
        return made.id

    def _action_plan(self, copy, r, ids, _):
        made = self.plans.start_plan(copy, started_on=r.started_on)
        return made.id

    def _review(self, copy, r, ids, _):
        made = self.plans.record_review(ids[r.plan_id], reviewed_on=r.reviewed_on,
                                        progress=r.progress)
        assert made.next_review_on == r.next_review_on
        return made.id

    def _action(self, copy, r, ids, _):
        made = self.plans.add_action(ids[r.plan_id], description=r.description, owner=r.owner,
                                     due_on=r.due_on).id
        if r.status == "done":
            self.plans.complete_action(made, r.done_on)
        elif r.status == "dropped":
            self.plans.drop_action(made, r.drop_reason)
        return made

    def _referral(self, copy, r, ids, _):
        if r.kind == "signposting":
            return self.referrals.signpost(copy, service=r.service, on=r.sent_on,
                                           reason=r.reason).id
        made = self.referrals.refer(
            copy, service=r.service, sent_on=r.sent_on, reason=r.reason, route=r.route,
            caf_episode_id=ids.get(r.caf_episode_id), sends_data=r.sends_data,
            consent_reference=r.consent_reference)
        assert (made.follow_up_due, made.sensitive) == (r.follow_up_due, r.sensitive)
        if r.acknowledged_on:
            self.referrals.acknowledge(made.id, r.acknowledged_on)
        if r.outcome:
            self.referrals.record_outcome(made.id, r.outcome, r.closed_on)
        return made.id

    def _custody_episode(self, copy, r, ids, _):
        made = self.custody.admit(copy, establishment=r.establishment,
                                  admitted_on=r.admitted_on,
                                  expected_release_on=r.expected_release_on, home_la=r.home_la)
        for item, on in r.checklist.items():
            self.custody.tick(made.id, item, dt.date.fromisoformat(on))
        return made.id

    def _guarantee_offer(self, copy, r, ids, _):
        return self.activities.record_guarantee_offer(
            copy, year_group=r.year_group, status=r.status, recorded_on=r.recorded_on,
            provider_name=r.provider_name, la=r.la)

    def _intended_destination(self, copy, r, ids, _):
        return self.activities.set_intended_destination(copy, r.code, r.recorded_on)
