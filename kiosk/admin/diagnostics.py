"""Diagnostics: one tile per device and link, green, amber or red, with what to do about it.

Each check is blocking (a device call runs on the device's own worker, ``drivers/worker.py``; a network
check waits on the link) and is called by the admin screen through ``ui/tasks``. A check never raises for
a device that is absent or broken: that is its red tile. A tile's ``code`` picks its words (what is
wrong and what to do) from ``kiosk/messages/admin.py``; its facts are names and numbers, never personal
data (a card read for the test is shown masked).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import socket
import ssl
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from drivers.printing.document import Document
    from kiosk.terminal import Terminal

Level = Literal["green", "amber", "red"]
TILES = ("printer", "card_reader", "ssc_reader", "camera", "speaker", "disk", "clock", "network")
CLOCK_AMBER_S, CLOCK_RED_S = 60.0, 300.0
SCAN_BYTES_PER_DAY = 50 * 1024 * 1024  # a busy day's scans, until the terminal has its own history
DISK_RED_DAYS, DISK_AMBER_DAYS = 3, 30


@dataclasses.dataclass(frozen=True, slots=True)
class Tile:
    name: str  # one of TILES
    level: Level
    code: str  # the words: kiosk/messages/admin.py ("admin.<name>_<state>")
    facts: tuple[tuple[str, str], ...] = ()  # (label, value), shown on the tile


def check(terminal: Terminal, name: str) -> Tile:
    """The tile ``name`` now. Blocking."""
    return _CHECKS[name](terminal)


# -- printer ------------------------------------------------------------------------------------------


def printer_tile(terminal: Terminal) -> Tile:
    service = terminal.print_service
    backend = str(terminal.config.get("printer", "backend"))
    facts: tuple[tuple[str, str], ...] = (
        ("类型", backend),
        ("纸宽", f"{terminal.config.get('printer', 'paper_mm')} mm"),
    )
    if service is None:
        return Tile("printer", "red", "admin.printer_missing", facts)
    try:
        status = service.printer.status().value  # on the printer's worker
    except Exception as exc:  # noqa: BLE001 (a printer that does not answer is this tile's red)
        return Tile("printer", "red", "admin.printer_offline", (*facts, ("原因", type(exc).__name__)))
    facts = (*facts, ("待打印", str(len(service.pending()))))
    levels: dict[str, Level] = {"ok": "green", "paper_low": "amber", "unknown": "amber"}
    level = levels.get(status, "red")
    return Tile("printer", level, f"admin.printer_{status}", facts)


def test_page(terminal: Terminal) -> Document:
    """The printer's test page: the station's name, a QR code and a Chinese line, so that one look at the
    paper tells whether Chinese, QR and the cutter work."""
    from drivers.printing.document import QR, Cut, Document, KeyValue, Rule, Text, Title
    from kiosk.china_time import now

    station = terminal.station
    return Document(
        [
            Title("打印测试页"),
            KeyValue("服务站", station.name),
            KeyValue("站点编号", station.code),
            KeyValue("时间", now().strftime("%Y-%m-%d %H:%M")),
            Rule(),
            Text("中文打印正常：政务服务自助终端", align="center"),
            QR(f"KIOSK:TEST:{station.code}", caption="扫码测试"),
            Cut(),
        ],
        title="打印测试页",
        meta={"kind": "test_page"},
    )


def print_test_page(terminal: Terminal) -> int | None:
    """Queue the test page; its job id, or None without a printer."""
    if terminal.print_service is None:
        return None
    return terminal.print_service.enqueue(test_page(terminal), "test_page")


# -- card readers ------------------------------------------------------------------------------------


def card_reader_tile(terminal: Terminal) -> Tile:
    reader = terminal.card_reader
    backend = str(terminal.config.get("card_reader", "backend"))
    if reader is None:
        return Tile("card_reader", "red", "admin.card_missing", (("类型", backend),))
    ok, why = reader.available()
    facts = (("类型", backend), ("状态", why or "-"))
    return Tile(
        "card_reader", "green" if ok else "red", "admin.card_ok" if ok else "admin.card_unavailable", facts
    )


def read_card_masked(terminal: Terminal, timeout: float = 10.0) -> tuple[str, str]:
    """Read the card on the reader and give back its name and number masked (the test shows that the
    reader reads, not whose card it is). Raises the reader's typed errors."""
    from kiosk.privacy import mask_id_number, mask_name

    identity = terminal.read_card(timeout)
    return mask_name(identity.name), mask_id_number(identity.id_number)


def ssc_reader_tile(terminal: Terminal) -> Tile:
    """Social security cards go through pcscd: the readers it knows."""
    try:
        from smartcard.System import readers

        names = [str(r) for r in readers()]
    except Exception as exc:  # noqa: BLE001 (no pcscd, no pyscard: said on the tile)
        return Tile("ssc_reader", "amber", "admin.ssc_no_service", (("原因", type(exc).__name__),))
    if not names:
        return Tile("ssc_reader", "amber", "admin.ssc_none")
    return Tile("ssc_reader", "green", "admin.ssc_ok", tuple(("读卡器", n[:60]) for n in names[:3]))


# -- camera, speaker ---------------------------------------------------------------------------------


def camera_tile(terminal: Terminal, frames: int = 5) -> Tile:
    """A few stills: the frame rate they came at, their sharpness, and whether they are black."""
    import numpy as np

    from drivers.camera.quality import sharpness_measures

    camera = terminal.camera
    backend = str(terminal.config.get("camera", "backend"))
    if camera is None:
        return Tile("camera", "red", "admin.camera_missing", (("类型", backend),))
    ok, why = camera.available()
    if not ok:
        return Tile("camera", "red", "admin.camera_unavailable", (("类型", backend), ("原因", why[:60])))
    start = time.monotonic()
    try:
        shots = [camera.still(5.0) for _ in range(frames)]
    except Exception as exc:  # noqa: BLE001 (a camera that opens and gives nothing is this tile's red)
        return Tile(
            "camera", "red", "admin.camera_no_frames", (("类型", backend), ("原因", type(exc).__name__))
        )
    fps = frames / max(time.monotonic() - start, 1e-3)
    brightness = float(np.mean(shots[-1]))
    sharp = sharpness_measures(shots[-1])["laplacian_var"]
    facts = (
        ("类型", backend),
        ("帧率", f"{fps:.1f}"),
        ("清晰度", f"{sharp:.0f}"),
        ("亮度", f"{brightness:.0f}"),
    )
    if brightness < 10:
        return Tile("camera", "red", "admin.camera_black", facts)
    return Tile("camera", "green", "admin.camera_ok", facts)


def speaker_tile(terminal: Terminal) -> Tile:
    speech = str(terminal.config.get("ui", "speech"))
    if speech == "none":
        return Tile("speaker", "amber", "admin.speaker_off", (("语音", "关闭"),))
    found = shutil.which("espeak-ng") or shutil.which("espeak")
    if found is None:
        return Tile("speaker", "red", "admin.speaker_missing", (("语音", speech),))
    return Tile("speaker", "green", "admin.speaker_ok", (("语音", speech),))


# -- disk, clock, network ----------------------------------------------------------------------------


def disk_tile(terminal: Terminal) -> Tile:
    free = shutil.disk_usage(terminal.home).free
    per_day = scan_bytes_per_day(terminal.home / "attachments")
    days = int(free // per_day)
    facts = (("可用空间", f"{free / 1024**3:.1f} GB"), ("可存扫描", f"约 {days} 天"))
    level: Level = "red" if days < DISK_RED_DAYS else "amber" if days < DISK_AMBER_DAYS else "green"
    return Tile("disk", level, f"admin.disk_{level}", facts)


def scan_bytes_per_day(folder: Path, days: int = 14) -> float:
    """Bytes of sealed scans written per working day lately (files younger than ``days`` days)."""
    since = time.time() - days * 86400
    sizes: dict[int, int] = {}
    try:
        for path in folder.rglob("*"):
            st = path.stat()
            if path.is_file() and st.st_mtime >= since:
                day = int(st.st_mtime // 86400)
                sizes[day] = sizes.get(day, 0) + st.st_size
    except OSError:
        pass
    return max(SCAN_BYTES_PER_DAY, max(sizes.values(), default=0))


def clock_skew(terminal: Terminal) -> float | None:
    """The platform's clock minus ours: measured by the sync engine at the last heartbeat, else now
    from the HTTP Date of a ping (to the second). None when the platform cannot be asked."""
    engine = terminal.sync
    if engine is None:
        return None
    if engine.clock_skew_s is not None:
        return engine.clock_skew_s
    from email.utils import parsedate_to_datetime

    import requests

    creds = terminal.credentials
    if creds is None:
        return None
    try:
        sent = dt.datetime.now(dt.UTC)
        resp = requests.head(creds.url.rstrip("/") + "/", timeout=5, verify=creds.ca_file or True)
        answered = dt.datetime.now(dt.UTC)
        date = parsedate_to_datetime(resp.headers["Date"])
    except (requests.RequestException, KeyError, ValueError, TypeError):
        return None
    return (date - (sent + (answered - sent) / 2)).total_seconds()


def clock_tile(terminal: Terminal) -> Tile:
    skew = clock_skew(terminal)
    if skew is None:
        return Tile("clock", "amber", "admin.clock_unknown")
    facts = (("与平台相差", f"{skew:+.0f} 秒"),)
    level: Level = "red" if abs(skew) > CLOCK_RED_S else "amber" if abs(skew) > CLOCK_AMBER_S else "green"
    return Tile("clock", level, f"admin.clock_{level}", facts)


def network_tile(terminal: Terminal) -> Tile:
    """DNS, TCP, TLS (for https), the API's answer and the round trip, each timed; red at the first
    step that fails, named."""
    creds = terminal.credentials
    if creds is None or terminal.sync is None:
        return Tile("network", "red", "admin.net_not_enrolled")
    url = urlsplit(creds.url)
    host, tls = url.hostname or "", url.scheme == "https"
    port = url.port or (443 if tls else 80)
    facts: list[tuple[str, str]] = [("平台", f"{host}:{port}")]
    step, started = "dns", time.monotonic()
    try:
        address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4]
        facts.append(("域名解析", _ms(started)))
        step, started = "tcp", time.monotonic()
        with socket.create_connection((str(address[0]), port), timeout=5) as sock:
            facts.append(("连接", _ms(started)))
            if tls:
                step, started = "tls", time.monotonic()
                context = ssl.create_default_context(cafile=creds.ca_file or None)
                with context.wrap_socket(sock, server_hostname=host):
                    facts.append(("加密连接", _ms(started)))
        step, started = "api", time.monotonic()
        terminal.sync.client.ping()
        facts.append(("平台应答", _ms(started)))
    except Exception as exc:  # noqa: BLE001 (the failing step is this tile's red)
        facts.append(("原因", type(exc).__name__))
        return Tile("network", "red", f"admin.net_{step}", tuple(facts))
    return Tile("network", "green", "admin.net_ok", tuple(facts))


def _ms(started: float) -> str:
    return f"{(time.monotonic() - started) * 1000:.0f} ms"


_CHECKS = {
    "printer": printer_tile,
    "card_reader": card_reader_tile,
    "ssc_reader": ssc_reader_tile,
    "camera": camera_tile,
    "speaker": speaker_tile,
    "disk": disk_tile,
    "clock": clock_tile,
    "network": network_tile,
}


def summary(terminal: Terminal) -> dict[str, object]:
    """Every tile, for the log export's summary (no personal data: names and numbers only)."""
    tiles: dict[str, object] = {}
    for name in TILES:
        if name == "camera":  # a still needs the camera's loop: the screen checks it, the summary says so
            tiles[name] = {"level": "unchecked"}
            continue
        tile = check(terminal, name)
        tiles[name] = {"level": tile.level, "code": tile.code, "facts": dict(tile.facts)}
    return tiles
