"""Devices for the end-to-end tests: real encrypted stores, synced through the public surface."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hubproc import HUB_PASSWORD
from sqlalchemy import func, select, text

from paclient.models import Outbox
from paclient.services.bundle import Services, open_services
from paclient.services.first_run import create_store
from paclient.storage.store import Store
from paclient.sync.engine import SyncReport, sync_once
from paclient.sync.http import HubClient, RetryPolicy
from paclient.sync.tokens import TokenStore, account_for

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 11, 22)
FAST = RetryPolicy(attempts=4, total_seconds=10, first_wait=0.02, max_wait=0.1, jitter=0.02,
                   timeout=20)


@dataclass
class Device:
    """One laptop: its store, services and hub user."""

    name: str
    home: Path
    store: Store
    services: Services
    username: str
    hub_url: str

    def client(self, url: str | None = None, retry: RetryPolicy = FAST,
               **kwargs: Any) -> HubClient:
        server = url or self.hub_url
        return HubClient(server, TokenStore(account_for(self.home, self.hub_url, self.username)),
                         retry=retry, **kwargs)

    def sync(self, url: str | None = None, retry: RetryPolicy = FAST, **kwargs: Any
             ) -> SyncReport:
        with self.client(url, retry) as client:
            client.connect(self.username, self.name, lambda: HUB_PASSWORD)
            return sync_once(self.store, client, **kwargs)

    def outbox(self) -> Counter[str]:
        with self.store.read() as session:
            return Counter(dict(session.execute(
                select(Outbox.state, func.count()).group_by(Outbox.state)).all()))

    def count(self, table: str, where: str = "1=1", **params: Any) -> int:
        with self.store.read() as session:
            return int(session.execute(text(
                f'SELECT count(*) FROM "{table}" WHERE deleted_at IS NULL AND {where}'),
                params).scalar_one())

    def ids(self, table: str) -> set[uuid.UUID]:
        with self.store.read() as session:
            return {uuid.UUID(str(v)) if not isinstance(v, uuid.UUID) else v
                    for v in session.scalars(text(f'SELECT id FROM "{table}"'))}

    def close(self) -> None:
        self.store.close()


def reopen(device: Device) -> Device:
    """The same laptop, its store unlocked again (after another process used it)."""
    store = Store.unlock(device.home, PASSPHRASE)
    return Device(device.name, device.home, store, open_services(store, today=lambda: TODAY),
                  device.username, device.hub_url)


def make_device(folder: Path, name: str, username: str, hub_url: str) -> Device:
    """A new store on `folder`/`name` for the hub user `username`."""
    home = folder / name
    store, _ = create_store(home, passphrase=PASSPHRASE, name=f"Adviser {username}",
                            username=username, hub_url=hub_url)
    return Device(name, home, store, open_services(store, today=lambda: TODAY), username,
                  hub_url)
