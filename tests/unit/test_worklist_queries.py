"""How the work lists are worked out: from indexes, and right at the edges of each condition.

The lists test membership with `p.id IN (...)` over subqueries found through partial indexes
(services/worklists.py). These tests pin the query plans, so no list goes back to reading
every person, and the cases where a set-based condition could drift from the rule: tombstoned
plans, offers and contacts, several live plans, a NEET start later than the leaver notice.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from raw_rows import insert, tombstone
from sqlalchemy import event, text

from ccis import rules
from paclient.models import ActionPlan, Contact, GuaranteeOffer, YoungPerson
from paclient.services.bundle import Services
from paclient.services.caseload.listing import WORKLISTS, CaseloadService
from paclient.storage.store import Store

YEAR_13 = dt.date(2008, 10, 1)
SIXTEEN = dt.date(2009, 10, 1)
# A whole-table read of the young people, under any of the names the queries give them.
PERSON_SCAN = re.compile(r"^SCAN (p|young_person|leaver)\b")


def add(services: Services, family: str, dob: dt.date = YEAR_13, **values: Any) -> uuid.UUID:
    return services.people.add_person(given_name="Sam", family_name=family, date_of_birth=dob,
                                      gender="F", **values).id


def plan(services: Services, person_id: uuid.UUID, next_review: dt.date) -> uuid.UUID:
    return insert(services, ActionPlan, person_id=person_id, started_on=dt.date(2026, 6, 1),
                  next_review_on=next_review)


def contact(services: Services, person_id: uuid.UUID, on: dt.date) -> uuid.UUID:
    return insert(services, Contact, person_id=person_id, method="phone", setting="home",
                  occurred_at=dt.datetime.combine(on, dt.time(10, 30)))


def neet(services: Services, person_id: uuid.UUID, start: dt.date) -> Any:
    return services.activities.record_activity(
        person_id, code="619", start_date=start, date_ascertained=start, date_verified=start,
        neet_start_date=start)


@pytest.fixture
def caseload(services: Services) -> CaseloadService:
    return CaseloadService(services.ctx)


@pytest.fixture
def statements(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement run on the store while the test runs, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    yield seen
    event.remove(store.engine, "before_cursor_execute", record)


def ids(rows: list[Any]) -> list[uuid.UUID]:
    return [r.id for r in rows]


@pytest.mark.parametrize("name", list(WORKLISTS))
def test_no_work_list_reads_every_person(
        store: Store, caseload: CaseloadService, statements: list[tuple[str, Any]],
        name: str) -> None:
    caseload.worklist(name)
    [(statement, parameters)] = [s for s in statements if s[0].lstrip().startswith(("SELECT",
                                                                                      "WITH"))]
    with store.engine.connect() as connection:
        plan = [row.detail for row in connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters)]

    assert not [step for step in plan if PERSON_SCAN.match(step)], plan


def test_the_contact_check_reads_only_the_contact_index(store: Store) -> None:
    # Whether someone was seen since a date is answered from ix_contact_person_when alone.
    with store.engine.connect() as connection:
        plan = [row.detail for row in connection.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM contact WHERE person_id = :p "
            "AND deleted_at IS NULL AND did_not_attend IS 0 AND occurred_at >= :d"),
            {"p": uuid.uuid4().hex, "d": "2026-11-02"})]
    assert any("COVERING INDEX ix_contact_person_when" in step for step in plan), plan


def test_reviews_overdue_takes_the_earliest_live_plan_and_ignores_tombstoned_ones(
        services: Services, caseload: CaseloadService) -> None:
    two_plans = add(services, "TwoPlans")
    plan(services, two_plans, dt.date(2026, 12, 20))
    plan(services, two_plans, dt.date(2026, 10, 5))
    deleted_only = add(services, "DeletedOnly", level_of_need=2)
    tombstone(services, ActionPlan, plan(services, deleted_only, dt.date(2026, 12, 20)))
    on_time = add(services, "OnTime", level_of_need=3)
    plan(services, on_time, dt.date(2026, 12, 20))
    gone = add(services, "Gone", level_of_need=1)
    tombstone(services, YoungPerson, gone)

    rows = caseload.worklist("reviews-overdue")

    assert ids(rows) == [deleted_only, two_plans]
    assert [r.detail for r in rows] == ["level of need 2, no action plan",
                                        "review due 05/10/2026"]
    assert caseload.worklist_counts()["reviews-overdue"] == 2


def test_a_tombstoned_guarantee_offer_is_no_offer(
        services: Services, caseload: CaseloadService, today: dt.date) -> None:
    year_11 = next(day for day in (today - dt.timedelta(days=d) for d in range(5000, 6000))
                   if rules.guarantee_year(day, today) == 11)
    withdrawn = add(services, "Withdrawn", dob=year_11)
    offer = services.activities.record_guarantee_offer(
        withdrawn, year_group=11, status="110", recorded_on=dt.date(2026, 10, 20))
    kept = add(services, "Kept", dob=year_11)
    services.activities.record_guarantee_offer(kept, year_group=11, status="110",
                                               recorded_on=dt.date(2026, 10, 20))
    assert ids(caseload.worklist("no-guarantee-offer")) == []

    tombstone(services, GuaranteeOffer, offer)

    assert ids(caseload.worklist("no-guarantee-offer")) == [withdrawn]
    assert caseload.worklist_counts()["no-guarantee-offer"] == 1


def test_a_16_year_old_whose_only_activity_is_tombstoned_has_none_recorded(
        services: Services, caseload: CaseloadService) -> None:
    person = add(services, "Erased", dob=SIXTEEN)
    activity = neet(services, person, dt.date(2026, 10, 1))
    assert ids(caseload.worklist("not-known")) == []

    with services.ctx.write.begin() as session:  # as a sync from the hub would write it
        session.execute(text("UPDATE activity SET deleted_at = '2026-11-20' WHERE id = :id"),
                        {"id": activity.id.hex})

    rows = caseload.worklist("not-known")
    assert ids(rows) == [person]
    assert rows[0].detail == "no activity recorded"
    assert caseload.worklist_counts()["not-known"] == 1


def test_leaver_not_contacted_waits_for_a_later_neet_start_and_ignores_deleted_contacts(
        services: Services, caseload: CaseloadService) -> None:
    notified = dt.date(2026, 11, 2)
    new_neet = add(services, "ANewNeet", leaver_notified_on=notified)
    neet(services, new_neet, dt.date(2026, 11, 19))  # the later trigger: not yet due
    unseen = add(services, "BUnseen", leaver_notified_on=notified)
    tombstone(services, Contact, contact(services, unseen, dt.date(2026, 11, 5)))
    seen = add(services, "CSeen", leaver_notified_on=notified)
    contact(services, seen, dt.date(2026, 11, 5))

    rows = caseload.worklist("leaver-not-contacted")

    assert ids(rows) == [unseen]
    assert rows[0].detail == "leaver notified 02/11/2026, not contacted"
    assert caseload.worklist_counts()["leaver-not-contacted"] == 1
