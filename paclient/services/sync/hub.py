"""Online sync of one unlocked store with its hub, for the desktop app: sign in (the saved
refresh token first, the password only when it does not work) and sync once. The command line
signs in the same way (`paclient.sync.signin`), asking its password on the terminal."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Mapping

from paclient.errors import HubAuthFailed
from paclient.storage.store import Store
from paclient.sync.engine import Progress, StoreSteps, SyncReport, run_here, sync_once
from paclient.sync.http import RetryPolicy
from paclient.sync.signin import HubAccount, hub_account, sign_in

log = logging.getLogger(__name__)

PASSWORD_REQUIRED = "password_required"  # HubAuthFailed code: no saved token works
# The app gives up sooner than the command line: a background sync must not sit for a minute.
APP_RETRY = RetryPolicy(attempts=3, total_seconds=15.0, first_wait=0.5, max_wait=4.0,
                        jitter=0.5, timeout=20.0)


class HubSync:
    """Runs one online sync of `store`; every method is called off the UI thread (`sync` off
    the store's worker too: it reaches the store through `on_store`)."""

    def __init__(self, store: Store, *, retry: RetryPolicy = APP_RETRY,
                 device_name: str | None = None) -> None:
        self._store = store
        self._retry = retry
        self._device = device_name or socket.gethostname() or "paclient"

    def account(self) -> HubAccount | None:
        """The hub address and user name, or None when no hub address is set."""
        return hub_account(self._store)

    def sync(self, *, password: str | None, progress: Progress, cancel: threading.Event,
             on_store: StoreSteps = run_here) -> SyncReport:
        """Sign in (the password only if no saved token works; HubAuthFailed with code
        PASSWORD_REQUIRED when it is needed and None), then push and pull once. A revoked
        device is erased and DeviceErased raised. The database steps run through `on_store`
        (the app's store worker), the network calls on this thread."""
        account = on_store(self.account)
        with sign_in(self._store, account, lambda: _given(password),
                     device_name=self._device, retry=self._retry) as client:
            return sync_once(self._store, client, progress=progress, cancel=cancel,
                             on_store=on_store)


    def change_settings(self, values: Mapping[str, str], *, password: str | None = None,
                        on_store: StoreSteps = run_here) -> dict[str, str]:
        """Change the authority's settings at the hub (an admin's sign-in); every setting
        as the hub now holds them. Off the store's worker, like `sync`."""
        account = on_store(self.account)
        with sign_in(self._store, account, lambda: _given(password),
                     device_name=self._device, retry=self._retry) as client:
            return client.change_settings(values)


def _given(password: str | None) -> str:
    if password is None:
        raise HubAuthFailed(PASSWORD_REQUIRED)
    return password
