"""The admin area through the real window, by touch: the PIN on its pad, the area's tiles, diagnostics
with the simulated devices, the printer's test page decoded from what the printer got, the sync monitor's
retry, a setting changed and a bad one refused (file unchanged), the log export into a folder after a
whole application with every logger at DEBUG (no personal data in the archive), a new PIN, and the way
out. Every action ends up in the audit log."""

from __future__ import annotations

import logging
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import Tapper, wait_page

from kiosk.admin_pin import DEMO_PIN, AdminPin
from kiosk.config import load_config
from kiosk.terminal import Terminal

SITE = '[station]\ncode = "GA0101"\n\n[printer]\nbackend = "simulated"  # kept\n'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(SITE, "utf-8")
    return path


@pytest.fixture
def term(site: Path, tmp_path: Path) -> Iterator[Terminal]:
    from drivers.card.samples import ELDER
    from drivers.card.simulated import SimulatedReader

    terminal = Terminal(load_config(site), tmp_path / "home", demo=True)
    terminal.card_reader = SimulatedReader([ELDER], loop=True)
    terminal.start()
    try:
        yield terminal
    finally:
        terminal.stop()


@pytest.fixture
def win(qtbot: Any, term: Terminal) -> Iterator[Any]:
    from ui.app import application, build_window

    application()
    w = build_window(term, kiosk_mode=False, elder=False, language="zh_CN")
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    try:
        yield w
    finally:
        w.current().leave()
        w.allow_close()
        w.close()
        w.deleteLater()


def unlock(win: Any, qtbot: Any, taps: Tapper) -> Any:
    win.open_admin()
    pad = wait_page(qtbot, win, "admin")
    taps.keys(pad.pad, DEMO_PIN)
    taps.tap(pad.ok_button, "确定")
    return wait_page(qtbot, win, "admin_home")


def section(win: Any, qtbot: Any, taps: Tapper, name: str) -> Any:
    home = wait_page(qtbot, win, "admin_home")
    taps.tap(home.tiles[name], name)
    return wait_page(qtbot, win, name)


def test_no_admin_screen_opens_without_the_pin(win: Any, qtbot: Any) -> None:
    win.go("admin_settings")
    wait_page(qtbot, win, "admin")


def test_diagnostics_with_the_simulated_devices_and_the_test_page(
    win: Any, qtbot: Any, taps: Tapper, term: Terminal
) -> None:
    from drivers.printing.decoder import decode

    unlock(win, qtbot, taps)
    page = section(win, qtbot, taps, "admin_diagnostics")
    qtbot.waitUntil(lambda: all(t.level for t in page.tiles.values()), timeout=30000)
    levels = {name: t.level for name, t in page.tiles.items()}
    assert levels["printer"] in ("green", "amber") and levels["camera"] == "green", levels
    assert levels["card_reader"] == "green" and levels["network"] == "green", levels
    assert "帧率" in page.tiles["camera"].facts.plain and "可存扫描" in page.tiles["disk"].facts.plain

    out = term.home / "printer-out"
    before = set(out.glob("*.bin")) if out.exists() else set()
    taps.tap(page.tiles["printer"].test, "打印测试页")
    qtbot.waitUntil(lambda: page.status.plain == "测试页已发送到打印机。", timeout=10000)
    qtbot.waitUntil(lambda: len(set(out.glob("*.bin")) - before) == 1, timeout=20000)
    [printed] = set(out.glob("*.bin")) - before
    service = term.print_service
    assert service is not None
    decoded = decode(printed.read_bytes(), service.printer.profile, service.printer.dots)
    assert decoded.lines[0] == "打印测试页" and "中文打印正常：政务服务自助终端" in decoded.lines
    assert decoded.qr_codes == [f"KIOSK:TEST:{term.station.code}"]

    taps.tap(page.tiles["card_reader"].test, "试读身份证")
    qtbot.waitUntil(lambda: page.status.plain.startswith("读卡成功"), timeout=10000)
    from drivers.card.samples import ELDER

    assert ELDER.name not in page.status.plain and ELDER.id_number not in page.status.plain
    actions = [dict(e.details).get("action") for e in term.store.audit.entries() if e.kind == "admin.action"]
    assert actions == ["test_page", "card_test"]


def test_settings_change_by_touch_and_a_bad_value_leaves_the_file_unchanged(
    win: Any, qtbot: Any, taps: Tapper, term: Terminal, site: Path
) -> None:
    unlock(win, qtbot, taps)
    page = section(win, qtbot, taps, "admin_settings")
    qtbot.waitUntil(lambda: page.attached.plain.startswith("已连接的设备"), timeout=10000)
    taps.tap(page.choices["printer", "paper_mm"][58], "58")
    taps.tap(page.choices["ui", "elder_mode"][True], "是")
    taps.tap(page.save_button, "保存")
    qtbot.waitUntil(lambda: page.status.plain.startswith("设置已保存"), timeout=20000)
    text = site.read_text("utf-8")
    assert "paper_mm = 58" in text and "elder_mode = true" in text and "# kept" in text
    assert term.config.get("printer", "paper_mm") == 58 and win.default_elder

    before = site.read_bytes()
    edit = page.edits["ui", "idle_timeout_s"]
    taps.tap(edit, "无操作多少秒后提醒")
    edit.selectAll()
    qtbot.keyClicks(edit, "5")  # typed at the counter's keyboard
    taps.tap(page.save_button, "保存")
    qtbot.waitUntil(lambda: page.status.plain.startswith("设置没有保存"), timeout=20000)
    assert "ui.idle_timeout_s" in page.status.plain and "15" in page.status.plain
    assert site.read_bytes() == before


def test_the_sync_monitor_retries_now(win: Any, qtbot: Any, taps: Tapper, term: Terminal) -> None:
    unlock(win, qtbot, taps)
    page = section(win, qtbot, taps, "admin_sync")
    qtbot.waitUntil(lambda: page.summary.plain == "没有待发送的申请。", timeout=10000)
    assert term.catalogue.version in page.engine.plain
    taps.tap(page.retry_button, "立即重试")
    qtbot.waitUntil(lambda: page.status.plain == "已安排立即重试。", timeout=10000)


def test_log_export_after_a_whole_application_at_debug_holds_no_personal_data(
    win: Any, qtbot: Any, taps: Tapper, term: Terminal, tmp_path: Path
) -> None:
    from drivers.card.samples import ELDER
    from kiosk.leak_scan import leaks
    from kiosk.logfile import log_to_home
    from tests.test_privacy import _apply, _secrets

    log_to_home(term.home)
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger):
            logger.setLevel(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    _apply(win, qtbot)  # a whole application, as the privacy test makes it
    win.end_session()
    unlock(win, qtbot, taps)
    page = section(win, qtbot, taps, "admin_logs")
    folder = tmp_path / "export"
    folder.mkdir()
    taps.tap(page.folder, "文件夹")
    qtbot.keyClicks(page.folder, str(folder))
    taps.tap(page.export_button, "导出到文件夹")
    qtbot.waitUntil(lambda: page.status.plain.startswith("日志已导出"), timeout=30000)
    [archive] = folder.iterdir()
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    assert "summary.json" in members and "logs/kiosk.log" in members
    assert b"DEBUG" in members["logs/kiosk.log"]  # the loggers did write at DEBUG
    for name, data in members.items():
        assert leaks(data, _secrets(ELDER)) == [], name
    assert any(e.kind == "log.exported" for e in term.store.audit.entries())


def test_change_the_pin_on_the_pad_then_leave(win: Any, qtbot: Any, taps: Tapper, term: Terminal) -> None:
    unlock(win, qtbot, taps)
    page = section(win, qtbot, taps, "admin_pin")
    taps.tap(page.first, "新密码")
    taps.keys(page.pad, "135792")
    taps.tap(page.second, "再输入一次")
    taps.keys(page.pad, "135790")
    taps.tap(page.save_button, "保存新密码")
    qtbot.waitUntil(lambda: page.status.plain.startswith("新密码至少6位"), timeout=5000)
    taps.tap(page.first, "新密码")
    taps.keys(page.pad, "135792")
    taps.tap(page.second, "再输入一次")
    taps.keys(page.pad, "135792")
    taps.tap(page.save_button, "保存新密码")
    qtbot.waitUntil(lambda: page.status.plain == "管理员密码已修改。", timeout=10000)
    assert AdminPin(term.home, demo=True).verify("135792")
    taps.tap(page.back_button, "返回")
    home = wait_page(qtbot, win, "admin_home")
    taps.tap(home.quit_button, "退出到桌面")
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=10000)
    actions = [dict(e.details).get("action") for e in term.store.audit.entries() if e.kind == "admin.action"]
    assert actions == ["pin_changed", "quit"]
