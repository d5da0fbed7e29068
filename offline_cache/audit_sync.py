"""Sending the audit log to the platform: one step of the sync engine's pass (``SyncEngine(audit=...)``).

Entries after the last one the platform acknowledged go in batches, each with the head at its last entry
signed by the device key (``AuditLog.sign_head`` keeps it before it leaves). The platform answers with
the head countersigned; the terminal checks that signature with the platform's audit key (pinned at the
first answer) and keeps the countersigned note. What was acknowledged is remembered per device id, so a
re-enrolled terminal sends its whole chain to its new device.

A platform without the audit routes (an older release) answers 404: the sender stops with
``audit.unsupported`` and the rest of the sync pass is not affected.

When the platform refuses a batch because it holds a different head (``audit.rollback``, ``audit.gap``,
``audit.fork``: two processes sent at once, or an answer was lost), the sender asks for the platform's
head; if this log holds the same entry at that seq, it carries on from there. Otherwise the two chains
really differ: the sender stops and says so (``AuditOutcome.error``), and the platform keeps what it has.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from offline_cache import audit_chain, wire
from offline_cache.audit import PLATFORM_KEY_META, AuditEntry, AuditLog
from offline_cache.platform_client import AuditRefused, EntryRejected

log = logging.getLogger(__name__)

_RESYNC = {"audit.rollback", "audit.gap", "audit.fork"}


class AuditClient(Protocol):
    def register_audit_key(self, device_public_key: str) -> None: ...
    def post_audit(self, batch: wire.AuditBatch) -> wire.AuditAck: ...
    def audit_head(self) -> wire.AuditAck: ...


@dataclasses.dataclass(frozen=True, slots=True)
class AuditOutcome:
    sent: int = 0  # entries the platform acknowledged in this pass
    error: str = ""  # the platform's (or the check's) stable code when sending stopped


class AuditSender:
    def __init__(
        self, audit: AuditLog, key: Ed25519PrivateKey, device_id: str, *, batch: int = 200, batches: int = 20
    ) -> None:
        self.audit = audit
        self.key = key
        self.device_id = device_id
        self.batch = min(batch, wire.AUDIT_BATCH_MAX)
        self.batches = batches  # per pass, so a long backlog does not hold the pass up
        self.public_text = audit_chain.public_key_text(key.public_key())
        self._last_problem = ""

    def _sent_key(self) -> str:
        return f"audit_sent:{self.device_id}"

    def sent_seq(self) -> int:
        return int(self.audit.meta(self._sent_key()) or 0)

    def send(self, client: AuditClient) -> AuditOutcome:
        """Send what the platform lacks. Network trouble raises the client's transient errors."""
        try:
            self._register(client)
        except AuditRefused as exc:
            return self._stopped(0, exc.problem, "the platform refuses this terminal's audit key")
        except EntryRejected as exc:  # a platform of an older release: the rest of the pass goes on
            return self._stopped(0, _unsupported(exc), "the platform takes no audit log")
        sent = 0
        for _ in range(self.batches):
            after = self.sent_seq()
            entries = self.audit.entries(after, self.batch)
            if not entries:
                break
            head = self.audit.sign_head(self.device_id, self.key, entries[-1])
            try:
                ack = client.post_audit(wire.AuditBatch(entries=[e.to_wire() for e in entries], head=head))
            except AuditRefused as exc:
                if exc.problem == "audit.key_missing":
                    self.audit.set_meta(self._registered_key(), "")  # register again next pass
                if exc.problem in _RESYNC and self._resync(client, after):
                    continue
                return self._stopped(
                    sent, exc.problem, f"the platform refuses the audit log after seq {after}"
                )
            except EntryRejected as exc:
                return self._stopped(sent, _unsupported(exc), "the platform takes no audit log")
            problem = self._keep(ack, entries[-1])
            if problem:
                return self._stopped(sent, problem, "the platform's answer to the audit log is not accepted")
            sent += len(entries)
        self._last_problem = ""
        return AuditOutcome(sent)

    def _stopped(self, sent: int, problem: str, why: str) -> AuditOutcome:
        # Loud once, then quiet: the same refusal comes back at every pass until someone acts on it.
        level = logging.ERROR if problem != self._last_problem else logging.DEBUG
        log.log(level, "%s: %s", why, problem)
        self._last_problem = problem
        return AuditOutcome(sent, problem)

    def _registered_key(self) -> str:
        return f"audit_key_registered:{self.device_id}"

    def _register(self, client: AuditClient) -> None:
        if self.audit.meta(self._registered_key()) != self.public_text:
            client.register_audit_key(self.public_text)
            self.audit.set_meta(self._registered_key(), self.public_text)

    def _keep(self, ack: wire.AuditAck, last: AuditEntry) -> str:
        """Check the countersigned head and keep it; "" when all is well, else the problem's code."""
        if ack.seq != last.seq or ack.hash != last.hash:
            log.warning("the platform acknowledged audit head %d, %d was sent", ack.seq, last.seq)
            return "audit.head_mismatch"
        if not self._countersigned(ack):
            return "audit.bad_countersignature"
        self.audit.keep_countersigned(self.device_id, ack.seq, ack.note)
        self.audit.set_meta(self._sent_key(), str(ack.seq))
        return ""

    def _countersigned(self, ack: wire.AuditAck) -> bool:
        pinned = self.audit.meta(PLATFORM_KEY_META)
        if pinned is None:
            self.audit.set_meta(PLATFORM_KEY_META, ack.platform_key)
            pinned = ack.platform_key
        elif pinned != ack.platform_key:
            log.warning("the platform countersigns with another audit key than before; not accepted")
            return False
        text, _lines = audit_chain.split_note(ack.note)
        try:
            ok = text == audit_chain.checkpoint(self.device_id, ack.seq, ack.hash) and audit_chain.signed_by(
                ack.note, audit_chain.PLATFORM_SIGNER, audit_chain.load_public_key(pinned)
            )
        except ValueError:
            ok = False
        if not ok:
            log.warning("the platform's countersignature of audit head %d does not verify", ack.seq)
        return ok

    def _resync(self, client: AuditClient, after: int) -> bool:
        """Carry on from the platform's head if this log agrees with it there; False if it does not."""
        held = client.audit_head()
        if held.seq == after:
            return False  # it refused the very continuation of what it holds: nothing to catch up on
        if held.seq == 0:
            self.audit.set_meta(self._sent_key(), "0")  # it holds nothing (a new platform database)
            return True
        mine = self.audit.entry(held.seq)
        if mine is None or mine.hash != held.hash:
            return False
        if held.note and self._countersigned(held):
            self.audit.keep_countersigned(self.device_id, held.seq, held.note)
        self.audit.set_meta(self._sent_key(), str(held.seq))
        return True


def _unsupported(exc: EntryRejected) -> str:
    return "audit.unsupported" if exc.status in (404, 405) else exc.code
