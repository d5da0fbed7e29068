"""The Terminal wiring: catalogue updates from the platform, housekeeping, problems instead of crashes, and
the embedded platform only in the demo."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import load_config
from kiosk.terminal import Terminal


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(load_config(None), tmp_path / "home", demo=True)
    term.start()
    try:
        yield term
    finally:
        term.stop()


def _wait(condition: Any, timeout: float = 15.0) -> None:
    """The terminal's own sync thread does the work; give it the time a slow machine needs."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _pass_with_catalogue(term: Terminal) -> str:
    assert term.sync is not None
    term.sync.refresh_catalogue_now()
    return term.sync.run_once().catalogue


BUNDLED = Path(__file__).resolve().parents[2] / "config" / "catalogue.json"


def _publish(term: Terminal, tmp_path: Path, version: str, rename: str, *, break_it: bool = False) -> None:
    """Put a catalogue on the platform and have the terminal look for it at its next pass."""
    data: dict[str, Any] = json.loads(BUNDLED.read_text("utf-8"))
    data["version"] = version
    data["items"][0]["name"] = rename
    if break_it:
        data["items"][0]["guide"]["promised_days"] = 10_000  # longer than the legal limit: refused
    path = tmp_path / f"published-{version}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    term.embedded_platform.platform.catalogue_path = path
    assert term.sync is not None
    term.sync.refresh_catalogue_now()


def test_newer_catalogue_from_the_platform_replaces_ours(started: Terminal, tmp_path: Path) -> None:
    bundled = started.catalogue.version
    year, month, serial = (int(p) for p in bundled.split("."))
    newer = f"{year}.{month}.{serial + 1}"
    _publish(started, tmp_path, newer, "样例新事项名称")
    assert started.sync is not None
    _wait(lambda: started.catalogue.version == newer)
    assert started.catalogue.items[0].name == "样例新事项名称"


def test_a_catalogue_from_the_platform_arrives_with_its_pinyin(started: Terminal, tmp_path: Path) -> None:
    """Its pinyin is computed when it is installed (in a process of its own), so the search reads it."""
    from kiosk.catalog_readings import read_readings

    year, month, serial = (int(p) for p in started.catalogue.version.split("."))
    newer = f"{year}.{month}.{serial + 1}"
    _publish(started, tmp_path, newer, "样例鹦鹉登记")  # words no earlier catalogue had
    _wait(lambda: started.catalogue.version == newer)
    cached = started.home / "catalogue" / "current.json"
    runs = read_readings(cached, cached.read_bytes())
    assert runs["样例鹦鹉登记"] == ("yang", "li", "ying", "wu", "deng", "ji")
    assert started.catalogue.pinyin == runs
    assert started.catalogue.search("ylywdj")[0].name == "样例鹦鹉登记"


def test_broken_or_older_catalogue_is_refused_and_ours_kept(started: Terminal, tmp_path: Path) -> None:
    bundled = started.catalogue.version
    year, month, serial = (int(p) for p in bundled.split("."))
    assert started.sync is not None
    _publish(started, tmp_path, f"{year}.{month}.{serial + 5}", "坏目录", break_it=True)
    _wait(lambda: _pass_with_catalogue(started) == "rejected")
    assert started.catalogue.version == bundled
    _publish(started, tmp_path, f"{year - 1}.{month}.{serial}", "旧目录")
    _wait(lambda: _pass_with_catalogue(started) == "rejected")
    assert started.catalogue.version == bundled
    assert all(i.name not in ("坏目录", "旧目录") for i in started.catalogue.items)


def test_unusable_devices_become_problems_not_crashes(tmp_path: Path) -> None:
    site = tmp_path / "site.toml"
    site.write_text(
        '[card_reader]\nbackend = "ga467"\ndevice = "/dev/does-not-exist"\n'
        '[printer]\nbackend = "network"\nhost = "127.0.0.1"\nport = 9\n'
        '[camera]\nbackend = "opencv"\ndevice = 97\n',
        "utf-8",
    )
    term = Terminal(load_config(site), tmp_path / "home", demo=True)
    try:
        assert "card_reader" in {p.part for p in term.problems}
        term.start()  # the camera is checked once the home screen is up (kiosk/lazy_camera.py)
        parts = {p.part for p in term.problems}
        assert "camera" in parts
        assert term.catalogue.items  # the rest works
    finally:
        term.stop()


ROOT = Path(__file__).resolve().parents[2]

# A terminal outside the demo, in a process of its own (so that this test process's imports do not count):
# start, one sync pass, stop; what it loaded and whether it reached its platform.
NOT_DEMO = """
import json, sys
from pathlib import Path
from kiosk.config import load_config
from kiosk.terminal import Terminal
term = Terminal(load_config(Path(sys.argv[2])), Path(sys.argv[1]))
term.start()
try:
    online = term.sync is not None and term.sync.run_once().online
finally:
    term.stop()
print(json.dumps({
    "online": online,
    "central": sorted(m for m in sys.modules if m.split(".")[0] == "central"),
    "demo": "kiosk.demo_platform" in sys.modules,
    "embedded": term.embedded_platform is not None,
}))
"""


def _enrolled_home(tmp_path: Path) -> tuple[Any, Path, bytes]:
    """A home enrolled with a running reference platform (not the demo's): (platform, home, file bytes)."""
    from offline_cache.credentials import credentials_path, save_credentials
    from tests.central.platform_fixtures import start_platform

    platform = start_platform(f"sqlite:///{tmp_path / 'real.db'}", tmp_path / "real")
    home = tmp_path / "home"
    save_credentials(home, platform.enrol())
    return platform, home, credentials_path(home).read_bytes()


def test_a_terminal_outside_the_demo_never_starts_the_embedded_platform(tmp_path: Path) -> None:
    from offline_cache.credentials import credentials_path, load_credentials

    platform, home, before = _enrolled_home(tmp_path)
    site = tmp_path / "site.toml"
    site.write_text("[platform]\nembedded = true\n", "utf-8")  # the old key that used to start it
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        out = subprocess.run(
            [sys.executable, "-c", NOT_DEMO, str(home), str(site)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 0, out.stderr[-3000:]
        seen = json.loads(out.stdout.strip().splitlines()[-1])
        assert seen == {"online": True, "central": [], "demo": False, "embedded": False}
        creds = load_credentials(home)
        assert creds is not None and platform.platform.latest_heartbeat(creds.device_id) is not None
    finally:
        platform.stop()
    assert credentials_path(home).read_bytes() == before  # byte for byte
    assert not (home / "platform").exists()


def test_the_demo_refuses_a_home_enrolled_with_another_platform(tmp_path: Path) -> None:
    from offline_cache.credentials import credentials_path

    platform, home, before = _enrolled_home(tmp_path)  # on loopback, but not the demo's platform
    try:
        term = Terminal(load_config(None), home, demo=True)
        try:
            term.start()
            assert "demo.foreign_credentials" in [p.code for p in term.problems]
            assert term.sync is None and term.embedded_platform is None
        finally:
            term.stop()
    finally:
        platform.stop()
    assert credentials_path(home).read_bytes() == before


def test_kiosk_run_demo_refuses_a_home_enrolled_elsewhere_before_opening_a_window(tmp_path: Path) -> None:
    from offline_cache.credentials import Credentials, credentials_path, save_credentials

    demo_home = tmp_path / "home"  # `kiosk --home DIR run --demo` keeps its data in DIR itself
    elsewhere = Credentials("https://platform.example", "d1", "t" * 43, "k" * 44, "GA0101")
    save_credentials(demo_home, elsewhere)
    before = credentials_path(demo_home).read_bytes()
    # No display at all: should the refusal ever go, the command stops at "no display" instead of a window.
    gone = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in gone}
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(demo_home), "run", "--demo"],
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 1 and "另一个政务服务平台" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert credentials_path(demo_home).read_bytes() == before
    assert not (demo_home / "platform").exists()


def test_next_years_holidays_reach_the_terminal_with_the_catalogue(started: Terminal, tmp_path: Path) -> None:
    """The State Council publishes a year's arrangement in the autumn; the platform sends it in the
    catalogue and the terminal's due dates follow it without a new release. (The 2027 dates below are
    this test's own, not a published arrangement.)"""
    import datetime as dt

    new_year = dt.date(2026, 12, 31)
    assert started.catalogue.calendar.add_working_days(new_year, 1) == dt.date(2027, 1, 4)  # unknown year
    data: dict[str, Any] = json.loads(BUNDLED.read_text("utf-8"))
    year, month, serial = (int(p) for p in started.catalogue.version.split("."))
    data["version"] = f"{year}.{month}.{serial + 1}"
    data["calendar"]["years"].append(2027)
    data["calendar"]["holidays"] += ["2027-01-01", "2027-01-04"]
    data["calendar"]["make_up_workdays"].append("2027-01-03")  # a Sunday worked
    path = tmp_path / "published-with-2027.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    started.embedded_platform.platform.catalogue_path = path
    assert started.sync is not None
    started.sync.refresh_catalogue_now()
    _wait(lambda: started.catalogue.version == data["version"])
    assert started.catalogue.calendar.knows(2027)
    assert started.catalogue.calendar.add_working_days(new_year, 1) == dt.date(2027, 1, 3)
