"""Counter use with keyboard and mouse, kiosk lock-down, thread rule, and the run command without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ui_helpers import Tapper, wait_page

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.admin_pin import DEMO_PIN

ROOT = Path(__file__).resolve().parents[2]


def test_enter_submits_and_escape_goes_back(win: Any, qtbot: Any, taps: Tapper) -> None:
    taps.tap(win.pages["home"].tiles["guide"])
    find = wait_page(qtbot, win, "find")
    taps.tap(find.mode_buttons["search"])
    qtbot.keyClicks(find.search_edit, "dbsq")  # pinyin initials, on the counter PC's keyboard
    assert find.search_results.item(0).text() == "最低生活保障申请"
    taps.tap_row(find.search_results, 0)
    guide = wait_page(qtbot, win, "guide")
    assert guide.title.plain == "最低生活保障申请"
    guide.apply_button.setFocus()
    qtbot.keyClick(guide, Qt.Key.Key_Escape)
    assert win.current() is find
    win.flow.show_guide(win.terminal.catalogue.items[1].code)
    qtbot.keyClick(win.current(), Qt.Key.Key_Return)  # Enter = the main action: 立即办理
    wait_page(qtbot, win, "form")  # the card was read and the form came up


def test_enter_on_the_agent_login_logs_in_once(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    """Enter in the agent number moves to the PIN; Enter in the PIN logs in and shows the dashboard; it
    does not also press 为村民办理."""
    from agent_helpers import PINS, agents_synced

    agents_synced(terminal, qtbot)
    taps.tap(win.pages["home"].tiles["agent"])
    agent = wait_page(qtbot, win, "agent")
    taps.keys(agent.pad, "8001")
    qtbot.keyClick(agent.number, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is agent.pin and not agent.checking
    taps.keys(agent.pad, PINS["8001"])
    qtbot.keyClick(agent.pin, Qt.Key.Key_Return)
    board = wait_page(qtbot, win, "agent_dashboard", timeout=20000)
    qtbot.waitUntil(lambda: board.queues is not None, timeout=10000)
    QApplication.processEvents()
    assert win.current() is board and win.agents.number == "8001"
    assert win.flow.session.agent_id is None  # no filing started: 为村民办理 was not pressed


def test_enter_on_the_form_goes_to_the_next_field_without_errors(win: Any, qtbot: Any, taps: Tapper) -> None:
    from test_apply import low_income_tile

    taps.tap(win.pages["home"].tiles["apply"])
    wait_page(qtbot, win, "find")
    taps.tap(low_income_tile(win))
    form = wait_page(qtbot, win, "form")
    village = form.editors["village"]
    qtbot.waitUntil(
        lambda: village.isAncestorOf(QApplication.focusWidget()), timeout=2000
    )  # the first question
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # nothing answered yet on this page
    assert win.current() is form and form.index == 0
    assert not any(ed.error.isVisible() for ed in form.editors.values())  # no error for an unreached field
    assert QApplication.focusWidget() is form.editors["mobile"].edit  # on to the next question
    taps.answer(village.region.tiles["520900100"])
    taps.answer(village.region.tiles["520900100201"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # the rest is optional: on to the next page
    qtbot.waitUntil(lambda: form.index == 1, timeout=5000)
    while form.page_id != "economy":
        index = form.index
        taps.tap(form.next_button)  # the pages between are answered in tests/ui/test_apply.py
        if form.index == index:  # answer what the page asks, by touch
            from ui_helpers import answer_form_page

            answer_form_page(taps, qtbot, form)
            taps.tap(form.next_button)
        qtbot.waitUntil(lambda i=index: form.index != i, timeout=5000)
    income = form.editors["monthly_income_total"].edit
    qtbot.waitUntil(lambda: QApplication.focusWidget() is income and form.pad.isVisible(), timeout=5000)
    taps.keys(form.pad, "600")
    qtbot.keyClick(income, Qt.Key.Key_Return)
    assert form.page_id == "economy"
    assert not any(ed.error.isVisible() for ed in form.editors.values())
    assert form.editors["has_vehicle"].isAncestorOf(QApplication.focusWidget())


def test_form_focus_order_follows_the_fields(win: Any, qtbot: Any) -> None:
    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    form = wait_page(qtbot, win, "form")
    win.activateWindow()
    edits = [e.edit for e in form.editors.values() if e.edit is not None]
    assert len(edits) >= 2
    edits[0].setFocus()
    qtbot.waitUntil(lambda: edits[0].hasFocus(), timeout=2000)
    order = [QApplication.focusWidget()]
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    positions = [edits.index(w) for w in order if w in edits]
    first_seen = list(dict.fromkeys(positions))
    # Every field is reached, in the order of the page (an order that stayed on the first field, or
    # skipped one, passed the old check: a list of one repeated position is sorted).
    assert first_seen == list(range(len(edits))), positions


def test_the_way_out_needs_the_admin_pin(terminal: Any, qtbot: Any) -> None:
    from ui.app import application, build_window

    application()
    win = build_window(terminal, kiosk_mode=True, elder=False, language="zh_CN")
    qtbot.addWidget(win)
    win.show()
    assert win.windowFlags() & Qt.WindowType.FramelessWindowHint
    win.close()
    assert win.isVisible()  # closing is refused
    for _ in range(5):  # the hidden corner gesture
        qtbot.mouseClick(win.header.corner, Qt.MouseButton.LeftButton)
    admin = wait_page(qtbot, win, "admin")
    qtbot.keyClicks(admin.pin, "111111")
    qtbot.keyClick(admin.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: admin.message.plain != "", timeout=5000)
    assert win.current().name == "admin"
    qtbot.keyClicks(admin.pin, DEMO_PIN)
    qtbot.keyClick(admin.pin, Qt.Key.Key_Return)
    wait_page(qtbot, win, "admin_home")  # the right PIN opens the admin area
    assert DEMO_PIN not in (terminal.home / "secrets" / "admin_pin.json").read_text()
    win.allow_close()
    win.close()
    assert not win.isVisible()


def test_the_admin_pin_and_leaving_are_recorded(terminal: Any, qtbot: Any) -> None:
    from ui.app import application, build_window

    application()
    win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
    qtbot.addWidget(win)
    win.show()
    admin = win.go("admin")
    qtbot.keyClicks(admin.pin, "111111")
    qtbot.keyClick(admin.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: admin.message.plain != "", timeout=5000)
    qtbot.keyClicks(admin.pin, DEMO_PIN)
    qtbot.keyClick(admin.pin, Qt.Key.Key_Return)
    area = wait_page(qtbot, win, "admin_home")
    qtbot.mouseClick(area.quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not win.isVisible(), timeout=5000)
    recorded = [(e.kind, e.actor, dict(e.details)) for e in terminal.store.audit.entries()]
    assert [r for r in recorded if r[0].startswith("admin.")] == [
        ("admin.pin_failed", "visitor", {}),
        ("admin.unlocked", "admin", {}),
        ("admin.action", "admin", {"action": "quit"}),  # written before the window closed
    ]


def test_a_device_call_that_would_make_the_screen_wait_is_refused(qtbot: Any) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from drivers.card.samples import ELDER
    from drivers.card.simulated import SimulatedReader
    from ui.app import application
    from ui.tasks import run_task

    application()  # installs the rule
    reader = SimulatedReader([ELDER], loop=True)
    outcome: list[str] = []

    def from_a_slot() -> None:  # what a button's handler that forgot ui/tasks would do
        try:
            outcome.append(reader.read(timeout=1.0).name)
        except RuntimeError as exc:
            outcome.append(str(exc))

    loop = QEventLoop()
    QTimer.singleShot(0, from_a_slot)
    QTimer.singleShot(0, loop.quit)
    loop.exec()  # the screen's event loop is running while the slot is called
    assert outcome == ["a card call would make the screen wait: run it through ui/tasks"]
    assert reader.reads == 0
    results: list[Any] = []
    run_task(lambda: reader.read(timeout=1.0), lambda r, e: results.append((r, e)))  # the helper's way
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0][1] is None and results[0][0].name == ELDER.name
    assert reader.read(timeout=1.0).name == ELDER.name  # outside the event loop (a test, the CLI): allowed


def test_run_without_a_display_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk", "--home", str(tmp_path), "run", "--demo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 1
    assert "没有找到显示屏" in proc.stderr and "kiosk tour" in proc.stderr
