# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""A bug the terminal survives is not an expected failure: the sync engine neither calls it "offline" nor
backs off for it, says it once at ERROR with its place (never its message), counts it, and the next
heartbeat carries the count to the platform. The real store and the real platform over HTTP; the bug is
injected into the store's answer, as the one part a test must break on purpose."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from offline_cache import incidents
from offline_cache.platform_client import PlatformClient
from offline_cache.sync import SyncEngine, SyncEvent
from tests.central.platform_fixtures import (  # noqa: F401
    RunningPlatform,
    open_store,
    sample_application,
    sample_attachments,
    sqlite_central,
)


class _BrokenOnce:
    """The real store, whose ``due`` has a bug the first time it is asked."""

    def __init__(self, store: Any) -> None:
        self.store, self.broken = store, True

    def due(self, *args: Any, **kw: Any) -> Any:
        if self.broken:
            self.broken = False
            raise ZeroDivisionError("杨样例 520100194803150025")  # a message that must never be logged
        return self.store.due(*args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


class _OneRound(SyncEngine):
    """``run_forever`` for one round: the wait it chose after the pass is recorded, then it stops."""

    waits: list[float]

    def _sleep(self, stop: threading.Event, seconds: float, *, probe: bool) -> None:
        self.waits.append(seconds)
        stop.set()


def test_a_bug_in_a_pass_is_said_once_counted_and_reaches_the_platform(
    sqlite_central: RunningPlatform, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    creds = sqlite_central.enrol()
    store = open_store(tmp_path / "home")
    app = store.submit(sample_application(), sample_attachments([1000]), creds.platform_public_key)
    events: list[SyncEvent] = []
    before = incidents.snapshot().count
    engine = _OneRound(
        _BrokenOnce(store), PlatformClient(creds), on_event=events.append, idle_interval_s=30.0
    )
    engine.waits = []
    with caplog.at_level(logging.DEBUG):
        engine.run_forever(threading.Event())
    # Not "offline", no backoff: the engine waits as after any pass, and the next one delivers.
    assert engine.waits == [30.0] and events == []
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        f"unexpected ZeroDivisionError in sync pass at test_incidents.py:{_LINE} in due (thread "
        f"{threading.current_thread().name}; {before + 1} so far)"
    ]
    assert not [r for r in caplog.records if "杨样例" in r.getMessage() or r.exc_info]
    seen = incidents.snapshot()
    assert (seen.count, seen.last_kind, seen.last_where) == (before + 1, "ZeroDivisionError", "sync pass")

    report = engine.run_once()
    assert report.online and report.delivered == 1 and report.heartbeat_sent
    assert app.app_id in {r["app_id"] for r in sqlite_central.platform.list_applications()}
    beat = sqlite_central.platform.latest_heartbeat(creds.device_id)
    assert beat is not None
    carried = beat["unexpected_errors"]
    assert carried["count"] == before + 1 and carried["last_kind"] == "ZeroDivisionError"
    assert carried["last_place"] == f"test_incidents.py:{_LINE} in due" and "杨样例" not in str(beat)


_LINE = _BrokenOnce.due.__code__.co_firstlineno + 3  # the line of its raise
