"""The form's rules across fields and its hints, met on the real screens: a household of 3 with nobody
listed is stopped on the members page, the unit stands by the income, and the hint about the earlier page
shows only when something was entered there."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, answer_form_page, wait_page


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


def _next(taps: Tapper, qtbot: Any, page: Any) -> None:
    taps.tap(page.next_button, "下一步")  # the next form page is shown within the tap


def _until(win: Any, qtbot: Any, taps: Tapper, page: Any, page_id: str) -> None:
    while page.page_id != page_id:
        answer_form_page(taps, qtbot, page)
        _next(taps, qtbot, page)
        assert win.current() is page


def _texts(widget: Any) -> str:
    from ui_helpers import all_visible_text

    return "\n".join(all_visible_text(widget))


def test_a_household_of_three_needs_two_members_listed(win: Any, qtbot: Any, taps: Tapper) -> None:
    page = _to_form(win, qtbot, taps)
    _until(win, qtbot, taps, page, "household")
    size = page.editors["household_size"]
    assert size.label.plain == "共同生活家庭人数（人）"
    answer_form_page(taps, qtbot, page, {"household_size": 3})  # the tile "3", as a visitor taps it
    _next(taps, qtbot, page)
    assert page.page_id == "members"
    taps.tap(page.next_button, "下一步")  # nobody listed
    assert page.page_id == "members"  # stopped here, with the reason next to the list
    error = page.editors_group["members"]
    assert error.plain == "按您填写的共同生活家庭人数，除您本人外应填写2位家庭成员，现在填了0位。"
    for _ in range(2):
        taps.tap(page.findChild(type(page.next_button), "add:members"), "添加一项")
        answer_form_page(taps, qtbot, page, counter=True)  # names typed at the counter's keyboard
    _next(taps, qtbot, page)
    assert page.page_id == "economy"
    texts = _texts(page)
    assert "全家月总收入（元）" in texts
    assert "家庭成员的健康状况已在上一页填写。" in texts  # their health was answered on the page before


def test_the_hint_about_the_earlier_page_is_not_shown_when_nothing_was_entered(
    win: Any, qtbot: Any, taps: Tapper
) -> None:
    page = _to_form(win, qtbot, taps)
    _until(win, qtbot, taps, page, "economy")  # a household of one: no family member listed
    assert "家庭成员的健康状况已在上一页填写。" not in _texts(page)
    assert "申请人本人是否患重病" in _texts(page)
