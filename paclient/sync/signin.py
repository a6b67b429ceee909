"""Signing in to the hub: the one way the command line and the desktop app both do it.

The hub and the user come from the store (or the caller's overrides); the saved refresh
token is tried first and the password is asked for only when it does not work. A device the
hub has revoked is erased on the spot (`erase_revoked`) and DeviceErased raised.

The device's identity lives in the encrypted store, not in the keyring: its signing key (made
at its first sign-in), the id the hub gave it and the user it signs in as. A password sign-in
names that id, so a laptop without a working keyring stays one device and a revoke reaches it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from ccis import device_keys
from paclient.errors import DeviceErased, DeviceRevoked, HubAddressMissing
from paclient.storage import store_settings
from paclient.storage.store import Store
from paclient.sync import erase
from paclient.sync.http import HubClient, RetryPolicy
from paclient.sync.tokens import SERVICE, TokenStore, account_for

log = logging.getLogger(__name__)

OnRetry = Callable[[str, int, str], None]  # (path, attempt, why)


@dataclass(frozen=True)
class HubAccount:
    """Which hub a store syncs with, as which user."""

    url: str
    username: str


def hub_account(store: Store, *, server: str | None = None,
                username: str | None = None) -> HubAccount | None:
    """The hub (`server`, else the store's) and the user (`username`, else the one this store
    last signed in as, else its adviser); None when no hub address is set anywhere."""
    with store.read() as session:
        url = server or store_settings.get(session, store_settings.HUB_URL)
        remembered = store_settings.get(session, store_settings.HUB_USER)
        adviser = store_settings.local_adviser(session)
    if not url:
        return None
    return HubAccount(url.rstrip("/"), username or remembered
                      or (adviser.username if adviser else ""))


def sign_in(store: Store, account: HubAccount | None, password: Callable[[], str], *,
            device_name: str, retry: RetryPolicy, on_retry: OnRetry | None = None,
            ) -> HubClient:
    """A client signed in to `account`'s hub: by the saved refresh token, else by `password()`
    (called only then). HubAddressMissing without an account; a revoked device is erased
    (DeviceErased). The caller closes the client (it is a context manager)."""
    if account is None:
        raise HubAddressMissing()
    device_id, private_key = device_identity(store)
    tokens = TokenStore(account_for(store.paths.home, account.url, account.username))
    client = HubClient(account.url, tokens, retry=retry, on_retry=on_retry)
    try:
        session = client.connect(account.username, device_name, password, device_id=device_id,
                                 public_key=device_keys.public_key(private_key))
        with store.write.begin() as db:
            store_settings.put(db, store_settings.DEVICE_ID, session.device_id)
            store_settings.put(db, store_settings.HUB_USER, session.username)
            store_settings.put(db, store_settings.HUB_ROLE, session.role)
    except DeviceRevoked:
        try:
            erase_revoked(store, client)
        finally:
            client.close()
    except BaseException:
        client.close()
        raise
    return client


def device_identity(store: Store) -> tuple[str | None, str]:
    """The id the hub gave this device (None before its first sign-in) and its private signing
    key, made now if it has none."""
    keys = (store_settings.DEVICE_ID, store_settings.DEVICE_KEY)
    with store.read() as session:
        found = store_settings.values(session, keys)
    if store_settings.DEVICE_KEY not in found:
        with store.write.begin() as session:
            found = store_settings.values(session, keys)  # (again, now holding the lock)
            if store_settings.DEVICE_KEY not in found:
                found[store_settings.DEVICE_KEY] = device_keys.new_private_key()
                store_settings.put(session, store_settings.DEVICE_KEY,
                                   found[store_settings.DEVICE_KEY])
                log.info("Made this device's signing key")
    return found.get(store_settings.DEVICE_ID), found[store_settings.DEVICE_KEY]


def erase_revoked(store: Store, client: HubClient) -> NoReturn:
    """The hub revoked this device: forget its token, erase the store, raise DeviceErased."""
    home = store.paths.home
    log.warning("Device revoked by the hub; erasing the local store")
    client.tokens.forget()
    store.close()
    erase.erase_device(home, keyring_entries=[(SERVICE, client.tokens.account)])
    raise DeviceErased(home)
