"""The hub's refresh token, kept in the OS keyring (DESIGN.md §2), never in a plain file.

One entry per store, hub and user. Where no secure keyring exists the token lives only in
memory for the one sync, so the password is asked each time; it never falls back to plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from keyring.errors import KeyringError

from paclient.errors import KeyringUnavailable
from paclient.storage.keyring_unlock import secure_backend

log = logging.getLogger(__name__)

SERVICE = "paclient-hub"


def account_for(home: Path, server: str, username: str) -> str:
    """The keyring account naming one store's refresh token for one hub user."""
    return f"{home.resolve()}|{server.rstrip('/')}|{username}"


class TokenStore:
    """Get, save and forget one refresh token in the OS keyring."""

    def __init__(self, account: str) -> None:
        self.account = account
        self._memory: str | None = None
        self.persistent = True

    def get(self) -> str | None:
        """The saved refresh token, or None."""
        try:
            stored = secure_backend().get_password(SERVICE, self.account)
        except (KeyringUnavailable, KeyringError):
            return self._memory
        return stored or self._memory

    def save(self, token: str) -> None:
        """Keep `token` (replacing the old one, which the hub no longer accepts)."""
        self._memory = token
        try:
            secure_backend().set_password(SERVICE, self.account, token)
        except (KeyringUnavailable, KeyringError) as exc:
            self.persistent = False
            log.warning("Refresh token kept in memory only: %s", type(exc).__name__)

    def forget(self) -> None:
        """Remove the token, from the keyring too where it can be reached."""
        self._memory = None
        try:
            secure_backend().delete_password(SERVICE, self.account)
        except (KeyringUnavailable, KeyringError):
            pass
