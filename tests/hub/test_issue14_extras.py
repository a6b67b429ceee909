"""The hub takes issue 14's new rows over HTTP: CAF reviews, ticked approaching-18 items and an
assessment factor the authority added on a laptop (an `la_` code), and refuses a CAF review
dated after tomorrow."""

from __future__ import annotations

import datetime as dt

from hub.conftest import HubEnv
from hub.hubkit import STAMP, change, new_id

SYNCED = {"created_at": STAMP, "updated_at": STAMP, "updated_by": "pa", "deleted_at": None}
TODAY = dt.datetime.now(dt.UTC).date()  # the hub checks against its own day


def test_the_new_rows_are_applied_and_pulled(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    episode, assessment = new_id(), new_id()
    rows = [
        change("caf_episode", episode, "insert", {
            **SYNCED, "person_id": pid, "opened_on": "2026-10-01", "pre_assessment_done": True,
            "consent_agencies": []}),
        change("caf_review", new_id(), "insert", {
            **SYNCED, "episode_id": episode, "reviewed_on": "2026-11-01",
            "progress": "Attending", "decision": "step_down"}),
        change("approaching_18_item", new_id(), "insert", {
            **SYNCED, "person_id": pid, "item": "adult_services_consent",
            "done_on": "2026-11-01"}),
        change("assessment", assessment, "insert", {
            **SYNCED, "person_id": pid, "assessed_on": "2026-11-01", "level_of_need": 2,
            "summary": ""}),
        change("assessment_factor", new_id(), "insert", {
            **SYNCED, "assessment_id": assessment, "factor": "la_online_safety", "rating": 1,
            "note": "", "sensitive": False})]

    results = pa.push(rows)

    assert [r["status"] for r in results] == ["applied"] * len(rows), results
    pulled = {r["table"] for r in pa.pull_all()[0]}
    assert {"caf_review", "approaching_18_item", "assessment_factor"} <= pulled


def test_a_caf_review_after_tomorrow_and_an_unknown_decision_are_refused(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    episode = new_id()
    pa.push_one(change("caf_episode", episode, "insert", {
        **SYNCED, "person_id": pid, "opened_on": "2026-10-01", "pre_assessment_done": False,
        "consent_agencies": []}))

    def review(day: dt.date, decision: str = "continue") -> dict[str, object]:
        return pa.push_one(change("caf_review", new_id(), "insert", {
            **SYNCED, "episode_id": episode, "reviewed_on": day.isoformat(),
            "progress": "Fine", "decision": decision}))

    assert review(TODAY + dt.timedelta(days=1))["status"] == "applied"  # a laptop ahead
    assert review(TODAY + dt.timedelta(days=2))["status"] == "rejected"
    assert review(TODAY, "escalate")["status"] == "rejected"
