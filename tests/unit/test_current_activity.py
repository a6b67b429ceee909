"""The current-activity flag follows every change to the activity table, whoever makes it.

The store's triggers keep `activity.is_current`; the caseload and the work lists rely on it.
A sync from the hub writes rows without the services, so these tests write with plain SQL too
and compare the flag with the rule itself: the latest by start date, then by recording time,
tombstones ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from paclient.models import Activity
from paclient.services.bundle import Services
from paclient.services.caseload.listing import CaseloadService
from paclient.storage import outbox

DOB = dt.date(2008, 10, 1)
T0 = dt.datetime(2026, 1, 1, 9, 0)

# One step: insert (for person a, starting on day b), or tombstone, restore, delete, re-date
# (to day b) or move (to person c) the a-th row written so far. Rows are recorded a second
# apart, as real ones are always recorded at different moments.
steps = st.lists(st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 2), st.integers(0, 5), st.just(0)),
    st.tuples(st.sampled_from(["tombstone", "restore", "delete", "redate", "move"]),
              st.integers(0, 40), st.integers(0, 5), st.integers(0, 2)),
), min_size=1, max_size=25)


def _person(services: Services, family: str) -> uuid.UUID:
    return services.people.add_person(given_name="Sam", family_name=family, date_of_birth=DOB,
                                      gender="F").id


def _flagged_and_expected(services: Services) -> tuple[dict[str, str], dict[str, str]]:
    with services.ctx.read() as session:
        rows = session.execute(text(
            "SELECT id, person_id, start_date, created_at, deleted_at, is_current "
            "FROM activity")).all()
    flagged = {r.person_id: r.id for r in rows if r.is_current}
    expected: dict[str, str] = {}
    for r in sorted((r for r in rows if r.deleted_at is None),
                    key=lambda r: (r.start_date, r.created_at)):
        expected[r.person_id] = r.id  # the last in (start, recorded) order wins
    return flagged, expected


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps)
def test_the_flag_marks_exactly_the_latest_live_activity_of_each_person(services, script):
    with services.ctx.write.begin() as session:
        session.execute(text("DELETE FROM activity"))
    batch = uuid.uuid4().hex[:8]  # the store outlives each example: new people each time
    people = [_person(services, f"P{i} {batch}").hex for i in range(3)]
    written: list[str] = []
    with services.ctx.write.begin() as session:
        for op, a, b, c in script:
            if op == "insert":
                row_id = uuid.uuid4().hex
                written.append(row_id)
                session.execute(text(
                    "INSERT INTO activity (id, person_id, code, start_date, date_ascertained, "
                    "is_current, created_at, updated_at, updated_by) VALUES (:id, :p, '230', "
                    ":start, :start, 0, :at, :at, 'hub')"),
                    {"id": row_id, "p": people[a], "start": dt.date(2026, 9, 1 + b),
                     "at": T0 + dt.timedelta(seconds=len(written))})
                continue
            if not written:
                continue
            target = {"id": written[a % len(written)]}
            statement = {
                "tombstone": "UPDATE activity SET deleted_at = '2026-11-01' WHERE id = :id",
                "restore": "UPDATE activity SET deleted_at = NULL WHERE id = :id",
                "delete": "DELETE FROM activity WHERE id = :id",
                "redate": "UPDATE activity SET start_date = :start WHERE id = :id",
                "move": "UPDATE activity SET person_id = :p WHERE id = :id",
            }[op]
            session.execute(text(statement), {**target, "start": dt.date(2026, 9, 1 + b),
                                              "p": people[c]})
    flagged, expected = _flagged_and_expected(services)
    assert flagged == expected


def test_the_caseload_and_history_agree_on_the_current_activity(services):
    person = _person(services, "Agree")
    for code, start in (("230", dt.date(2026, 9, 1)), ("619", dt.date(2026, 6, 1))):
        services.activities.record_activity(person, code=code, start_date=start,
                                            date_ascertained=start,
                                            neet_start_date=start if code == "619" else None)
    row = CaseloadService(services.ctx).rows()[0]
    current = services.activities.current(person)
    assert current is not None and row.activity_code == current.code == "230"


def test_the_flag_is_never_sent_to_the_hub(services):
    person = _person(services, "Local")
    services.activities.record_activity(person, code="230", start_date=dt.date(2026, 9, 1),
                                        date_ascertained=dt.date(2026, 9, 1))
    with services.ctx.read() as session:
        fields = [c.fields for c in outbox.pending(session) if c.table == "activity"]
    assert fields and all("is_current" not in f for f in fields)
    assert "code" in fields[0]
    assert "is_current" in Activity.local_only
