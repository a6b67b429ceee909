"""Issue 14, finding 7: the hub enforces a sharing refusal and sensitivity itself.

A device could skip its own checks (an old release, a script): each test sends the request as
that device would, checks the hub's refusal, and that nothing the caller may not read came
back. Sensitive rows reach the person's owner and their team leader only; a user the person is
shared with, an administrator and anyone else who reaches them get those rows withheld
(deleted, without fields), and their digest matches what they were sent."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from hub.conftest import HubEnv
from hub.hubkit import Api, addendum, change, consent, contact, error_code, new_id

SECRET = "Disclosed at the clinic"  # in every sensitive row; must never reach b or the admin
STAMP = {"created_at": "2026-11-22T10:00:00", "updated_at": "2026-11-22T10:00:00",
         "updated_by": "a", "deleted_at": None}


def characteristic(person_id: str, code: str, sensitive: bool) -> dict[str, Any]:
    return {**STAMP, "person_id": person_id, "code": code, "start_date": "2026-09-01",
            "end_date": None, "source": SECRET if sensitive or code == "110" else "School",
            "sensitive": sensitive}


def share(owner: Api, person_id: str, to: str = "b") -> Any:
    return owner.post(f"/v1/people/{person_id}/shares", {"to_user": to, "reason": "Referral"})


def live(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rows a device holds after applying `rows` (latest revision of each, not deleted)."""
    latest: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r["rev"]):
        latest[row["row_id"]] = row
    return {k: r for k, r in latest.items() if not r["deleted"]}


def digest_of(rows: dict[str, dict[str, Any]]) -> str:
    lines = sorted(f"{r['table']}:{r['row_id']}\n" for r in rows.values())
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def test_finding_07_the_hub_refuses_to_share_a_person_who_refused_sharing(env: HubEnv) -> None:
    a, b = env.user("a", "adviser", "North"), env.user("b", "adviser", "North")
    pid, refusal, other = a.add_person(), new_id(), new_id()
    answers = a.push([change("consent", other, "insert", consent(pid)),  # purpose referral
                      change("consent", refusal, "insert",
                             consent(pid, purpose="sharing", decision="refused"))])
    assert [r["status"] for r in answers] == ["applied", "applied"]
    start = b.pull_all()[2]

    refused = share(a, pid)

    assert refused.status_code == 409 and error_code(refused) == "sharing_refused"
    assert "refused information sharing" in refused.json()["detail"]["message"]
    assert a.get(f"/v1/people/{pid}/shares").json()["shares"] == []
    assert b.pull_all(start)[0] == []  # nothing of the person reached b
    base = a.pull_all()[2]
    withdrawn = a.push_one(change("consent", refusal, "update",
                                  {"withdrawn_on": "2026-11-22"}, base))
    assert withdrawn["status"] == "applied", withdrawn
    assert share(a, pid).status_code == 200  # the refusal withdrawn: sharing allowed


def test_finding_07_a_refusal_pushed_after_a_share_ends_it(env: HubEnv) -> None:
    a, b = env.user("a", "adviser", "North"), env.user("b", "adviser", "North")
    pid = a.add_person()
    assert share(a, pid).status_code == 200
    cursor = b.pull_all()[2]
    referral_refused = a.push_one(change("consent", new_id(), "insert",
                                         consent(pid, decision="refused")))
    assert referral_refused["status"] == "applied"
    assert len(a.get(f"/v1/people/{pid}/shares").json()["shares"]) == 1  # not about sharing

    refused = a.push_one(change("consent", new_id(), "insert",
                                consent(pid, purpose="sharing", decision="refused")))

    assert refused["status"] == "applied", refused
    assert a.get(f"/v1/people/{pid}/shares").json()["shares"] == []
    rows, exits, _ = b.pull_all(cursor)
    assert rows == [] and [e["person_id"] for e in exits] == [pid]


class Sensitive:
    """Owner `a` (North) with a person holding sensitive rows of every kind and plain ones;
    `tl` North's team leader; `b` (North) whom the person is shared with; `root` an
    administrator; `s` South's team leader."""

    def __init__(self, env: HubEnv) -> None:
        self.a = env.user("a", "adviser", "North")
        self.tl = env.user("tl", "team_leader", "North")
        self.b = env.user("b", "adviser", "North")
        self.root = env.user("root", "admin")
        self.pid = self.a.add_person()
        self.plain_contact, self.carer = new_id(), new_id()
        self.hidden = {"flagged": new_id(), "topic": new_id(), "looked_after": new_id(),
                       "note_on_flagged": new_id(), "social_care": new_id()}
        h = self.hidden
        answers = self.a.push([
            change("contact", self.plain_contact, "insert", contact(self.pid)),
            change("characteristic", self.carer, "insert",
                   characteristic(self.pid, "140", False)),
            change("contact", h["flagged"], "insert",
                   contact(self.pid, discussion=SECRET, sensitive=True)),
            change("contact", h["topic"], "insert",  # flagged false, but the topic is sensitive
                   contact(self.pid, topics=["pregnancy"], discussion=SECRET)),
            change("characteristic", h["looked_after"], "insert",
                   characteristic(self.pid, "110", False)),
            change("addendum", h["note_on_flagged"], "insert",
                   addendum(h["flagged"], text=SECRET)),
            change("referral", h["social_care"], "insert", {
                **STAMP, "person_id": self.pid, "service": "social_care", "kind": "referral",
                "route": "direct", "caf_episode_id": None, "sent_on": "2026-11-20",
                "sends_data": True, "consent_reference": None, "reason": SECRET,
                "follow_up_due": None, "acknowledged_on": None, "outcome": None,
                "closed_on": None, "sensitive": False})])
        assert all(r["status"] == "applied" for r in answers), answers
        shared = share(self.a, self.pid)
        assert shared.status_code == 200, shared.text


def test_finding_07_a_shared_user_and_an_admin_get_sensitive_rows_withheld(env: HubEnv) -> None:
    s = Sensitive(env)
    visible = {s.pid, s.plain_contact, s.carer}
    for api in (s.b, s.root):
        rows, _, _ = api.pull_all()
        assert SECRET not in json.dumps(rows)
        held = live(rows)
        assert set(held) == visible
        withheld = {r["row_id"]: r for r in rows if r["row_id"] in s.hidden.values()}
        assert set(withheld) == set(s.hidden.values())
        assert all(r["deleted"] and r["fields"] == {} for r in withheld.values())
        digest = api.get("/v1/sync/digest").json()
        assert (digest["count"], digest["digest"]) == (len(held), digest_of(held))
    for api in (s.a, s.tl):  # the owner and their team leader see everything
        rows, _, _ = api.pull_all()
        held = live(rows)
        assert visible | set(s.hidden.values()) <= set(held)
        assert held[s.hidden["flagged"]]["fields"]["discussion"] == SECRET
        assert api.get("/v1/sync/digest").json()["count"] == len(held)


def test_finding_07_a_withheld_row_cannot_be_written_or_read_through_a_push(
        env: HubEnv) -> None:
    s = Sensitive(env)
    base = s.b.pull_all()[2]
    answers = s.b.push([
        change("characteristic", s.hidden["looked_after"], "update", {"source": "x"}, base),
        change("contact", s.hidden["flagged"], "delete", base_rev=base),
        change("characteristic", s.hidden["looked_after"], "update", {"source": "y"}, 1)])
    assert [r["status"] for r in answers] == ["rejected"] * 3
    assert SECRET not in json.dumps(answers)
    assert SECRET not in json.dumps(s.b.get("/v1/sync/conflicts").json())
    [row] = [r for r in s.a.pull_all()[0] if r["row_id"] == s.hidden["looked_after"]]
    assert row["fields"]["source"] == SECRET and not row["deleted"]


def test_finding_07_a_row_turning_sensitive_leaves_the_shared_device_and_comes_back_after(
        env: HubEnv) -> None:
    s = Sensitive(env)
    cursor = s.b.pull_all()[2]
    base = s.a.pull_all()[2]
    assert s.a.push_one(change("characteristic", s.carer, "update", {"sensitive": True},
                               base))["status"] == "applied"
    rows, _, cursor = s.b.pull_all(cursor)
    assert [(r["row_id"], r["deleted"], r["fields"]) for r in rows] == [(s.carer, True, {})]

    base = s.a.pull_all()[2]
    assert s.a.push_one(change("characteristic", s.carer, "update", {"sensitive": False},
                               base))["status"] == "applied"
    rows, _, _ = s.b.pull_all(cursor)
    assert [(r["row_id"], r["deleted"]) for r in rows] == [(s.carer, False)]
    assert rows[0]["fields"]["code"] == "140"
    assert rows[0]["fields"]["deleted_at"] is None  # a device's tombstone is lifted


def test_finding_07_a_shared_user_keeps_the_sensitive_rows_they_wrote(env: HubEnv) -> None:
    s = Sensitive(env)
    mine = new_id()
    assert s.b.push_one(change("contact", mine, "insert",
                               contact(s.pid, by="b", sensitive=True)))["status"] == "applied"

    held = live(s.b.pull_all()[0])

    assert mine in held and held[mine]["fields"]["sensitive"] is True
    assert s.b.get("/v1/sync/digest").json()["count"] == len(held)
