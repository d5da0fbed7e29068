"""The audit log's contract, shared by the terminal and the platform: an entry's hash, the chain rule, the
signed head and how it is signed and checked.

* An entry is ``seq, at, kind, actor, subject, details, prev_hash``; its ``hash`` is the SHA-256 of the
  canonical JSON of those fields (``wire.canonical_digest``). Entry 1's ``prev_hash`` is ``GENESIS``; every
  later one holds the hash of the entry before it. Changing, removing or reordering an entry breaks the
  chain at that entry's seq.
* The head (the latest seq and its hash) is a checkpoint text in the shape of C2SP's tlog-checkpoint
  (origin line, size line, base64 hash line), signed as a C2SP signed note: after a blank line, one
  ``— <key name> <base64(key id || Ed25519 signature)>`` line per signer, the key id being the first four
  bytes of SHA-256(name || "\\n" || 0x01 || public key). The terminal signs with its device key; the
  platform adds its own line (the countersignature) when it accepts the chain up to that head.
  A hash chain rather than a Merkle tree: one terminal writes a few hundred entries a day, and the
  platform holds the whole chain, so inclusion proofs buy nothing here.

Problems are reported as ``ChainProblem`` (seq, stable code, English detail); the code picks the words
(``kiosk/messages/audit.py`` on the terminal, ``central/audit.py`` on the platform).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from offline_cache.wire import canonical_digest

GENESIS = "0" * 64
PLATFORM_SIGNER = "village-kiosk/platform-audit"
_ED25519 = b"\x01"  # the signature type byte of C2SP signed notes
_DASH = "\u2014"  # the em dash that starts a signature line


class EntryLike(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def actor(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def details(self) -> Mapping[str, Any]: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


@dataclasses.dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int  # the entry (or head) where the problem shows
    code: str  # audit.entry_changed, audit.entry_missing, ...
    detail: str  # English, technical, never personal data


def entry_hash(
    seq: int, at: str, kind: str, actor: str, subject: str, details: Mapping[str, Any], prev_hash: str
) -> str:
    return canonical_digest(
        {
            "seq": seq,
            "at": at,
            "kind": kind,
            "actor": actor,
            "subject": subject,
            "details": dict(details),
            "prev_hash": prev_hash,
        }
    )


def hash_of(e: EntryLike) -> str:
    return entry_hash(e.seq, e.at, e.kind, e.actor, e.subject, e.details, e.prev_hash)


def check_chain(
    entries: Iterable[EntryLike], first_seq: int = 1, prev_hash: str = GENESIS
) -> list[ChainProblem]:
    """Walk ``entries`` (in seq order) from ``first_seq`` after ``prev_hash``; every break, by seq.

    After a break the walk goes on from the entry as stored, so one changed entry is one problem (the link
    of the entry after a changed one is not judged again), and a removed one is "missing" rather than a
    cascade of broken links.
    """
    problems: list[ChainProblem] = []
    expected, judged = first_seq, True
    for e in entries:
        if e.seq > expected:
            problems.append(
                ChainProblem(expected, "audit.entry_missing", f"entries {expected}..{e.seq - 1} absent")
            )
        elif e.seq < expected:
            problems.append(ChainProblem(e.seq, "audit.entry_out_of_order", "seq repeated or out of order"))
        changed = hash_of(e) != e.hash
        if changed:
            problems.append(ChainProblem(e.seq, "audit.entry_changed", "the entry does not match its hash"))
        elif judged and e.seq == expected and e.prev_hash != prev_hash:
            problems.append(ChainProblem(e.seq, "audit.chain_broken", "prev_hash is not the hash before it"))
        prev_hash, expected, judged = e.hash, max(expected, e.seq + 1), not changed
    return problems


# -- the signed head ---------------------------------------------------------------------------------------


def origin(device_id: str) -> str:
    return f"village-kiosk/audit/{device_id}"


def device_signer(device_id: str) -> str:
    return f"village-kiosk/device/{device_id}"


def checkpoint(device_id: str, seq: int, head_hash: str) -> str:
    """The checkpoint text of a head (each line ends with a newline, as C2SP wants)."""
    root = base64.b64encode(bytes.fromhex(head_hash)).decode("ascii")
    return f"{origin(device_id)}\n{seq}\n{root}\n"


def key_id(name: str, public: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + _ED25519 + _raw(public)).digest()[:4]


def sign_line(text: str, name: str, private: Ed25519PrivateKey) -> str:
    """One signature line of a signed note (without its newline)."""
    sig = private.sign(text.encode("utf-8"))
    blob = base64.b64encode(key_id(name, private.public_key()) + sig).decode("ascii")
    return f"{_DASH} {name} {blob}"


def verify_line(text: str, line: str, name: str, public: Ed25519PublicKey) -> bool:
    """True when ``line`` is ``name``'s valid signature of ``text`` with ``public``."""
    dash, _, rest = line.partition(" ")
    signer, _, blob = rest.partition(" ")
    if dash != _DASH or signer != name:
        return False
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) != 4 + 64 or raw[:4] != key_id(name, public):
        return False
    try:
        public.verify(raw[4:], text.encode("utf-8"))
    except InvalidSignature:
        return False
    return True


def note(text: str, *lines: str) -> str:
    """A signed note: the text, a blank line, the signature lines."""
    return text + "\n" + "".join(f"{line}\n" for line in lines)


def split_note(signed: str) -> tuple[str, list[str]]:
    """(text, signature lines) of a signed note; ("", []) when it is not one."""
    text, sep, sigs = signed.partition("\n\n")
    if not sep:
        return "", []
    return text + "\n", [line for line in sigs.split("\n") if line]


def signed_by(signed: str, name: str, public: Ed25519PublicKey) -> bool:
    text, lines = split_note(signed)
    return bool(text) and any(verify_line(text, line, name, public) for line in lines)


# -- keys --------------------------------------------------------------------------------------------------


def _raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_text(public: Ed25519PublicKey) -> str:
    return base64.b64encode(_raw(public)).decode("ascii")


def load_public_key(text: str) -> Ed25519PublicKey:
    """Raises ``ValueError`` for text that is not a base64 Ed25519 public key."""
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not an Ed25519 public key") from exc


def private_key_pem(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key
