"""Sharing a person for a referral: the shared user reads and writes the person like the owner
until the share ends or expires; nobody else gains anything; only the person's managers (owner,
team leader, admin) share and end shares."""

from __future__ import annotations

import datetime as dt

import pytest
from hub.conftest import HubEnv
from hub.hubkit import Api, addendum, change, consent, contact, error_code, new_id

from ccis_hub import scope


class Three:
    """Owner `a` with a person, a contact and an open conflict; `b` to share with; `c` who
    is never shared with; all advisers in team North."""

    def __init__(self, env: HubEnv) -> None:
        self.a, self.b, self.c = (env.user(name, "adviser", "North") for name in "abc")
        self.pid, self.cid = self.a.add_person(), new_id()
        self.a.push([change("contact", self.cid, "insert", contact(self.pid))])
        base = self.a.pull_all()[2]
        self.a.push_one(change("young_person", self.pid, "update", {"phone": "07700 900001"}, base))
        self.a.push_one(change("young_person", self.pid, "update", {"phone": "07700 900002"}, base))

    def share(self, by: Api, to: str = "b", **extra: object) -> int:
        response = by.post(f"/v1/people/{self.pid}/shares",
                           {"to_user": to, "reason": "CAMHS referral", **extra})
        assert response.status_code == 200, response.text
        rev: int = response.json()["rev"]
        return rev


@pytest.fixture
def three(env: HubEnv) -> Three:
    return Three(env)


def _ids(rows: list[dict[str, object]]) -> set[object]:
    return {r["row_id"] for r in rows}


def test_a_share_brings_the_rows_at_the_next_pull_whatever_the_cursor(three: Three) -> None:
    b_cursor = three.b.pull_all()[2]
    assert three.b.pull_all(b_cursor)[0] == []
    three.share(three.a)
    rows, exits, _ = three.b.pull_all(b_cursor)
    assert _ids(rows) == {three.pid, three.cid} and exits == []
    assert three.b.get("/v1/sync/digest").json()["count"] == 2
    assert len(three.b.get("/v1/sync/conflicts").json()["conflicts"]) == 1
    [listed] = three.a.get(f"/v1/people/{three.pid}/shares").json()["shares"]
    assert (listed["username"], listed["reason"], listed["until"], listed["shared_by"]) == \
        ("b", "CAMHS referral", None, "a")


def test_a_shared_user_writes_like_the_owner_and_the_owner_pulls_it(three: Three) -> None:
    three.share(three.a)
    a_cursor = three.a.pull_all()[2]
    rows = three.b.pull_all()[0]
    base = next(r["rev"] for r in rows if r["row_id"] == three.pid)
    note = new_id()
    results = three.b.push([
        change("contact", note, "insert", contact(three.pid, by="b", discussion="Referred.")),
        change("addendum", new_id(), "insert", addendum(three.cid, by="b")),
        change("young_person", three.pid, "update", {"town": "York"}, base)])
    assert [r["status"] for r in results] == ["applied"] * 3
    came = three.a.pull_all(a_cursor)[0]
    assert note in _ids(came)
    assert next(r for r in came if r["row_id"] == three.pid)["fields"]["town"] == "York"
    [conflict] = three.b.get("/v1/sync/conflicts").json()["conflicts"]
    resolved = three.b.post(f"/v1/sync/conflicts/{conflict['conflict_id']}/resolve",
                            {"value": "07700 900003"})
    assert resolved.status_code == 200, resolved.text


def test_someone_not_shared_with_still_reaches_nothing(three: Three) -> None:
    three.share(three.a)
    c = three.c
    assert c.pull_all()[0] == [] and c.get("/v1/sync/digest").json()["count"] == 0
    assert c.get("/v1/sync/conflicts").json()["conflicts"] == []
    results = c.push([change("young_person", three.pid, "update", {"phone": "07700 900009"},
                             10_000),
                      change("contact", three.cid, "update", {"agreed": "x"}, 10_000),
                      change("consent", new_id(), "insert", consent(three.pid)),
                      change("addendum", new_id(), "insert", addendum(three.cid))])
    assert [r["status"] for r in results] == ["rejected"] * 4
    shares = f"/v1/people/{three.pid}/shares"
    for response in (c.get(shares), c.post(shares, {"to_user": "c", "reason": "x"}),
                     c.http.delete(f"{shares}/b", headers=c.headers)):
        assert (response.status_code, error_code(response)) == (403, "out_of_scope")
    assert len(three.a.get(shares).json()["shares"]) == 1


def test_a_shared_user_cannot_transfer_share_on_or_end_shares(three: Three) -> None:
    three.share(three.a)
    b, shares = three.b, f"/v1/people/{three.pid}/shares"
    for response in (b.post(f"/v1/people/{three.pid}/transfer", {"to_user": "b"}),
                     b.post(shares, {"to_user": "c", "reason": "x"}), b.get(shares),
                     b.http.delete(f"{shares}/b", headers=b.headers)):
        assert (response.status_code, error_code(response)) == (403, "out_of_scope")
    assert three.c.pull_all()[0] == []


def test_ending_a_share_gives_an_exit_and_stops_reading_and_writing(three: Three) -> None:
    three.share(three.a)
    b_cursor = three.b.pull_all()[2]
    ended = three.a.http.delete(f"/v1/people/{three.pid}/shares/b", headers=three.a.headers)
    assert ended.status_code == 200, ended.text
    rows, exits, _ = three.b.pull_all(b_cursor)
    assert rows == [] and exits == [{"person_id": three.pid, "rev": ended.json()["rev"]}]
    assert three.b.pull_all()[0] == [] and three.b.get("/v1/sync/digest").json()["count"] == 0
    assert three.b.get("/v1/sync/conflicts").json()["conflicts"] == []
    late = three.b.push([change("contact", new_id(), "insert", contact(three.pid)),
                         change("young_person", three.pid, "update", {"town": "Hull"}, 10_000)])
    assert [r["status"] for r in late] == ["rejected"] * 2
    assert three.a.get(f"/v1/people/{three.pid}/shares").json()["shares"] == []
    again = three.a.http.delete(f"/v1/people/{three.pid}/shares/b", headers=three.a.headers)
    assert (again.status_code, error_code(again)) == (404, "not_found")
    three.share(three.a)  # shared again: the rows come back even from a later cursor
    assert _ids(three.b.pull_all(three.b.pull_all()[2] - 1)[0]) >= {three.pid}


def test_the_owner_keeps_the_person_and_a_team_leader_gets_no_stray_exit(
        env: HubEnv, three: Three) -> None:
    lead = env.user("lead", "team_leader", "North")
    three.share(three.a)
    a_cursor, lead_cursor = three.a.pull_all()[2], lead.pull_all()[2]
    three.a.http.delete(f"/v1/people/{three.pid}/shares/b", headers=three.a.headers)
    assert three.a.pull_all(a_cursor)[1] == [] and lead.pull_all(lead_cursor)[1] == []


def test_a_share_past_its_last_day_gives_no_access_and_an_exit(
        three: Three, monkeypatch: pytest.MonkeyPatch) -> None:
    today = scope.today()
    three.share(three.a, until=today.isoformat())
    b_cursor = three.b.pull_all()[2]
    assert three.pid in _ids(three.b.pull_all()[0])  # the last day still counts
    monkeypatch.setattr(scope, "today", lambda: today + dt.timedelta(days=1))
    assert three.b.push_one(change("contact", new_id(), "insert", contact(three.pid)))[
        "status"] == "rejected"
    assert three.a.get(f"/v1/people/{three.pid}/shares").json()["shares"] == []
    rows, exits, _ = three.b.pull_all(b_cursor)
    assert rows == [] and [e["person_id"] for e in exits] == [three.pid]
    assert three.b.get("/v1/sync/digest").json()["count"] == 0
    assert three.b.pull_all(three.b.pull_all()[2])[1] == []  # the exit is given once


def test_only_the_owner_their_team_leader_or_an_admin_may_share(env: HubEnv,
                                                               three: Three) -> None:
    lead, other_lead = env.user("lead", "team_leader", "North"), env.user("sl", "team_leader",
                                                                          "South")
    admin = env.user("root", "admin")
    shares = f"/v1/people/{three.pid}/shares"
    refused = other_lead.post(shares, {"to_user": "b", "reason": "x"})
    assert (refused.status_code, error_code(refused)) == (403, "out_of_scope")
    three.share(lead)
    assert lead.http.delete(f"{shares}/b", headers=lead.headers).status_code == 200
    three.share(admin, to="c")
    assert admin.http.delete(f"{shares}/c", headers=admin.headers).status_code == 200
    three.share(three.a)
    assert three.b.pull_all()[0] != []


def test_share_requests_are_checked(three: Three) -> None:
    a, shares = three.a, f"/v1/people/{three.pid}/shares"
    for body, code in (({"to_user": "b"}, "invalid_request"),
                       ({"to_user": "b", "reason": "x" * 201}, "invalid_request"),
                       ({"to_user": "b", "reason": "x", "until": "31/12/2030"},
                        "invalid_request"),
                       ({"to_user": "b", "reason": "x", "until": "2000-01-01"}, "invalid_until"),
                       ({"to_user": "nobody", "reason": "x"}, "unknown_user"),
                       ({"to_user": "a", "reason": "x"}, "already_reaches")):
        response = a.post(shares, body)
        assert (response.status_code, error_code(response)) == (422, code), body
    first = three.share(a)
    second = three.share(a, until="2099-01-01")  # sharing again updates the share
    assert second > first
    [listed] = a.get(shares).json()["shares"]
    assert listed["until"] == "2099-01-01"


def test_a_transfer_ends_the_persons_shares(three: Three) -> None:
    three.share(three.a)
    b_cursor = three.b.pull_all()[2]
    assert three.a.post(f"/v1/people/{three.pid}/transfer", {"to_user": "c"}).status_code == 200
    rows, exits, _ = three.b.pull_all(b_cursor)
    assert rows == [] and [e["person_id"] for e in exits] == [three.pid]
    assert three.c.get(f"/v1/people/{three.pid}/shares").json()["shares"] == []
