"""Issue 13, findings 1 and 2: the hub accepts what the device would refuse.

Each test is the attack, pushed over HTTP by a signed-in adviser: text that is not valid
Unicode or holds control characters, and values the device's rules refuse. Each bad change
must come back `rejected` with a reason naming the field (never the value), the rest of the
push must still apply, and a pull afterwards must show the stored rows unchanged, for the
owner, the team leader and the admin alike.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from hub.conftest import HubEnv
from hub.hubkit import STAMP, Api, change, contact, new_id

from ccis.errors import ValidationErrors
from ccis_hub.models import Conflict, Person, Record, utcnow
from ccis_hub.revisions import Revisions
from paclient.services.bundle import Services
from paclient.storage.outbox import pending_count

TOWN = {"town": "Leeds"}  # a good change sent beside each bad one
DOB, NOON = dt.date(2009, 3, 4), dt.datetime(2026, 11, 22, 10, 0)


def _people(env: HubEnv) -> tuple[Api, list[Api]]:
    """An adviser, and everyone who reads the adviser's records (owner, leader, admin)."""
    pa = env.user("pa", team="North")
    readers = [pa, env.user("lead", "team_leader", "North"), env.user("admin", "admin")]
    return pa, readers


def _push_raw(api: Api, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push JSON as a hostile client writes it: lone surrogates as \\ud800 escapes."""
    body = json.dumps({"changes": changes})  # ensure_ascii: a lone surrogate becomes \ud800
    response = api.http.post("/v1/sync/push", content=body.encode("ascii"),
                             headers={**api.headers, "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def _rows(api: Api) -> dict[str, dict[str, Any]]:
    rows, _, _ = api.pull_all()
    return {row["row_id"]: row["fields"] for row in rows}


def _assert_everyone_reads(readers: list[Api]) -> None:
    for reader in readers:
        assert reader.get("/v1/sync/conflicts").status_code == 200
        reader.pull_all()  # asserts 200 on every page


@pytest.mark.parametrize("bad", ["Sa\ud800m", "\udfff", "Sam\x00", "Sam\x1b[2J", "\x7f"])
def test_finding_01_lone_surrogate_is_refused_and_pulls_still_work(env: HubEnv,
                                                                    bad: str) -> None:
    pa, readers = _people(env)
    pid = pa.add_person()
    before = _rows(pa)[pid]
    note_id = new_id()
    results = _push_raw(pa, [
        change("young_person", pid, "update", {"given_name": bad}, 1),
        change("contact", note_id, "insert", contact(pid, discussion=f"said {bad}")),
        change("contact", new_id(), "insert", contact(pid, topics=["careers", bad])),
        change("young_person", pid, "update", TOWN, 1)])
    assert [r["status"] for r in results] == ["rejected", "rejected", "rejected", "applied"]
    assert "young_person.given_name" in results[0]["reason"]
    assert "contact.discussion" in results[1]["reason"]
    assert "contact.topics" in results[2]["reason"]
    assert all(bad not in r["reason"] for r in results[:3])
    after = _rows(pa)
    assert after[pid] == {**before, **TOWN} and note_id not in after
    _assert_everyone_reads(readers)


def test_finding_01_windows_line_ends_and_tabs_are_text(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    text = "Line one\r\nline two\n\tindented"
    result = pa.push_one(change("contact", new_id(), "insert", contact(pid, discussion=text)))
    assert result["status"] == "applied", result
    assert text in [fields.get("discussion") for fields in _rows(pa).values()]


def test_finding_01_a_row_stored_by_0_1_with_bad_text_is_still_pulled(env: HubEnv) -> None:
    """0.1 stored what it was sent; its rows must not break any answer after the upgrade."""
    pa, readers = _people(env)
    pid = pa.add_person()
    note_id = uuid.uuid4()
    with env.hub.writers.begin() as session:  # as 0.1's push wrote rows: no rule applied
        revisions = Revisions(session)
        owner = session.get(Person, uuid.UUID(pid))
        assert owner is not None and owner.owner_id is not None
        fields = {**dict.fromkeys(["adviser_id", "duration_minutes", "own_words",
                                   "next_appointment_at", "deleted_at"]),
                  **contact(pid, discussion="Sa\ud800m", topics=["careers", "\udc00"])}
        rev = revisions.next()
        session.add(Record(table_name="contact", row_id=note_id, person_id=uuid.UUID(pid),
                           owner_id=owner.owner_id, fields=fields,
                           field_revs=dict.fromkeys(fields, rev), rev=rev, created_rev=rev))
        session.add(Conflict(id=uuid.uuid4(), table_name="contact", row_id=note_id,
                             person_id=uuid.UUID(pid), owner_id=owner.owner_id,
                             field="agreed", device_value="\ud800", hub_value="Apply.",
                             hub_rev=rev, created_at=utcnow()))
        revisions.save()
    _assert_everyone_reads(readers)
    stored = _rows(pa)[str(note_id)]
    assert stored["discussion"] == "Sa\ufffdm" and stored["topics"] == ["careers", "\ufffd"]
    [listed] = pa.get("/v1/sync/conflicts").json()["conflicts"]
    assert listed["device_value"] == "\ufffd"
    update = pa.push_one(change("contact", str(note_id), "update", {"agreed": "Apply now."},
                                rev))
    assert update["status"] in ("applied", "merged"), update  # the old field blocks nothing


ACTIVITY = {"code": "310", "start_date": "2026-09-01", "date_ascertained": "2026-09-02",
            "date_verified": None, "review_date": None, "predicted_end_date": None,
            "due_to_lapse_date": None, "neet_start_date": None,
            "provider_establishment_number": None, "provider_ukprn": None,
            "provider_name": None}


def _insert(table: str, pid: str, **fields: Any) -> dict[str, Any]:
    stamps = {"created_at": STAMP, "updated_at": STAMP, "updated_by": "pa", "deleted_at": None}
    if table == "contact":
        return change(table, new_id(), "insert", contact(pid, **fields))
    base = {"activity": ACTIVITY,
            "characteristic": {"code": "110", "start_date": "2026-01-01", "end_date": None,
                               "source": None, "sensitive": False}}[table]
    return change(table, new_id(), "insert", {**stamps, "person_id": pid, **base, **fields})


# (table, op, the fields pushed, the field the reason must name)
REFUSED = [
    ("young_person", "update", {"gender": "Z"}, "gender"),
    ("young_person", "update", {"level_of_need": -5}, "level_of_need"),
    ("young_person", "update", {"level_of_need": 4}, "level_of_need"),
    ("young_person", "update", {"date_of_birth": "2100-01-01"}, "date_of_birth"),
    ("young_person", "update", {"date_of_birth": "1900-01-01"}, "date_of_birth"),
    ("young_person", "update", {"cohort_status": "Q"}, "cohort_status"),
    ("young_person", "update", {"ethnicity": "XXXX"}, "ethnicity"),
    ("young_person", "update", {"lead_la": "999"}, "lead_la"),
    ("young_person", "update", {"postcode": "NOT A PC"}, "postcode"),
    ("young_person", "update", {"send": True, "sen_support": True}, "sen_support"),
    ("contact", "insert", {"duration_minutes": -30}, "duration_minutes"),
    ("contact", "insert", {"duration_minutes": 10_000}, "duration_minutes"),
    ("contact", "insert", {"method": "pigeon"}, "method"),
    ("contact", "insert", {"topics": ["careers", "astrology"]}, "topics"),
    ("contact", "insert", {"topics": "careers"}, "topics"),
    ("contact", "insert", {"occurred_at": "2099-01-01T10:00:00"}, "occurred_at"),
    ("contact", "insert", {"next_appointment_at": "2020-01-01T10:00:00"},
     "next_appointment_at"),
    ("activity", "insert", {"code": "999"}, "code"),
    ("activity", "insert", {"date_ascertained": "2026-08-01"}, "date_ascertained"),
    ("characteristic", "insert", {"code": "999"}, "code"),
    ("characteristic", "insert", {"end_date": "2025-01-01"}, "end_date"),
]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # rules: not the database's
@pytest.mark.parametrize(("table", "op", "fields", "field"), REFUSED,
                         ids=[f"{t}.{'+'.join(f)}" for t, _, f, _ in REFUSED])
def test_finding_02_values_the_device_refuses_are_refused(
        env: HubEnv, table: str, op: str, fields: dict[str, Any], field: str) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    before = _rows(pa)
    bad = (change(table, pid, op, fields, 1) if op == "update"
           else _insert(table, pid, **fields))
    results = pa.push([bad, change("young_person", pid, "update", TOWN, 1)])
    assert [r["status"] for r in results] == ["rejected", "applied"], results
    reason = results[0]["reason"]
    assert f"Field {table}.{field} " in reason
    assert all(str(value) not in reason for value in fields.values()
               if value not in (True, False))
    assert _rows(pa) == {**before, pid: {**before[pid], **TOWN}}  # nothing else changed


def test_finding_02_the_values_the_device_writes_are_accepted(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person(gender="M", level_of_need=3, ethnicity="WBRI", lead_la="201",
                        postcode="LS1 4AP", send=True)
    results = pa.push([_insert("contact", pid, duration_minutes=45,
                               next_appointment_at="2026-12-01T10:00:00"),
                       _insert("activity", pid), _insert("characteristic", pid)])
    assert [r["status"] for r in results] == ["applied"] * 3, results


def test_finding_01_the_device_refuses_the_same_text_first(services: Services) -> None:
    """A lone surrogate reaches the device from a command line argument that is not UTF-8."""
    person = services.people.add_person(given_name="Sam", family_name="Jones",
                                        date_of_birth=DOB, gender="F")
    with services.ctx.read() as session:
        queued = pending_count(session)
    for bad in ("Sa\ud800m", "Sam\x00"):
        with pytest.raises(ValidationErrors) as refused:
            services.contacts.add_contact(person.id, occurred_at=NOON, method="phone",
                                          setting="school", discussion=bad)
        assert [e.field for e in refused.value.errors] == ["discussion"]
        with pytest.raises(ValidationErrors):
            services.people.update_person(person.id, town=bad)
    with services.ctx.read() as session:
        assert pending_count(session) == queued
    assert services.contacts.timeline(person.id) == []
    assert services.people.get(person.id, audited=False).town is None
    kept = services.contacts.add_contact(person.id, occurred_at=NOON, method="phone",
                                         setting="school", discussion="One\r\nTwo\tthree")
    assert kept.discussion == "One\r\nTwo\tthree"  # Windows line ends and tabs are text


# --- issue 14 finding 10: the hub checks each LA field against the list of its date --------


def _offer(pid: str, la: str, recorded_on: str) -> dict[str, Any]:
    stamps = {"created_at": STAMP, "updated_at": STAMP, "updated_by": "pa", "deleted_at": None}
    return change("guarantee_offer", new_id(), "insert", {
        **stamps, "person_id": pid, "year_group": 11, "status": "110",
        "recorded_on": recorded_on, "provider_name": None, "la": la})


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_issue_14_finding_10_la_fields_follow_local_government_changes(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()  # born 04/03/2009: Year 11 from 01/09/2024
    # In Year 11 (its guarantee year) when Cumbria's 909 gave way to 942 and 943 on 01/04/2023;
    # with an EHC plan, on the caseload to 2033.
    older = pa.add_person(date_of_birth="2007-03-04", send=True)
    pushed = pa.push([
        change("young_person", pid, "update", {"lead_la": "835"}, 1),  # abolished 2019
        change("young_person", pid, "update", {"la_at_year_11": "909"}, 1),  # until 2023
        change("young_person", pid, "update", {"lead_la": "838", "educated_la": "942",
                                               "la_at_year_11": "943"}, 1),
        # a guarantee offer's LA is as of its day, give or take the hub's day of slack
        _offer(older, "909", "2023-04-01"), _offer(older, "909", "2023-04-02"),
        _offer(older, "942", "2023-03-31"), _offer(older, "942", "2023-03-30"),
    ])
    assert [r["status"] for r in pushed] == [
        "rejected", "rejected", "applied", "applied", "rejected", "applied", "rejected"], pushed
    for result, field in zip([pushed[i] for i in (0, 1, 4, 6)],
                             ["young_person.lead_la", "young_person.la_at_year_11",
                              "guarantee_offer.la", "guarantee_offer.la"], strict=True):
        assert f"Field {field} is an LA code not in force on its date" in result["reason"]
    stored = _rows(pa)[pid]
    assert (stored["lead_la"], stored["educated_la"], stored["la_at_year_11"]) == (
        "838", "942", "943")
