"""Hub fixtures: every hub test runs against SQLite and against a real PostgreSQL server that
the tests start themselves (initdb + pg_ctl, as an unprivileged user, on a free loopback port).

PostgreSQL missing makes the PostgreSQL half FAIL with a message saying how to install it:
`tests/system-packages.sh` installs it when run as root.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from hub.hubkit import Api

from ccis_hub import accounts
from ccis_hub.app import Hub, create_app
from ccis_hub.db import make_engine, migrate
from ccis_hub.settings import HubSettings
from ccis_hub.throttle import LoginThrottle

PASSWORD = "a long test password"
PG_USER = "hub"
SYSTEM_USER = "postgres"  # the unprivileged account that runs PostgreSQL when tests run as root


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _pg_bindir() -> Path:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        bindir = Path(out.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    pytest.fail("PostgreSQL server binaries (initdb, pg_ctl) are missing: install the "
                "`postgresql` package (tests/system-packages.sh does it when run as root).")


@dataclass
class PgServer:
    port: int
    _names: Iterator[int]

    def admin_url(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={PG_USER} dbname={dbname}"

    def sqlalchemy_url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str) -> None:
        with psycopg.connect(self.admin_url(), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self) -> str:
        """A fresh hub database, already migrated (copied from the template)."""
        name = f"hub_test_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE hub_template")
        return name


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the session, with a migrated template database."""
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="ccis-hub-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as an unprivileged user
        account = pwd.getpwnam(SYSTEM_USER)
        os.chown(root, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", SYSTEM_USER, "--"]
    data, port = root / "data", free_port()
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", PG_USER,
                    "--auth=trust", "-E", "UTF8", "--no-sync"], check=True,
                   capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=200")
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l",
                    str(root / "server.log"), "-w", "-t", "60", "-o", options, "start"],
                   check=True, capture_output=True)
    server = PgServer(port, itertools.count())
    try:
        server.execute("CREATE DATABASE hub_template")
        engine = make_engine(server.sqlalchemy_url("hub_template"))
        migrate(engine)
        engine.dispose()
        yield server
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite hub database to copy for each test."""
    path = tmp_path_factory.mktemp("hub-template") / "hub.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated hub database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "hub.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server: PgServer = request.getfixturevalue("pg_server")
    name = server.new_database()
    yield server.sqlalchemy_url(name)
    server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheaper Argon2 parameters for in-process tests (still Argon2id, verified the same way)."""
    monkeypatch.setattr(accounts, "HASHER",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


class Clock:
    """A monotonic clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class HubEnv:
    """An in-process hub on one backend, with helpers to make users and log in."""

    hub: Hub
    client: TestClient
    clock: Clock

    def add_user(self, name: str, role: str = "adviser", team: str | None = None) -> None:
        with self.hub.writers.begin() as session:
            accounts.add_user(session, name, role, team, PASSWORD)

    def login(self, name: str, device: str = "laptop", **extra: object) -> Api:
        """Log in as `name` from `device` (`extra`: more body fields, e.g. public_key)."""
        response = self.client.post("/v1/auth/login", json={
            "username": name, "password": PASSWORD, "device_name": device, **extra})
        assert response.status_code == 200, response.text
        return Api(self.client, response.json())

    def user(self, name: str, role: str = "adviser", team: str | None = None) -> Api:
        self.add_user(name, role, team)
        return self.login(name)


@pytest.fixture
def make_env(db_url: str, fast_hashing: None) -> Iterator[Callable[..., HubEnv]]:
    """Builds in-process hubs on `db_url` (settings may be overridden)."""
    made: list[HubEnv] = []

    def build(**settings: object) -> HubEnv:
        clock = Clock()
        app = create_app(HubSettings(db_url, **settings),  # type: ignore[arg-type]
                         LoginThrottle(clock))
        env = HubEnv(app.state.hub, TestClient(app), clock)
        made.append(env)
        return env

    yield build
    for env in made:
        env.client.close()
        env.hub.engine.dispose()


@pytest.fixture
def env(make_env: Callable[..., HubEnv]) -> HubEnv:
    """An in-process hub with default settings."""
    return make_env()


@dataclass
class Served:
    """A `ccis-hub serve` subprocess."""

    process: subprocess.Popen[str]
    url: str


def serve(db_url: str, log: Path, extra_env: dict[str, str] | None = None,
          timeout: float = 60, args: Sequence[str] = ()) -> Served:
    """Start `ccis-hub serve --port 0 ARGS` (its log to `log`) and wait for its `listening on`
    line."""
    with log.open("a") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-c", "from ccis_hub.cli import main; raise SystemExit(main())",
             "serve", "--db", db_url, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=log_file, text=True,
            env={**os.environ, **(extra_env or {})})
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("listening on "):
            return Served(process, line.split()[-1])
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"ccis-hub serve did not start: {log.read_text()[-2000:]}")


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Starts hub processes on `db_url`; kills what is left at the end."""
    started: list[Served] = []

    def start(**extra_env: str) -> Served:
        server = serve(db_url, tmp_path / "hub.log", extra_env)
        started.append(server)
        return server

    yield start
    for server in started:
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait(timeout=30)
