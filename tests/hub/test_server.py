"""The real thing: `ccis-hub` processes over HTTP on 127.0.0.1, and the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from hub.conftest import PASSWORD, Served
from hub.hubkit import Api, change, contact, error_code, new_id, person

from ccis_hub import __version__
from ccis_hub.app import create_app
from ccis_hub.db import MIGRATIONS
from ccis_hub.settings import HubSettings


def ccis_hub(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from ccis_hub.cli import main; raise SystemExit(main())", *args],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "CCIS_HUB_PASSWORD": PASSWORD, **(env or {})})


def login(url: str, name: str, device: str = "laptop") -> Api:
    http = httpx.Client(base_url=url, timeout=30)
    response = http.post("/v1/auth/login", json={"username": name, "password": PASSWORD,
                                                 "device_name": device})
    assert response.status_code == 200, response.text
    return Api(http, response.json())


def test_cli_manages_users_and_devices_of_a_served_hub(db_url: str,
                                                       served: Callable[..., Served]) -> None:
    added = ccis_hub("user", "add", "pa", "--role", "adviser", "--team", "North", "--db", db_url)
    assert added.returncode == 0, added.stderr
    again = ccis_hub("user", "add", "pa", "--role", "adviser", "--db", db_url)
    assert again.returncode == 1 and again.stderr.strip() == \
        "A user with that name exists already."
    server = served()
    api = login(server.url, "pa")
    listed = ccis_hub("device", "list", "--user", "pa", "--db", db_url)
    assert listed.stdout.split("\t")[0] == api.tokens["device_id"] and "active" in listed.stdout
    assert ccis_hub("device", "revoke", api.tokens["device_id"], "--db", db_url).returncode == 0
    assert error_code(api.get("/v1/sync/pull")) == "device_revoked"
    assert ccis_hub("user", "passwd", "pa", "--db", db_url,
                    env={"CCIS_HUB_PASSWORD": "another password"}).returncode == 0
    refused = httpx.post(f"{server.url}/v1/auth/login", json={
        "username": "pa", "password": PASSWORD, "device_name": "x"})
    assert error_code(refused) == "bad_credentials"
    assert ccis_hub("user", "disable", "pa", "--db", db_url).returncode == 0
    missing = ccis_hub("user", "disable", "nobody", "--db", db_url)
    assert (missing.returncode, missing.stderr.strip()) == (1, "No such user.")


def test_serve_without_db_uses_sqlite_in_the_hub_home(tmp_path: Path) -> None:
    home = {"CCIS_HUB_HOME": str(tmp_path / "home"), "CCIS_HUB_DB": ""}
    assert ccis_hub("user", "add", "pa", "--role", "adviser", env=home).returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-c", "from ccis_hub.cli import main; raise SystemExit(main())",
         "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, **home})
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:")
        login(line.split()[-1], "pa")
        assert (tmp_path / "home" / "hub.db").exists()
    finally:
        process.kill()
        process.wait(timeout=30)


def test_login_push_pull_over_http(db_url: str, served: Callable[..., Served]) -> None:
    assert ccis_hub("user", "add", "pa", "--role", "adviser", "--db", db_url).returncode == 0
    server = served(CCIS_HUB_ACCESS_TTL_S="600")
    api = login(server.url, "pa")
    assert api.tokens["expires_in"] == 600
    pid = new_id()
    results = api.push([change("young_person", pid, "insert", person()),
                        change("contact", new_id(), "insert", contact(pid))])
    assert [r["status"] for r in results] == ["applied", "applied"]
    rows, _, cursor = api.pull_all()
    assert len(rows) == 2 and cursor == results[-1]["rev"]
    assert httpx.get(f"{server.url}/openapi.json").json()["info"]["title"] == "CCIS hub"


def test_pull_resumes_after_the_hub_is_killed_and_restarted(
        db_url: str, served: Callable[..., Served]) -> None:
    assert ccis_hub("user", "add", "pa", "--role", "adviser", "--db", db_url).returncode == 0
    first = served()
    writer = login(first.url, "pa", "desktop")
    pid = writer.add_person()
    for _ in range(3):
        writer.push([change("contact", new_id(), "insert", contact(pid)) for _ in range(100)])
    reader = login(first.url, "pa", "laptop")
    seen: Counter[str] = Counter()
    cursor = 0
    for _ in range(2):
        page = reader.pull_page(cursor, limit=40)
        seen.update(r["row_id"] for r in page["rows"])
        cursor = page["cursor"]
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    second = served()
    reader.http = httpx.Client(base_url=second.url, timeout=30)  # same tokens: they are stored
    rows, _, _ = reader.pull_all(cursor, limit=40)
    seen.update(r["row_id"] for r in rows)
    assert len(seen) == 301 and set(seen.values()) == {1}
    assert reader.get("/v1/sync/digest").json()["count"] == 301


def test_health_says_the_release_and_schema_with_no_sign_in(
        db_url: str, served: Callable[..., Served]) -> None:
    server = served()

    answer = httpx.get(f"{server.url}/health", timeout=30)

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"status": "ok", "version": __version__,
                             "schema_revision": _hub_head()}


def test_health_is_503_in_one_sentence_when_the_database_is_gone(tmp_path: Path) -> None:
    db = tmp_path / "hub.db"
    app = create_app(HubSettings(f"sqlite:///{db}"))
    app.state.hub.engine.dispose()
    db.unlink()
    db.mkdir()  # what SQLite can no longer open

    answer = TestClient(app).get("/health")

    assert answer.status_code == 503
    assert answer.json()["detail"]["code"] == "database_unavailable"


def _hub_head() -> str | None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def test_a_hub_folder_that_cannot_be_made_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {k: v for k, v in os.environ.items() if k != "CCIS_HUB_DB"}
    env["CCIS_HUB_HOME"] = str(blocker / "hub")

    result = subprocess.run(
        [sys.executable, "-c", "from ccis_hub.cli import main; raise SystemExit(main())",
         "device", "list"], capture_output=True, text=True, check=False, timeout=120, env=env)

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"The hub's folder {blocker / 'hub'} cannot be made")
    assert len(result.stderr.strip().splitlines()) == 1
