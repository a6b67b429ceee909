"""The sync commands from a shell: transfer file, conflicts, changes needing attention."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from cli_runner import run_cli

from ccis import device_keys, transfer_file
from paclient.models import new_id
from paclient.services.bundle import open_services
from paclient.storage import outbox, store_settings
from paclient.storage.store import Store
from paclient.sync.acknowledge import acknowledge

PASSPHRASE = "correct horse battery staple"  # as tests/conftest.py (a bare `conftest` import
# resolves to tests/sync_net/conftest.py when both folders are collected)
DOB = dt.date(2009, 3, 14)


@pytest.fixture
def cli_store(home, cli_env):
    """A store made by `paclient init`, with two people whose changes await the hub."""
    made = run_cli(cli_env, "init", "--name", "Pat Adviser", "--username", "pa.cli")
    assert made.returncode == 0, made.stderr
    store = Store.unlock(home, PASSPHRASE)
    services = open_services(store)
    people = [services.people.add_person(given_name="Ria", family_name=f"Cli{n}",
                                         date_of_birth=DOB, gender="F") for n in range(2)]
    store.close()
    return home, [p.id for p in people]


def _in_store(home, work):
    store = Store.unlock(home, PASSPHRASE)
    try:
        return work(open_services(store))
    finally:
        store.close()


def _pending(services):
    with services.ctx.read() as session:
        return outbox.pending(session, limit=10_000)


def _registered(home, key):
    """What a first sign-in leaves in the store: the hub's device id and the signing key."""
    store = Store.unlock(home, PASSPHRASE)
    try:
        with store.write.begin() as session:
            store_settings.put(session, store_settings.DEVICE_ID, str(new_id()))
            store_settings.put(session, store_settings.DEVICE_KEY, key)
    finally:
        store.close()


def test_sync_file_needs_a_device_that_signed_in_once(cli_store, cli_env, tmp_path):
    out = tmp_path / "to-hub.pacsync"
    result = run_cli(cli_env, "sync", "--file", str(out))
    assert result.returncode != 0 and "sync once online first" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_sync_file_writes_every_pending_change_and_marks_nothing_sent(cli_store, cli_env,
                                                                       tmp_path):
    home, _people = cli_store
    key = device_keys.new_private_key()
    _registered(home, key)
    before = _in_store(home, _pending)
    out = tmp_path / "to-hub.pacsync"
    result = run_cli(cli_env, "sync", "--file", str(out), "--page-size", "1")
    assert result.returncode == 0, result.stderr
    code = re.search(r"One-time code: (\S+)", result.stdout).group(1)
    payload = transfer_file.read(out, code)
    assert payload.username == "pa.cli"
    assert payload.signed_by(device_keys.public_key(key))
    assert [c["change_id"] for c in payload.changes] == [str(c.change_id) for c in before]
    assert payload.changes[-1]["fields"]["family_name"] == "Cli1"
    assert {"seq"} & set(payload.changes[0]) == set()
    assert _in_store(home, _pending) == before  # still pending until the hub answers online
    assert "Cli1" not in out.read_bytes().decode("latin-1")


def test_sync_help_says_the_file_leaves_changes_pending(cli_env):
    result = run_cli(cli_env, "sync", "--help")
    assert result.returncode == 0
    assert "duplicates" in result.stdout and "--file" in result.stdout


def test_conflicts_and_changes_needing_attention_are_listed_and_handled(cli_store, cli_env):
    home, (first, second) = cli_store

    def answer(services):
        changes = {c.row_id: c for c in _pending(services)}
        services.people.update_person(first, postcode="ME14 1XX")
        (update,) = [c for c in _pending(services) if c.op == "update"]
        with services.ctx.write.begin() as session:
            acknowledge(session, [
                {"change_id": str(changes[first].change_id), "status": "applied", "rev": 10,
                 "reason": None, "conflicts": []},
                {"change_id": str(update.change_id), "status": "conflict", "rev": 12,
                 "reason": None, "conflicts": [{"conflict_id": str(new_id()),
                                                "field": "postcode", "device_value": "ME14 1XX",
                                                "hub_value": "CT1 1AA", "hub_rev": 11}]},
                {"change_id": str(changes[second].change_id), "status": "rejected",
                 "rev": None, "reason": "out of scope", "conflicts": []}])
        return changes[second].change_id

    rejected = _in_store(home, answer)

    listed = run_cli(cli_env, "conflicts", "--json")
    assert listed.returncode == 0, listed.stderr
    (conflict,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (conflict["person_id"], conflict["table"], conflict["field"], conflict["local_value"],
            conflict["hub_value"]) == (str(first), "young_person", "postcode", "ME14 1XX",
                                       "CT1 1AA")
    text = run_cli(cli_env, "conflicts").stdout
    assert first.hex[-8:] in text and '"CT1 1AA"' in text

    attention = run_cli(cli_env, "sync-attention", "--json")
    (item,) = [json.loads(line) for line in attention.stdout.splitlines()]
    assert (item["change_id"], item["person_id"], item["reason"]) == (
        str(rejected), str(second), "out of scope")

    refused = run_cli(cli_env, "sync-attention", "--discard", rejected.hex[-8:])
    assert refused.returncode == 1 and "cannot be discarded" in refused.stderr
    assert run_cli(cli_env, "sync-attention", "--resend", rejected.hex[-8:]).returncode == 0
    assert "No change needs attention." in run_cli(cli_env, "sync-attention").stdout

    resolved = run_cli(cli_env, "resolve-conflict", conflict["id"][-8:], "--keep", "hub")
    assert resolved.returncode == 0, resolved.stderr
    assert run_cli(cli_env, "conflicts", "--json").stdout == ""
    update = _in_store(home, lambda s: [c for c in _pending(s) if c.op == "update"])
    assert [(u.fields, u.base_rev) for u in update] == [({"postcode": "CT1 1AA"}, 11)]

    missing = run_cli(cli_env, "resolve-conflict", "ffffffff", "--keep", "hub")
    assert missing.returncode == 1 and "No open conflict matches" in missing.stderr
