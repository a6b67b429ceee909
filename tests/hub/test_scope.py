"""Scope on every endpoint: another adviser's records can be neither read nor written; team
leaders reach their team, admins everyone; transfers move people and leave scope exits."""

from __future__ import annotations

import pytest
from hub.conftest import HubEnv
from hub.hubkit import Api, addendum, change, consent, contact, error_code, new_id, team


@pytest.fixture
def two(env: HubEnv) -> tuple[Api, Api, str, str]:
    """Advisers `a` and `b`; `a` has a person with a contact, and a conflict on the person."""
    a, b = env.user("a", "adviser", "North"), env.user("b", "adviser", "North")
    pid, cid = a.add_person(), new_id()
    a.push([change("contact", cid, "insert", contact(pid)),
            change("team", new_id(), "insert", team())])
    base = a.pull_all()[2]
    a.push_one(change("young_person", pid, "update", {"phone": "07700 900001"}, base))
    a.push_one(change("young_person", pid, "update", {"phone": "07700 900002"}, base))
    return a, b, pid, cid


def test_pull_and_digest_never_show_another_advisers_rows(two: tuple[Api, Api, str, str]) -> None:
    a, b, _, _ = two
    assert len(a.pull_all()[0]) == 3
    assert b.pull_all()[0] == []
    assert b.get("/v1/sync/digest").json()["count"] == 0


def test_push_cannot_write_another_advisers_rows(two: tuple[Api, Api, str, str]) -> None:
    a, b, pid, cid = two
    results = b.push([
        change("young_person", pid, "update", {"phone": "07700 900009"}, 100),
        change("young_person", pid, "delete", base_rev=100),
        change("contact", cid, "update", {"agreed": "x"}, 100),
        change("consent", new_id(), "insert", consent(pid)),
        change("addendum", new_id(), "insert", addendum(cid)),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 5
    assert all("caseload" in r["reason"] for r in results)
    [person] = [r for r in a.pull_all()[0] if r["row_id"] == pid]
    assert person["fields"]["phone"] == "07700 900001" and not person["deleted"]


def test_change_ids_of_another_user_are_not_answered(two: tuple[Api, Api, str, str],
                                                     env: HubEnv) -> None:
    a, b, pid, _ = two
    entry = change("consent", new_id(), "insert", consent(pid))
    assert a.push_one(entry)["status"] == "applied"
    replay = b.push_one(entry)
    assert replay["status"] == "rejected" and replay["rev"] is None


def test_conflicts_of_another_adviser_can_be_neither_listed_nor_resolved(
        two: tuple[Api, Api, str, str]) -> None:
    a, b, _, _ = two
    [conflict] = a.get("/v1/sync/conflicts").json()["conflicts"]
    assert b.get("/v1/sync/conflicts").json()["conflicts"] == []
    response = b.post(f"/v1/sync/conflicts/{conflict['conflict_id']}/resolve", {"value": "3"})
    assert (response.status_code, error_code(response)) == (403, "out_of_scope")
    assert len(a.get("/v1/sync/conflicts").json()["conflicts"]) == 1


def test_another_adviser_cannot_transfer_my_person(two: tuple[Api, Api, str, str]) -> None:
    a, b, pid, _ = two
    response = b.post(f"/v1/people/{pid}/transfer", {"to_user": "b"})
    assert (response.status_code, error_code(response)) == (403, "out_of_scope")
    missing = b.post(f"/v1/people/{new_id()}/transfer", {"to_user": "b"})
    assert error_code(missing) == "out_of_scope"
    assert len(a.pull_all()[0]) == 3


def test_team_leader_reaches_the_team_and_admin_everyone(env: HubEnv,
                                                         two: tuple[Api, Api, str, str]) -> None:
    _, _, pid, _ = two
    south = env.user("s", "adviser", "South")
    south.add_person()
    lead, other_lead = env.user("lead", "team_leader", "North"), env.user("sl", "team_leader",
                                                                          "South")
    admin = env.user("root", "admin")
    lead_sees, other_sees, admin_sees = (
        {r["row_id"] for r in api.pull_all()[0] if r["table"] == "young_person"}
        for api in (lead, other_lead, admin))
    assert lead_sees == {pid}
    assert pid not in other_sees and len(other_sees) == 1
    assert len(admin_sees) == 2
    assert "team" not in {r["table"] for r in lead.pull_all()[0]}  # staff rows: owner only
    newest = admin.pull_all()[2]
    assert lead.push_one(change("young_person", pid, "update", {"email": "a@b.uk"},
                                newest))["status"] == "applied"
    assert other_lead.push_one(change("young_person", pid, "update", {"email": "c@d.uk"},
                                      newest))["status"] == "rejected"
    assert len(lead.get("/v1/sync/conflicts").json()["conflicts"]) == 1
    assert other_lead.get("/v1/sync/conflicts").json()["conflicts"] == []


def test_transfer_to_another_adviser_moves_rows_and_leaves_an_exit(
        two: tuple[Api, Api, str, str]) -> None:
    a, b, pid, cid = two
    a_cursor, b_cursor = a.pull_all()[2], b.pull_all()[2]
    response = a.post(f"/v1/people/{pid}/transfer", {"to_user": "b"})
    assert response.status_code == 200, response.text
    rows, exits, _ = a.pull_all(a_cursor)
    assert rows == [] and exits == [{"person_id": pid, "rev": response.json()["rev"]}]
    came, b_exits, _ = b.pull_all(b_cursor)
    assert {r["row_id"] for r in came} == {pid, cid} and b_exits == []
    assert b.get("/v1/sync/digest").json()["count"] == 2
    base = next(r["rev"] for r in came if r["row_id"] == cid)
    assert b.push_one(change("contact", cid, "update", {"agreed": "x"}, base))["status"] == \
        "applied"


def test_a_former_owner_can_neither_write_nor_read(
        env: HubEnv, two: tuple[Api, Api, str, str]) -> None:
    """After a transfer the former owner's changes are refused like anyone's out of scope
    (issue 13, finding 4: a push answers with the hub's values, and would overwrite the new
    owner's); they read nothing more of the person."""
    a, b, pid, cid = two
    c = env.user("c", "adviser", "North")
    a_cursor = a.pull_all()[2]
    b_cursor = b.pull_all()[2]
    assert a.post(f"/v1/people/{pid}/transfer", {"to_user": "b"}).status_code == 200
    for user in (a, c):
        late = user.push([change("contact", new_id(), "insert", contact(pid)),
                          change("young_person", pid, "update", {"town": "York"}, a_cursor),
                          change("addendum", new_id(), "insert", addendum(cid))])
        assert [r["status"] for r in late] == ["rejected"] * 3

    came = b.pull_all(b_cursor)[0]
    [person] = [r for r in came if r["row_id"] == pid]
    assert person["fields"]["town"] is None
    assert {r["row_id"] for r in came} == {pid, cid}
    rows, exits, _ = a.pull_all(a_cursor)
    assert rows == [] and [e["person_id"] for e in exits] == [pid]
    assert a.get("/v1/sync/digest").json()["count"] == 1  # the team row only
    assert a.get("/v1/sync/conflicts").json()["conflicts"] == []
    [conflict] = b.get("/v1/sync/conflicts").json()["conflicts"]
    resolve = a.post(f"/v1/sync/conflicts/{conflict['conflict_id']}/resolve", {"value": "3"})
    assert error_code(resolve) == "out_of_scope"
    again = a.post(f"/v1/people/{pid}/transfer", {"to_user": "c"})
    assert error_code(again) == "out_of_scope"


def test_transfer_to_another_authority_leaves_everyones_scope(
        env: HubEnv, two: tuple[Api, Api, str, str]) -> None:
    a, _, pid, _ = two
    lead = env.user("lead", "team_leader", "North")
    lead_cursor = lead.pull_all()[2]
    bad = a.post(f"/v1/people/{pid}/transfer", {"to_user": "b", "to_la": "123"})
    assert bad.status_code == 422
    assert a.post(f"/v1/people/{pid}/transfer", {"to_la": "873"}).status_code == 200
    assert [e["person_id"] for e in lead.pull_all(lead_cursor)[1]] == [pid]
    assert a.get("/v1/sync/digest").json()["count"] == 1  # the team row only
