"""Sealing: finalized applications are encrypted for the platform's public key.

Construction (ECIES in the shape of HPKE base mode: DHKEM(X25519) + HKDF-SHA256 + AES-256-GCM):

* every application gets a fresh random 256-bit data key;
* the manifest and every attachment are encrypted under it with AES-256-GCM (random 96-bit nonce), with
  the application id and the part's name as associated data, so parts cannot be swapped between
  applications or between roles;
* the data key is wrapped for the platform: an ephemeral X25519 key pair is made, the shared secret with
  the platform's static X25519 key goes through HKDF-SHA256 (salt = both public keys, info = a version
  label) to a wrapping key, and the data key is AES-GCM-encrypted under it with the application id as
  associated data.

Why this: X25519 keys are 32 bytes and fast on a cheap kiosk CPU, there is no RSA padding to get wrong,
AES-GCM authenticates every part, and a stolen terminal holds only ciphertext and public keys: it cannot
open what it sealed. The platform alone holds the private key. This module is part of the wire contract:
the reference platform imports it to open what terminals send.

Fingerprint of the platform key (``key_fingerprint``): the SHA-256 of the raw 32-byte public key, its first
160 bits as ten groups of four hex digits (``3F2A-9C1B-...``). The platform prints it on the enrolment
slip and the terminal refuses an enrolment whose key does not match it, so a man in the middle cannot hand
the terminal a key of his own. 160 bits: finding another key with the same fingerprint (a second
preimage) takes about 2^160 hashes. Anyone can recompute it: ``base64 -d | sha256sum``, first 40 digits.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from typing import ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline_cache.errors import OfflineCacheError

_INFO = b"village-kiosk seal v1"
_NONCE = 12
WRAPPED_KEY_LEN = 32 + _NONCE + 32 + 16


RATING_COMMENT = "rating:comment"  # the part name (associated data) of a rating's sealed comment


class SealError(OfflineCacheError):
    """A sealed part cannot be opened: wrong key, wrong application, or tampered bytes."""

    code: ClassVar[str] = "seal.error"


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def generate_platform_key() -> tuple[bytes, str]:
    """A new platform key pair: (private key as PEM bytes, public key as base64 text)."""
    private = X25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, public_key_text(private.public_key())


def public_key_text(public: X25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


@functools.lru_cache(maxsize=4)  # a terminal seals every application for the same key
def load_public_key(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise SealError("not a platform public key") from exc


FINGERPRINT_HEX_DIGITS = 40  # 160 bits


def key_fingerprint(public_key_text: str) -> str:
    """The platform key's fingerprint in readable groups, e.g. ``3F2A-9C1B-...`` (ten groups)."""
    raw = load_public_key(public_key_text).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    digits = hashlib.sha256(raw).hexdigest()[:FINGERPRINT_HEX_DIGITS].upper()
    return "-".join(digits[i : i + 4] for i in range(0, FINGERPRINT_HEX_DIGITS, 4))


def normalise_fingerprint(text: str) -> str | None:
    """A typed fingerprint in the canonical form, or None when it is not one (spaces, dashes, colons and
    letter case do not matter; the number of digits does)."""
    digits = re.sub(r"[\s:-]", "", text).upper()
    if len(digits) != FINGERPRINT_HEX_DIGITS or not re.fullmatch(r"[0-9A-F]+", digits):
        return None
    return "-".join(digits[i : i + 4] for i in range(0, FINGERPRINT_HEX_DIGITS, 4))


def load_private_key(pem: bytes) -> X25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, X25519PrivateKey):
        raise SealError("not an X25519 private key")
    return key


def _wrapping_key(shared: bytes, eph_pub: bytes, static_pub: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_pub + static_pub, info=_INFO).derive(shared)


def wrap_data_key(data_key: bytes, platform_public: X25519PublicKey, app_id: str) -> bytes:
    """Wrap ``data_key`` for the platform: ephemeral public key (32) + nonce (12) + ciphertext (48)."""
    eph = X25519PrivateKey.generate()
    eph_pub = eph.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    static_pub = platform_public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    kek = _wrapping_key(eph.exchange(platform_public), eph_pub, static_pub)
    nonce = os.urandom(_NONCE)
    return eph_pub + nonce + AESGCM(kek).encrypt(nonce, data_key, app_id.encode())


def unwrap_data_key(wrapped: bytes, platform_private: X25519PrivateKey, app_id: str) -> bytes:
    if len(wrapped) != WRAPPED_KEY_LEN:
        raise SealError("wrapped key has the wrong length")
    eph_pub, nonce, ct = wrapped[:32], wrapped[32 : 32 + _NONCE], wrapped[32 + _NONCE :]
    static_pub = platform_private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = platform_private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    kek = _wrapping_key(shared, eph_pub, static_pub)
    try:
        return AESGCM(kek).decrypt(nonce, ct, app_id.encode())
    except InvalidTag as exc:
        raise SealError("the data key does not open with this platform key") from exc


def seal_part(data_key: bytes, app_id: str, part: str, plaintext: bytes) -> bytes:
    """Encrypt one part (``"manifest"``, ``"attachment:<name>"``...): nonce (12) + ciphertext + tag."""
    return bytes(seal_buffer(data_key, app_id, part, plaintext))


def seal_buffer(data_key: bytes, app_id: str, part: str, plaintext: bytes) -> bytearray:
    """``seal_part`` into one new buffer: for scans, where a second copy of the ciphertext (to put the nonce
    in front) cost more than the encryption itself (bench/bench_enqueue.py)."""
    nonce = os.urandom(_NONCE)
    sealed = bytearray(_NONCE + len(plaintext) + 16)
    sealed[:_NONCE] = nonce
    AESGCM(data_key).encrypt_into(
        nonce, plaintext, f"{app_id}\x00{part}".encode(), memoryview(sealed)[_NONCE:]
    )
    return sealed


def seal_note(platform_public: X25519PublicKey, owner_id: str, part: str, text: str) -> dict[str, str]:
    """A short text sealed on its own for the platform (a rating's comment): a fresh data key wrapped for the
    platform, the text sealed under it, both as base64 text for a JSON body. ``owner_id`` (the rating's id)
    is the associated data, so the note cannot be moved to another record."""
    key = new_data_key()
    return {
        "wrapped_key": base64.b64encode(wrap_data_key(key, platform_public, owner_id)).decode("ascii"),
        "sealed": base64.b64encode(seal_part(key, owner_id, part, text.encode("utf-8"))).decode("ascii"),
    }


def open_note(note: object, platform_private: X25519PrivateKey, owner_id: str, part: str) -> str:
    """The text of ``seal_note``; ``SealError`` when it is malformed, for another record, or tampered."""
    if not isinstance(note, dict) or not isinstance(note.get("wrapped_key"), str):
        raise SealError("not a sealed note")
    try:
        wrapped = base64.b64decode(note["wrapped_key"], validate=True)
        sealed = base64.b64decode(str(note.get("sealed", "")), validate=True)
    except ValueError as exc:
        raise SealError("a sealed note is not base64") from exc
    key = unwrap_data_key(wrapped, platform_private, owner_id)
    try:
        return open_part(key, owner_id, part, sealed).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SealError("a sealed note is not text") from exc


def open_part(data_key: bytes, app_id: str, part: str, sealed: bytes) -> bytes:
    if len(sealed) < _NONCE + 16:
        raise SealError("sealed part is too short")
    try:
        return AESGCM(data_key).decrypt(sealed[:_NONCE], sealed[_NONCE:], f"{app_id}\x00{part}".encode())
    except InvalidTag as exc:
        raise SealError("sealed part does not open: wrong key, wrong application or tampered") from exc
