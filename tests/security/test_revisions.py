"""Issue 13, revisions: a base revision the hub never gave out, deletes and note corrections
from an older base, a replayed push. Each test is the request a device (or a careless one)
would send, then checks the refusal or the conflict and that nothing else changed."""

from __future__ import annotations

import json

from hub.conftest import HubEnv
from hub.hubkit import change, consent, contact, new_id


def test_finding_03_a_base_revision_the_hub_never_issued_is_refused(env: HubEnv) -> None:
    pa, leader = env.user("pa", "adviser", "North"), env.user("tl", "team_leader", "North")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    assert leader.push_one(change("young_person", pid, "update", {"phone": "07700 900100"},
                                  base))["status"] == "applied"
    cursor = pa.pull_all()[2]
    for forged in (2**62, cursor + 1):
        answer = pa.push_one(change("young_person", pid, "update",
                                    {"phone": "07700 900999"}, forged))
        assert answer["status"] == "rejected" and answer["rev"] is None
        assert "revision" in answer["reason"] and "0999" not in answer["reason"]
    rows, _, after = pa.pull_all(cursor)
    assert rows == [] and after == cursor  # nothing written, no revision given out
    [person] = [r for r in pa.pull_all()[0] if r["row_id"] == pid]
    assert person["fields"]["phone"] == "07700 900100"


def test_finding_11_a_same_day_note_correction_from_an_older_base_is_a_conflict(
        env: HubEnv) -> None:
    pa = env.user("pa")
    pid, cid = pa.add_person(), new_id()
    pa.push_one(change("contact", cid, "insert", contact(pid)))
    base = pa.pull_all()[2]
    first = pa.push_one(change("contact", cid, "update", {"agreed": "From laptop A."}, base))
    assert first["status"] == "applied"
    second = pa.push_one(change("contact", cid, "update", {"agreed": "From laptop B."}, base))
    assert second["status"] == "conflict" and second["rev"] is None
    [brief] = second["conflicts"]
    assert (brief["field"], brief["device_value"], brief["hub_value"]) == (
        "agreed", "From laptop B.", "From laptop A.")
    [note] = [r for r in pa.pull_all(base)[0] if r["row_id"] == cid]
    assert note["fields"]["agreed"] == "From laptop A."  # kept, and both are in the conflict


def test_finding_12_a_delete_from_an_older_base_is_a_conflict(env: HubEnv) -> None:
    pa, leader = env.user("pa", "adviser", "North"), env.user("tl", "team_leader", "North")
    pid, sid = pa.add_person(), new_id()
    pa.push_one(change("consent", sid, "insert", consent(pid)))
    base = pa.pull_all()[2]
    assert leader.push_one(change("consent", sid, "update", {"agency": "CAMHS"},
                                  base))["status"] == "applied"
    cursor = pa.pull_all()[2]
    deleted = pa.push_one(change("consent", sid, "delete", base_rev=base))
    stamped = pa.push_one(change("consent", sid, "update",
                                 {"deleted_at": "2026-11-22T11:00:00"}, base))
    for answer in (deleted, stamped):
        assert answer["status"] == "conflict" and answer["rev"] is None
        [brief] = answer["conflicts"]
        assert (brief["field"], brief["hub_value"]) == ("deleted_at", None)
        assert brief["device_value"] is not None
    rows, _, after = pa.pull_all(cursor)
    assert rows == [] and after == cursor  # the row was neither deleted nor written
    [row] = [r for r in pa.pull_all()[0] if r["row_id"] == sid]
    assert not row["deleted"] and row["fields"]["agency"] == "CAMHS"
    listed = pa.get("/v1/sync/conflicts").json()["conflicts"]
    assert [c["field"] for c in listed] == ["deleted_at", "deleted_at"]
    # Choosing the deletion deletes the row for everyone.
    chosen = pa.post(f"/v1/sync/conflicts/{listed[0]['conflict_id']}/resolve",
                     {"value": listed[0]["device_value"]})
    assert chosen.status_code == 200, chosen.text
    [row] = pa.pull_all(cursor)[0]
    assert row["deleted"] and pa.get("/v1/sync/digest").json()["count"] == 1  # the person


def test_finding_12_a_correction_from_before_a_delete_is_a_conflict(env: HubEnv) -> None:
    pa, leader = env.user("pa", "adviser", "North"), env.user("tl", "team_leader", "North")
    pid, sid = pa.add_person(), new_id()
    pa.push_one(change("consent", sid, "insert", consent(pid)))
    base = pa.pull_all()[2]
    assert leader.push_one(change("consent", sid, "delete", base_rev=base))["status"] == \
        "applied"
    cursor = pa.pull_all()[2]
    late = pa.push_one(change("consent", sid, "update", {"agency": "CAMHS"}, base))
    assert late["status"] == "conflict"
    [brief] = late["conflicts"]
    assert (brief["field"], brief["device_value"]) == ("deleted_at", None)
    assert brief["hub_value"] is not None
    [row] = pa.pull_all(cursor)[0]
    assert row["deleted"] and row["fields"]["agency"] == "CAMHS"  # kept, still deleted
    # Keeping the row (the device's choice, from the revision the hub kept) brings it back.
    kept = pa.push_one(change("consent", sid, "update", {"deleted_at": None}, brief["hub_rev"]))
    assert kept["status"] in ("applied", "merged")
    [row] = pa.pull_all(row["rev"])[0]
    assert not row["deleted"] and row["fields"]["agency"] == "CAMHS"
    assert pa.get("/v1/sync/conflicts").json()["conflicts"] == []


def test_finding_13_a_replayed_push_answers_its_conflicts_again(env: HubEnv) -> None:
    """The answer to a push was lost (the device was stopped before it recorded it): the replay
    must bring the conflict back, or the next pull overwrites the device's value unseen."""
    pa, leader = env.user("pa", "adviser", "North"), env.user("tl", "team_leader", "North")
    pid = pa.add_person()
    base = pa.pull_all()[2]
    leader.push_one(change("young_person", pid, "update", {"phone": "07700 900100"}, base))
    entry = change("young_person", pid, "update", {"phone": "07700 900200"}, base)
    first = pa.push_one(entry)
    replay = pa.push_one(entry)
    assert (first["status"], replay["status"]) == ("conflict", "duplicate")
    assert replay["conflicts"] == first["conflicts"]
    cursor = pa.pull_all()[2]
    assert pa.push_one(entry)["conflicts"] == first["conflicts"]  # every time, nothing new
    assert pa.pull_all(cursor)[0] == []
    assert len(pa.get("/v1/sync/conflicts").json()["conflicts"]) == 1
    outsider = env.user("other", "adviser", "South")
    stolen = outsider.push_one(entry)
    assert stolen["status"] == "rejected" and "0100" not in json.dumps(stolen)
