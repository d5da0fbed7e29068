"""The service guide prints its one-time notice; a low rating asks for reasons and stores them."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ui_helpers import Tapper, wait_page

COMMENT = "please call me 13912345678"  # a sample comment holding a phone number (fictional)


def test_guide_prints_the_one_time_notice(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    taps.tap(win.pages["home"].tiles["guide"])
    find = wait_page(qtbot, win, "find")
    taps.tap(find.mode_buttons["events"])
    tile = next(
        t for t in find.events.findChildren(type(win.pages["home"].tiles["apply"])) if t.text() == "社会救助"
    )
    taps.tap(tile)
    lst = find.item_list
    assert lst.count() >= 1 and lst.isVisible()
    from PySide6.QtCore import Qt

    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(lst.item(0)).center())
    guide = wait_page(qtbot, win, "guide")
    texts = "\n".join(t.plain for t in guide.findChildren(type(guide.title)))
    for heading in ("办理条件", "需要的材料", "收费", "办理流程"):
        assert heading in texts
    taps.tap(guide.print_button)
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) == 1, timeout=15000)
    qtbot.waitUntil(lambda: "已送去打印" in guide.status.plain, timeout=5000)


def test_low_rating_needs_a_reason(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    taps.tap(win.pages["home"].tiles["rate"])
    rating = wait_page(qtbot, win, "rating")
    assert not rating.reason_box.isVisible()
    taps.tap(rating.faces[1], "非常不满意")
    assert rating.reason_box.isVisible()
    taps.tap(rating.send_button)
    assert "原因" in rating.status.plain  # asked for a reason, nothing stored yet
    reason = next(iter(rating.reasons))
    taps.tap(rating.reasons[reason])
    # typed on the counter PC's keyboard (on the screen's keyboard: tests/ui/test_touch_keyboard.py)
    taps.tap(rating.comment, "想说的话", "focus")
    qtbot.keyClicks(rating.comment, COMMENT)
    taps.tap(rating.send_button)
    qtbot.waitUntil(lambda: "谢谢" in rating.status.plain, timeout=5000)
    with sqlite3.connect(terminal.home / "kiosk.db") as db:
        bodies = [json.loads(b) for (b,) in db.execute("SELECT body FROM ratings")]
    assert len(bodies) == 1
    assert bodies[0]["level"] == 1 and bodies[0]["reasons"] == [reason]
    assert bodies[0]["app_id"] is None  # an on-site visit rated from the home screen
    # the comment is free text (it could hold a phone number): sealed for the platform, nowhere in clear
    assert "comment" not in bodies[0] and "comment_sealed" in bodies[0]
    on_disk = b"".join(p.read_bytes() for p in terminal.home.glob("kiosk.db*"))
    assert COMMENT.encode() not in on_disk and b"13912345678" not in on_disk
    platform = terminal.embedded_platform.platform
    qtbot.waitUntil(lambda: len(platform.ratings()) == 1, timeout=15000)
    (received,) = platform.ratings()
    assert received["comment"] == COMMENT and received["body"]["level"] == 1
