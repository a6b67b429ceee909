"""Optional "unlock with my login": the data key kept in the OS keyring, never in plain files.

Only where the authority's policy allows it. Where no secure keyring backend exists (a bare
Linux box) or only a plain-text one does, enabling it fails with a clear error and the
passphrase stays the only way in.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from paclient.errors import KeyringUnavailable
from paclient.storage import keys
from paclient.storage.paths import StorePaths

log = logging.getLogger(__name__)

SERVICE = "paclient data key"
MARKER = keys.Slot("keyring", b"", b"", b"")


def secure_backend() -> KeyringBackend:
    """The OS keyring backend, or KeyringUnavailable if it is absent or stores plain text."""
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if backend.priority <= 0 or "fail" in name or "plaintext" in name.lower():
        raise KeyringUnavailable(f"backend {type(backend).__name__}")
    return backend


def enable(paths: StorePaths, data_key: bytes) -> None:
    """Keep the data key in the keyring and mark the store as keyring-unlockable."""
    backend = secure_backend()
    try:
        backend.set_password(SERVICE, _account(paths), data_key.hex())
    except KeyringError as exc:
        raise KeyringUnavailable(type(exc).__name__) from exc
    slots = [s for s in keys.read_slots(paths.slots) if s.kind != "keyring"]
    keys.write_slots(paths.slots, [*slots, MARKER])
    log.info("Keyring unlock enabled")


def disable(paths: StorePaths) -> None:
    """Forget the key in the keyring (if it can be reached) and remove the marker."""
    try:
        secure_backend().delete_password(SERVICE, _account(paths))
    except (KeyringUnavailable, KeyringError):
        log.warning("Keyring entry could not be removed; the marker is removed anyway")
    keys.write_slots(paths.slots,
                     [s for s in keys.read_slots(paths.slots) if s.kind != "keyring"])


def recall(paths: StorePaths) -> bytes | None:
    """The data key from the keyring, when the store allows it and the keyring has it."""
    if not any(s.kind == "keyring" for s in keys.read_slots(paths.slots)):
        return None
    try:
        stored = secure_backend().get_password(SERVICE, _account(paths))
    except (KeyringUnavailable, KeyringError):
        return None
    return bytes.fromhex(stored) if stored else None


def _account(paths: StorePaths) -> str:
    return str(paths.home.resolve())
