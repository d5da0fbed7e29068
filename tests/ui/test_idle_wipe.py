"""The end of a visit mid-form, by the idle countdown ("还在吗?") or by 返回 to the home screen: either way
nothing personal is left anywhere in the UI."""

from __future__ import annotations

from typing import Any

import pytest
from ui_helpers import Tapper, all_visible_text, wait_page

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from kiosk.privacy import mask_name


@pytest.mark.parametrize("way", ["idle", "back"])
def test_the_end_of_a_visit_wipes_the_session(win: Any, qtbot: Any, taps: Tapper, way: str) -> None:
    if way == "idle":
        win.idle.timer.setInterval(400)
        win.countdown.seconds = 1
    taps.tap(win.pages["home"].tiles["apply"])
    wait_page(qtbot, win, "find")
    tile = next(
        t
        for t in win.pages["find"].frequent.findChildren(type(win.pages["home"].tiles["apply"]))
        if t.text() == "低保申请"
    )
    taps.tap(tile)
    form = wait_page(qtbot, win, "form")
    identity = win.flow.session.identity
    secrets = [
        identity.name,
        identity.id_number,
        identity.address[:8],
        "13912345678",
        mask_name(identity.name),
    ]
    mobile = form.editors["mobile"].edit
    mobile.setFocus()
    qtbot.keyClicks(mobile, "13912345678")
    QGuiApplication.clipboard().setText(identity.id_number)
    search = win.pages["find"].search_edit
    search.insert(identity.name)  # typed into another screen's field earlier in the visit (undoable)
    text = "\n".join(all_visible_text(win))
    assert identity.name in text and "13912345678" in text  # the check below can fail
    if way == "idle":  # no touch: the question comes, then the countdown runs out
        qtbot.waitUntil(lambda: win.countdown.isVisible(), timeout=5000)
        assert "还在吗" in win.countdown.question.plain
    else:  # 返回 on every screen until the home screen
        while win.current().name != "home":
            taps.tap(win.current().back_button, f"返回 on {win.current().name}")
    qtbot.waitUntil(lambda: win.current().name == "home", timeout=5000)
    assert win.header.language.isVisible()  # an English visitor can switch back here
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what deleteLater() left to do
    text = "\n".join(all_visible_text(win))
    for secret in secrets:
        assert secret not in text
    assert win.flow.session.is_empty() and win.flow.form is None
    search.undo()  # nothing comes back from an edit's undo history either
    assert search.text() == ""
    assert QGuiApplication.clipboard().text() == ""
    # image buffers: signature, captured page thumbnail, camera view, receipt preview
    assert win.pages["review"].pad.is_empty()
    assert win.pages["capture"].thumb.pixmap().isNull()
    assert win.pages["capture"].view.image.isNull()
    assert win.pages["receipt"].preview.pixmap().isNull()
    # every label, not only named ones (no label has a name, so that check held whatever the wipe did)
    assert all(lbl.pixmap().isNull() for lbl in win.findChildren(QLabel))
    # the wipe is in the audit log: by the system for the idle countdown, by the visitor for 返回
    wiped = lambda: [  # noqa: E731
        (e.actor, dict(e.details)) for e in win.terminal.store.audit.entries() if e.kind == "session.wiped"
    ]
    expected = ("system", {"reason": "idle"}) if way == "idle" else ("visitor", {"reason": "home"})
    qtbot.waitUntil(lambda: wiped() == [expected], timeout=5000)


def test_touch_keeps_the_session(win: Any, qtbot: Any, taps: Tapper) -> None:
    win.idle.timer.setInterval(300)
    win.countdown.seconds = 5
    taps.tap(win.pages["home"].tiles["apply"])
    wait_page(qtbot, win, "find")
    qtbot.waitUntil(lambda: win.countdown.isVisible(), timeout=5000)
    taps.tap(win.countdown.keep_button)
    assert not win.countdown.isVisible() and win.current().name == "find"


def test_a_touch_or_key_anywhere_postpones_the_question(win: Any, qtbot: Any, taps: Tapper) -> None:
    """Input from the system arrives at the window (as a real touch screen's does), not at a widget."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    timer = win.idle.timer
    timer.setInterval(60_000)
    taps.tap(win.pages["home"].tiles["apply"])
    wait_page(qtbot, win, "find")
    handle = win.windowHandle()
    empty = QPoint(win.width() // 2, win.height() - 8)  # the page's margin: a touch on nothing
    # Stopped, the idle timer shows exactly whether an input started the wait again: no clock involved.
    for touch in (True, False, True):
        timer.stop()
        if touch:
            QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
        else:
            QTest.keyClick(handle, Qt.Key.Key_Shift)
        assert timer.isActive()  # the wait started again from the touch or the key
    # a pointer that only moves (Qt also sends such moves itself when the screen changes) keeps nothing alive
    timer.stop()
    QTest.mouseMove(handle, QPoint(10, 10))
    QTest.mouseMove(handle, QPoint(400, 300))
    assert not timer.isActive()
    assert not win.countdown.isVisible() and win.current().name == "find"
