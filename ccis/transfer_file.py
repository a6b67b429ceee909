"""The offline transfer file: pending changes carried to the hub on a stick, encrypted.

Layout: the magic line, a 4-byte big-endian header length, the header (JSON: format version,
scrypt parameters, salt, nonce) and the AES-256-GCM ciphertext of a JSON payload (who wrote
it, on which device, when, and the changes exactly as a push sends them). The key comes from
a one-time code by scrypt with the file's random salt; the magic line and the header are
authenticated as associated data, so a changed byte anywhere makes the file unreadable.
Who wrote it is inside the ciphertext: the file says nothing about anyone without the code.
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

from ccis.errors import TransferFileInvalid

MAGIC = b"PACLIENT-TRANSFER\n"
VERSION = 1
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, or U (heard as V)
GROUPS, GROUP_SIZE = 4, 4  # 16 characters from 30: about 78 bits
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAX_N = 2**20  # a header asking for more is damaged, not a reason to spend a minute
_MAX_HEADER = 4096


@dataclass(frozen=True)
class TransferPayload:
    """What a transfer file carries, once opened with its code."""

    username: str
    device_name: str
    created_at: dt.datetime  # UTC
    changes: list[dict[str, Any]]


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


def seal(changes: Sequence[dict[str, Any]], *, username: str, device_name: str,
         code: str) -> bytes:
    """The bytes of a transfer file carrying `changes` (push-shaped dicts), opened by `code`."""
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = json.dumps({"version": VERSION, "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
                         "p": SCRYPT_P, "salt": b64encode(salt).decode(),
                         "nonce": b64encode(nonce).decode()}, sort_keys=True).encode()
    created = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat()
    payload = json.dumps({"username": username, "device_name": device_name,
                          "created_at": created, "changes": list(changes)},
                         ensure_ascii=False).encode()
    key = _key(normalise_code(code), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(key).encrypt(nonce, payload, MAGIC + header)
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
    try:
        if length > _MAX_HEADER:
            raise ValueError("header too long")
        header = json.loads(header_bytes)
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        if header.get("version") != VERSION or header.get("kdf") != "scrypt" \
                or not 2 <= n <= _MAX_N or not 1 <= r <= 16 or not 1 <= p <= 4:
            raise ValueError("unknown format")
        salt, nonce = b64decode(header["salt"]), b64decode(header["nonce"])
    except (ValueError, KeyError, TypeError):
        raise TransferFileInvalid(path, "the file is damaged") from None
    try:
        plain = AESGCM(_key(cleaned, salt, n, r, p)).decrypt(nonce, sealed, MAGIC + header_bytes)
    except (InvalidTag, ValueError):
        raise TransferFileInvalid(path, "wrong code or damaged file") from None
    doc = json.loads(plain)
    return TransferPayload(str(doc["username"]), str(doc["device_name"]),
                           dt.datetime.fromisoformat(doc["created_at"]), list(doc["changes"]))


def _key(code: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(code.encode())
