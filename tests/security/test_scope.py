"""Issue 13, scope: a former owner, another team's leader, a second record with a CCIS id the
hub holds already. Each test sends the request, checks the refusal, and that nothing changed
and nothing the caller may not read came back."""

from __future__ import annotations

import json

from hub.conftest import HubEnv
from hub.hubkit import addendum, change, contact, error_code, new_id, person

SECRET = "07700 900999"  # the new owner's value the former owner must never see


def test_finding_04_a_former_owner_is_refused_and_reads_nothing(env: HubEnv) -> None:
    a, b = env.user("a", "adviser", "North"), env.user("b", "adviser", "North")
    pid, cid = a.add_person(), new_id()
    a.push_one(change("contact", cid, "insert", contact(pid)))
    a_base = a.pull_all()[2]
    assert a.post(f"/v1/people/{pid}/transfer", {"to_user": "b"}).status_code == 200
    b_base = b.pull_all()[2]
    assert b.push_one(change("young_person", pid, "update", {"phone": SECRET},
                             b_base))["status"] == "applied"
    b_cursor = b.pull_all()[2]

    stale = a.push([change("young_person", pid, "update", {"phone": "07700 900100"}, a_base),
                    change("young_person", pid, "update", {"phone": "07700 900100"}, 2**62),
                    change("young_person", pid, "delete", base_rev=b_cursor),
                    change("contact", new_id(), "insert", contact(pid)),
                    change("addendum", new_id(), "insert", addendum(cid))])
    assert [r["status"] for r in stale] == ["rejected"] * 5
    assert all("caseload" in r["reason"] and r["conflicts"] == [] for r in stale)
    answers = [stale, a.pull_all(), a.get("/v1/sync/conflicts").json(),
               a.get("/v1/sync/digest").json()]
    assert SECRET not in json.dumps(answers)
    resolve = a.post(f"/v1/sync/conflicts/{new_id()}/resolve", {"value": "x"})
    assert resolve.status_code == 404

    rows, _, after = b.pull_all(b_cursor)
    assert rows == [] and after == b_cursor  # nothing written
    [row] = [r for r in b.pull_all()[0] if r["row_id"] == pid]
    assert row["fields"]["phone"] == SECRET and not row["deleted"]
    assert b.get("/v1/sync/conflicts").json()["conflicts"] == []


def test_finding_05_a_team_leaders_pull_names_no_person_of_another_team(env: HubEnv) -> None:
    south = env.user("s", "adviser", "South")
    north = env.user("n", "adviser", "North")
    leader = env.user("tl", "team_leader", "North")
    pid = south.add_person()
    start = leader.pull_all()[2]
    shared = south.post(f"/v1/people/{pid}/shares", {"to_user": "n", "reason": "referral"})
    assert shared.status_code == 200, shared.text
    n_cursor = north.pull_all()[2]
    ended = env.client.delete(f"/v1/people/{pid}/shares/n", headers=south.headers)
    assert ended.status_code == 200, ended.text
    assert [e["person_id"] for e in north.pull_all(n_cursor)[1]] == [pid]  # n held them
    rows, exits, _ = leader.pull_all(start)
    assert rows == [] and exits == []  # the leader never reached them
    mine = north.add_person()
    assert north.post(f"/v1/people/{mine}/transfer", {"to_la": "873"}).status_code == 200
    assert [e["person_id"] for e in leader.pull_all(start)[1]] == [mine]  # their own team's


def test_finding_14_a_second_record_with_a_ccis_id_on_the_hub_is_refused(env: HubEnv) -> None:
    a, b = env.user("a", "adviser", "North"), env.user("b", "adviser", "North")
    leader = env.user("tl", "team_leader", "North")
    first = a.add_person(ccis_id="4440000000123")
    other = b.add_person(ccis_id="4440000000456")
    base = b.pull_all()[2]
    second = new_id()
    answers = b.push([change("young_person", second, "insert",
                             person(by="b", ccis_id="4440000000123")),
                      change("young_person", other, "update", {"ccis_id": "4440000000123"},
                             base)])
    assert [r["status"] for r in answers] == ["rejected", "rejected"]
    assert all("4440000000123" in r["reason"] for r in answers)
    assert "Sam" not in json.dumps(answers)  # the other record's content stays unsaid
    held = {r["row_id"]: r["fields"]["ccis_id"] for r in leader.pull_all()[0]}
    assert held == {first: "4440000000123", other: "4440000000456"}
    assert error_code(b.post(f"/v1/people/{second}/transfer", {"to_user": "a"})) == \
        "out_of_scope"  # the refused insert made no person
    # The record's own id again, and an id given up elsewhere, are no duplicates.
    mine = a.pull_all()[2]
    assert a.push_one(change("young_person", first, "update", {"ccis_id": "4440000000123",
                                                               "phone": "07700 900001"}, mine))[
        "status"] == "applied"
