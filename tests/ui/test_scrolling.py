"""Scrolling by finger: the guide, a list and a long form follow a drag, show where they are, and a drag that
starts on an answer button scrolls without choosing that answer."""

from __future__ import annotations

from typing import Any

from test_apply import low_income_tile
from ui_helpers import Tapper, wait_page

from PySide6.QtWidgets import QScroller


def _settled(qtbot: Any, area: Any) -> None:
    scroller = QScroller.scroller(area.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)


def test_the_guide_follows_a_drag_and_shows_where_it_is(win: Any, qtbot: Any, taps: Tapper) -> None:
    taps.tap(win.pages["home"].tiles["guide"], "办事指南")
    wait_page(qtbot, win, "find")
    taps.tap(low_income_tile(win), "低保申请")
    guide = wait_page(qtbot, win, "guide")
    bar = guide.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400, timeout=5000)  # once the guide is laid out: a long one
    assert bar.isVisible()  # and its position indicator is on the screen
    assert bar.width() >= 28 and bar.height() > guide.scroll_area.height() * 0.9
    taps.drag(guide.scroll_area.viewport(), 0, -400, "up")
    _settled(qtbot, guide.scroll_area)
    down = bar.value()
    assert down >= 300  # the text followed the finger (and may have flicked on)
    taps.drag(guide.scroll_area.viewport(), 0, 250, "down")
    _settled(qtbot, guide.scroll_area)
    assert bar.value() < down


def test_a_list_follows_a_drag(win: Any, qtbot: Any, taps: Tapper) -> None:
    from PySide6.QtCore import Qt

    taps.tap(win.pages["home"].tiles["guide"], "办事指南")
    find = wait_page(qtbot, win, "find")
    taps.tap(find.mode_buttons["search"], "搜索")
    qtbot.keyClicks(find.search_edit, "s")  # one letter: many items (typed at the counter's keyboard)
    lst = find.search_results
    bar = lst.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    first_row = lst.visualItemRect(lst.item(0))
    assert first_row.height() >= 56  # a row is at least a touch target high
    taps.drag(lst.viewport(), 0, -300, "list up")
    _settled(qtbot, lst)
    assert bar.value() >= 200
    assert win.current() is find  # the drag started on a row and opened nothing
    assert Qt.FocusPolicy.NoFocus == lst.focusPolicy()  # a tap on a row leaves the search box its focus


def test_a_drag_on_an_answer_scrolls_the_form_and_does_not_answer(win: Any, qtbot: Any, taps: Tapper) -> None:
    taps.tap(win.header.elder, "大字模式")
    try:
        taps.tap(win.pages["home"].tiles["apply"], "办理业务")
        wait_page(qtbot, win, "find")
        taps.tap(low_income_tile(win), "低保申请")
        form = wait_page(qtbot, win, "form")
        village = form.editors["village"]
        taps.answer(village.region.tiles["520900100"])
        taps.answer(village.region.tiles["520900100201"])
        taps.tap(form.next_button, "下一步")
        qtbot.waitUntil(lambda: form.page_id == "household", timeout=5000)
        bar = form.scroll_area.verticalScrollBar()
        assert bar.maximum() > 0 and bar.isVisible()  # in elder mode this page is longer than the screen
        rural = form.editors["household_kind"].choices["rural"]
        before = bar.value()
        taps.drag(rural, 0, -250, "drag on 农村户籍")
        _settled(qtbot, form.scroll_area)
        assert bar.value() > before + 150
        assert win.flow.form.get("household_kind") is None and not rural.isChecked()
        assert not rural.isDown()  # not left drawn pressed either
    finally:
        win.header.elder.setChecked(
            False
        )  # the next test starts in the normal mode (the header does the rest)
