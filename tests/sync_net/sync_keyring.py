"""A keyring backend in a JSON file named by $SYNC_TEST_KEYRING, so that `paclient` run as a
subprocess by the tests keeps its refresh token somewhere the test controls (never the real
OS keyring). Selected with PYTHON_KEYRING_BACKEND=sync_keyring.FileKeyring."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

ENV = "SYNC_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    """Entries in one JSON file; good enough for tests, never for real secrets."""

    priority = 1  # type: ignore[assignment]

    def _path(self) -> Path:
        if ENV not in os.environ:  # left installed after its test: fail as a keyring fails
            raise KeyringError(f"{ENV} is not set: this test keyring is not in use")
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def _save(self, entries: dict[str, str]) -> None:
        path = self._path()
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(entries))
        temporary.replace(path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}\n{username}"] = password
        self._save(entries)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        entries.pop(f"{service}\n{username}", None)
        self._save(entries)
