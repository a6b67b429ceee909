"""Erasing the local store of a revoked device (a lost laptop the administrator revoked).

Removes only what paclient itself made in the store's home: the database with its WAL and
shared-memory files (drafts live inside it), the key slots and their temporary file, the
unlock-failure count, the copies the store takes before a migration or a restore, and the
keyring entries paclient made (the data key for "unlock with my login", and any the sync
client names, such as its refresh token). Backups the adviser wrote elsewhere with
`paclient backup -o FILE`, and anything else in the folder, are not ours to touch.
The store must be closed (`Store.close`) first.
"""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from keyring.errors import KeyringError

from paclient.errors import KeyringUnavailable
from paclient.storage import keyring_unlock
from paclient.storage.paths import StorePaths

log = logging.getLogger(__name__)

_MIGRATION_COPY = re.compile(r"before-migration-.*\.pacbak")
_ASIDE = re.compile(r"before-[a-z-]+-\d{8}-\d{6}(-\d+)?")  # storage.paths.copy_aside


def erase_device(home: Path, *, keyring_entries: Iterable[tuple[str, str]] = ()
                 ) -> list[str]:
    """Remove the store in `home` and paclient's keyring entries; return what was removed
    (paths, and `keyring:<service>` for each keyring entry found and deleted).

    `keyring_entries` are further (service, account) pairs to delete, e.g. the sync client's
    refresh token."""
    paths = StorePaths(home)
    removed: list[str] = []
    entries = [(keyring_unlock.SERVICE, str(home.resolve())), *keyring_entries]
    removed.extend(_forget_keyring(entries))
    store_files = [*paths.files(), paths.slots.with_name(paths.slots.name + ".tmp"),
                   paths.throttle]
    for path in store_files:
        if path.exists():
            path.unlink()
            removed.append(str(path))
    if paths.backups.is_dir():
        for item in sorted(paths.backups.iterdir()):
            if item.is_file() and _MIGRATION_COPY.fullmatch(item.name):
                item.unlink()
                removed.append(str(item))
            elif item.is_dir() and _ASIDE.fullmatch(item.name) and _only_store_files(item):
                shutil.rmtree(item)
                removed.append(str(item))
        if not any(paths.backups.iterdir()):
            paths.backups.rmdir()
            removed.append(str(paths.backups))
    log.warning("Device erased: %d item(s) removed", len(removed))
    return removed


def _only_store_files(folder: Path) -> bool:
    names = {p.name for p in StorePaths(folder).files()}
    return all(item.is_file() and item.name in names for item in folder.iterdir())


def _forget_keyring(entries: Iterable[tuple[str, str]]) -> list[str]:
    try:
        backend = keyring_unlock.secure_backend()
    except KeyringUnavailable:
        return []  # no keyring here, so paclient never put anything in one
    gone: list[str] = []
    for service, account in entries:
        try:
            if backend.get_password(service, account) is None:
                continue
            backend.delete_password(service, account)
            gone.append(f"keyring:{service}")
        except KeyringError:
            log.warning("A keyring entry could not be removed")
    return gone
