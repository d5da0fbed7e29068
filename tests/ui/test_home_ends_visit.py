"""The home screen is the end of a visit, however it is reached: 返回 from any screen wipes the session and
the identity, and the language button is there again. Nobody at the screen for the idle time puts the
terminal's own modes (text size, language) back, on the home screen as after the countdown."""

from __future__ import annotations

from typing import Any

import pytest
from ui_helpers import Tapper, fast_to_review, wait_page

from drivers.card.samples import ELDER


def _reach(win: Any, qtbot: Any, taps: Tapper, screen: str) -> None:
    """Get to ``screen`` the way a visitor does, with their card read where that screen needs one."""
    home = win.pages["home"]
    if screen in ("find", "guide", "form"):
        taps.tap(home.tiles["apply" if screen != "guide" else "guide"])
        find = wait_page(qtbot, win, "find")
        if screen != "find":
            tile = next(
                t for t in find.frequent.findChildren(type(home.tiles["apply"])) if t.text() == "低保申请"
            )
            taps.tap(tile)
            wait_page(qtbot, win, screen)
    elif screen == "review":
        fast_to_review(win, qtbot)
    elif screen == "progress":
        taps.tap(home.tiles["progress"])
        progress = wait_page(qtbot, win, "progress")
        taps.tap(progress.by_card)
        wait_page(qtbot, win, "progress")
        qtbot.waitUntil(lambda: win.flow.session.identity is not None, timeout=15000)
    elif screen == "rating":
        taps.tap(home.tiles["rate"])
        wait_page(qtbot, win, "rating")


@pytest.mark.parametrize("screen", ["find", "guide", "form", "review", "progress", "rating"])
def test_back_to_home_ends_the_visit(win: Any, qtbot: Any, taps: Tapper, screen: str) -> None:
    _reach(win, qtbot, taps, screen)
    assert win.current().name == screen
    if screen in ("form", "review", "progress"):
        assert win.flow.session.identity == ELDER  # the card was read: there is something to wipe
    wiped_before = len([e for e in win.terminal.store.audit.entries() if e.kind == "session.wiped"])
    while win.current().name != "home":
        taps.tap(win.current().back_button, f"返回 on {win.current().name}")
    assert win.flow.session.is_empty() and win.flow.session.item_code is None
    assert win.flow.form is None and win.flow.item is None
    assert win.header.language.isVisible()
    assert win.idle.enabled  # the idle watch runs on the home screen too
    qtbot.waitUntil(
        lambda: (
            len([e for e in win.terminal.store.audit.entries() if e.kind == "session.wiped"])
            == wiped_before + 1
        ),
        timeout=5000,
    )


def test_idle_on_the_home_screen_puts_the_modes_back(win: Any, qtbot: Any, taps: Tapper) -> None:
    win.idle.timer.setInterval(60_000)  # the visitor is still choosing
    taps.tap(win.header.elder, "大字模式")
    taps.tap(win.header.language, "English")
    assert win.language == "en" and win.header.elder.isChecked()
    assert win.header.language.text() == "中文"  # the way back is on the screen, in its own words
    win.idle.timer.setInterval(300)
    win.idle.arm(True)  # the visitor walks away: no touch from now on
    qtbot.waitUntil(lambda: win.language == "zh_CN", timeout=5000)
    assert not win.header.elder.isChecked()
    assert win.header.language.text() == "English" and win.header.language.isVisible()
    assert win.pages["home"].tiles["apply"].text() == "办理业务"
    assert win.current().name == "home" and not win.countdown.isVisible()


def test_elder_mode_does_not_carry_over_after_the_countdown(win: Any, qtbot: Any, taps: Tapper) -> None:
    from ui import theme

    taps.tap(win.header.elder, "大字模式")
    assert theme.current() is theme.ELDER
    taps.tap(win.pages["home"].tiles["progress"])
    wait_page(qtbot, win, "progress")
    win.idle.timer.setInterval(300)
    win.countdown.seconds = 1
    win.idle.arm(True)
    qtbot.waitUntil(lambda: win.current().name == "home" and not win.countdown.isVisible(), timeout=5000)
    assert not win.header.elder.isChecked() and theme.current() is theme.NORMAL
