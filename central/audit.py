"""The terminals' audit chains on the platform: accept only a continuation of the chain held, keep the
newest head countersigned, refuse forks and rollbacks, and check what is held (``kiosk-central audit``).

A batch (``wire.AuditBatch``) is accepted when the head's signature verifies with the device's registered
key, the entries form a chain up to that head (each hash recomputed, seqs contiguous), and they continue
the chain held: entries at seqs already held must be the same (else ``audit.fork``), the first new one
must follow the held head (else ``audit.gap`` or ``audit.fork``), and the head must not be older than the
one held (``audit.rollback``). Sending the newest batch again is answered like the first time.

The answer is the head as a signed note with the platform's line added: the countersignature, by an
Ed25519 key kept beside the platform's sealing key (``central.keys``: ``keys/audit-countersign-ed25519.pem``,
0600, made on first use).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from central import errors
from central.keys import ED25519, FileKeyStore, KeyStore, default_key_file, key_beside
from central.models import AuditEntryRow, AuditHeadRow, Device, DeviceKey, utcnow
from offline_cache import audit_chain, wire
from offline_cache.audit_chain import GENESIS, ChainProblem

KEY_NAME = "audit-countersign-ed25519"

# What ``kiosk-central audit verify`` says for each problem: Chinese first, an English gloss after it.
PROBLEM_TEXT: dict[str, str] = {
    "audit.entry_changed": "第 {seq} 条记录被改动过 (entry {seq} was changed)",
    "audit.entry_missing": "第 {seq} 条记录缺失 (entry {seq} is missing)",
    "audit.entry_out_of_order": "第 {seq} 条记录顺序错乱 (entry {seq} is out of order)",
    "audit.chain_broken": "第 {seq} 条记录接不上前一条，前一条被改动或替换过 (entry {seq} does not link to the one before)",
    "audit.truncated": "日志被截短：日志头签到第 {seq} 条，日志没有这么长 (log cut below the head signed at {seq})",
    "audit.head_mismatch": "第 {seq} 条记录与签名的日志头不符 (entry {seq} differs from the signed head)",
    "audit.bad_signature": "第 {seq} 条处的终端签名无效 (the device signature of head {seq} is invalid)",
    "audit.bad_countersignature": "第 {seq} 条处的平台副签无效 (the platform countersignature of head {seq} is invalid)",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Verified:
    device_id: str
    entries: int
    head_seq: int
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self, problem: ChainProblem) -> str:
        return PROBLEM_TEXT.get(problem.code, problem.code + " {seq}").format(seq=problem.seq)


def countersign_keys(platform: Any) -> KeyStore:
    """The countersigning key's store: a file beside the sealing key's, or, when the sealing key lives
    elsewhere (an HSM or KMS behind ``central.keys.KeyStore``), in the default key folder."""
    sealing = platform.keys
    if isinstance(sealing, FileKeyStore):
        return key_beside(sealing, KEY_NAME, ED25519)
    folder = default_key_file(platform.db_url, platform.blobs.root).parent
    return FileKeyStore(folder / f"{KEY_NAME}.pem", ED25519)


class AuditLedger:
    def __init__(self, platform: Any, keys: KeyStore | None = None) -> None:
        self.sessions = platform.sessions
        store = keys or countersign_keys(platform)
        store.create()
        self.key: Ed25519PrivateKey = store.private_key()
        self.public_text = audit_chain.public_key_text(self.key.public_key())

    # -- device keys ---------------------------------------------------------------------------------

    def register_key(self, device: Device, public_key: str) -> bool:
        """Register ``device``'s audit key; True if new. The first key stays: another one is refused."""
        check_device_key(public_key)
        for _ in range(2):
            with self.sessions() as s:
                row = s.get(DeviceKey, device.id)
                if row is not None:
                    if row.public_key != public_key:
                        raise errors.AuditKeyConflict("another audit key is registered for this device")
                    return False
            try:
                with self.sessions.begin() as s:
                    s.add(DeviceKey(device_id=device.id, public_key=public_key))
                return True
            except IntegrityError:
                continue  # registered at the same moment by another request: compare with that one
        raise errors.AuditKeyConflict("the audit key could not be registered")

    def _device_key(self, device_id: str) -> Ed25519PublicKey | None:
        with self.sessions() as s:
            row = s.get(DeviceKey, device_id)
        return None if row is None else audit_chain.load_public_key(row.public_key)

    # -- accepting a batch ---------------------------------------------------------------------------

    def accept(self, device: Device, batch: wire.AuditBatch) -> wire.AuditAck:
        public = self._device_key(device.id)
        if public is None:
            raise errors.AuditKeyMissing("no audit key is registered for this device")
        head = batch.head
        text = audit_chain.checkpoint(device.id, head.seq, head.hash)
        if not audit_chain.verify_line(text, head.signature, audit_chain.device_signer(device.id), public):
            raise errors.AuditBadSignature(f"the head at seq {head.seq} is not signed by the device's key")
        _check_batch(batch)
        with self.sessions.begin() as s:
            s.get(Device, device.id, with_for_update=True)  # one batch of a device at a time
            held = s.get(AuditHeadRow, device.id)
            held_seq, held_hash = (held.seq, held.hash) if held else (0, GENESIS)
            self._continues(s, device.id, batch, held_seq, held_hash)
            if head.seq == held_seq and held is not None:
                return self._ack(held)  # the newest batch again: the same answer
            for e in batch.entries:
                if e.seq > held_seq:
                    s.add(AuditEntryRow(device_id=device.id, **e.model_dump()))
            signed = audit_chain.note(
                text, head.signature, audit_chain.sign_line(text, audit_chain.PLATFORM_SIGNER, self.key)
            )
            if held is None:
                held = AuditHeadRow(device_id=device.id, seq=head.seq, hash=head.hash, note=signed)
                s.add(held)
            else:
                held.seq, held.hash, held.note, held.updated_at = head.seq, head.hash, signed, utcnow()
            return self._ack(held)

    def _continues(
        self, s: Any, device_id: str, batch: wire.AuditBatch, held_seq: int, held_hash: str
    ) -> None:
        entries = batch.entries
        first = entries[0].seq
        if first > held_seq + 1:
            raise errors.AuditGap(f"entries start at seq {first}; the platform holds up to {held_seq}")
        overlap = [e for e in entries if e.seq <= held_seq]
        if overlap:
            stored = dict(
                s.execute(
                    select(AuditEntryRow.seq, AuditEntryRow.hash).where(
                        AuditEntryRow.device_id == device_id,
                        AuditEntryRow.seq.between(first, overlap[-1].seq),
                    )
                ).all()
            )
            for e in overlap:
                if stored.get(e.seq) != e.hash:
                    raise errors.AuditFork(f"entry {e.seq} differs from the entry the platform holds")
        elif entries[0].prev_hash != held_hash:
            raise errors.AuditFork(f"entry {first} does not continue the chain held up to seq {held_seq}")
        if batch.head.seq < held_seq:
            raise errors.AuditRollback(
                f"the head at seq {batch.head.seq} is older than the head held at seq {held_seq}"
            )

    def _ack(self, held: AuditHeadRow) -> wire.AuditAck:
        return wire.AuditAck(seq=held.seq, hash=held.hash, note=held.note, platform_key=self.public_text)

    def head(self, device: Device) -> wire.AuditAck:
        with self.sessions() as s:
            held = s.get(AuditHeadRow, device.id)
        if held is None:
            return wire.AuditAck(seq=0, hash=GENESIS, platform_key=self.public_text)
        return self._ack(held)

    # -- checking what is held -----------------------------------------------------------------------

    def verify(self, device_id: str) -> Verified:
        """Walk the device's whole chain and check the held head's two signatures against it."""
        with self.sessions() as s:
            if s.get(Device, device_id) is None:
                raise errors.NotFound(f"no device {device_id}")
            rows = s.scalars(
                select(AuditEntryRow).where(AuditEntryRow.device_id == device_id).order_by(AuditEntryRow.seq)
            ).all()
            held = s.get(AuditHeadRow, device_id)
        problems = audit_chain.check_chain(rows)
        last = rows[-1].seq if rows else 0
        if held is not None:
            problems += self._head_problems(device_id, held, {r.seq: r.hash for r in rows}, last)
        return Verified(device_id, last, held.seq if held else 0, problems)

    def _head_problems(
        self, device_id: str, held: AuditHeadRow, hashes: dict[int, str], last: int
    ) -> list[ChainProblem]:
        if held.seq > last:
            return [
                ChainProblem(held.seq, "audit.truncated", f"entries end at {last}, the head is at {held.seq}")
            ]
        if hashes.get(held.seq) != held.hash:
            return [ChainProblem(held.seq, "audit.head_mismatch", "the entry differs from the held head")]
        text, _lines = audit_chain.split_note(held.note)
        public = self._device_key(device_id)
        if (
            text != audit_chain.checkpoint(device_id, held.seq, held.hash)
            or public is None
            or not audit_chain.signed_by(held.note, audit_chain.device_signer(device_id), public)
        ):
            return [ChainProblem(held.seq, "audit.bad_signature", "the device signature does not verify")]
        if not audit_chain.signed_by(held.note, audit_chain.PLATFORM_SIGNER, self.key.public_key()):
            return [
                ChainProblem(held.seq, "audit.bad_countersignature", "the countersignature does not verify")
            ]
        return []


def check_device_key(text: str) -> None:
    try:
        audit_chain.load_public_key(text)
    except ValueError:
        raise errors.Unprocessable("the device key is not a base64 Ed25519 public key") from None


def _check_batch(batch: wire.AuditBatch) -> None:
    """The entries are a chain in themselves, ending at the head."""
    first = batch.entries[0]
    problems = audit_chain.check_chain(batch.entries, first.seq, first.prev_hash)
    if problems:
        raise errors.AuditChainInvalid(f"entry {problems[0].seq}: {problems[0].detail}")
    last = batch.entries[-1]
    if (batch.head.seq, batch.head.hash) != (last.seq, last.hash):
        raise errors.AuditChainInvalid("the head is not the batch's last entry")
