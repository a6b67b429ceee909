"""Who is an administrator on a laptop: the role the hub answered at the last sign-in. A real
hub and real `paclient` commands: an adviser's laptop is refused a change to the assessment
factors, an administrator's laptop makes it."""

from __future__ import annotations

import os
from pathlib import Path

from cli_runner import run_cli
from hubproc import HUB_PASSWORD

PASSPHRASE = "correct horse battery staple"


def laptop(hub, folder: Path, username: str) -> dict[str, str]:
    env = {**os.environ, "PACLIENT_HOME": str(folder), "PACLIENT_PASSPHRASE": PASSPHRASE,
           "PACLIENT_SYNC_RETRY": "3,5,0.02", "PACLIENT_HUB_PASSWORD": HUB_PASSWORD}
    made = run_cli(env, "init", "--name", username, "--username", username, "--hub", hub.url)
    assert made.returncode == 0, made.stderr
    return env


def test_only_the_laptop_of_an_administrator_changes_the_factors(hub, tmp_path, file_keyring):
    hub.add_user("ad1", "admin")
    adviser, admin = laptop(hub, tmp_path / "pa1", "pa1"), laptop(hub, tmp_path / "ad1", "ad1")

    before_sign_in = run_cli(admin, "factors", "add", "Gambling", "--area", "personal")
    for env in (adviser, admin):
        synced = run_cli(env, "sync")
        assert synced.returncode == 0, synced.stdout + synced.stderr
    refused = run_cli(adviser, "factors", "add", "Gambling", "--area", "personal")
    added = run_cli(admin, "factors", "add", "Gambling", "--area", "personal")

    assert before_sign_in.returncode == 1 and "administrator" in before_sign_in.stderr
    assert refused.returncode == 1 and "administrator" in refused.stderr
    assert added.returncode == 0, added.stderr
    assert added.stdout == "Added la_gambling: Gambling.\n"
