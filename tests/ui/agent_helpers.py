"""Driving the agent's screens as an agent does: number and PIN on the digit pad, the consent signed by
the villager then the agent, filings from the dashboard. The demo platform's sample agents
(``kiosk.agents.DEMO_AGENTS``) reach the terminal at its first sync."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, wait_page

from kiosk.agents import DEMO_AGENTS
from ui.tour import answer_form

PINS = {number: pin for number, _name, pin in DEMO_AGENTS}
LOW_INCOME = "低保申请"


def agents_synced(terminal: Any, qtbot: Any) -> None:
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.agents.get("8002") is not None, timeout=30000)


def try_login(win: Any, qtbot: Any, taps: Tapper, number: str, pin: str) -> Any:
    """From the home screen or the login screen: one try; the login page."""
    if win.current().name == "home":
        taps.tap(win.pages["home"].tiles["agent"], "代办员登录")
    page = wait_page(qtbot, win, "agent")
    if page.number.text() != number:
        taps.tap(page.number, "agent number", "focus")
        taps.tap(page.pad.buttons["clear"], "清空")
        taps.keys(page.pad, number)
    taps.tap(page.pin, "PIN", "focus")
    taps.keys(page.pad, pin)
    taps.tap(page.login_button, "登录")
    qtbot.waitUntil(lambda: not page.checking, timeout=20000)
    return page


def log_in(win: Any, qtbot: Any, taps: Tapper, number: str = "8001") -> Any:
    try_login(win, qtbot, taps, number, PINS[number])
    board = wait_page(qtbot, win, "agent_dashboard")
    qtbot.waitUntil(lambda: board.queues is not None, timeout=15000)
    return board


def start_filing(win: Any, qtbot: Any, taps: Tapper) -> None:
    """为村民办理 on the dashboard, then the screens other tests cover: the item chosen, the villager's
    card read for real, answers set, pages added; ends on the page before the consent (the last form page
    shown)."""
    board = wait_page(qtbot, win, "agent_dashboard")
    taps.tap(board.new_button, "为村民办理")
    wait_page(qtbot, win, "find")
    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == LOW_INCOME)
    win.flow.start(code)
    wait_page(qtbot, win, "form", timeout=20000)
    answer_form(win.flow.form)


def to_consent(win: Any, qtbot: Any) -> Any:
    from ui.tour import _sample_jpeg

    for m in win.flow.materials():
        win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    win.flow.next_material(len(win.flow.materials()) - 1)
    return wait_page(qtbot, win, "agent_consent")


def sign_consent(win: Any, qtbot: Any, taps: Tapper) -> Any:
    page = wait_page(qtbot, win, "agent_consent")
    qtbot.waitUntil(lambda: page.step == "villager", timeout=30000)  # printed first
    taps.sign(page.pad)
    taps.tap(page.next_button, "下一步")
    assert page.step == "agent"
    taps.sign(page.pad)
    taps.tap(page.next_button, "下一步")
    return wait_page(qtbot, win, "review")


def submit(win: Any, qtbot: Any, taps: Tapper) -> Any:
    review = wait_page(qtbot, win, "review")
    assert not review.pad.isVisible() and review.submit_button.isEnabled()
    taps.tap(review.submit_button, "确认并提交")
    return wait_page(qtbot, win, "receipt", timeout=20000)
