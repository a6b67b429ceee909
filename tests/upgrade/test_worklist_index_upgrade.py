"""The store made by release 0.1 (tests/upgrade/data/v0.1/laptop), migrated to the index of
current activities by code and person (migration 0003), keeps every person and
current activity, and the work lists read them through the new index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import inspect

from paclient.services.bundle import open_services
from paclient.services.caseload.listing import CaseloadService
from paclient.storage.store import Store

DATA = Path(__file__).resolve().parent / "data" / "v0.1"


def test_a_release_store_keeps_its_people_and_activities_after_the_index_migration(
        tmp_path: Path) -> None:
    shutil.copytree(DATA / "laptop", tmp_path / "laptop")
    passphrase = (DATA / "passphrase.txt").read_text().strip()
    reported = [json.loads(line) for line in (DATA / "people.jsonl").read_text().splitlines()
                if line]

    store = Store.unlock(tmp_path / "laptop", passphrase)  # migrates to head
    try:
        indexes = {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes(
            "activity")}
        assert indexes["ix_activity_current_code"] == ["code", "person_id"]
        rows = CaseloadService(open_services(store).ctx).rows()
        assert {(str(r.id), r.given_name, r.family_name, r.activity_code) for r in rows} == {
            (p["id"], p["given_name"], p["family_name"], p["activity_code"]) for p in reported}
        with store.engine.connect() as connection:
            plan = [row.detail for row in connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT person_id FROM activity "
                "WHERE is_current = 1 AND code IN ('810', '820', '830')")]
        assert plan == ["SEARCH activity USING COVERING INDEX ix_activity_current_code (code=?)"]
    finally:
        store.close()
