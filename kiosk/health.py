"""The terminal's health in one shape (``wire.TerminalHealth``), for the heartbeat and the admin area.

The app and ``kiosk sync`` both build it here, so the platform gets the same fields whoever sends them;
what only the app knows (the printer's paper, the devices it opened) is passed in by the app, and a
``kiosk sync`` running on its own says "unknown" for it rather than guessing.
"""

from __future__ import annotations

import datetime as dt
import functools
import platform
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from offline_cache import wire

if TYPE_CHECKING:
    from offline_cache.store import Store

# A problem's part (``Terminal.problems``) -> the heartbeat's device name.
DEVICE_PARTS = ("card_reader", "printer", "camera")
_WARNING_CODES = frozenset({"printer.paper_low"})
_PAPER: dict[str, wire.PaperState] = {"ok": "ok", "low": "low", "out": "out", "offline": "offline"}


def collect(
    store: Store,
    home: Path,
    *,
    catalogue_version: str,
    paper: str = "unknown",
    devices: Mapping[str, wire.DeviceHealth] | None = None,
) -> wire.TerminalHealth:
    """Blocking (reads the store and the disk): the facts of a heartbeat that the terminal knows."""
    now = dt.datetime.now(dt.UTC)
    rows = store.outbox(limit=10_000)
    return wire.TerminalHealth(
        pending_count=store.pending_count(),
        oldest_pending_age_s=store.oldest_pending_age(now),
        failing_count=sum(1 for r in rows if r.last_error),
        printer_paper=_PAPER.get(paper, "unknown"),
        free_disk_bytes=shutil.disk_usage(home).free,
        uptime_s=uptime_s(),
        devices=dict(devices or {}),
        versions={"kiosk": __version__, "catalogue": catalogue_version, "os": os_version()},
    )


def device_states(problems: Iterable[tuple[str, str]], opened: Iterable[str]) -> dict[str, wire.DeviceHealth]:
    """Each device's state from the terminal's problems (``(part, code)``) and the parts it opened."""

    states = {name: wire.DeviceHealth(state="ok") for name in opened if name in DEVICE_PARTS}
    for part, code in problems:
        if part in DEVICE_PARTS:
            level: wire.DeviceState = "warning" if code in _WARNING_CODES else "error"
            states[part] = wire.DeviceHealth(state=level, code=code)
    return states


def uptime_s() -> float | None:
    try:
        return float(Path("/proc/uptime").read_text("ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


@functools.cache
def os_version() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", "")[:100] or platform.platform()[:100]
    except OSError:
        return platform.platform()[:100]
