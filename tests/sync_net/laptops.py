"""Laptops driven through the `paclient` command line, as a person at a terminal would: each
with its own encrypted store in the test's folder, set up to sync with a real hub."""

from __future__ import annotations

import os
from pathlib import Path

from cli_runner import run_cli
from hubproc import HUB_PASSWORD

PASSPHRASE = "correct horse battery staple"


def laptop(tmp_path: Path, folder: str, hub_url: str, *,
           username: str | None = None) -> dict[str, str]:
    """The environment of a laptop whose store is `tmp_path/folder`, made with `paclient init`
    for hub user `username` (the folder's name unless given)."""
    user = username or folder
    env = {**os.environ, "PACLIENT_HOME": str(tmp_path / folder),
           "PACLIENT_PASSPHRASE": PASSPHRASE, "PACLIENT_HUB_PASSWORD": HUB_PASSWORD,
           "PACLIENT_SYNC_RETRY": "2,5,0.1"}
    made = run_cli(env, "init", "--name", f"Adviser {user}", "--username", user,
                   "--hub", hub_url)
    assert made.returncode == 0, made.stderr
    return env


def ok(env: dict[str, str], *args: str) -> str:
    """What `paclient ARGS` printed; the test fails with its output if it did not succeed."""
    result = run_cli(env, *args)
    assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result.stdout
