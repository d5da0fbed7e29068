"""The administrator PIN pad, tapped on its real keys: wrong PINs, the lock and its remaining time (also
after a restart), and the plain words for a PIN that is missing or damaged on a real terminal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import Tapper, wait_page

from kiosk.admin_pin import DEMO_PIN
from kiosk.config import load_config
from kiosk.terminal import Terminal
from ui.messages import text_for_code

NOT_SET = "管理员密码未设置或已损坏，请在控制台运行 kiosk set-pin"


@pytest.fixture
def window_on(qtbot: Any) -> Iterator[Any]:
    """Builds kiosk windows on a terminal, as the program does at each start; closes them all after."""
    from ui.app import application, build_window

    application()
    made: list[Any] = []

    def build(terminal: Terminal) -> Any:
        win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
        win.resize(1920, 1080)
        win.show()
        qtbot.waitExposed(win)
        made.append(win)
        return win

    yield build
    for win in made:
        win.current().leave()
        win.allow_close()
        win.close()
        win.deleteLater()


def _open_pad(win: Any, qtbot: Any) -> Any:
    win.open_admin()
    return wait_page(qtbot, win, "admin")


def _enter(taps: Tapper, pad: Any, pin: str) -> None:
    for digit in pin:
        taps.tap(pad.pad.buttons[digit], digit)
    taps.tap(pad.ok_button, "确定")


def test_wrong_pins_lock_the_pad_and_it_says_how_long_even_after_a_restart(
    terminal: Terminal, window_on: Any, qtbot: Any, taps: Tapper
) -> None:
    win = window_on(terminal)
    pad = _open_pad(win, qtbot)
    for _ in range(4):
        pad.message.set_plain("")
        _enter(taps, pad, "111111")
        qtbot.waitUntil(lambda: pad.message.plain == text_for_code("ui.pin_wrong"), timeout=10000)
    _enter(taps, pad, "111111")
    qtbot.waitUntil(lambda: pad.message.plain == "输错次数太多，请60秒后再试。", timeout=10000)
    _enter(taps, pad, DEMO_PIN)  # the right PIN waits out the lock too
    qtbot.waitUntil(lambda: pad.message.plain.startswith("输错次数太多"), timeout=10000)
    assert pad.win.current().name == "admin"  # the area stays shut
    # The kiosk program starts again: a new window and a new PIN check on the same data folder.
    again = _open_pad(window_on(terminal), qtbot)
    qtbot.waitUntil(lambda: again.message.plain.startswith("输错次数太多，请"), timeout=10000)
    assert again.message.plain.endswith("秒后再试。")


def test_a_missing_or_damaged_pin_on_a_real_terminal_is_said_plainly(
    tmp_path: Path, window_on: Any, qtbot: Any, taps: Tapper
) -> None:
    terminal = Terminal(load_config(None), tmp_path / "home", demo=False)
    try:
        pad = _open_pad(window_on(terminal), qtbot)
        qtbot.waitUntil(lambda: pad.message.plain == NOT_SET, timeout=10000)  # before anyone types
        _enter(taps, pad, DEMO_PIN)  # the demo PIN opens nothing on a real terminal
        qtbot.waitUntil(lambda: pad.message.plain == NOT_SET, timeout=10000)
        assert pad.win.current().name == "admin"
        pin_file = terminal.home / "secrets" / "admin_pin.json"
        pin_file.parent.mkdir(parents=True, exist_ok=True)
        pin_file.write_text("{ damaged")
        pad.message.set_plain("")
        _enter(taps, pad, "123456")
        qtbot.waitUntil(lambda: pad.message.plain == NOT_SET, timeout=10000)
        assert pad.win.current().name == "admin"
    finally:
        terminal.stop()
