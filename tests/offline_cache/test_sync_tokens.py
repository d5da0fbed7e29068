# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""The sync engine against a platform that revokes its terminal or rotates its token: the real store, the
real reference platform over HTTP on loopback, the real credentials file."""

from __future__ import annotations

import datetime as dt
import logging
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from offline_cache.credentials import (
    Credentials,
    credentials_path,
    load_credentials,
    replace_token,
    save_credentials,
    saved_token,
)
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine, SyncEvent, SyncReport
from tests.central.platform_fixtures import (  # noqa: F401
    RunningPlatform,
    free_port,
    open_store,
    sample_application,
    sample_attachments,
    sqlite_central,
    start_platform,
)


def _submit(store: Any, creds: Credentials, seed: int = 0) -> Any:
    return store.submit(sample_application(), sample_attachments([5000], seed), creds.platform_public_key)


def _pings(url: str, token: str) -> int:
    return requests.get(
        f"{url}/api/v1/ping", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).status_code


class _OnePass(SyncEngine):
    """``run_forever`` for one round: the wait it chose after the pass is recorded, then it stops."""

    waits: list[float]

    def _sleep(self, stop: threading.Event, seconds: float, *, probe: bool) -> None:
        self.waits.append(seconds)
        stop.set()


def test_a_revoked_terminal_keeps_its_outbox_and_stops_asking(tmp_path: Path) -> None:
    db, port = f"sqlite:///{tmp_path / 'central.db'}", free_port()
    central = start_platform(db, tmp_path / "central", port=port)
    creds = central.enrol()
    central.stop()  # the link is down first
    store = open_store(tmp_path / "home")
    apps = [_submit(store, creds, seed) for seed in range(2)]
    rating = store.submit_rating({"level": 2, "reasons": ["办理时间太长"]})
    events: list[SyncEvent] = []
    engine = _OnePass(store, PlatformClient(creds, timeout=2), on_event=events.append)
    assert engine.run_once().error == "sync.platform_unreachable"
    before = store.outbox()

    central = start_platform(db, tmp_path / "central", port=port)
    try:
        central.platform.revoke(creds.device_id)
        report = engine.run_once()
        assert not report.online and report.error == "sync.revoked"
        # The screen hears of the new reason although the terminal was offline already.
        assert [(e.kind, e.error_code) for e in events] == [
            ("offline", "sync.platform_unreachable"),
            ("offline", "sync.revoked"),
        ]
        after = store.outbox()
        assert [(r.ref_id, r.attempts, r.next_attempt_at, r.last_error) for r in after] == [
            (r.ref_id, r.attempts, r.next_attempt_at, r.last_error) for r in before
        ]
        assert {r.ref_id for r in after} == {apps[0].app_id, apps[1].app_id, rating}
        assert central.platform.list_applications() == [] and central.platform.ratings() == []
        # Asking again soon would change nothing: the engine waits an hour (a submit still wakes it).
        engine.waits = []
        engine.run_forever(threading.Event())
        assert engine.waits == [3600.0]
        unreachable = SyncReport(error="sync.platform_unreachable")
        assert engine.next_delay(unreachable, 0) <= engine.backoff.ceiling(0) == 1.0
    finally:
        central.stop()


def _home_with(creds: Credentials, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    save_credentials(home, creds)
    return home


def _saver(home: Path) -> Any:
    def save(token: str) -> None:
        replace_token(home, token)

    return save


def _engine(store: Any, home: Path, **kw: Any) -> SyncEngine:
    creds = load_credentials(home)
    assert creds is not None
    return SyncEngine(
        store,
        PlatformClient(creds),
        save_token=_saver(home),
        load_token=lambda: saved_token(home),
        **kw,
    )


def test_the_token_is_rotated_when_due_and_saved_before_it_is_used(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    creds = sqlite_central.enrol()
    home = _home_with(creds, tmp_path)
    store = open_store(home)
    engine = _engine(store, home)
    assert engine.run_once().heartbeat_sent and saved_token(home) == creds.token  # not due yet

    sqlite_central.platform.token_max_age = dt.timedelta(0)
    engine._last_heartbeat = -1e18  # the next heartbeat is due now
    assert engine.run_once().online
    rotated = saved_token(home)
    assert rotated is not None and rotated != creds.token and engine.client.credentials.token == rotated
    assert stat.S_IMODE(credentials_path(home).stat().st_mode) == 0o600
    stored = load_credentials(home)
    assert stored is not None and (stored.url, stored.device_id) == (creds.url, creds.device_id)

    sqlite_central.platform.token_max_age = dt.timedelta(days=30)
    app = _submit(store, creds)
    assert engine.run_once().delivered == 1  # with the new token, which the platform now holds alone
    assert app.app_id in {r["app_id"] for r in sqlite_central.platform.list_applications()}
    assert _pings(creds.url, creds.token) == 401 and _pings(creds.url, rotated) == 200


class _LoseTokenAnswers(HTTPAdapter):
    """The platform answers POST /token; the answer is lost on the way back (the link broke)."""

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().send(request, *args, **kwargs)
        if request.method == "POST" and request.path_url.endswith("/token"):
            raise requests.ConnectionError("the answer was lost")
        return response


def test_a_lost_or_unsaved_rotation_answer_locks_nobody_out(
    sqlite_central: RunningPlatform, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    creds = sqlite_central.enrol()
    home = _home_with(creds, tmp_path)
    store = open_store(home)
    sqlite_central.platform.token_max_age = dt.timedelta(0)

    lossy = PlatformClient(creds)
    lossy.session.mount("http://", _LoseTokenAnswers())
    engine = SyncEngine(store, lossy, save_token=_saver(home))
    assert engine.run_once().error == "sync.platform_unreachable"  # the heartbeat went, the answer did not
    assert saved_token(home) == creds.token and _pings(creds.url, creds.token) == 200

    def full_disk(_token: str) -> None:
        raise OSError(28, "No space left on device")

    engine = SyncEngine(store, PlatformClient(creds), save_token=full_disk)
    with caplog.at_level(logging.WARNING, logger="offline_cache"):
        assert engine.run_once().online
    assert "could not be saved" in caplog.text and engine.client.credentials.token == creds.token
    app = _submit(store, creds)
    assert engine.run_once().delivered == 1 and _pings(creds.url, creds.token) == 200

    # Saved, then the process died before it used the token: the restarted one starts with it.
    new = PlatformClient(creds).new_token()
    replace_token(home, new)
    restarted = load_credentials(home)
    assert restarted is not None and PlatformClient(restarted).ping().device_id == creds.device_id
    assert _pings(creds.url, creds.token) == 401
    assert app.app_id in {r["app_id"] for r in sqlite_central.platform.list_applications()}


def test_two_processes_of_one_terminal_follow_each_others_rotation(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    creds = sqlite_central.enrol()
    home = _home_with(creds, tmp_path)
    store = open_store(home)
    app_thread = _engine(store, home)  # the terminal application's sync thread
    service = _engine(store, home)  # `kiosk sync` under systemd, same home
    blind = SyncEngine(store, PlatformClient(creds))  # one that does not look at the file
    sqlite_central.platform.token_max_age = dt.timedelta(0)
    assert app_thread.run_once().online  # rotates
    sqlite_central.platform.token_max_age = dt.timedelta(days=30)
    _submit(store, creds)
    assert app_thread.run_once().delivered == 1  # uses the new token: the old one is gone now
    assert blind.run_once().error == "sync.unauthorized"
    report = service.run_once()
    assert report.online and service.client.credentials.token == saved_token(home) != creds.token
