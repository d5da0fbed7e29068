"""The fleet at the county: heartbeats arrive over HTTP from real ``kiosk sync`` processes and a running
terminal, the platform keeps the latest and a short history, and ``kiosk-central terminals [--json]``
lists them with the terminals silent past the threshold flagged."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import update

from central.fleet import fleet_status, heartbeat_history
from central.models import HeartbeatRow
from kiosk import __version__
from offline_cache.credentials import save_credentials
from tests.central.platform_fixtures import (
    RunningPlatform,
    open_store,
    sample_application,
    sample_attachments,
    start_platform,
)

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_HOME", "KIOSK_CENTRAL_DB", "KIOSK_CONFIG")}
    return {**env, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": os.devnull}


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *cmd], env=_env(), capture_output=True, text=True, timeout=180)


def _terminals(db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return _run("-m", "central.cli", "terminals", *extra, "--db", db)


def _age(running: RunningPlatform, device_id: str, hours: float) -> None:
    """Make a terminal's heartbeats ``hours`` old: it has been silent since (the test owns the clock)."""
    then = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)
    with running.platform.sessions.begin() as s:
        s.execute(update(HeartbeatRow).where(HeartbeatRow.device_id == device_id).values(at=then))


def test_kiosk_sync_heartbeats_reach_the_fleet_listing_and_a_silent_terminal_is_flagged(
    tmp_path: Path,
) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    running = start_platform(db, tmp_path / "central")
    try:
        homes: dict[str, Any] = {}
        for station in ("GA0101", "GA0102"):
            home = tmp_path / station
            creds = running.enrol(station)
            save_credentials(home, creds)
            homes[station] = creds
        with open_store(tmp_path / "GA0101") as store:
            # Sealed for another key: the platform cannot open it and refuses it, again and again.
            wrong = base64.b64encode(X25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
            store.submit(sample_application(), sample_attachments([500]), wrong)
        for station in homes:
            synced = _run("-m", "kiosk", "--home", str(tmp_path / station), "sync", "--once")
            assert synced.returncode == 0, synced.stderr
        _age(running, homes["GA0102"].device_id, hours=30)

        listed = _terminals(db, "--json")
        assert listed.returncode == 0, listed.stderr
        rows = {r["device_id"]: r for r in json.loads(listed.stdout)}
        fresh, quiet = rows[homes["GA0101"].device_id], rows[homes["GA0102"].device_id]
        assert (fresh["station_code"], fresh["silent"], fresh["state"]) == ("GA0101", False, "error")
        assert fresh["versions"]["kiosk"] == __version__ and fresh["versions"]["catalogue"]
        assert fresh["versions"]["os"] and fresh["uptime_s"] > 0 and fresh["free_disk_bytes"] > 0
        assert fresh["printer_paper"] == "unknown"  # ``kiosk sync`` does not own the printer: it says so
        assert (
            fresh["pending_count"] == 1 and fresh["failing_count"] == 1 and fresh["oldest_pending_age_s"] >= 0
        )
        assert fresh["clock_skew_s"] is None  # measured from this first answer, sent with the next
        assert (quiet["silent"], quiet["state"]) == (True, "silent") and quiet["silent_for_s"] > 29 * 3600

        text = _terminals(db).stdout
        [quiet_line] = [line for line in text.splitlines() if homes["GA0102"].device_id in line]
        assert "失联 (silent)" in quiet_line and "超过 24 小时未联系" in quiet_line
        [fresh_line] = [line for line in text.splitlines() if homes["GA0101"].device_id in line]
        assert (
            "有故障 (error)" in fresh_line
            and "未联系" not in fresh_line
            and "待发送 (pending) 1" in fresh_line
        )
        # A longer threshold: nobody is silent; the ``list`` spelling lists the same.
        longer = json.loads(_terminals(db, "list", "--json", "--silent-hours", "48").stdout)
        assert not any(r["silent"] for r in longer)
    finally:
        running.stop()


def test_the_latest_heartbeat_and_a_short_history_are_kept_per_terminal(
    central: RunningPlatform, tmp_path: Path
) -> None:
    """On SQLite and PostgreSQL: the listing shows each terminal's newest heartbeat, the history its last
    ones newest first, and a heartbeat saying the paper is out makes the terminal red."""
    from offline_cache import wire
    from offline_cache.platform_client import PlatformClient

    creds = central.enrol()
    never = central.enrol("GA0102")
    fine = central.enrol("GA0103")
    other = PlatformClient(fine, timeout=5)
    try:
        other.heartbeat(wire.Heartbeat(at=dt.datetime.now(dt.UTC), printer_paper="ok"))
    finally:
        other.close()
    client = PlatformClient(creds, timeout=5)
    try:
        for n in range(3):
            client.heartbeat(wire.Heartbeat(at=dt.datetime.now(dt.UTC), pending_count=n))
        client.heartbeat(
            wire.Heartbeat(
                at=dt.datetime.now(dt.UTC),
                pending_count=9,
                printer_paper="out",
                devices={"printer": wire.DeviceHealth(state="error", code="printer.paper_out")},
            )
        )
    finally:
        client.close()
    rows = {r["device_id"]: r for r in fleet_status(central.platform)}
    assert rows[creds.device_id]["pending_count"] == 9 and rows[creds.device_id]["state"] == "error"
    assert rows[never.device_id]["state"] == "never_seen" and rows[never.device_id]["heartbeat_at"] is None
    assert rows[fine.device_id]["state"] == "ok"
    history = heartbeat_history(central.platform, creds.device_id, limit=3)
    assert [h["pending_count"] for h in history] == [9, 2, 1]
    assert all(h["received_at"] for h in history)
