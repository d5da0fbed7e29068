"""The fleet as the county sees it: every terminal with its latest heartbeat and a state in one word.

``fleet_status`` is the one function ``kiosk-central terminals`` prints and the staff console shows; a
terminal's short history (the heartbeats housekeeping keeps) is ``heartbeat_history``. Heartbeats are
stored as the terminal sent them (``wire.Heartbeat``); a field an older terminal did not send is None.

States, the first that holds::

    revoked      an administrator stopped it
    never_seen   enrolled, no heartbeat yet
    silent       no heartbeat for longer than ``silent_after`` (power, network, or the app is down)
    error        a device is red, the paper is out, or entries keep failing
    warning      a device is amber, paper low, the clock off by more than CLOCK_SKEW_WARN_S, or an
                 application waiting longer than PENDING_WARN_S
    ok
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from central.models import Device, HeartbeatRow, aware, utcnow

if TYPE_CHECKING:
    from central.service import Platform

SILENT_AFTER = dt.timedelta(hours=24)
CLOCK_SKEW_WARN_S = 300.0  # five minutes: receipts and audit entries start to carry the wrong time
PENDING_WARN_S = 24 * 3600.0

# The heartbeat's fields the listing carries, as the terminal sent them.
FIELDS = (
    "pending_count",
    "oldest_pending_age_s",
    "failing_count",
    "printer_paper",
    "free_disk_bytes",
    "uptime_s",
    "devices",
    "versions",
    "last_sync_at",
    "clock_skew_s",
    "unexpected_errors",
)


def fleet_status(
    platform: Platform, now: dt.datetime | None = None, silent_after: dt.timedelta = SILENT_AFTER
) -> list[dict[str, Any]]:
    """Every terminal, oldest enrolment first: who and where, last seen, state, and the latest heartbeat."""
    now = now or utcnow()
    with platform.sessions() as s:
        latest_ids = select(func.max(HeartbeatRow.id)).group_by(HeartbeatRow.device_id)
        latest = {
            r.device_id: r for r in s.scalars(select(HeartbeatRow).where(HeartbeatRow.id.in_(latest_ids)))
        }
        rows = [
            _row(d, latest.get(d.id), now, silent_after)
            for d in s.scalars(select(Device).order_by(Device.enrolled_at))
        ]
    return rows


def heartbeat_history(platform: Platform, device_id: str, limit: int = 50) -> list[dict[str, Any]]:
    """The newest ``limit`` heartbeats of one terminal, newest first, each with the time it arrived."""
    with platform.sessions() as s:
        beats = s.scalars(
            select(HeartbeatRow)
            .where(HeartbeatRow.device_id == device_id)
            .order_by(HeartbeatRow.id.desc())
            .limit(limit)
        ).all()
        return [{"received_at": aware(b.at).isoformat(), **dict(b.body)} for b in beats]


def _row(
    device: Device, beat: HeartbeatRow | None, now: dt.datetime, silent_after: dt.timedelta
) -> dict[str, Any]:
    body: dict[str, Any] = dict(beat.body) if beat is not None else {}
    seen = aware(beat.at) if beat is not None else None
    silent_for = (now - seen).total_seconds() if seen is not None else None
    silent = silent_for is not None and silent_for > silent_after.total_seconds()
    row: dict[str, Any] = {
        "device_id": device.id,
        "station_code": device.station_code,
        "name": device.name,
        "enrolled_at": aware(device.enrolled_at).isoformat(),
        "last_seen_at": aware(device.last_seen_at).isoformat() if device.last_seen_at else None,
        "revoked_at": aware(device.revoked_at).isoformat() if device.revoked_at else None,
        "heartbeat_at": seen.isoformat() if seen is not None else None,
        "silent_for_s": round(silent_for, 1) if silent_for is not None else None,
        "silent": silent,
    }
    row.update({name: body.get(name) for name in FIELDS})
    row["state"] = _state(row, device, seen is not None)
    return row


def _state(row: dict[str, Any], device: Device, seen: bool) -> str:
    if device.revoked_at is not None:
        return "revoked"
    if not seen:
        return "never_seen"
    if row["silent"]:
        return "silent"
    states = {d.get("state") for d in (row["devices"] or {}).values() if isinstance(d, dict)}
    if "error" in states or row["printer_paper"] in ("out", "offline") or (row["failing_count"] or 0) > 0:
        return "error"
    skew = abs(row["clock_skew_s"] or 0.0)
    waiting = row["oldest_pending_age_s"] or 0.0
    if (
        "warning" in states
        or row["printer_paper"] == "low"
        or skew > CLOCK_SKEW_WARN_S
        or waiting > PENDING_WARN_S
    ):
        return "warning"
    return "ok"


STATE_WORDS = {
    "ok": "正常",
    "warning": "需留意",
    "error": "有故障",
    "silent": "失联",
    "never_seen": "未联系过",
    "revoked": "已停用",
}


def fleet_line(row: dict[str, Any], silent_hours: float) -> str:
    """One terminal as ``kiosk-central terminals`` prints it: Chinese first, the English word beside."""
    versions = row["versions"] or {}
    parts = [
        row["device_id"],
        row["station_code"],
        row["name"] or "-",
        f"{STATE_WORDS[row['state']]} ({row['state']})",
        f"最后联系 (last seen) {row['heartbeat_at'] or '-'}",
        f"待发送 (pending) {row['pending_count'] if row['pending_count'] is not None else '-'}",
        f"打印纸 (paper) {row['printer_paper'] or '-'}",
        f"版本 (versions) {versions.get('kiosk', '-')}/{versions.get('catalogue', '-')}",
    ]
    if row["silent"]:
        parts.append(f"超过 {silent_hours:g} 小时未联系 (silent for more than {silent_hours:g} hours)")
    return "  ".join(str(p) for p in parts)
