"""Push (exactly once, field-level merge, conflicts, rejections), pull and digest."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from hub.conftest import HubEnv
from hub.hubkit import addendum, change, consent, contact, error_code, new_id, person, team

from ccis_hub.wire import MAX_CHANGES


def test_replayed_batch_is_acknowledged_not_reapplied(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = new_id()
    batch = [change("young_person", pid, "insert", person()),
             change("consent", new_id(), "insert", consent(pid))]
    first = pa.push(batch)
    assert [r["status"] for r in first] == ["applied", "applied"]
    _, _, cursor = pa.pull_all()
    again = pa.push(batch)
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    assert [r["rev"] for r in again] == [r["rev"] for r in first]
    rows, _, after = pa.pull_all(cursor)
    assert rows == [] and after == cursor  # no new revision was made


def test_different_fields_changed_on_two_devices_merge(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    one = pa.push_one(change("young_person", pid, "update", {"phone": "07700 900100"}, base))
    two = pa.push_one(change("young_person", pid, "update", {"email": "s@x.uk"}, base))
    assert (one["status"], two["status"]) == ("applied", "merged")
    rows, _, _ = pa.pull_all(base)
    assert rows[-1]["fields"]["phone"] == "07700 900100" and rows[-1]["fields"]["email"] == "s@x.uk"


def test_same_field_changed_on_two_devices_is_a_conflict_with_both_values(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    pa.push_one(change("young_person", pid, "update", {"phone": "07700 900100"}, base))
    clash = pa.push_one(change("young_person", pid, "update",
                               {"phone": "07700 900200", "email": "s@x.uk"}, base))
    assert clash["status"] == "conflict" and clash["rev"] is not None  # email applied
    [brief] = clash["conflicts"]
    assert (brief["field"], brief["device_value"], brief["hub_value"]) == (
        "phone", "07700 900200", "07700 900100")
    [listed] = pa.get("/v1/sync/conflicts").json()["conflicts"]
    assert listed["conflict_id"] == brief["conflict_id"] and listed["row_id"] == pid
    rows, _, _ = pa.pull_all(base)
    assert rows[-1]["fields"]["phone"] == "07700 900100"  # the hub kept its value


def test_corrections_of_an_append_only_note_merge_like_any_edit(env: HubEnv) -> None:
    """A same-day correction is an edit: from an older base, the same field is a conflict
    (issue 13, finding 11), another field merges, a newer base applies."""
    pa = env.user("pa")
    pid = pa.add_person()
    cid = new_id()
    pa.push_one(change("contact", cid, "insert", contact(pid)))
    base = pa.pull_all()[2]
    pa.push_one(change("contact", cid, "update", {"agreed": "First."}, base))
    later = pa.push_one(change("contact", cid, "update", {"agreed": "Second."}, base))
    assert later["status"] == "conflict" and [c["field"] for c in later["conflicts"]] == [
        "agreed"]
    other = pa.push_one(change("contact", cid, "update", {"discussion": "More."}, base))
    assert other["status"] == "merged"
    newer = pa.pull_all()[2]
    assert pa.push_one(change("contact", cid, "update", {"agreed": "Third."}, newer))[
        "status"] == "applied"
    assert pa.pull_all(base)[0][-1]["fields"]["agreed"] == "Third."


def test_update_on_a_seen_conflict_resolves_it_for_the_device(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    pa.push_one(change("young_person", pid, "update", {"phone": "07700 900100"}, base))
    [brief] = pa.push_one(change("young_person", pid, "update", {"phone": "07700 900200"},
                                 base))["conflicts"]
    settled = pa.push_one(change("young_person", pid, "update", {"phone": "07700 900200"},
                                 brief["hub_rev"]))
    assert settled["status"] == "applied"
    assert pa.get("/v1/sync/conflicts").json()["conflicts"] == []


def test_resolve_writes_the_chosen_value_as_a_new_revision(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    pa.push_one(change("young_person", pid, "update", {"phone": "07700 900100"}, base))
    [brief] = pa.push_one(change("young_person", pid, "update", {"phone": "07700 900200"},
                                 base))["conflicts"]
    url = f"/v1/sync/conflicts/{brief['conflict_id']}/resolve"
    bad = pa.post(url, {"value": 12})
    assert (bad.status_code, error_code(bad)) == (422, "invalid_value")
    done = pa.post(url, {"value": "07700 900300"})
    assert done.status_code == 200, done.text
    rows, _, cursor = pa.pull_all(base)
    assert rows[-1]["rev"] == done.json()["rev"] == cursor
    assert rows[-1]["fields"]["phone"] == "07700 900300"
    assert pa.get("/v1/sync/conflicts").json()["conflicts"] == []
    assert error_code(pa.post(url, {"value": "0400"})) == "already_resolved"


def test_tombstones_are_pulled(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    sid = new_id()
    pa.push_one(change("consent", sid, "insert", consent(pid)))
    cursor = pa.pull_all()[2]
    assert pa.push_one(change("consent", sid, "delete", base_rev=cursor))["status"] == "applied"
    rows, _, _ = pa.pull_all(cursor)
    assert [(r["row_id"], r["deleted"]) for r in rows] == [(sid, True)]
    assert pa.get("/v1/sync/digest").json()["count"] == 1  # the person only


def test_pull_pages_by_cursor_in_revision_order(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    pa.push([change("contact", new_id(), "insert", contact(pid)) for _ in range(7)])
    first = pa.pull_page(0, limit=3)
    assert len(first["rows"]) == 3 and first["more"]
    rows, _, cursor = pa.pull_all(0, limit=3)
    revs = [r["rev"] for r in rows]
    assert revs == sorted(revs) and len(set(revs)) == 8 and cursor == revs[-1]
    assert {r["person_id"] for r in rows} == {pid}


def test_digest_is_sha256_of_sorted_table_and_id_lines(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    cid, tid = new_id(), new_id()
    pa.push([change("contact", cid, "insert", contact(pid)),
             change("addendum", new_id(), "insert", addendum(cid)),
             change("team", tid, "insert", team()),
             change("audit_event", new_id(), "insert", _audit(pid))])  # push-only
    rows, _, cursor = pa.pull_all()
    assert "audit_event" not in {r["table"] for r in rows}
    lines = sorted(f"{r['table']}:{r['row_id']}\n" for r in rows)
    expected = hashlib.sha256("".join(lines).encode()).hexdigest()
    assert pa.get("/v1/sync/digest").json() == {"count": 4, "digest": expected,
                                                "cursor": cursor}


def _audit(person_id: str) -> dict[str, object]:
    return {"seq": 1, "at": "2026-11-22T10:00:00", "actor": "pa", "action": "view",
            "entity": "young_person", "entity_id": person_id, "person_id": person_id,
            "detail": {}, "prev_hash": "0" * 64, "hash": "1" * 64,
            "created_at": "2026-11-22T10:00:00", "updated_at": "2026-11-22T10:00:00",
            "updated_by": "pa", "deleted_at": None}


@pytest.mark.parametrize(("table", "fields", "words"), [
    ("nonsense", {}, "no table"),
    ("young_person", {"shoe_size": 9}, "no field"),
    ("young_person", {"rev": 9}, "no field"),
    ("young_person", {"gender": "FF"}, "longer than 1"),
    ("young_person", {"send": "yes"}, "true or false"),
    ("young_person", {"level_of_need": 1.5}, "whole number"),
    ("young_person", {"date_of_birth": "04/03/2009"}, "YYYY-MM-DD"),
    ("young_person", {"updated_at": "2026-11-22T10:00:00+01:00"}, "time zone"),
    ("young_person", {"adviser_id": "not-an-id"}, "UUID"),
    ("young_person", {"family_name": None}, "may not be empty"),
])
def test_invalid_updates_are_rejected_with_a_reason(env: HubEnv, table: str,
                                                    fields: dict[str, object],
                                                    words: str) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    cursor = pa.pull_all()[2]
    result = pa.push_one(change(table, pid, "update", fields, cursor))
    assert result["status"] == "rejected" and words in result["reason"], result
    assert pa.pull_all(cursor)[0] == []  # nothing applied


def test_invalid_inserts_and_missing_rows_are_rejected(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    incomplete = {k: v for k, v in person().items() if k != "family_name"}
    results = pa.push([
        change("young_person", new_id(), "insert", incomplete),
        change("young_person", pid, "insert", person()),
        change("young_person", new_id(), "update", {"phone": "07700 900001"}, 1),
        change("consent", new_id(), "insert", consent(new_id())),
        change("addendum", new_id(), "insert", addendum(new_id())),
        change("young_person", pid, "update", {"phone": "07700 900100"}, 1),  # still applies
    ])
    assert [r["status"] for r in results] == ["rejected"] * 5 + ["applied"]
    assert "required" in results[0]["reason"] and "exists" in results[1]["reason"]


def test_rejected_change_is_not_remembered_so_a_fixed_retry_is_judged_again(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = new_id()
    entry = change("consent", new_id(), "insert", consent(pid))
    assert pa.push_one(entry)["status"] == "rejected"  # the person is not there yet
    pa.push_one(change("young_person", pid, "insert", person()))
    assert pa.push_one(entry)["status"] == "applied"


def test_a_row_cannot_move_to_another_person(env: HubEnv) -> None:
    pa = env.user("pa")
    one, two = pa.add_person(), pa.add_person()
    sid = new_id()
    pa.push_one(change("consent", sid, "insert", consent(one)))
    moved = pa.push_one(change("consent", sid, "update", {"person_id": two}, None))
    assert moved["status"] == "rejected" and "cannot change" in moved["reason"]


def test_batches_over_the_limit_and_oversized_bodies_are_refused(
        make_env: Callable[..., HubEnv]) -> None:
    env = make_env(max_body_bytes=200_000)
    pa = env.user("pa")
    too_many = [change("team", new_id(), "insert", team()) for _ in range(MAX_CHANGES + 1)]
    response = pa.post("/v1/sync/push", {"changes": too_many})
    assert (response.status_code, error_code(response)) == (422, "invalid_request")
    huge = [change("team", new_id(), "insert", {**team(), "name": "x" * 100_000})
            for _ in range(3)]
    response = pa.post("/v1/sync/push", {"changes": huge})
    assert (response.status_code, error_code(response)) == (413, "too_large")
    assert pa.pull_all()[0] == []
