"""A device's Ed25519 signing key: made on the device at sign-in, its public half recorded by
the hub with the device, used to sign offline transfer files. Keys travel as hex text."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PUBLIC_KEY_PATTERN = r"^[0-9a-f]{64}$"


def new_private_key() -> str:
    """A fresh private key (32 bytes as hex); keep it only in the encrypted store."""
    return Ed25519PrivateKey.generate().private_bytes_raw().hex()


def public_key(private_key: str) -> str:
    """The public half of `private_key`, as hex."""
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).public_key()
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(private_key: str, data: bytes) -> bytes:
    """The 64-byte signature of `data`."""
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).sign(data)


def is_public_key(text: str) -> bool:
    """Whether `text` is a usable public key (hex of a valid Ed25519 point)."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))
    except ValueError:
        return False
    return True


def verifies(public_key_hex: str, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is `data` signed by the private half of `public_key_hex`."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
