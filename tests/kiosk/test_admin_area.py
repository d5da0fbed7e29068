"""The admin area's logic without Qt (kiosk/admin/), against real parts: a demo terminal with its embedded
platform, a network printer on a loopback socket that keeps every byte, a real folder for the archive."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import subprocess
import tarfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from drivers.printing.decoder import decode
from drivers.printing.emulator import NetworkPrinterEmulator
from drivers.printing.status import PrinterStatus
from kiosk.admin import diagnostics, log_export, settings, sync_monitor
from kiosk.config import ConfigError, load_config
from kiosk.terminal import Terminal

SITE = """# the installer's site file: comments and order survive a change made at the terminal
[station]
code = "GA0101"

[printer]
backend = "simulated"  # changed at the terminal below
"""


def _wait(condition: Callable[[], Any], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(SITE, "utf-8")
    return path


@pytest.fixture
def term(site: Path, tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(load_config(site), tmp_path / "home", demo=True)
    terminal.start()
    try:
        yield terminal
    finally:
        terminal.stop()


def test_switch_to_a_network_printer_and_print_the_test_page_there(term: Terminal, site: Path) -> None:
    with NetworkPrinterEmulator() as printer:
        saved = settings.save(
            term.config,
            {
                ("printer", "backend"): "network",
                ("printer", "host"): "127.0.0.1",
                ("printer", "port"): str(printer.port),
            },
        )
        text = site.read_text("utf-8")
        assert "# the installer's site file" in text and "# changed at the terminal below" in text
        assert load_config(site).get("printer", "port") == printer.port  # what the next start reads
        term.use_settings(saved)
        assert diagnostics.printer_tile(term).level == "green"
        assert diagnostics.print_test_page(term) is not None
        service = term.print_service
        assert service is not None
        _wait(lambda: not service.pending() and b"\x1dV" in printer.printed)
        out = decode(printer.printed, service.printer.profile, service.printer.dots)
    assert out.lines[0] == "打印测试页"
    assert any(term.station.name in line for line in out.lines)
    assert "中文打印正常：政务服务自助终端" in out.lines and out.garbled == 0
    assert out.qr_codes == [f"KIOSK:TEST:{term.station.code}"] and out.cuts


def test_a_printer_without_paper_is_a_red_tile_that_says_what_to_do(term: Terminal) -> None:
    with NetworkPrinterEmulator() as printer:
        printer.state = PrinterStatus.PAPER_OUT
        term.use_settings(
            settings.save(
                term.config,
                {
                    ("printer", "backend"): "network",
                    ("printer", "host"): "127.0.0.1",
                    ("printer", "port"): printer.port,
                },
            )
        )
        tile = diagnostics.printer_tile(term)
    assert (tile.level, tile.code) == ("red", "admin.printer_paper_out")
    from kiosk.messages import message_for

    assert "放入新纸卷" in message_for(tile.code)


@pytest.mark.parametrize(
    ("changes", "key", "fragment"),
    [
        ({("ui", "idle_timeout_s"): "5"}, "ui.idle_timeout_s", "must be between 15 and 3600"),
        ({("printer", "port"): "九一零零"}, "printer.port", "整数"),
        ({("printer", "paper_mm"): 57}, "printer.paper_mm", "58, 80"),
        ({("printer", "backend"): "network"}, "printer.host", "required for the network backend"),
        ({("station", "code"): "X"}, "station.code", "not changeable"),
    ],
)
def test_a_bad_value_is_refused_with_its_key_and_the_file_is_byte_identical(
    term: Terminal, site: Path, changes: dict[tuple[str, str], Any], key: str, fragment: str
) -> None:
    before = site.read_bytes()
    with pytest.raises(ConfigError) as refused:
        settings.save(term.config, changes)
    assert refused.value.key == key and fragment in str(refused.value)
    assert site.read_bytes() == before
    assert sorted(p.name for p in site.parent.iterdir() if p.name.startswith(".kiosk")) == []


def test_the_export_archive_holds_the_logs_and_the_summary_and_refuses_personal_data(
    term: Terminal, tmp_path: Path
) -> None:
    from kiosk.logfile import log_to_home

    log_path = log_to_home(term.home)
    logging.getLogger("kiosk.test").warning("a line the technician wants to read")
    for handler in logging.getLogger().handlers:
        handler.flush()
    stick = tmp_path / "stick"
    stick.mkdir()
    summary = {"station": term.station.code, "tiles": diagnostics.summary(term)}
    path = log_export.export(term.home, stick, summary, station_code=term.station.code)
    with tarfile.open(path) as tar:
        names = tar.getnames()
        assert "logs/kiosk.log" in names and "summary.json" in names
        logs = tar.extractfile("logs/kiosk.log").read().decode()  # type: ignore[union-attr]
        assert "a line the technician wants to read" in logs
        kept = json.loads(tar.extractfile("summary.json").read())  # type: ignore[union-attr]
    assert kept["tiles"]["disk"]["level"] in ("green", "amber", "red")

    # An ID number that got into a log file (not through the masking filter): nothing is written.
    with log_path.open("a", encoding="utf-8") as f:
        f.write("copied by hand: 520100194803150025\n")
    again = tmp_path / "again"
    again.mkdir()
    with pytest.raises(log_export.ExportRefused) as refused:
        log_export.export(term.home, again, summary, station_code=term.station.code)
    assert "id_number_pattern" in str(refused.value) and "520100" not in str(refused.value)
    assert list(again.iterdir()) == []


def test_a_removed_or_read_only_stick_is_a_plain_error_and_leaves_nothing(
    term: Terminal, tmp_path: Path
) -> None:
    gone = tmp_path / "pulled-out"
    with pytest.raises(log_export.ExportError) as removed:
        log_export.export(term.home, gone, {}, station_code="GA0101")
    assert type(removed.value) is log_export.ExportError and "ENOENT" in str(removed.value)
    read_only = tmp_path / "ro"
    read_only.mkdir()
    if os.geteuid() == 0:  # root writes through permissions: a read-only file system, as a locked stick is
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "kiosk-test", str(read_only)], check=True)
    else:
        read_only.chmod(0o500)
    try:
        with pytest.raises(log_export.ExportError) as locked:
            log_export.export(term.home, read_only, {}, station_code="GA0101")
        assert "EROFS" in str(locked.value) or "EACCES" in str(locked.value)
        assert list(read_only.iterdir()) == []
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(read_only)], check=True)


def test_removable_media_are_the_mounts_under_media(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        "/dev/sdb1 /media/kiosk/KINGSTON vfat rw 0 0\n"
        "/dev/sdc1 /run/media/kiosk/U\\040盘 vfat rw 0 0\n"
        "tmpfs /run tmpfs rw 0 0\n",
        "utf-8",
    )
    assert log_export.removable_media(mounts) == [
        Path("/media/kiosk/KINGSTON"),
        Path("/run/media/kiosk/U 盘"),
    ]


def test_the_sync_monitor_shows_a_failing_entry_in_plain_words_and_retries_it_now(term: Terminal) -> None:
    from tests.central.platform_fixtures import sample_application, sample_attachments

    wrong = base64.b64encode(X25519PrivateKey.generate().public_key().public_bytes_raw()).decode()
    term.store.submit(sample_application(), sample_attachments([100]), wrong)  # the platform cannot open it
    assert term.sync is not None
    term.sync.wake()
    _wait(lambda: any(r.last_error for r in term.store.outbox()))
    snap = sync_monitor.snapshot(term)
    assert snap.pending == 1 and len(snap.failing) == 1
    [entry] = snap.failing
    assert entry.reason and not entry.reason.startswith("sync.")  # plain words, not a code
    assert entry.next_try > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)  # backed off
    assert entry.ref.startswith(term.station.code)
    assert sync_monitor.retry_now(term) == 1
    [row] = term.store.outbox()
    assert row.next_attempt_at <= dt.datetime.now(dt.UTC)
    assert snap.catalogue_version == term.catalogue.version and snap.agents == []


def test_diagnostics_tiles_of_a_demo_terminal(term: Terminal) -> None:
    assert term.sync is not None
    _wait(lambda: term.sync is not None and term.sync.last_sync_at is not None)
    net = diagnostics.network_tile(term)
    assert net.level == "green" and [k for k, _ in net.facts][:4] == ["平台", "域名解析", "连接", "平台应答"]
    clock = diagnostics.clock_tile(term)
    assert clock.level == "green"
    disk = diagnostics.disk_tile(term)
    assert disk.level in ("green", "amber", "red") and any(k == "可存扫描" for k, _ in disk.facts)
    from drivers.card.samples import ELDER
    from drivers.card.simulated import SimulatedReader

    term.card_reader = SimulatedReader([ELDER])  # a card on the reader
    name, number = diagnostics.read_card_masked(term)
    assert ELDER.name not in name and ELDER.id_number not in number
    assert "*" in name and number.count("*") >= 10
    camera = diagnostics.camera_tile(term)
    assert camera.level == "green" and float(dict(camera.facts)["帧率"]) > 0


def test_the_id_card_tile_on_the_ga467_pty_emulator_and_on_a_wrong_port(term: Terminal) -> None:
    from drivers.card.ga467 import Ga467Reader
    from drivers.card.ga467_emulator import Ga467Emulator
    from drivers.card.samples import FARMER

    with Ga467Emulator() as emulator:
        emulator.place(FARMER, bytes(range(256)) * 4)
        term.card_reader = Ga467Reader(emulator.device, 115200)
        try:
            tile = diagnostics.card_reader_tile(term)
            assert (tile.level, tile.code) == ("green", "admin.card_ok")
            name, number = diagnostics.read_card_masked(term)
        finally:
            term.card_reader.close()
    assert name != FARMER.name and name[0] == FARMER.name[0] and "*" in name
    assert number[:2] == FARMER.id_number[:2] and FARMER.id_number not in number
    term.card_reader = Ga467Reader("/dev/ttyNOSUCHPORT", 115200)  # the reader on a wrong port
    try:
        tile = diagnostics.card_reader_tile(term)
    finally:
        term.card_reader.close()
    assert (tile.level, tile.code) == ("red", "admin.card_unavailable")


def test_the_camera_tile_on_a_video_file_and_on_black_frames(term: Terminal, tmp_path: Path) -> None:
    import cv2
    import numpy as np

    from drivers.camera.simulated import SimulatedCamera

    def clip(name: str, frame: Any) -> Path:
        path = tmp_path / name
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (640, 480))
        for _ in range(5):
            writer.write(frame)
        writer.release()
        return path

    page = np.full((480, 640, 3), 235, np.uint8)
    for y in range(60, 420, 24):  # lines of "text" on a white page
        cv2.putText(page, "ABC 123 kiosk", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 0.7, (20, 20, 20), 2)
    if term.camera is not None:
        term.camera.close()
    for source, level, code in (
        (clip("page.avi", page), "green", "admin.camera_ok"),
        (clip("black.avi", np.zeros((480, 640, 3), np.uint8)), "red", "admin.camera_black"),
    ):
        term.camera = SimulatedCamera(source, fps=30)
        try:
            tile = diagnostics.camera_tile(term, frames=3)
        finally:
            term.camera.close()
        assert (tile.level, tile.code) == (level, code), tile
        facts = dict(tile.facts)
        assert float(facts["帧率"]) > 0 and "清晰度" in facts
    term.camera = None


def test_the_apps_heartbeat_carries_its_devices_to_the_platform(term: Terminal) -> None:
    """Over HTTP to the demo's reference platform: the app's own heartbeat (devices, paper, versions)."""
    embedded: Any = term.embedded_platform
    assert term.sync is not None and term.credentials is not None and embedded is not None

    def arrived(skew: bool) -> dict[str, Any] | None:
        beat = embedded.platform.latest_heartbeat(term.credentials.device_id)
        return (
            beat
            if beat and "devices" in beat and (beat.get("clock_skew_s") is not None or not skew)
            else None
        )

    term.sync.heartbeat_now()
    _wait(lambda: arrived(False))
    term.sync.heartbeat_now()  # the next one carries the skew the first answer measured
    _wait(lambda: arrived(True))
    beat = arrived(True)
    assert beat is not None
    assert set(beat["devices"]) == {"card_reader", "printer", "camera"}
    assert beat["devices"]["camera"]["state"] == "ok"
    assert beat["versions"]["catalogue"] == term.catalogue.version and beat["versions"]["os"]
    assert beat["uptime_s"] > 0 and abs(beat["clock_skew_s"]) < 5
