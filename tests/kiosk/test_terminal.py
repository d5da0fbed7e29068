"""The Terminal wiring: catalogue updates from the platform, housekeeping, problems instead of crashes."""

from __future__ import annotations

import json
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
        parts = {p.part for p in term.problems}
        assert "card_reader" in parts
        assert "camera" in parts
        assert term.catalogue.items  # the rest works
    finally:
        term.stop()
