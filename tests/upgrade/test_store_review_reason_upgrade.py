"""The laptop store made by release 0.1 (tests/upgrade/data/v0.1/laptop, never regenerated)
opened by this version: migration 0002 gives its action plans an empty review reason and keeps
every person and plan as 0.1 left them; the reviews overdue list still reads them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import select
from upgrade import test_hub_upgrade as release

from paclient.models import ActionPlan, YoungPerson
from paclient.services.bundle import open_services
from paclient.storage.store import Store


def test_a_release_store_keeps_its_people_and_plans_after_migration_0002(
        tmp_path: Path) -> None:
    shutil.copytree(release.DATA / "laptop", tmp_path / "laptop")
    passphrase = (release.DATA / "passphrase.txt").read_text().strip()
    store = Store.unlock(tmp_path / "laptop", passphrase)  # migrates to the newest schema
    try:
        with store.read() as session:
            people = {str(p.id): p for p in session.scalars(select(YoungPerson))}
            plans = session.scalars(select(ActionPlan)).all()
        reported = [json.loads(line) for line in
                    (release.DATA / "people.jsonl").read_text().splitlines() if line]
        assert {p["id"] for p in reported} <= set(people)
        for person in reported:
            assert people[person["id"]].family_name == person["family_name"]
        assert all(plan.review_reason is None for plan in plans)
        assert all(plan.person_id in {p.id for p in people.values()} for plan in plans)
        open_services(store).caseload.worklist("reviews-overdue")  # reads the new column
    finally:
        store.close()
