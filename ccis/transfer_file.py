"""The offline transfer file: pending changes carried to the hub on a stick, encrypted.

Layout: the magic line, a 4-byte big-endian header length, the header (JSON: format version,
scrypt parameters, salt, nonce) and the AES-256-GCM ciphertext of a JSON payload (who wrote
it, on which device, when, and the changes exactly as a push sends them). The key comes from
a one-time code by scrypt with the file's random salt; the magic line and the header are
authenticated as associated data, so a changed byte anywhere makes the file unreadable.
Who wrote it is inside the ciphertext: the file says nothing about anyone without the code.

Version 2 (issue 13): the plaintext is the writing device's Ed25519 signature (64 bytes) of
the payload, then the payload, which names the device; the hub applies a file only when that
device is registered to the user named and its recorded public key verifies the signature
(anyone may know a code, only the device holds its key). The scrypt parameters must be exactly
the writer's, so a file cannot make the reader spend memory or time. Version 1 files (0.1,
unsigned) are refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import struct
from base64 import b64decode, b64encode
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ccis import device_keys
from ccis.errors import TransferFileInvalid

MAGIC = b"PACLIENT-TRANSFER\n"
VERSION = 2
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, or U (heard as V)
GROUPS, GROUP_SIZE = 4, 4  # 16 characters from 30: about 78 bits
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # the only parameters read (32 MiB, a fraction of a s)
_MAX_HEADER = 4096
_SIGNED = b"paclient transfer file v2\n"  # what a signature is over: this, then the payload
_SIGNATURE = 64


@dataclass(frozen=True)
class TransferPayload:
    """What a transfer file carries, once opened with its code."""

    username: str
    device_id: str
    device_name: str
    created_at: dt.datetime  # UTC
    changes: list[dict[str, Any]]
    signature: bytes
    body: bytes  # the payload exactly as signed

    def signed_by(self, public_key: str) -> bool:
        """Whether the device whose public key is `public_key` signed this file."""
        return device_keys.verifies(public_key, self.signature, _SIGNED + self.body)


def new_code() -> str:
    """A fresh one-time code to read out and type: four groups of four, e.g. 'K7QX-...'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))
    return "-".join(raw[i:i + GROUP_SIZE] for i in range(0, len(raw), GROUP_SIZE))


def normalise_code(code: str) -> str:
    """The code as typed, with case, spaces and dashes ignored; ValueError if it cannot be one."""
    cleaned = re.sub(r"[\s-]", "", code).upper()
    if len(cleaned) != GROUPS * GROUP_SIZE or any(c not in ALPHABET for c in cleaned):
        raise ValueError("not a transfer code")
    return cleaned


def seal(changes: Sequence[dict[str, Any]], *, username: str, device_id: str,
         device_name: str, signing_key: str, code: str) -> bytes:
    """The bytes of a transfer file carrying `changes` (push-shaped dicts), opened by `code`,
    signed with the device's private key `signing_key` (hex)."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = json.dumps({"version": VERSION, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
                         "p": SCRYPT_P, "salt": b64encode(salt).decode(),
                         "nonce": b64encode(nonce).decode()}, sort_keys=True).encode()
    created = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
    payload = json.dumps({"username": username, "device_id": device_id,
                          "device_name": device_name, "created_at": created,
                          "changes": list(changes)}, ensure_ascii=False).encode()
    signature = device_keys.sign(signing_key, _SIGNED + payload)
    key = _key(normalise_code(code), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(nonce, signature + payload, MAGIC + header)
    return MAGIC + struct.pack(">I", len(header)) + header + sealed


def read(path: Path, code: str) -> TransferPayload:
    """Open a transfer file; TransferFileInvalid for a wrong code or a damaged file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TransferFileInvalid(path, exc.strerror or type(exc).__name__) from exc
    try:
        cleaned = normalise_code(code)
    except ValueError:
        raise TransferFileInvalid(path, "the code is not a transfer code") from None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise TransferFileInvalid(path, "not a paclient transfer file")
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header_bytes, sealed = data[start:start + length], data[start + length:]
    salt, nonce = _header(path, header_bytes if length <= _MAX_HEADER else b"")
    try:
        key = _key(cleaned, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        plain = AESGCM(key).decrypt(nonce, sealed, MAGIC + header_bytes)
    except (InvalidTag, ValueError):
        raise TransferFileInvalid(path, "wrong code or damaged file") from None
    return _payload(path, plain)


def _header(path: Path, header_bytes: bytes) -> tuple[bytes, bytes]:
    """The salt and nonce of a header this version writes; anything else is refused."""
    try:
        header = json.loads(header_bytes)
        if not isinstance(header, dict):
            raise ValueError("not an object")
        if header.get("version") == 1:
            raise TransferFileInvalid(path, "it was written by paclient 0.1, which did not "
                                      "sign its files; write it again with this version")
        expected = {"version": VERSION, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
                    "p": SCRYPT_P}
        if any(type(header.get(k)) is not type(v) or header.get(k) != v
               for k, v in expected.items()):
            raise ValueError("unknown format")
        salt, nonce = b64decode(header["salt"], validate=True), b64decode(
            header["nonce"], validate=True)
        if len(salt) != 16 or len(nonce) != 12:
            raise ValueError("bad salt or nonce")
    except (ValueError, KeyError, TypeError, RecursionError):
        raise TransferFileInvalid(path, "the file is damaged or not of this version") from None
    return salt, nonce


def _payload(path: Path, plain: bytes) -> TransferPayload:
    signature, body = plain[:_SIGNATURE], plain[_SIGNATURE:]
    try:
        doc = json.loads(body)
        changes = doc["changes"]
        strings = [doc[k] for k in ("username", "device_id", "device_name", "created_at")]
        if not all(isinstance(v, str) for v in strings) or not isinstance(changes, list) \
                or not all(isinstance(c, dict) for c in changes) or len(signature) < _SIGNATURE:
            raise ValueError("bad payload")
        created = dt.datetime.fromisoformat(doc["created_at"])
    except (ValueError, KeyError, TypeError, RecursionError):
        raise TransferFileInvalid(path, "the file is damaged or not of this version") from None
    return TransferPayload(doc["username"], doc["device_id"], doc["device_name"], created,
                           changes, signature, body)


def _key(code: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(code.encode())
