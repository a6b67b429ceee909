"""Key slots: the random data key, wrapped by the passphrase and optionally a recovery key.

The data key opens SQLCipher as a raw key, so no KDF runs per connection. It is never stored
in clear: `keyslots.json` holds it sealed with AES-256-GCM under keys derived with scrypt.
Changing the passphrase rewrites a slot, never the database.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from paclient.errors import StoreCorrupted, WeakPassphrase
from paclient.storage import private

MIN_PASSPHRASE = 10
SLOTS_VERSION = 1
# scrypt cost: ~0.1 s and 32 MiB here, so unlocking stays under a second yet guessing is dear.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_AAD = b"paclient data key v1"


@dataclass(frozen=True)
class Slot:
    kind: str  # passphrase, recovery
    salt: bytes
    nonce: bytes
    sealed: bytes


class KeyUnwrapFailed(Exception):
    """The secret offered does not open any slot of that kind."""


def new_data_key() -> bytes:
    """A fresh random 256-bit data key."""
    return secrets.token_bytes(32)


def new_recovery_key() -> str:
    """A high-entropy recovery key the authority writes down, in groups of five."""
    raw = base64.b32encode(secrets.token_bytes(25)).decode()
    return "-".join(raw[i : i + 5] for i in range(0, len(raw), 5))


def check_passphrase(passphrase: str) -> None:
    """Raise WeakPassphrase unless the passphrase is long enough to resist guessing."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(minimum=MIN_PASSPHRASE)


def seal(kind: str, secret: str, data_key: bytes) -> Slot:
    """Wrap the data key under a key derived from `secret`."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(kind, secret, salt)).encrypt(nonce, data_key, _AAD)
    return Slot(kind, salt, nonce, sealed)


def unseal(slots: list[Slot], kind: str, secret: str) -> bytes:
    """The data key from the first slot of `kind` that `secret` opens."""
    for slot in (s for s in slots if s.kind == kind):
        try:
            return AESGCM(_derive(kind, secret, slot.salt)).decrypt(slot.nonce, slot.sealed, _AAD)
        except InvalidTag:
            continue
    raise KeyUnwrapFailed(kind)


def _derive(kind: str, secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(_normalise(kind, secret), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=128 * 1024 * 1024, dklen=32)


def _normalise(kind: str, secret: str) -> bytes:
    # Recovery keys are copied from paper: ignore case, spaces and dashes.
    if kind == "recovery":
        secret = re.sub(r"[\s-]", "", secret).upper()
    return unicodedata.normalize("NFC", secret).encode()


def read_slots(path: Path) -> list[Slot]:
    """The slots in `path`; a damaged file is reported as a damaged store."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return [Slot(s["kind"], _b64(s["salt"]), _b64(s["nonce"]), _b64(s["sealed"]))
                for s in doc["slots"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreCorrupted(path, "key slots unreadable") from exc


def write_slots(path: Path, slots: list[Slot]) -> None:
    """Write the slots atomically: a crash leaves the old file or the new one, never half."""
    doc = {"version": SLOTS_VERSION, "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
                                             "p": SCRYPT_P},
           "slots": [{"kind": s.kind, "salt": _text(s.salt), "nonce": _text(s.nonce),
                      "sealed": _text(s.sealed)} for s in slots]}
    write_atomically(path, json.dumps(doc, indent=2).encode())


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` via a synced temporary file and rename (0600 from the
    first byte)."""
    tmp = path.with_name(path.name + ".tmp")
    with private.open_new(tmp) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _b64(text: str) -> bytes:
    return base64.b64decode(text.encode())


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
