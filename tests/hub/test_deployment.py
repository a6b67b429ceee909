"""The hub as IT deploys it (docs/hub-deployment.md): two `ccis-hub serve` processes on one
PostgreSQL database behind the shipped nginx configuration, a backup and restore with pg_dump,
and the shipped systemd unit.

Everything is real and stays on 127.0.0.1: nginx runs as this test's own process on the shipped
configuration (`installer/hub/nginx-ccis-hub.conf`), rendered for the test's ports, folder and
a certificate made here. Other loopback addresses (127.0.0.2, 127.0.0.3) stand for devices at
two different sites. nginx missing makes these tests FAIL with a message saying how to install
it (`tests/system-packages.sh` installs it when run as root).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hub.conftest import PASSWORD, PgServer, Served, _pg_bindir, free_port, serve
from hub.hubkit import Api, change, contact, error_code, new_id, person

from ccis_hub import __version__
from ccis_hub.settings import HubSettings

ROOT = Path(__file__).resolve().parents[2]
NGINX_SITE = ROOT / "installer" / "hub" / "nginx-ccis-hub.conf"
UNIT = ROOT / "installer" / "hub" / "ccis-hub@.service"
BAD = "not the password at all"
# nginx's own files, all inside the test's folder; the shipped site is included as Debian's
# /etc/nginx/nginx.conf includes sites-enabled/. The log names the hubs tried, the last answered.
NGINX_MAIN = """{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    log_format upstreams '$remote_addr $status "$request" $upstream_addr';
    access_log {prefix}/access.log upstreams;
    include {site};
}}
"""


def hub_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from ccis_hub.cli import main; raise SystemExit(main())", *args],
        capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "CCIS_HUB_PASSWORD": PASSWORD})


def add_user(db_url: str, name: str) -> None:
    added = hub_cli("user", "add", name, "--role", "adviser", "--db", db_url)
    assert added.returncode == 0, added.stderr


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        pytest.fail("nginx is missing: install the `nginx-light` package "
                    "(tests/system-packages.sh does it when run as root).")
    return found


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (its own CA), and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ccis-hub test")])
    now = dt.datetime.now(dt.UTC)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(ski, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                       critical=False)
        .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "fullchain.pem", folder / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def render_site(https_port: int, http_port: int, hubs: list[str], cert: Path, key: Path) -> str:
    """The shipped site with the test's ports, hubs and certificate; loopback only."""
    text = NGINX_SITE.read_text()
    swaps = [("127.0.0.1:8765", hubs[0]), ("127.0.0.1:8766", hubs[1]),
             ("listen 80;", f"listen 127.0.0.1:{http_port};"),
             ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
             ("    listen [::]:80;\n", ""), ("    listen [::]:443 ssl;\n", ""),
             ("/etc/ssl/ccis-hub/fullchain.pem", str(cert)),
             ("/etc/ssl/ccis-hub/privkey.pem", str(key))]
    for shipped, ours in swaps:
        assert text.count(shipped) == 1, f"the shipped nginx site no longer has {shipped!r}"
        text = text.replace(shipped, ours)
    return text


@dataclass
class Front:
    """nginx on 127.0.0.1 in front of hub processes on one database."""

    nginx: subprocess.Popen[bytes]
    https_port: int
    http_port: int
    folder: Path
    hubs: list[Served]
    ca: ssl.SSLContext
    db_url: str

    def client(self, source: str = "127.0.0.1") -> httpx.Client:
        """An HTTPS client trusting the test's certificate, connecting from `source`."""
        transport = httpx.HTTPTransport(verify=self.ca, local_address=source)
        return httpx.Client(base_url=f"https://127.0.0.1:{self.https_port}", timeout=30,
                            transport=transport)

    def login(self, name: str, source: str = "127.0.0.1") -> Api:
        http = self.client(source)
        answer = http.post("/v1/auth/login", json={"username": name, "password": PASSWORD,
                                                   "device_name": "laptop"})
        assert answer.status_code == 200, answer.text
        return Api(http, answer.json())

    def answered_by(self, probe: str, requests: int = 1) -> list[str]:
        """The upstream that answered each request whose line holds `probe` ("-": nginx), once
        `requests` of them are logged (nginx may log a request just after answering it)."""
        deadline = time.monotonic() + 10
        while True:
            lines = (self.folder / "access.log").read_text().splitlines()
            found = [line.rsplit('" ', 1)[1].split(", ")[-1] for line in lines if probe in line]
            if len(found) >= requests or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def hub_addresses(self) -> set[str]:
        return {hub.url.removeprefix("http://") for hub in self.hubs}


def start_front(folder: Path, db_url: str, hub_count: int = 2) -> Front:
    """Two hubs that trust the proxy at 127.0.0.1, and nginx on the shipped site."""
    nginx = nginx_binary()
    folder.mkdir(parents=True, exist_ok=True)
    hubs = [serve(db_url, folder / f"hub{n}.log", args=["--trusted-proxy", "127.0.0.1"])
            for n in range(hub_count)]
    addresses = [hub.url.removeprefix("http://") for hub in hubs]
    cert, key = make_certificate(folder)
    https_port, http_port = free_port(), free_port()
    site = folder / "ccis-hub.conf"
    site.write_text(render_site(https_port, http_port, (addresses * 2)[:2], cert, key))
    # Workers run as the test's own user (nginx started by root would switch them to nobody).
    user = "user root root;\n" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(NGINX_MAIN.format(user=user, prefix=folder, site=site))
    command = [nginx, "-p", f"{folder}/", "-e", str(folder / "error.log"), "-c", str(main)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60,
                             check=False)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    front = Front(process, https_port, http_port, folder, hubs,
                  ssl.create_default_context(cafile=str(cert)), db_url)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            return front
        except OSError:
            time.sleep(0.1)
    stop_front(front)
    raise AssertionError(f"nginx did not start: {(folder / 'error.log').read_text()[-2000:]}")


def stop_front(front: Front) -> None:
    for process in [front.nginx, *(hub.process for hub in front.hubs)]:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in [front.nginx, *(hub.process for hub in front.hubs)]:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def pg_db(pg_server: PgServer) -> Iterator[str]:
    """One fresh, migrated PostgreSQL hub database for this module's front."""
    name = pg_server.new_database()
    yield pg_server.sqlalchemy_url(name)
    pg_server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def front(pg_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    made = start_front(tmp_path_factory.mktemp("nginx"), pg_db)
    yield made
    stop_front(made)


def test_health_through_https_says_the_version(front: Front) -> None:
    answer = front.client().get("/health", params={"probe": "health"})

    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ok" and answer.json()["version"] == __version__
    assert answer.headers["strict-transport-security"].startswith("max-age=")
    assert "nginx/" not in answer.headers.get("server", "")  # server_tokens off
    assert front.answered_by("probe=health")[0] in front.hub_addresses()


def test_login_push_pull_through_nginx_over_two_hubs_on_one_database(front: Front) -> None:
    add_user(front.db_url, "pa")
    api = front.login("pa")
    pid, contact_id = new_id(), new_id()

    results = api.push([change("young_person", pid, "insert", person()),
                        change("contact", contact_id, "insert", contact(pid))])
    rows, _, cursor = api.pull_all()
    for _ in range(4):
        assert api.get("/v1/sync/digest?probe=spread").json()["count"] == 2

    assert [r["status"] for r in results] == ["applied", "applied"]
    assert sorted(r["row_id"] for r in rows) == sorted([pid, contact_id])
    assert cursor == results[-1]["rev"]
    # Round robin: both processes answered, and each knew the other's sign-in and rows.
    assert set(front.answered_by("probe=spread", 4)) == front.hub_addresses()


def test_sync_goes_on_through_nginx_when_one_of_two_hubs_dies(
        pg_server: PgServer, tmp_path: Path) -> None:
    name = pg_server.new_database()
    db_url = pg_server.sqlalchemy_url(name)
    add_user(db_url, "pa")
    front = start_front(tmp_path / "nginx", db_url)
    try:
        api = front.login("pa")
        dead, alive = front.hubs
        dead.process.send_signal(signal.SIGKILL)
        dead.process.wait(timeout=30)

        pid = api.add_person()  # POSTs too: a refused connection sent nothing, so nginx retries
        healths = [api.get("/health?probe=failover").status_code for _ in range(4)]
        rows, _, _ = api.pull_all()

        assert healths == [200] * 4 and [r["row_id"] for r in rows] == [pid]
        assert set(front.answered_by("probe=failover", 4)) == {
            alive.url.removeprefix("http://")}
    finally:
        stop_front(front)
        pg_server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_failed_logins_count_by_the_address_nginx_saw_never_a_forged_header(
        front: Front) -> None:
    add_user(front.db_url, "attacked")
    attacker, colleague = front.client("127.0.0.2"), front.client("127.0.0.3")
    guess = {"username": "attacked", "password": BAD, "device_name": "x"}
    statuses = []

    for n in range(12):  # five free tries, then a wait that doubles: a 429 comes soon
        # Each guess claims another address; nginx replaces it with the one it saw.
        answer = attacker.post("/v1/auth/login", json=guess,
                               headers={"X-Forwarded-For": f"10.9.8.{n}"})
        statuses.append(answer.status_code)
        if answer.status_code == 429:
            break
    signed_in = colleague.post("/v1/auth/login", json={
        "username": "attacked", "password": PASSWORD, "device_name": "school"})

    assert statuses[:5] == [401] * 5 and statuses[-1] == 429, statuses  # forging no escape
    assert signed_in.status_code == 200, signed_in.text  # another site is not held up


def test_plain_http_is_redirected_and_never_reaches_a_hub(front: Front) -> None:
    plain = httpx.get(f"http://127.0.0.1:{front.http_port}/health?probe=plain", timeout=30)
    login = httpx.post(f"http://127.0.0.1:{front.http_port}/v1/auth/login?probe=plain-login",
                       json={"username": "pa", "password": PASSWORD, "device_name": "x"},
                       timeout=30)
    wrong_port = httpx.get(f"http://127.0.0.1:{front.https_port}/health?probe=mixed",
                           timeout=30)

    assert plain.status_code == 301
    assert plain.headers["location"] == "https://127.0.0.1/health?probe=plain"
    assert login.status_code == 301
    assert wrong_port.status_code == 400  # plain HTTP sent to the HTTPS port
    assert front.answered_by("probe=plain", 2) == ["-", "-"]  # the GET and the login
    assert front.answered_by("probe=mixed") == ["-"]


def test_nginx_refuses_a_body_over_the_hubs_limit_in_the_hubs_error_shape(front: Front) -> None:
    add_user(front.db_url, "big")
    api = front.login("big")
    limit = HubSettings("sqlite://").max_body_bytes
    at_limit = b'{"changes": []' + b" " * (limit - 15) + b"}"
    assert len(at_limit) == limit

    over = api.http.post("/v1/sync/push?probe=over", content=at_limit + b" ",
                         headers={**api.headers, "Content-Type": "application/json"})
    at = api.http.post("/v1/sync/push?probe=atlimit", content=at_limit,
                       headers={**api.headers, "Content-Type": "application/json"})

    assert over.status_code == 413 and error_code(over) == "too_large"
    assert front.answered_by("probe=over") == ["-"]  # nginx refused it, no hub read it
    assert at.status_code == 422, at.text  # the hub's answer: an empty push is not valid
    assert front.answered_by("probe=atlimit")[0] in front.hub_addresses()


def test_the_shipped_site_forwards_the_address_nginx_saw_and_the_hubs_limit() -> None:
    site = "\n".join(line.split("#")[0] for line in NGINX_SITE.read_text().splitlines())
    forwarded = re.findall(r"proxy_set_header\s+X-Forwarded-For\s+(\S+);", site)
    body = re.findall(r"client_max_body_size\s+(\d+)m;", site)

    assert forwarded == ["$remote_addr"]  # not $proxy_add_x_forwarded_for, not the client's
    assert "$http_x_forwarded_for" not in site
    assert [int(size) * 1024 * 1024 for size in body] == [HubSettings("x").max_body_bytes]


def test_a_hub_without_trusted_proxy_ignores_a_forged_forwarded_address(
        tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'hub.db'}"
    add_user(db_url, "direct")
    hub = serve(db_url, tmp_path / "hub.log")
    statuses = []
    try:
        with httpx.Client(base_url=hub.url, timeout=30) as http:
            for n in range(12):  # each guess claims another address
                answer = http.post("/v1/auth/login", headers={"X-Forwarded-For": f"10.1.2.{n}"},
                                   json={"username": "direct", "password": BAD,
                                         "device_name": "x"})
                statuses.append(answer.status_code)
                if answer.status_code == 429:
                    break
    finally:
        hub.process.kill()
        hub.process.wait(timeout=30)

    assert statuses[:5] == [401] * 5 and statuses[-1] == 429, statuses


def test_trusted_proxy_takes_addresses_only() -> None:
    refused = hub_cli("serve", "--port", "0", "--trusted-proxy", "*")

    assert refused.returncode == 2
    assert "'*' is not an IP address or network" in refused.stderr


def test_pg_dump_and_pg_restore_bring_back_every_record(pg_server: PgServer,
                                                       tmp_path: Path) -> None:
    bindir = _pg_bindir()
    source = pg_server.new_database()
    url = pg_server.sqlalchemy_url(source)
    add_user(url, "pa")
    first = serve(url, tmp_path / "hub.log")
    restored_hub: Served | None = None
    try:
        api = Api(httpx.Client(base_url=first.url, timeout=30), _login(first.url, "pa"))
        pid = api.add_person()
        api.push([change("contact", new_id(), "insert", contact(pid)) for _ in range(20)])
        rows, _, cursor = api.pull_all()
        digest = api.get("/v1/sync/digest").json()
        health = httpx.get(f"{first.url}/health", timeout=30).json()
        dump = tmp_path / "ccis_hub.dump"
        _run([str(bindir / "pg_dump"), "-Fc", "-f", str(dump), "-d",
              pg_server.admin_url(source)])
        pg_server.execute("CREATE DATABASE hub_restored")  # empty: not the migrated template
        _run([str(bindir / "pg_restore"), "--no-owner", "--exit-on-error", "-d",
              pg_server.admin_url("hub_restored"), str(dump)])
        first.process.kill()
        first.process.wait(timeout=30)

        restored_hub = serve(pg_server.sqlalchemy_url("hub_restored"), tmp_path / "hub.log")
        api.http = httpx.Client(base_url=restored_hub.url, timeout=30)  # same device, tokens
        again, _, cursor_again = api.pull_all()
        digest_again = api.get("/v1/sync/digest").json()
        health_again = httpx.get(f"{restored_hub.url}/health", timeout=30).json()
        later = api.push_one(change("contact", new_id(), "insert", contact(pid)))

        assert len(rows) == 21
        assert again == rows and cursor_again == cursor and digest_again == digest
        assert health_again == health  # same release, same schema revision
        assert later["status"] == "applied" and later["rev"] > cursor  # revisions go on
    finally:
        for hub in (first, restored_hub):
            if hub is not None and hub.process.poll() is None:
                hub.process.kill()
                hub.process.wait(timeout=30)
        pg_server.execute("DROP DATABASE IF EXISTS hub_restored WITH (FORCE)")
        pg_server.execute(f"DROP DATABASE {source} WITH (FORCE)")


def test_systemd_unit_runs_the_hub_as_its_own_user_on_loopback_behind_the_proxy() -> None:
    unit = _unit_keys(UNIT.read_text())
    service = unit["Service"]

    assert service["ExecStart"] == [("/opt/ccis-hub/venv/bin/ccis-hub serve --host 127.0.0.1 "
                                     "--port %i --trusted-proxy 127.0.0.1")]
    assert service["User"] == ["ccis_hub"] and service["Group"] == ["ccis_hub"]
    assert service["EnvironmentFile"] == ["/etc/ccis-hub/hub.env"]
    assert service["Restart"] == ["on-failure"] and service["UMask"] == ["0077"]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes", "PrivateDevices": "yes",
                       "CapabilityBoundingSet": "", "RestrictSUIDSGID": "yes"}.items():
        assert service[key] == [value], key
    assert "After" in unit["Unit"] and unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not on this machine: the unit's keys are checked by "
                    "test_systemd_unit_runs_the_hub_as_its_own_user_on_loopback_behind_the_proxy")
    # An instance of the template, its program somewhere that exists here (verify checks it).
    instance = tmp_path / "ccis-hub@8765.service"
    instance.write_text(UNIT.read_text().replace("/opt/ccis-hub/venv/bin/ccis-hub",
                                                 sys.executable))

    result = subprocess.run([analyze, "verify", str(instance)], capture_output=True,
                            text=True, timeout=120, check=False)

    # verify exits 0 on unknown keys and bad values, and says so: it must say nothing.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def _login(url: str, name: str) -> dict[str, object]:
    answer = httpx.post(f"{url}/v1/auth/login", timeout=30, json={
        "username": name, "password": PASSWORD, "device_name": "laptop"})
    assert answer.status_code == 200, answer.text
    tokens: dict[str, object] = answer.json()
    return tokens


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def _unit_keys(text: str) -> dict[str, dict[str, list[str]]]:
    """A systemd unit's sections and keys, each with every value it is given."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        else:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), []).append(value.strip())
    return sections
