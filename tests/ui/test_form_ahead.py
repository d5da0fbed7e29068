"""The form's next page is built while the visitor reads the current one, so 下一步 costs about a plain
screen change (bench/bench_ui.py); what was built ahead holds the visitor's answers and goes with the
visit. (That a page built ahead is not used once the answers it shows have changed is met by
tests/ui/test_form_rules.py: the help that depends on an earlier answer.)"""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, answer_form_page, wait_page

from PySide6.QtWidgets import QApplication

from ui.widgets.fields import FieldEditor


def _editors(field_id: str) -> list[FieldEditor]:
    return [w for w in QApplication.allWidgets() if isinstance(w, FieldEditor) and w.field_id == field_id]


def _to_form(win: Any, qtbot: Any, taps: Tapper) -> Any:
    taps.tap(win.pages["home"].tiles["apply"])
    find = wait_page(qtbot, win, "find")
    tile = next(
        t
        for t in find.frequent.findChildren(type(win.pages["home"].tiles["apply"]))
        if t.text() == "低保申请"
    )
    taps.tap(tile)
    return wait_page(qtbot, win, "form")


def test_the_next_page_is_ready_before_the_tap_and_leaves_with_the_visit(
    win: Any, qtbot: Any, taps: Tapper
) -> None:
    page = _to_form(win, qtbot, taps)
    second = win.flow.form_pages()[1].fields[0].id
    qtbot.waitUntil(lambda: len(_editors(second)) == 1, timeout=5000)  # built while page 1 is read
    ahead = _editors(second)[0]
    assert not ahead.isVisible()
    answer_form_page(taps, qtbot, page)
    taps.tap(page.next_button, "下一步")
    assert page.index == 1 and page.editors[second] is ahead and ahead.isVisible()
    while win.current().name != "home":
        taps.tap(win.current().back_button, f"返回 on {win.current().name}")
    qtbot.waitUntil(lambda: not any(isinstance(w, FieldEditor) for w in QApplication.allWidgets()))
