"""`ccis-hub import-transfer`: an offline transfer file applied like a push, exactly once."""

from __future__ import annotations

from pathlib import Path

from hub.conftest import HubEnv
from hub.hubkit import change, contact, new_id, person
from hub.test_server import ccis_hub

from ccis import device_keys, transfer_file


def test_transfer_file_applies_once_as_its_user(env: HubEnv, db_url: str,
                                                tmp_path: Path) -> None:
    key = device_keys.new_private_key()
    env.add_user("pa")
    pa = env.login("pa", "cell-laptop", public_key=device_keys.public_key(key))
    pid = new_id()
    changes = [change("young_person", pid, "insert", person()),
               change("contact", new_id(), "insert", contact(pid)),
               change("contact", new_id(), "update", {"agreed": "x"}, 1)]  # no such row
    code, path = transfer_file.new_code(), tmp_path / "custody.sync"
    path.write_bytes(transfer_file.seal(changes, username="pa",
                                        device_id=pa.tokens["device_id"],
                                        device_name="cell-laptop", signing_key=key, code=code))
    wrong = ccis_hub("import-transfer", str(path), "--code", transfer_file.new_code(),
                     "--db", db_url)
    assert wrong.returncode == 1 and "cannot be read" in wrong.stderr
    first = ccis_hub("import-transfer", str(path), "--code", code, "--db", db_url)
    assert (first.returncode, first.stdout.strip()) == (0, "applied=2 rejected=1"), first.stderr
    rows, _, cursor = pa.pull_all()
    assert {r["row_id"] for r in rows} == {pid, changes[1]["row_id"]}
    second = ccis_hub("import-transfer", str(path), "--code", code, "--db", db_url)
    assert second.stdout.strip() == "duplicate=2 rejected=1"
    assert pa.pull_all(cursor)[0] == []
