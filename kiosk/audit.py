"""The terminal's side of the audit log that is not storage: the sync step for a home, enrolment's entry,
and ``kiosk audit verify``'s words. The log itself is ``offline_cache/audit.py``; what the UI records goes
through ``Terminal.audit_event`` and ``Terminal.check_admin_pin`` (worker threads, never the Qt one).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.messages import message_for

if TYPE_CHECKING:
    from offline_cache.audit import VerifyReport
    from offline_cache.audit_sync import AuditSender
    from offline_cache.credentials import Credentials
    from offline_cache.store import Store

log = logging.getLogger(__name__)


def sender_for(home: Path, store: Store, creds: Credentials) -> AuditSender:
    """The sync step that sends ``store``'s audit log, signed with the device key of ``home`` (made now for
    a terminal enrolled before the key existed; the sync step then registers it with the platform)."""
    from offline_cache.audit import device_key
    from offline_cache.audit_sync import AuditSender

    key = device_key(home)
    assert key is not None
    return AuditSender(store.audit, key, creds.device_id)


def record_enrolment(home: Path, station_code: str, creds: Credentials, actor: str = "admin") -> None:
    """The enrolment's audit entry, in the terminal's store (opened for the purpose when no one holds it)."""
    from offline_cache.errors import OfflineCacheError
    from offline_cache.store import Store

    try:
        with Store.open(home / "kiosk.db", home / "attachments", station_code) as store:
            store.audit.record("terminal.enrolled", actor, creds.device_id, {"station": creds.station_code})
    except OfflineCacheError as exc:
        log.error("the enrolment could not be recorded in the audit log: %s", exc.code)


def record_catalogue(store: Store, catalogue: dict[str, Any]) -> None:
    """The audit entry of a catalogue the sync process downloaded and put in place."""
    from offline_cache.errors import OfflineCacheError

    try:
        store.audit.record(
            "catalogue.replaced", "system", details={"version": str(catalogue.get("version"))[:100]}
        )
    except OfflineCacheError as exc:
        log.error("the catalogue update could not be recorded in the audit log: %s", exc.code)


def report_lines(report: VerifyReport, signatures_checked: bool) -> tuple[list[str], list[str]]:
    """(lines for stdout, lines for stderr) of ``kiosk audit verify``: Chinese first, English after."""
    out: list[str] = []
    if report.ok:
        out.append(
            message_for("audit.ok").format(
                n=report.entries, signed=report.signed_seq, countersigned=report.countersigned_seq
            )
        )
    if not signatures_checked:
        out.append(message_for("audit.no_device_key"))
    err = [message_for(p.code).format(seq=p.seq) for p in report.problems]
    return out, err
