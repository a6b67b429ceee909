"""The laptop store made by release 0.1 (tests/upgrade/data/v0.1/laptop, never regenerated),
opened by this version: migrated to the newest schema (0002 adds the approaching-18 checklist
and CAF reviews), every young person and note it held still there as it was, and the new
tables in use at once."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from paclient.models import Approaching18Item, CafReview, Contact, YoungPerson
from paclient.services.bundle import open_services
from paclient.storage import migrate
from paclient.storage.store import Store

DATA = Path(__file__).resolve().parent / "data" / "v0.1"


def _jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]


def test_a_release_store_keeps_its_records_through_the_new_revision(tmp_path: Path) -> None:
    shutil.copytree(DATA / "laptop", tmp_path / "laptop")
    passphrase = (DATA / "passphrase.txt").read_text().strip()

    store = Store.unlock(tmp_path / "laptop", passphrase)
    try:
        assert store.revision() == migrate.head_revision() != "0001"
        with store.read() as session:
            people = {str(p.id): p for p in session.scalars(select(YoungPerson))}
            contacts = {str(c.id): c for c in session.scalars(select(Contact))}
            added = [session.scalar(select(func.count()).select_from(model))
                     for model in (Approaching18Item, CafReview)]
        reported = _jsonl("people.jsonl")
        assert set(people) == {p["id"] for p in reported}
        for person in reported:
            kept = people[person["id"]]
            assert (kept.given_name, kept.family_name, kept.date_of_birth.isoformat(),
                    kept.upn, kept.uln) == (person["given_name"], person["family_name"],
                                            person["date_of_birth"], person["upn"],
                                            person["uln"])
        for contact in _jsonl("contacts.jsonl"):
            assert contacts[contact["id"]].discussion == contact["discussion"]
        assert added == [0, 0]

        today = dt.date(2026, 12, 6)
        services = open_services(store, today=lambda: today)
        person_id = uuid.UUID(reported[0]["id"])
        episode = services.referrals.open_caf(person_id, opened_on=today)
        reviewed = services.referrals.review_caf(episode.id, reviewed_on=today,
                                                 progress="First review", decision="continue")
        assert [r.decision for r in reviewed.reviews] == ["continue"]
    finally:
        store.close()
    assert len(list((tmp_path / "laptop" / "backups").glob("before-migration-0001-*"))) == 1
