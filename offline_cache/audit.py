"""The terminal's audit log: who did what, append-only and hash-chained, with heads signed by the device key.

Each entry (table ``audit_log`` in the store's database, migration ``0002_audit_log``) holds its seq, the
time (UTC), a ``kind`` from ``KINDS``, the ``actor`` (an agent number, ``admin``, ``system`` or
``visitor``), a ``subject`` (an application id, ``print:<job id>``...), a few small ``details``, the
previous entry's hash and its own (``offline_cache/audit_chain.py`` says how it is computed). Nothing
personal goes in: no names, no ID numbers, no phone numbers, applications by id only; a subject or a
detail that looks personal (``redaction.looks_personal``) is refused.

An entry that belongs to a store write goes into the same transaction (``append``: a filing is recorded by
``Store.submit`` itself); any other is written on its own (``AuditLog.record``). Both are disk writes:
call them from a worker thread, never from the Qt main thread.

The head is signed with the device key (Ed25519, ``<home>/secrets/audit_key.pem``, 0600, made at
enrolment) when the sync engine sends entries (``offline_cache/audit_sync.py``); the platform's
countersigned note comes back and is kept beside it. ``verify`` finds a changed, removed or reordered
entry, and a log cut below a head that was signed or countersigned.

Errors::

    OfflineCacheError
    └── AuditError                 audit.error
        ├── AuditEntryRefused      audit.entry_refused     a kind, actor, subject or detail not allowed here
        └── AuditKeyUnavailable    audit.key_unavailable   the device key file is unreadable or not a key
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

import sqlite_utils
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from offline_cache import audit_chain, wire
from offline_cache.audit_chain import GENESIS, ChainProblem
from offline_cache.db import utc_text
from offline_cache.errors import OfflineCacheError
from offline_cache.files import write_atomically
from offline_cache.redaction import looks_personal

KINDS = frozenset(
    {
        "terminal.enrolled",
        "terminal.store_recovered",
        "catalogue.replaced",
        "application.filed",
        "application.supplement",
        "print.printed",
        "print.reprinted",
        "agent.login",
        "agent.logout",
        "agent.login_failed",
        "agent.locked_out",
        "admin.unlocked",
        "admin.pin_failed",
        "admin.locked_out",
        "admin.action",
        "log.exported",
        "settings.changed",
        "session.wiped",
        "complaint.filed",  # kiosk.terminal.Terminal.complain: by id only, the text is sealed
        "appointment.booked",  # kiosk/appointments.py: by booking id
        "appointment.cancelled",
    }
)
ROLES = ("admin", "system", "visitor")  # actors other than an agent number
_AGENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_DETAIL_KEY = re.compile(r"^[a-z][a-z_]{0,29}$")
MAX_DETAILS = 8
KEY_FILE = ("secrets", "audit_key.pem")
PLATFORM_KEY_META = "audit_platform_key"  # pinned at the first countersignature


class AuditError(OfflineCacheError):
    code: ClassVar[str] = "audit.error"


class AuditEntryRefused(AuditError):
    code: ClassVar[str] = "audit.entry_refused"


class AuditKeyUnavailable(AuditError):
    code: ClassVar[str] = "audit.key_unavailable"


@dataclasses.dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str  # offline_cache.db.utc_text
    kind: str
    actor: str
    subject: str
    details: Mapping[str, Any]
    prev_hash: str
    hash: str

    def to_wire(self) -> wire.AuditEntryWire:
        return wire.AuditEntryWire(**{**dataclasses.asdict(self), "details": dict(self.details)})


@dataclasses.dataclass(frozen=True, slots=True)
class SignedHead:
    device_id: str
    seq: int
    hash: str
    note: str  # checkpoint + the device's signature line
    countersigned: str | None  # the note with the platform's line too


@dataclasses.dataclass(frozen=True, slots=True)
class VerifyReport:
    entries: int  # the highest seq in the log
    signed_seq: int  # the newest head signed by the device (0: none)
    countersigned_seq: int  # the newest head the platform countersigned (0: none)
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_entry(kind: str, actor: str, subject: str, details: Mapping[str, Any]) -> None:
    """Refuse what does not belong in the audit log (a bug in the caller, never the visitor's fault)."""
    if kind not in KINDS:
        raise AuditEntryRefused(f"unknown audit kind {kind!r}")
    if actor not in ROLES and not _AGENT.match(actor):
        raise AuditEntryRefused("actor is not a role or an agent number")
    if len(subject) > 100 or not re.match(r"^[A-Za-z0-9._:-]*$", subject) or looks_personal(subject):
        raise AuditEntryRefused("subject is not an id")
    if len(details) > MAX_DETAILS:
        raise AuditEntryRefused("too many details")
    for key, value in details.items():
        if not _DETAIL_KEY.match(key):
            raise AuditEntryRefused(f"detail name {key!r} not allowed")
        if isinstance(value, str) and (len(value) > 100 or looks_personal(value)):
            raise AuditEntryRefused(f"detail {key!r} is too long or looks like personal data")
        if not isinstance(value, str | int | bool):
            raise AuditEntryRefused(f"detail {key!r} is not text, a number or yes/no")


def append(
    db: sqlite_utils.Database,
    kind: str,
    actor: str,
    subject: str = "",
    details: Mapping[str, Any] | None = None,
    *,
    at: dt.datetime,
) -> AuditEntry:
    """Add an entry inside the caller's open write transaction (it commits or rolls back with it)."""
    details = dict(details or {})
    check_entry(kind, actor, subject, details)
    last = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    when = utc_text(at)
    digest = audit_chain.entry_hash(seq, when, kind, actor, subject, details, prev)
    db.execute(
        "INSERT INTO audit_log (seq, at, kind, actor, subject, details, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, when, kind, actor, subject, json.dumps(details, sort_keys=True), prev, digest],
    )
    return AuditEntry(seq, when, kind, actor, subject, details, prev, digest)


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    seq, at, kind, actor, subject, details, prev, digest = row
    return AuditEntry(int(seq), at, kind, actor, subject, json.loads(details), prev, digest)


_ENTRY_SQL = "SELECT seq, at, kind, actor, subject, details, prev_hash, hash FROM audit_log"
Transaction = Callable[[], contextlib.AbstractContextManager[sqlite_utils.Database]]


class AuditLog:
    """The audit log of one store; ``write``/``read`` are the store's locked transactions."""

    def __init__(self, write: Transaction, read: Transaction, clock: Callable[[], dt.datetime]) -> None:
        self._write, self._read, self._clock = write, read, clock

    def record(
        self, kind: str, actor: str, subject: str = "", details: Mapping[str, Any] | None = None
    ) -> AuditEntry:
        """Write one entry in a transaction of its own. Blocking (a disk write)."""
        with self._write() as db:
            return append(db, kind, actor, subject, details, at=self._clock())

    def entries(self, after: int = 0, limit: int = -1) -> list[AuditEntry]:
        with self._read() as db:
            rows = db.execute(f"{_ENTRY_SQL} WHERE seq > ? ORDER BY seq LIMIT ?", [after, limit]).fetchall()
        return [_entry(r) for r in rows]

    def entry(self, seq: int) -> AuditEntry | None:
        with self._read() as db:
            row = db.execute(f"{_ENTRY_SQL} WHERE seq = ?", [seq]).fetchone()
        return None if row is None else _entry(row)

    def last_seq(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])

    # -- heads -------------------------------------------------------------------------------------------

    def sign_head(self, device_id: str, key: Ed25519PrivateKey, entry: AuditEntry) -> wire.AuditHead:
        """Sign the chain up to ``entry`` and keep the signed head (before it leaves the terminal)."""
        text = audit_chain.checkpoint(device_id, entry.seq, entry.hash)
        line = audit_chain.sign_line(text, audit_chain.device_signer(device_id), key)
        with self._write() as db:
            db.execute(
                "INSERT INTO audit_heads (device_id, seq, hash, note, signed_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (device_id, seq) DO NOTHING",
                [device_id, entry.seq, entry.hash, audit_chain.note(text, line), utc_text(self._clock())],
            )
        return wire.AuditHead(seq=entry.seq, hash=entry.hash, signature=line)

    def keep_countersigned(self, device_id: str, seq: int, note: str) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE audit_heads SET countersigned = ? WHERE device_id = ? AND seq = ?",
                [note, device_id, seq],
            )

    def heads(self) -> tuple[SignedHead | None, SignedHead | None]:
        """(the newest signed head, the newest countersigned head), of any device id this terminal had."""
        sql = "SELECT device_id, seq, hash, note, countersigned FROM audit_heads"
        with self._read() as db:
            signed = db.execute(f"{sql} ORDER BY seq DESC LIMIT 1").fetchone()
            counter = db.execute(
                f"{sql} WHERE countersigned IS NOT NULL ORDER BY seq DESC LIMIT 1"
            ).fetchone()
        return (SignedHead(*signed) if signed else None, SignedHead(*counter) if counter else None)

    # -- small state in the store's meta table -------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                [key, value, value],
            )

    # -- verification ------------------------------------------------------------------------------------

    def verify(self, device_public: Ed25519PublicKey | None) -> VerifyReport:
        """Walk the whole chain, then check the newest signed and countersigned heads against it."""
        with self._read() as db:
            problems = audit_chain.check_chain(_entry(r) for r in db.execute(f"{_ENTRY_SQL} ORDER BY seq"))
        last = self.last_seq()
        signed, counter = self.heads()
        pinned = self.meta(PLATFORM_KEY_META)
        for head in (signed, counter):
            if head is not None:
                problems += self._head_problems(head, last, device_public)
        if counter is not None:
            problems += _countersignature_problems(counter, pinned)
        unique = list(dict.fromkeys(problems))  # the newest signed head is often the countersigned one
        return VerifyReport(last, signed.seq if signed else 0, counter.seq if counter else 0, unique)

    def _head_problems(
        self, head: SignedHead, last: int, public: Ed25519PublicKey | None
    ) -> list[ChainProblem]:
        if head.seq > last:
            return [
                ChainProblem(
                    head.seq, "audit.truncated", f"the log ends at {last}, a head was signed at {head.seq}"
                )
            ]
        entry = self.entry(head.seq)
        if entry is None or entry.hash != head.hash:
            return [ChainProblem(head.seq, "audit.head_mismatch", "the entry differs from the signed head")]
        text, _lines = audit_chain.split_note(head.note)
        signer = audit_chain.device_signer(head.device_id)
        if text != audit_chain.checkpoint(head.device_id, head.seq, head.hash) or (
            public is not None and not audit_chain.signed_by(head.note, signer, public)
        ):
            return [
                ChainProblem(head.seq, "audit.bad_signature", "the head's device signature does not verify")
            ]
        return []


def _countersignature_problems(head: SignedHead, pinned: str | None) -> list[ChainProblem]:
    note = head.countersigned or ""
    text, _lines = audit_chain.split_note(note)
    try:
        platform = audit_chain.load_public_key(pinned or "")
    except ValueError:
        return [ChainProblem(head.seq, "audit.bad_countersignature", "no platform key was pinned")]
    if text != audit_chain.checkpoint(head.device_id, head.seq, head.hash) or not audit_chain.signed_by(
        note, audit_chain.PLATFORM_SIGNER, platform
    ):
        return [
            ChainProblem(head.seq, "audit.bad_countersignature", "the platform's signature does not verify")
        ]
    return []


# -- the device key ----------------------------------------------------------------------------------------


def key_path(home: Path) -> Path:
    return Path(home).joinpath(*KEY_FILE)


def device_key(home: Path, *, make: bool = True) -> Ed25519PrivateKey | None:
    """The terminal's audit signing key; made on first use (two processes at once agree on the first)."""
    path = key_path(home)
    if not path.exists():
        if not make:
            return None
        new = Ed25519PrivateKey.generate()
        write_atomically(path, audit_chain.private_key_pem(new), keep_existing=True)
    try:
        return audit_chain.load_private_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise AuditKeyUnavailable(f"the audit key file cannot be used: {type(exc).__name__}") from None


def device_public_key_text(home: Path) -> str:
    key = device_key(home)
    assert key is not None
    return audit_chain.public_key_text(key.public_key())
