"""`paclient sync` as a newcomer's shell runs it, against the real hub: what it prints, its exit
codes, the password asked only when no saved token works, and a revoked laptop erased."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from cli_runner import run_cli
from hubproc import HUB_PASSWORD

from paclient.storage.paths import StorePaths

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def shell(hub, tmp_path: Path, file_keyring) -> dict[str, str]:
    """A store made by `paclient init --hub URL`, with a small demo caseload; no hub password
    in the environment (each test adds it where a sign-in is expected)."""
    env = {**os.environ, "PACLIENT_HOME": str(tmp_path / "home"),
           "PACLIENT_PASSPHRASE": PASSPHRASE, "PACLIENT_SYNC_RETRY": "3,5,0.02"}
    env.pop("PACLIENT_HUB_PASSWORD", None)
    made = run_cli(env, "init", "--name", "Pat Adviser", "--username", "pa1", "--hub", hub.url)
    assert made.returncode == 0, made.stderr
    filled = run_cli(env, "demo", "--people", "5", "--contacts", "2", "--seed", "2")
    assert filled.returncode == 0, filled.stderr
    return env


def test_first_sync_signs_in_pushes_and_says_what_it_did(shell, hub, file_keyring):
    synced = run_cli({**shell, "PACLIENT_HUB_PASSWORD": HUB_PASSWORD}, "sync")
    assert synced.returncode == 0, synced.stderr
    lines = synced.stdout.splitlines()
    assert lines[0].startswith("Pushed ") and "0 rejected" in lines[0]
    assert lines[-1] == "Up to date."
    assert "Pat" not in synced.stdout  # counts and ids only
    assert hub.query("SELECT count(*) FROM record WHERE table_name = 'young_person'") == [(5,)]
    saved = json.loads(file_keyring.read_text())
    assert [k for k in saved if k.startswith("paclient-hub\n")]  # the refresh token, kept

    again = run_cli(shell, "sync")  # no password anywhere: the saved token must do
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Pushed 0 change(s)")


def test_no_saved_token_and_no_password_or_a_wrong_one_is_exit_4(shell):
    refused = run_cli(shell, "sync")  # not a terminal: it cannot ask, so it says so
    assert refused.returncode == 4
    assert refused.stderr == ("paclient: The hub needs your password: type it when asked or "
                              "set PACLIENT_HUB_PASSWORD.\n")
    wrong = run_cli({**shell, "PACLIENT_HUB_PASSWORD": "not it at all"}, "sync")
    assert (wrong.returncode, wrong.stderr) == (
        4, "paclient: The hub refused the user name or password.\n")


def test_an_unreachable_hub_is_exit_3_and_keeps_the_changes(shell):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failed = run_cli({**shell, "PACLIENT_HUB_PASSWORD": HUB_PASSWORD}, "sync", "--server",
                     f"http://127.0.0.1:{port}")
    assert failed.returncode == 3
    assert "cannot be reached (3 attempt(s)" in failed.stderr
    assert "your changes are kept" in failed.stderr


def test_a_revoked_laptop_is_erased_and_says_so(shell, hub, file_keyring):
    assert run_cli({**shell, "PACLIENT_HUB_PASSWORD": HUB_PASSWORD}, "sync").returncode == 0
    listed = hub.cli("device", "list", "--user", "pa1")
    [device_id] = [line.split("\t")[0] for line in listed.stdout.splitlines() if line.strip()]
    assert hub.cli("device", "revoke", device_id).returncode == 0

    revoked = run_cli(shell, "sync")
    assert revoked.returncode == 4
    assert "revoked" in revoked.stderr and "erased" in revoked.stderr
    home = Path(shell["PACLIENT_HOME"])
    assert not StorePaths(home).db.exists() and not StorePaths(home).slots.exists()
    assert not [k for k in json.loads(file_keyring.read_text())
                if k.startswith("paclient-hub\n")]
    after = run_cli(shell, "people")
    assert after.returncode == 1 and "paclient init" in after.stderr
