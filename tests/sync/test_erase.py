"""Erasing a revoked device's store: everything paclient made, nothing else."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend

from paclient.storage import keyring_unlock
from paclient.storage.paths import StorePaths
from paclient.storage.store import Store
from paclient.sync.erase import erase_device


class MemoryKeyring(KeyringBackend):
    """An in-process keyring (no desktop keyring runs in CI)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    """Every test here uses its own keyring: erasing touches whichever keyring is current,
    and another test's (a file keyring of the sync tests) must never be it."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_erase_removes_the_store_its_copies_and_keyring_entries_only(
        home, passphrase, memory_keyring):
    store, _ = Store.create(home, passphrase)
    keyring_unlock.enable(store.paths, store.data_key)
    store.close()
    paths = StorePaths(home)
    paths.backups.mkdir()
    migration_copy = paths.backups / "before-migration-0001-20261122-101500.pacbak"
    migration_copy.write_bytes(b"encrypted copy")
    aside = paths.backups / "before-restore-20261122-101500-123456"
    aside.mkdir()
    (aside / "paclient.db").write_bytes(b"old")
    (aside / "keyslots.json").write_text("{}")
    paths.throttle.write_text("{}")
    mine = home / "my-own-backup.pacbak"  # written by the adviser: not the store's
    mine.write_bytes(b"keep")
    memory_keyring.set_password("paclient-hub", "acct", "refresh-token")
    memory_keyring.set_password("someone-else", "acct", "theirs")

    removed = erase_device(home, keyring_entries=[("paclient-hub", "acct")])

    assert not paths.db.exists() and not paths.slots.exists() and not paths.backups.exists()
    assert not any(p.exists() for p in paths.sidecars()) and not paths.throttle.exists()
    assert mine.read_bytes() == b"keep"
    assert memory_keyring.entries == {("someone-else", "acct"): "theirs"}
    assert {str(paths.db), str(paths.slots), str(migration_copy), str(aside),
            "keyring:paclient data key", "keyring:paclient-hub"} <= set(removed)
    assert erase_device(home) == []  # nothing left to remove


def test_erase_leaves_unknown_files_in_the_backups_folder(home, passphrase):
    store, _ = Store.create(home, passphrase)
    store.close()
    paths = StorePaths(home)
    paths.backups.mkdir()
    stranger = paths.backups / "notes.txt"
    stranger.write_text("not ours")
    erase_device(home)
    assert stranger.read_text() == "not ours" and not paths.db.exists()
