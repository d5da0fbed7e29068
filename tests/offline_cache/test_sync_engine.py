# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""The sync engine with the real store and the real reference platform over HTTP on loopback."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from offline_cache import sealing, wire
from offline_cache.backoff import Backoff
from offline_cache.catalogue_cache import CatalogueCache
from offline_cache.credentials import Credentials
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine, SyncEvent
from tests.central.platform_fixtures import (  # noqa: F401
    RunningPlatform,
    central,
    db_url,
    free_port,
    open_store,
    pg_db_url,
    pg_server_url,
    sample_application,
    sample_attachments,
    sqlite_central,
    start_platform,
)


def submit(store: Any, creds: Credentials, sizes: list[int], seed: int = 0, **over: Any) -> Any:
    return store.submit(
        sample_application(**over), sample_attachments(sizes, seed), creds.platform_public_key
    )


def assert_delivered_intact(platform: RunningPlatform, store: Any, app_ids: list[str]) -> None:
    """The platform holds each application once, its attachments byte-identical to what the store sealed."""
    rows = {r["app_id"]: r for r in platform.platform.list_applications()}
    assert sorted(rows) == sorted(app_ids)
    private = platform.platform.private_key()
    for app_id in app_ids:
        manifest, key, paths = platform.platform.open_revision(app_id)
        for part, path in zip(manifest["attachments"], paths, strict=True):
            sealed = path.read_bytes()
            assert hashlib.sha256(sealed).hexdigest() == part["sealed_sha256"]
            clear = sealing.open_part(key, app_id, part["part"], sealed)
            assert hashlib.sha256(clear).hexdigest() == part["sha256"]
        assert private is not None
    assert store.pending_count() == 0


def test_delivers_applications_and_ratings_and_pulls_status(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    apps = [submit(store, creds, [200_000, 50_000], seed=i) for i in range(3)]
    rating_id = store.submit_rating({"level": 5, "app_id": apps[0].app_id})
    events: list[SyncEvent] = []
    engine = SyncEngine(store, PlatformClient(creds), on_event=events.append)

    report = engine.run_once()
    assert (report.delivered, report.failed, report.online) == (4, 0, True)
    assert_delivered_intact(sqlite_central, store, [a.app_id for a in apps])
    assert [r["rating_id"] for r in sqlite_central.platform.ratings()] == [rating_id]
    delivered = {e.app_id: e.platform_receipt_no for e in events if e.kind == "delivered"}
    assert all(delivered[a.app_id].startswith("P") for a in apps)
    assert {s.app_id: s.platform_receipt_no for s in store.applications()} == {
        a.app_id: delivered[a.app_id] for a in apps
    }

    sqlite_central.platform.set_status(
        apps[1].app_id, "needs_supplement", ("缺少收入证明（样例）",), ("income",)
    )
    events.clear()
    report = engine.run_once()
    assert report.status_changes == 1
    [change] = [e.change for e in events if e.kind == "status_changed"]
    assert (
        change is not None and change.status == "needs_supplement" and change.missing_materials == ("income",)
    )
    summary = store.application(apps[1].app_id)
    assert summary.status == "needs_supplement"
    assert engine.run_once().status_changes == 0  # the cursor moved on

    # The supplement travels as revision 2 of the same application.
    supplement = submit(store, creds, [30_000], seed=9, app_id=apps[1].app_id)
    assert supplement.revision == 2
    assert engine.run_once().delivered == 1
    row = next(r for r in sqlite_central.platform.list_applications() if r["app_id"] == apps[1].app_id)
    assert row["revision"] == 2 and row["status"] == "received"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_delivery_on_postgresql(central: RunningPlatform, tmp_path: Path) -> None:
    creds = central.enrol()
    store = open_store(tmp_path / "home")
    apps = [submit(store, creds, [100_000], seed=i) for i in range(3)]
    assert SyncEngine(store, PlatformClient(creds)).run_once().delivered == 3
    assert_delivered_intact(central, store, [a.app_id for a in apps])


@dataclass
class GoneAfterEnrolment:
    """A platform that enrolled this terminal and then went away; one application waits in the store."""

    creds: Credentials
    store: Any
    app: Any
    bring_back: Callable[[], RunningPlatform]  # the same database, on the same port


def gone_after_enrolment(tmp_path: Path) -> GoneAfterEnrolment:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    port = free_port()

    def bring_back() -> RunningPlatform:
        return start_platform(db, tmp_path / "central", port=port)

    running = bring_back()
    creds = running.enrol()
    running.stop()
    store = open_store(tmp_path / "home")
    return GoneAfterEnrolment(creds, store, submit(store, creds, [10_000]), bring_back)


def test_offline_keeps_everything_and_delivers_when_back(tmp_path: Path) -> None:
    gone = gone_after_enrolment(tmp_path)
    creds, store, app = gone.creds, gone.store, gone.app
    events: list[SyncEvent] = []
    engine = SyncEngine(store, PlatformClient(creds, timeout=2), on_event=events.append)
    report = engine.run_once()
    assert not report.online and report.error == "sync.platform_unreachable" and report.delivered == 0
    assert store.pending_count() == 1 and [e.kind for e in events] == ["offline"]
    [row] = store.outbox()
    assert row.last_error == "sync.platform_unreachable" and row.next_attempt_at <= dt.datetime.now(dt.UTC)

    running = gone.bring_back()
    try:
        report = engine.run_once()
        assert report.online and report.delivered == 1
        assert [e.kind for e in events][-2:] == ["delivered", "online"] or "online" in [
            e.kind for e in events
        ]
        assert_delivered_intact(running, store, [app.app_id])
    finally:
        running.stop()


def test_run_forever_starts_at_once_when_the_platform_returns(tmp_path: Path) -> None:
    gone = gone_after_enrolment(tmp_path)
    creds, store, app = gone.creds, gone.store, gone.app
    delivered, offline = threading.Event(), threading.Event()
    kinds = {"delivered": delivered, "offline": offline}
    engine = SyncEngine(
        store,
        PlatformClient(creds, timeout=2),
        on_event=lambda e: kinds[e.kind].set() if e.kind in kinds else None,
        backoff=Backoff(base_s=600.0, cap_s=600.0, floor_s=600.0),  # the backoff alone would wait 10 min
        probe_interval_s=0.2,
    )
    stop = threading.Event()
    thread = threading.Thread(target=engine.run_forever, args=(stop,), daemon=True)
    thread.start()
    running: RunningPlatform | None = None
    try:
        assert offline.wait(10), "the first pass did not find the platform gone"
        assert not delivered.is_set()
        running = gone.bring_back()  # within the 10 minutes the backoff alone would wait
        assert delivered.wait(10), "delivery did not start when the platform came back"
        assert_delivered_intact(running, store, [app.app_id])
    finally:
        stop.set()
        thread.join(10)
        if running is not None:
            running.stop()


def test_wake_starts_a_pass_at_once(sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    delivered, online = threading.Event(), threading.Event()
    kinds = {"delivered": delivered, "online": online}
    engine = SyncEngine(
        store,
        PlatformClient(creds),
        on_event=lambda e: kinds[e.kind].set() if e.kind in kinds else None,
        idle_interval_s=600,
    )
    stop = threading.Event()
    thread = threading.Thread(target=engine.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        # The first pass found nothing to deliver and the engine now idles for 10 minutes; only wake()
        # can bring the new application to the platform in time.
        assert online.wait(10), "the first pass did not end"
        submit(store, creds, [1000])
        engine.wake()
        assert delivered.wait(10)
    finally:
        stop.set()
        thread.join(10)


def test_a_conflict_backs_off_that_entry_and_the_rest_goes_on(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    creds = sqlite_central.enrol()
    # Another terminal already used this id: the platform answers 409 for ours.
    store_a = open_store(tmp_path / "a")
    taken = submit(store_a, creds, [100])
    SyncEngine(store_a, PlatformClient(creds)).run_once()
    other = sqlite_central.enrol("GA0102")
    store_b = open_store(tmp_path / "b", "GA0102")
    clash = store_b.submit(sample_application(), sample_attachments([100], 7), other.platform_public_key)
    # Forge the clash: a second application under the first one's id, delivered from terminal B.
    store_b._db.conn.execute("PRAGMA foreign_keys=OFF")
    for table in ("applications", "revisions", "attachments", "outbox"):
        col = "ref_id" if table == "outbox" else "app_id"
        store_b._db.conn.execute(
            f"UPDATE {table} SET {col} = ? WHERE {col} = ?", [taken.app_id, clash.app_id]
        )
    store_b._db.conn.commit()
    fine = submit(store_b, other, [200], seed=3)
    events: list[SyncEvent] = []
    report = SyncEngine(store_b, PlatformClient(other), on_event=events.append).run_once()
    # The forged entry's manifest was sealed for the other id, so the platform may refuse it as a seal
    # error or as a conflict; either way it is this entry's problem only.
    assert report.online and report.delivered == 1 and report.failed == 1
    rows = {r.ref_id: r for r in store_b.outbox()}
    assert set(rows) == {taken.app_id}
    assert rows[taken.app_id].last_error in ("sync.conflict", "sync.rejected")
    assert rows[taken.app_id].next_attempt_at > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)
    assert [e.kind for e in events if e.kind in ("rejected", "delivered")] == ["rejected", "delivered"]
    assert fine.app_id in {r["app_id"] for r in sqlite_central.platform.list_applications()}


def test_heartbeat_carries_the_terminal_health(sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    health = wire.TerminalHealth(
        pending_count=7,
        oldest_pending_age_s=12.5,
        failing_count=2,
        printer_paper="out",
        free_disk_bytes=123456,
        uptime_s=99.0,
        devices={"printer": wire.DeviceHealth(state="error", code="printer.paper_out")},
        versions={"kiosk": "0.1.0", "catalogue": "2026.11.1", "os": "Debian GNU/Linux 13"},
    )
    engine = SyncEngine(store, PlatformClient(creds, timeout=2), heartbeat_info=lambda: health)
    assert engine.run_once().heartbeat_sent
    hb = sqlite_central.platform.latest_heartbeat(creds.device_id)
    assert hb is not None
    assert (hb["pending_count"], hb["oldest_pending_age_s"], hb["printer_paper"], hb["free_disk_bytes"]) == (
        7,
        12.5,
        "out",
        123456,
    )
    assert (hb["failing_count"], hb["uptime_s"]) == (2, 99.0)
    assert hb["devices"] == {"printer": {"state": "error", "code": "printer.paper_out"}}
    assert hb["versions"] == {
        "kiosk": "0.1.0",
        "catalogue": "2026.11.1",
        "os": "Debian GNU/Linux 13",
        "sync": "1",
    }
    assert hb["clock_skew_s"] is None  # nothing measured before the first answer
    assert engine.clock_skew_s is not None and abs(engine.clock_skew_s) < 5  # one machine: one clock
    assert not engine.run_once().heartbeat_sent  # not every pass
    measured = engine.clock_skew_s
    engine.heartbeat_now()
    assert engine.run_once().heartbeat_sent
    second = sqlite_central.platform.latest_heartbeat(creds.device_id)
    assert second is not None and second["clock_skew_s"] == measured  # the next heartbeat says it


def test_the_clock_skew_is_the_platforms_clock_minus_ours(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    """A terminal whose clock runs two hours behind (a flat RTC battery) is told so by the platform."""
    creds = sqlite_central.enrol()
    behind = dt.timedelta(hours=2)
    engine = SyncEngine(
        open_store(tmp_path / "home"),
        PlatformClient(creds, timeout=2),
        clock=lambda: dt.datetime.now(dt.UTC) - behind,
    )
    assert engine.run_once().heartbeat_sent
    assert engine.clock_skew_s is not None and abs(engine.clock_skew_s - 7200) < 5


def _validator(data: Any) -> list[str]:
    return (
        []
        if isinstance(data.get("version"), str) and isinstance(data.get("items"), list)
        else ["version/items missing"]
    )


def test_catalogue_is_fetched_with_etag_and_a_bad_one_is_refused(
    sqlite_central: RunningPlatform, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    served = tmp_path / "served.json"
    sqlite_central.platform.catalogue_path = served
    served.write_text(json.dumps({"version": "2026.11.1", "items": []}))
    creds = sqlite_central.enrol()
    cache = CatalogueCache.in_home(tmp_path / "home", _validator)
    engine = SyncEngine(
        open_store(tmp_path / "home"), PlatformClient(creds), catalogue=cache, catalogue_every_s=0
    )
    assert engine.run_once().catalogue == "replaced"
    assert cache.current() == {"version": "2026.11.1", "items": []}
    assert engine.run_once().catalogue == "unchanged"
    served.write_text('{"version": 3}')
    with caplog.at_level(logging.WARNING, logger="offline_cache"):
        report = engine.run_once()
    assert report.catalogue == "rejected" and report.online
    assert cache.current() == {"version": "2026.11.1", "items": []}
    # this pass's records only: engines of earlier tests may still be winding down on their own threads
    lines = [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING
        and r.thread == threading.get_ident()
        and "catalogue" in r.getMessage()
    ]
    assert len(lines) == 1 and "version/items missing" in lines[0].getMessage()
    served.write_text(json.dumps({"version": "2026.11.2", "items": [1]}))
    assert engine.run_once().catalogue == "replaced" and cache.current() == {
        "version": "2026.11.2",
        "items": [1],
    }


def test_revoked_token_stops_the_pass_without_touching_the_outbox(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    submit(store, creds, [100])
    bad = Credentials(creds.url, creds.device_id, "x" * 43, creds.platform_public_key, creds.station_code)
    report = SyncEngine(store, PlatformClient(bad)).run_once()
    assert not report.online and report.error == "sync.unauthorized"
    [row] = store.outbox()
    assert row.attempts == 0


def test_forgotten_uploads_are_made_again(sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    first = submit(store, creds, [50_000], seed=1)
    second = submit(store, creds, [60_000], seed=2)
    [e1, e2] = store.due(dt.datetime.now(dt.UTC))
    client = PlatformClient(creds)
    # 1: the terminal remembers an upload URL the platform never heard of (its database was restored).
    store.set_upload_state(e1.attachments[0].sha256, creds.url + "/api/v1/uploads/" + "0" * 32)
    # 2: the upload completed, then the platform lost the file before the application arrived.
    att = e2.attachments[0]
    client.upload(att.path, att.sha256, att.size, None, lambda url: store.set_upload_state(att.sha256, url))
    sqlite_central.platform.blobs.path(att.sha256).unlink()
    report = SyncEngine(store, client).run_once()
    assert (report.delivered, report.failed) == (2, 0)
    assert_delivered_intact(sqlite_central, store, [first.app_id, second.app_id])
    assert store.upload_state(att.sha256) is None  # nothing left to resume


def test_status_can_be_pulled_while_a_long_pass_runs(sqlite_central: RunningPlatform, tmp_path: Path) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    app = submit(store, creds, [1000])
    engine = SyncEngine(store, PlatformClient(creds))
    assert engine.run_once().delivered == 1
    sqlite_central.platform.set_status(app.app_id, "ready")
    with engine._pass_lock:  # a delivery pass is busy (a long upload, say)
        report = engine.pull_status_now()
    assert report.online and report.status_changes == 1
    assert store.application(app.app_id).status == "ready"
