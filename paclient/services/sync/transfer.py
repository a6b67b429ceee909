"""The offline transfer file (DESIGN.md §4): every pending change sealed into one encrypted
file for a hub with no network path to this device. Nothing is marked as sent: the changes
stay pending until a later online sync, where the hub answers them as duplicates.

The file is signed with this device's key and names the device and the hub user it signs in as
(both remembered in the store at sign-in), so a laptop that never signed in cannot write one."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccis import rules, transfer_file
from paclient.errors import DeviceNotRegistered
from paclient.files import write_file
from paclient.services.context import Context
from paclient.storage import outbox, store_settings


@dataclass(frozen=True)
class TransferWritten:
    """How many changes went into the file, and the one-time code that opens it."""

    changes: int
    code: str | None  # None: nothing was waiting, so no file was written


class TransferService:
    """Writes the offline transfer file; one read and one audited write."""

    def __init__(self, ctx: Context, device_name: str | None = None) -> None:
        self._ctx = ctx
        self._device = device_name or socket.gethostname() or "paclient"

    def check_to_la(self, code: str) -> str:
        """`code` when a young person may be transferred to that LA (the hub's own rule, so a
        refusal is known before going online): an LA of the code lists, not 004 (unknown),
        not this authority's own LA. ValidationError otherwise."""
        own = self._ctx.authority.own_la or ""
        return rules.check_transfer_la(code, own, self._ctx.codebook, "to_la",
                                       on=self._ctx.today())

    def write(self, path: Path) -> TransferWritten:
        """Seal every pending change into `path` (whole or not at all) under a new code."""
        with self._ctx.read() as session:
            identity = store_settings.values(session, (
                store_settings.DEVICE_ID, store_settings.DEVICE_KEY, store_settings.HUB_USER))
            changes: list[dict[str, Any]] = []
            after = 0
            while page := outbox.pending(session, after=after):
                changes.extend(change.wire() for change in page)
                after = page[-1].seq
        if not changes:
            return TransferWritten(0, None)
        if store_settings.DEVICE_ID not in identity or store_settings.DEVICE_KEY not in identity:
            raise DeviceNotRegistered()
        code = transfer_file.new_code()
        username = identity.get(store_settings.HUB_USER, self._ctx.actor.username)
        write_file(path, transfer_file.seal(
            changes, username=username, device_id=identity[store_settings.DEVICE_ID],
            device_name=self._device, signing_key=identity[store_settings.DEVICE_KEY],
            code=code))
        with self._ctx.write.begin() as session:
            writes = self._ctx.changes(session)
            writes.audit("export", "transfer_file", changes=len(changes))
            writes.flush()
        return TransferWritten(len(changes), code)
