"""Online sync of one unlocked store with its hub, for the desktop app: the same steps as
`paclient sync` (sign in by the saved refresh token, else the password; then `sync_once`),
with the password handed in by the caller instead of asked on a terminal."""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from paclient.errors import DeviceRevoked, HubAddressMissing, HubAuthFailed
from paclient.models import Adviser, Setting
from paclient.storage.store import Store
from paclient.sync.engine import (
    ADVISER_KEY,
    HUB_KEY,
    Progress,
    SyncReport,
    erase_revoked,
    sync_once,
)
from paclient.sync.http import HubClient, RetryPolicy
from paclient.sync.tokens import TokenStore, account_for

log = logging.getLogger(__name__)

PASSWORD_REQUIRED = "password_required"  # HubAuthFailed code: no saved token works
# The app gives up sooner than the command line: a background sync must not sit for a minute.
APP_RETRY = RetryPolicy(attempts=3, total_seconds=15.0, first_wait=0.5, max_wait=4.0,
                        jitter=0.5, timeout=20.0)


@dataclass(frozen=True)
class HubAccount:
    """Which hub this store syncs with, as which user."""

    url: str
    username: str


class HubSync:
    """Runs one online sync of `store`; every method is called off the UI thread."""

    def __init__(self, store: Store, *, retry: RetryPolicy = APP_RETRY,
                 device_name: str | None = None) -> None:
        self._store = store
        self._retry = retry
        self._device = device_name or socket.gethostname() or "paclient"

    def account(self) -> HubAccount | None:
        """The hub address and user name, or None when no hub address is set."""
        with self._store.read() as session:
            url = session.scalar(select(Setting.value).where(Setting.key == HUB_KEY))
            adviser_id = session.scalar(select(Setting.value).where(Setting.key == ADVISER_KEY))
            adviser = session.get(Adviser, uuid.UUID(adviser_id)) if adviser_id else None
        if not url:
            return None
        return HubAccount(str(url).rstrip("/"), adviser.username if adviser else "unknown")

    def sync(self, *, password: str | None, progress: Progress,
             cancel: threading.Event) -> SyncReport:
        """Sign in (the password only if no saved token works; HubAuthFailed with code
        PASSWORD_REQUIRED when it is needed and None), then push and pull once. A revoked
        device is erased and DeviceErased raised."""
        account = self.account()
        if account is None:
            raise HubAddressMissing()
        tokens = TokenStore(account_for(self._store.paths.home, account.url, account.username))
        with HubClient(account.url, tokens, retry=self._retry) as client:
            try:
                client.connect(account.username, self._device, lambda: _given(password))
            except DeviceRevoked:
                erase_revoked(self._store, client)
            return sync_once(self._store, client, progress=progress, cancel=cancel)


def _given(password: str | None) -> str:
    if password is None:
        raise HubAuthFailed(PASSWORD_REQUIRED)
    return password
