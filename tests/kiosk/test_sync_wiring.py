# ruff: noqa: F811  (pytest fixtures imported from tests/central/platform_fixtures.py)
"""One sync-engine wiring for the app and ``kiosk sync``, and one sync process per data folder.

Two real ``kiosk sync`` processes on one data folder: the second says who holds it and exits 5; the lock
goes with its holder's end (SIGTERM here; kill -9 gives it back the same way, the kernel drops a flock).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.sync_setup import SyncAlreadyRunning, acquire_sync_lock, build_engine, catalogue_on_disk
from offline_cache import wire
from offline_cache.credentials import save_credentials
from tests.central.platform_fixtures import RunningPlatform, open_store, sqlite_central  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = json.loads((ROOT / "config" / "catalogue.json").read_text("utf-8"))


def _env(site: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KIOSK_CONFIG", "KIOSK_HOME")}
    return {**env, "PYTHONPATH": str(ROOT), "KIOSK_CONFIG": str(site) if site else os.devnull}


def _sync(home: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kiosk", "--home", str(home), "sync", *extra]


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def _holder(home: Path) -> str:
    try:
        return (home / "sync.lock").read_text("ascii").strip()
    except FileNotFoundError:
        return ""


def test_a_second_kiosk_sync_on_one_data_folder_says_so_and_exits(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    save_credentials(home, sqlite_central.enrol())
    log = tmp_path / "first.err"
    with log.open("wb") as err:
        first = subprocess.Popen(_sync(home), env=_env(), stdout=subprocess.DEVNULL, stderr=err)
    try:
        _wait_for(lambda: _holder(home) == str(first.pid) or first.poll() is not None)
        assert first.poll() is None, log.read_text("utf-8", "replace")
        for extra in ((), ("--once",)):
            second = subprocess.run(_sync(home, *extra), env=_env(), capture_output=True, timeout=120)
            assert second.returncode == 5
            err = second.stderr.decode()
            assert "已有一个同步进程在运行" in err and f"进程号 {first.pid}" in err
        assert first.poll() is None  # the first one runs on, untouched
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(60)
    assert first.returncode == 0
    after = subprocess.run(_sync(home, "--once"), env=_env(), capture_output=True, timeout=120)
    assert after.returncode == 0, after.stderr.decode()


def test_the_lock_is_held_once_per_folder_and_given_back(tmp_path: Path) -> None:
    with acquire_sync_lock(tmp_path):
        with pytest.raises(SyncAlreadyRunning) as caught:
            acquire_sync_lock(tmp_path)
        assert caught.value.holder == os.getpid()
    acquire_sync_lock(tmp_path).release()  # free again once released


def test_the_app_honours_sync_interval_and_leaves_delivery_to_a_running_kiosk_sync(tmp_path: Path) -> None:
    """``[sync] interval_s`` from the site file reaches the app's engine (the app ignored it), and an app
    that finds the lock held runs no second delivery loop."""
    from kiosk.terminal import Terminal

    site = tmp_path / "site.toml"
    site.write_text("[sync]\ninterval_s = 7.5\n", "utf-8")
    home = tmp_path / "home"
    term = Terminal(load_config(site), home, demo=True)
    term.start()
    try:
        assert term.sync is not None and term.sync.idle_interval_s == 7.5
        assert _holder(home) == str(os.getpid())  # the app's own sync thread holds it
    finally:
        term.stop()
    with acquire_sync_lock(home):  # a ``kiosk sync`` service, say
        second = Terminal(load_config(site), home, demo=True)
        second.start()
        try:
            assert second.sync is not None and second.sync_elsewhere == os.getpid()
            assert second._sync_thread is None
        finally:
            second.stop()


def test_a_long_running_sync_compares_catalogues_with_the_version_in_use_now(
    sqlite_central: RunningPlatform, tmp_path: Path
) -> None:
    """The catalogue on disk changes after the engine was built (the app installed a newer one): a
    download older than that is refused, though it is newer than what was in use at the start."""
    home = tmp_path / "home"
    creds = sqlite_central.enrol()
    save_credentials(home, creds)
    served = tmp_path / "served.json"
    served.write_text(json.dumps({**BUNDLED, "version": "2099.1.1"}, ensure_ascii=False), "utf-8")
    sqlite_central.platform.catalogue_path = served
    store = open_store(home)
    current = catalogue_on_disk(home)
    engine = build_engine(
        load_config(None),
        home,
        store,
        creds,
        health=lambda: wire.TerminalHealth(),
        current_catalogue=current,
        on_catalogue_replaced=lambda _data: None,
    )
    assert current() == BUNDLED["version"]
    newer = json.dumps({**BUNDLED, "version": "2099.6.1"}, ensure_ascii=False)
    (home / "catalogue").mkdir(parents=True, exist_ok=True)
    (home / "catalogue" / "current.json").write_text(newer, "utf-8")
    try:
        report = engine.run_once()
        assert report.online and report.catalogue == "rejected"
        assert (home / "catalogue" / "current.json").read_text("utf-8") == newer
    finally:
        engine.client.close()
        store.close()
