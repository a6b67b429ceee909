"""Issue 13, findings 6-10 (identity), each written as the attack: the file, the command or the
requests an attacker or a careless user would send; each asserts the refusal and that nothing
changed. The hub runs in process (SQLite and PostgreSQL), as `ccis-hub serve` where requests
must really run at once, and with real `paclient` commands for the laptop."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import secrets
import shutil
import struct
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from hub import conftest as hub_fixtures
from hub.conftest import PASSWORD, HubEnv, Served
from hub.hubkit import change, error_code, new_id, person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ccis import device_keys, transfer_file
from ccis_hub import cli
from ccis_hub.throttle import ADDRESS_FREE_FAILURES, FREE_FAILURES

# The hub tests' fixtures (both backends, in process and served), without a conftest here.
pg_server, sqlite_template, db_url = (hub_fixtures.pg_server, hub_fixtures.sqlite_template,
                                      hub_fixtures.db_url)
fast_hashing, make_env, env, served = (hub_fixtures.fast_hashing, hub_fixtures.make_env,
                                       hub_fixtures.env, hub_fixtures.served)

# --- helpers -------------------------------------------------------------------------------


def _hub_cli(*args: str, password: str = PASSWORD) -> tuple[int, str]:
    """`ccis-hub ARGS` through its entry point; the exit code and what it wrote to stderr
    (a traceback would escape and fail the test)."""
    stderr, stdout = io.StringIO(), io.StringIO()
    previous = os.environ.get("CCIS_HUB_PASSWORD")
    os.environ["CCIS_HUB_PASSWORD"] = password
    try:
        with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
            code = cli.main(list(args))
    finally:
        if previous is None:
            os.environ.pop("CCIS_HUB_PASSWORD", None)
        else:
            os.environ["CCIS_HUB_PASSWORD"] = previous
    return code, stderr.getvalue()


def _one_sentence(stderr: str) -> bool:
    lines = stderr.strip().splitlines()
    return len(lines) == 1 and lines[0].endswith(".") and "Traceback" not in stderr


def _count(env: HubEnv, sql: str) -> int:
    with env.hub.readers() as session:
        return int(session.execute(text(sql)).scalar_one())


def _v1_file(changes: list[dict[str, Any]], username: str, code: str, n: int = 2**15) -> bytes:
    """A transfer file as paclient 0.1 wrote it (unsigned; the writer named in the payload)."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = json.dumps({"version": 1, "kdf": "scrypt", "n": n, "r": 8, "p": 1,
                         "salt": base64.b64encode(salt).decode(),
                         "nonce": base64.b64encode(nonce).decode()}, sort_keys=True).encode()
    payload = json.dumps({"username": username, "device_name": "forged",
                          "created_at": "2026-12-01T10:00:00", "changes": changes}).encode()
    key = Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(
        transfer_file.normalise_code(code).encode())
    sealed = AESGCM(key).encrypt(nonce, payload, transfer_file.MAGIC + header)
    return transfer_file.MAGIC + struct.pack(">I", len(header)) + header + sealed


def _with_header(data: bytes, code: str, **changed: Any) -> bytes:
    """`data` (a file this version wrote) re-sealed under the same code with header fields
    `changed` (what a hand-made file may claim)."""
    start = len(transfer_file.MAGIC) + 4
    length = struct.unpack(">I", data[len(transfer_file.MAGIC):start])[0]
    old_header = json.loads(data[start:start + length])
    old_key = Scrypt(salt=base64.b64decode(old_header["salt"]), length=32, n=2**15, r=8,
                     p=1).derive(transfer_file.normalise_code(code).encode())
    plain = AESGCM(old_key).decrypt(base64.b64decode(old_header["nonce"]),
                                    data[start + length:],
                                    transfer_file.MAGIC + data[start:start + length])
    header = {**old_header, **changed}
    raw = json.dumps(header, sort_keys=True).encode()
    key = Scrypt(salt=base64.b64decode(header["salt"]), length=32, n=header["n"],
                 r=header["r"], p=header["p"]).derive(transfer_file.normalise_code(code).encode())
    sealed = AESGCM(key).encrypt(base64.b64decode(header["nonce"]), plain,
                                 transfer_file.MAGIC + raw)
    return transfer_file.MAGIC + struct.pack(">I", len(raw)) + raw + sealed


# --- finding 6: transfer files bound to a device -------------------------------------------


def _signed_in(env: HubEnv, name: str, key: str, device: str = "laptop") -> str:
    """Log `name` in from a device giving the public half of `key`; the device id."""
    return str(env.login(name, device, public_key=device_keys.public_key(key))
               .tokens["device_id"])


def test_finding_06_forged_unsigned_or_revoked_transfer_files_apply_nothing(
        env: HubEnv, db_url: str, tmp_path: Path) -> None:
    env.add_user("tl1", "team_leader", "North")
    env.add_user("pa", "adviser", "North")
    env.add_user("admin1", "admin")
    mine, theirs = device_keys.new_private_key(), device_keys.new_private_key()
    my_device = _signed_in(env, "pa", mine)
    leader_device = _signed_in(env, "tl1", theirs)
    code = transfer_file.new_code()
    changes = [change("young_person", new_id(), "insert", person())]

    def sealed(username: str, device_id: str, key: str, **extra: Any) -> bytes:
        return transfer_file.seal(changes, username=username, device_id=device_id,
                                  device_name="laptop", signing_key=key, code=code, **extra)

    attacks = {
        # 0.1's format: the writer is whoever the payload names (here an administrator)
        "unsigned 0.1 file": _v1_file(changes, "admin1", code),
        # my own device's key, the team leader's name
        "forged writer": sealed("tl1", my_device, mine),
        # the team leader's device named, signed with my key
        "another user's device": sealed("tl1", leader_device, mine),
        # a key made for the purpose, a device id made up
        "unknown device": sealed("pa", str(uuid.uuid4()), device_keys.new_private_key()),
        # key derivation asking for twice the memory the writer uses (0.1 took up to 2**20)
        "costly scrypt": _with_header(sealed("pa", my_device, mine), code, n=2**16),
    }
    for attack, data in attacks.items():
        path = tmp_path / f"{attack}.pacsync"
        path.write_bytes(data)
        status, stderr = _hub_cli("import-transfer", str(path), "--code", code, "--db", db_url)
        assert status == 1 and _one_sentence(stderr), (attack, stderr)
        assert _count(env, "SELECT count(*) FROM record") == 0, attack

    genuine = tmp_path / "genuine.pacsync"
    genuine.write_bytes(sealed("pa", my_device, mine))
    assert _hub_cli("device", "revoke", my_device, "--db", db_url)[0] == 0  # a lost laptop
    status, stderr = _hub_cli("import-transfer", str(genuine), "--code", code, "--db", db_url)
    assert status == 1 and _one_sentence(stderr) and "revoked" in stderr, stderr
    assert _count(env, "SELECT count(*) FROM record") == 0


def test_finding_06_a_file_signed_by_its_users_device_applies(env: HubEnv, db_url: str,
                                                             tmp_path: Path) -> None:
    env.add_user("pa", "adviser", "North")
    key = device_keys.new_private_key()
    device = _signed_in(env, "pa", key)
    code, path = transfer_file.new_code(), tmp_path / "genuine.pacsync"
    path.write_bytes(transfer_file.seal([change("young_person", new_id(), "insert", person())],
                                        username="pa", device_id=device, device_name="laptop",
                                        signing_key=key, code=code))
    status, stderr = _hub_cli("import-transfer", str(path), "--code", code, "--db", db_url)
    assert (status, stderr) == (0, "")
    assert _count(env, "SELECT count(*) FROM record") == 1


MUTATIONS = st.one_of(
    st.tuples(st.just("truncate"), st.integers(min_value=0, max_value=10_000)),
    st.tuples(st.just("flip"), st.integers(min_value=0, max_value=10_000),
              st.integers(min_value=0, max_value=7)),
    st.tuples(st.just("header"), st.dictionaries(
        st.sampled_from(["version", "kdf", "n", "r", "p", "salt", "nonce", "other"]),
        st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(),
                  st.text(max_size=30)), max_size=8)),
    st.tuples(st.just("bytes"), st.binary(max_size=300)),
)


def _mutated(data: bytes, mutation: tuple[Any, ...]) -> bytes:
    kind = mutation[0]
    if kind == "truncate":
        return data[:mutation[1] % len(data)]
    if kind == "flip":
        flipped = bytearray(data)
        flipped[mutation[1] % len(data)] ^= 1 << mutation[2]
        return bytes(flipped)
    if kind == "header":
        start = len(transfer_file.MAGIC) + 4
        length = struct.unpack(">I", data[len(transfer_file.MAGIC):start])[0]
        header = json.dumps(mutation[1]).encode()
        return transfer_file.MAGIC + struct.pack(">I", len(header)) + header + data[
            start + length:]
    return transfer_file.MAGIC + bytes(mutation[1])


def test_finding_06_malformed_transfer_files_get_one_sentence_and_apply_nothing(
        env: HubEnv, db_url: str) -> None:
    env.add_user("pa", "adviser", "North")
    key = device_keys.new_private_key()
    device = _signed_in(env, "pa", key)
    code = transfer_file.new_code()
    data = transfer_file.seal([change("young_person", new_id(), "insert", person())],
                              username="pa", device_id=device, device_name="laptop",
                              signing_key=key, code=code)
    folder = Path(tempfile.mkdtemp(prefix="transfer-fuzz-"))

    @settings(max_examples=30, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(MUTATIONS)
    def damaged_file_is_refused(mutation: tuple[Any, ...]) -> None:
        path = folder / "damaged.pacsync"
        path.write_bytes(_mutated(data, mutation))
        status, stderr = _hub_cli("import-transfer", str(path), "--code", code, "--db", db_url)
        assert status == 1 and _one_sentence(stderr), stderr
        assert _count(env, "SELECT count(*) FROM record") == 0

    try:
        damaged_file_is_refused()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- finding 7: account rules ---------------------------------------------------------------


def test_finding_07_weak_passwords_and_bad_user_names_are_refused(env: HubEnv,
                                                                  db_url: str) -> None:
    env.add_user("pa")
    users = _count(env, "SELECT count(*) FROM hub_user")
    for name, password in [("newcomer", "x"), ("newcomer", "password"),
                           ("newcomer", "PassWord1234"), ("newcomer", "qwertyuiop123"),
                           ("", PASSWORD), ("a" * 300, PASSWORD), ("new comer", PASSWORD),
                           ("../etc", PASSWORD)]:
        status, stderr = _hub_cli("user", "add", name, "--role", "adviser", "--db", db_url,
                                  password=password)
        assert status == 1 and _one_sentence(stderr), (name[:10], stderr)
        assert password in (PASSWORD, "password") or password not in stderr
    assert _count(env, "SELECT count(*) FROM hub_user") == users
    for weak in ("short", "Password1234"):
        status, stderr = _hub_cli("user", "passwd", "pa", "--db", db_url, password=weak)
        assert status == 1 and _one_sentence(stderr), stderr
    assert env.login("pa").tokens["user"]["username"] == "pa"  # the old password still works
    status, _ = _hub_cli("user", "add", "new.comer_2-b", "--role", "adviser", "--db", db_url,
                         password="twelve chars")
    assert status == 0


def test_finding_07_the_laptop_refuses_a_hub_user_name_the_hub_would_refuse(
        tmp_path: Path) -> None:
    from cli_runner import run_cli

    shell = {**os.environ, "PACLIENT_HOME": str(tmp_path / "home"),
             "PACLIENT_PASSPHRASE": "correct horse battery staple"}
    for name in ("pat adviser", "x" * 65, "pa1;drop"):
        made = run_cli(shell, "init", "--name", "Pat Adviser", "--username", name)
        assert made.returncode != 0 and "64 letters" in made.stderr, made.stderr
        assert "Traceback" not in made.stderr
        assert not any((tmp_path / "home").glob("*.db"))  # no store was made


# --- finding 8: refresh-token reuse ends the family -----------------------------------------


def test_finding_08_a_replayed_refresh_token_ends_its_whole_family(env: HubEnv) -> None:
    env.add_user("pa")
    laptop = env.login("pa")
    other = env.login("pa", "desktop")  # another sign-in: another family
    stolen = laptop.tokens["refresh_token"]
    renewed = env.client.post("/v1/auth/refresh", json={"refresh_token": stolen})
    assert renewed.status_code == 200
    current = renewed.json()

    replayed = env.client.post("/v1/auth/refresh", json={"refresh_token": stolen})
    assert replayed.status_code == 401
    after = env.client.post("/v1/auth/refresh", json={"refresh_token": current["refresh_token"]})
    assert after.status_code == 401, after.text  # the token issued in its place is dead too
    assert error_code(after) == "token_invalid"
    access = env.client.get("/v1/sync/digest",
                            headers={"Authorization": f"Bearer {current['access_token']}"})
    assert access.status_code == 401
    with env.hub.readers() as session:
        events = session.execute(text(
            "SELECT kind, device_id FROM security_event")).all()
    assert [(kind, uuid.UUID(str(device))) for kind, device in events] == [
        ("refresh_token_reused", uuid.UUID(laptop.tokens["device_id"]))]
    assert other.get("/v1/sync/digest").status_code == 200  # not that family: untouched
    again = env.login("pa", device_id=laptop.tokens["device_id"])  # the password: same device
    assert again.tokens["device_id"] == laptop.tokens["device_id"]
    assert again.get("/v1/sync/digest").status_code == 200


# --- finding 9: throttling by account and address, counted at once ---------------------------


def _attempts(url: str, name: str, password: str, count: int) -> list[int]:
    """`count` logins sent at the same moment from threads; their statuses."""
    start, statuses = threading.Barrier(count), [0] * count

    def one(n: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            start.wait(timeout=60)
            statuses[n] = http.post("/v1/auth/login", json={
                "username": name, "password": password, "device_name": "x"}).status_code

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return statuses


def test_finding_09_guessing_slows_the_account_not_its_colleagues_and_counts_every_try(
        db_url: str, served: Callable[..., Served]) -> None:
    for name in ("pa", "target"):
        assert _hub_cli("user", "add", name, "--role", "adviser", "--db", db_url)[0] == 0
    server = served()
    guesses = _attempts(server.url, "target", "wrong guess here", 3 * FREE_FAILURES)
    # each one counted, even at the same moment: the account at this address is slowed
    assert guesses.count(401) <= FREE_FAILURES and guesses.count(429) >= 2 * FREE_FAILURES
    assert set(guesses) <= {401, 429}

    with httpx.Client(base_url=server.url, timeout=120) as http:
        def login(name: str, password: str = PASSWORD) -> int:
            return http.post("/v1/auth/login", json={
                "username": name, "password": password, "device_name": "x"}).status_code

        assert login("pa") == 200  # a colleague at the same address signs in
        statuses = []
        for n in range(ADDRESS_FREE_FAILURES + 1):  # a spray, one guess at each of many names
            statuses.append(login(f"guess{n}", "wrong guess here"))
            if statuses[-1] == 429:
                break
        assert statuses[-1] == 429  # past the higher threshold the address is slowed


# --- finding 10: a laptop without a keyring stays one device ---------------------------------


@pytest.fixture
def hub_process(tmp_path: Path) -> Iterator[Any]:
    """A real ccis-hub process on SQLite with the adviser pa1."""
    from sync_net.hubproc import HUB_PASSWORD, Hub

    made = Hub(f"sqlite:///{tmp_path / 'hub.db'}", tmp_path)
    made.add_user("pa1", "adviser", "--team", "North")
    made.start()
    made.password = HUB_PASSWORD  # type: ignore[attr-defined]
    yield made
    made.stop()


def test_finding_10_a_laptop_without_keyring_registers_once_remembers_its_user_and_is_revoked(
        hub_process: Any, tmp_path: Path) -> None:
    from cli_runner import run_cli

    hub = hub_process
    shell = {**os.environ, "PACLIENT_HOME": str(tmp_path / "home"),
             "PACLIENT_PASSPHRASE": "correct horse battery staple",
             "PACLIENT_SYNC_RETRY": "3,5,0.02", "PACLIENT_HUB_PASSWORD": hub.password,
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    made = run_cli(shell, "init", "--name", "Pat Adviser", "--username", "pat.adviser",
                   "--hub", hub.url)
    assert made.returncode == 0, made.stderr
    first = run_cli(shell, "sync", "--user", "pa1")  # the hub's name differs from the local one
    assert first.returncode == 0, first.stderr
    for _ in range(2):
        again = run_cli(shell, "sync")  # no --user, no saved token: the password again
        assert again.returncode == 0, again.stderr
    devices = hub.cli("device", "list", "--user", "pa1").stdout.splitlines()
    assert len(devices) == 1, devices
    assert hub.cli("device", "revoke", devices[0].split("\t")[0]).returncode == 0
    revoked = run_cli(shell, "sync")
    assert revoked.returncode == 4 and "revoked" in revoked.stderr, revoked.stderr
    assert len(hub.cli("device", "list", "--user", "pa1").stdout.splitlines()) == 1
