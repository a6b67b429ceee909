"""The laptop store made by release 0.1 (tests/upgrade/data/v0.1/laptop, never regenerated)
keeps no device identity. Opened by this version on a laptop without a working keyring and
synced with its own hub (0.1's, upgraded, on PostgreSQL: the SQLite copy lacks its rows), its
first sync registers one device and stores who it is (0.1's refresh token went with its
keyring), its next syncs are that same device, and the changes 0.1 left unsent arrive."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from cli_runner import run_cli
from hub.conftest import PgServer
from sync_net.hubproc import Hub
from upgrade import test_hub_upgrade as release

pg_server = release.pg_server


def test_a_release_store_registers_once_and_stays_that_device(tmp_path: Path,
                                                             pg_server: PgServer) -> None:
    url = release.load_release_dump(pg_server, "hub_v01_laptop")
    shutil.copytree(release.DATA / "laptop", tmp_path / "laptop")
    hub = Hub(url, tmp_path)
    hub.start()
    try:
        shell = {**os.environ, "PACLIENT_HOME": str(tmp_path / "laptop"),
                 "PACLIENT_PASSPHRASE": (release.DATA / "passphrase.txt").read_text().strip(),
                 "PACLIENT_HUB_PASSWORD": release.PASSWORD, "PACLIENT_SYNC_RETRY": "3,5,0.02",
                 "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        outputs, devices = [], []
        for _ in range(3):
            synced = run_cli(shell, "sync", "--server", hub.url)
            assert synced.returncode == 0, synced.stdout + synced.stderr
            outputs.append(synced.stdout)
            listed = hub.cli("device", "list", "--user", "pa1").stdout.splitlines()
            devices.append([line.split("\t")[0] for line in listed])
        assert outputs[0].startswith("Pushed 2 change(s)") and "0 rejected" in outputs[0]
        assert len(devices[0]) == 2 and devices[1:] == [devices[0]] * 2  # 0.1's and this one
    finally:
        hub.stop()
        pg_server.execute("DROP DATABASE hub_v01_laptop WITH (FORCE)")
