"""A hub made by release 0.1 (tests/upgrade/data/v0.1, never regenerated) opened by this
version: migrated to the newest schema on SQLite and on PostgreSQL, every row of 0.1 is still
there unchanged, its people and notes are what 0.1 reported, and its users still sign in.

(The SQLite file of 0.1 holds the accounts only: the release script copied the database while
its rows were still in the write-ahead log. The PostgreSQL dump holds every row.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hub import conftest as hub_fixtures
from hub.conftest import PgServer, _pg_bindir
from sqlalchemy import MetaData, create_engine, select

from ccis_hub.app import create_app
from ccis_hub.settings import HubSettings

DATA = Path(__file__).resolve().parent / "data" / "v0.1"
PASSWORD = (DATA / "hub-password.txt").read_text().strip()
pg_server = hub_fixtures.pg_server


Columns = dict[str, list[str]]


def _rows(url: str, columns: Columns | None = None) -> tuple[Columns, dict[str, list[Any]]]:
    """Every row of every table as text, sorted, with the columns read: all of them, or those
    named in `columns` (what 0.1 had, read after the upgrade)."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    names = columns or {name: [c.name for c in table.columns]
                        for name, table in meta.tables.items() if name != "alembic_version"}
    try:
        with engine.connect() as connection:
            return names, {name: sorted(tuple(str(v) for v in row) for row in connection.execute(
                select(*(meta.tables[name].c[c] for c in cols)))) for name, cols in names.items()}
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def release_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The 0.1 hub's database URL, on a copy (SQLite) or loaded into a fresh database."""
    if request.param == "sqlite":
        shutil.copy(DATA / "hub.sqlite", tmp_path / "hub.db")
        yield f"sqlite:///{tmp_path / 'hub.db'}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    yield load_release_dump(server, "hub_v01")
    server.execute("DROP DATABASE hub_v01 WITH (FORCE)")


def load_release_dump(server: PgServer, name: str) -> str:
    """0.1's PostgreSQL dump loaded into a new database `name`; its URL."""
    server.execute(f"CREATE DATABASE {name}")
    loaded = subprocess.run(
        [str(_pg_bindir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
         "-p", str(server.port), "-U", "hub", "-d", name, "-f", str(DATA / "hub.pg.sql")],
        capture_output=True, text=True, check=False, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    return server.sqlalchemy_url(name)


def _login(client: TestClient, name: str, **extra: object) -> dict[str, Any]:
    response = client.post("/v1/auth/login", json={
        "username": name, "password": PASSWORD, "device_name": "after-upgrade", **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _pull(client: TestClient, tokens: dict[str, Any]) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    rows: list[dict[str, Any]] = []
    cursor = 0
    for _ in range(100):  # bounded: 0.1's hub holds a few hundred rows
        page = client.get("/v1/sync/pull", params={"cursor": cursor}, headers=headers).json()
        rows += page["rows"]
        cursor = page["cursor"]
        if not page["more"]:
            break
    return rows


def _jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text().splitlines() if line]


def test_the_release_hub_upgrades_with_every_row_and_account_intact(release_hub: str) -> None:
    columns, before = _rows(release_hub)
    app = create_app(HubSettings(release_hub))  # migrates to the newest schema
    try:
        assert _rows(release_hub, columns)[1] == before
        with TestClient(app) as client:
            pa1, tl1 = _login(client, "pa1"), _login(client, "tl1")
            assert (pa1["user"]["role"], tl1["user"]["role"]) == ("adviser", "team_leader")
            settings = client.get("/v1/settings",  # 0003: no setting yet, every default
                                  headers={"Authorization": f"Bearer {pa1['access_token']}"})
            assert settings.json() == {"settings": {}}
            if before["record"]:
                _check_people(client, pa1)
                _check_people(client, tl1)
                [(device_id, *_)] = before["device"]  # 0.1's laptop: the same device again,
                again = _login(client, "pa1", device_id=device_id, public_key="ab" * 32)
                assert again["device_id"] == device_id  # now with its key
    finally:
        app.state.hub.engine.dispose()


def _check_people(client: TestClient, tokens: dict[str, Any]) -> None:
    rows = _pull(client, tokens)
    people = {r["row_id"]: r["fields"] for r in rows if r["table"] == "young_person"}
    reported = _jsonl("people.jsonl")
    assert set(people) == {p["id"] for p in reported}
    first = json.loads((DATA / "person.json").read_text())
    for person in reported:
        fields = people[person["id"]]
        unsent = {"preferred_name"} if person["id"] == first["id"] else set()
        for key in {"given_name", "family_name", "date_of_birth", "upn", "uln",
                    "postcode"} - unsent:
            assert fields[key] == person[key], key
    shown = people[first["id"]]
    assert {k: shown[k] for k in shown if k in first and k != "preferred_name"} == {
        k: first[k] for k in shown if k in first and k != "preferred_name"}
    contacts = {r["row_id"]: r["fields"] for r in rows if r["table"] == "contact"}
    synced = [c for c in _jsonl("contacts.jsonl")
              if c["discussion"] != "Unsent note written by release 0.1."]
    assert synced
    for contact in synced:
        held = contacts[contact["id"]]
        assert {k: held[k] for k in ("method", "did_not_attend", "discussion")} == {
            k: contact[k] for k in ("method", "did_not_attend", "discussion")}
        assert held["occurred_at"].startswith(contact["occurred_at"])
