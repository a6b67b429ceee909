"""Keyring unlock: refused where no secure keyring exists; works through a real backend API."""

from __future__ import annotations

import keyring
import pytest
from cli_runner import run_cli
from keyring.backend import KeyringBackend

from paclient.errors import KeyringUnavailable, PassphraseRequired
from paclient.storage import keyring_unlock
from paclient.storage.store import Store


class MemoryKeyring(KeyringBackend):
    """An in-process stand-in for the OS keyring (no desktop keyring runs in CI)."""

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


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_without_a_secure_keyring_it_says_so_and_keeps_the_passphrase(cli_env):
    assert run_cli(cli_env, "init").returncode == 0
    env = {**cli_env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = run_cli(env, "keyring", "on")
    assert result.returncode == 1
    assert "No secure keyring is available" in result.stderr
    assert run_cli(env, "people").returncode == 0  # the passphrase still works


def test_a_plain_text_backend_is_refused(store, memory_keyring, monkeypatch):
    monkeypatch.setattr(MemoryKeyring, "__module__", "keyrings.alt.file.PlaintextKeyring")
    with pytest.raises(KeyringUnavailable):
        keyring_unlock.enable(store.paths, store.data_key)


def test_the_keyring_unlocks_without_a_passphrase(store, home, memory_keyring):
    key = store.data_key.hex()
    keyring_unlock.enable(store.paths, store.data_key)
    store.close()
    assert list(memory_keyring.entries.values()) == [key]  # the key sits in the keyring ...
    assert key not in (home / "keyslots.json").read_text()  # ... never beside the store
    reopened = Store.unlock(home)
    reopened.close()

    keyring_unlock.disable(reopened.paths)

    assert not memory_keyring.entries
    with pytest.raises(PassphraseRequired):
        Store.unlock(home)
