"""Common questions and "which service do I need?" through the touch surface: the guided consultation from
home (plain questions, one tap each, suggestions from the catalogue alone, so offline too), each suggestion
a tap from its guide with the item's common questions; a search that finds nothing offers it."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, all_visible_text, wait_page


def _answer(taps: Tapper, page: Any, *answers: str) -> None:
    for a in answers:
        taps.answer(page.choices[a], a)


def test_three_taps_from_home_to_the_guide_offline(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    terminal.embedded_platform.stop()  # nothing here needs the network
    taps.tap(win.pages["home"].more["consult"], "问一问")
    page = wait_page(qtbot, win, "consult")
    assert "为谁办" in "\n".join(all_visible_text(page))
    _answer(taps, page, "elder", "old_age", "paper")
    assert page.suggestions, "no suggestion"
    laonian = next(i.code for i in terminal.catalogue.items if i.short_name == "老年证办理")
    first_three = list(page.suggestions)[:3]
    assert laonian in first_three
    taps.tap(page.suggestions[laonian], "老年证办理")
    guide = wait_page(qtbot, win, "guide")
    text = "\n".join(all_visible_text(guide))
    assert "常见问题" in text and "问：多大年纪可以办老年证？" in text and "答：年满60周岁" in text
    assert "办好以后" in text and "邮寄到家（免费）" in text
    taps.tap(guide.back_button, "返回")
    wait_page(qtbot, win, "consult")
    assert list(page.suggestions)[:3] == first_three  # back to the suggestions, not to the first question
    taps.tap(page.back_button, "返回")  # one question back
    assert set(page.choices) == {"money", "paper", "any"}
    taps.answer(page.choices["money"], "钱")
    assert list(page.suggestions).index(laonian) > 0  # money first now: 高龄补贴 and the pension


def test_a_search_that_finds_nothing_offers_the_consultation(win: Any, qtbot: Any, taps: Tapper) -> None:
    """At the counter, typed on a hardware keyboard (the pinyin keyboard is tests/ui/vk_touch.py's)."""
    taps.tap(win.pages["home"].tiles["guide"], "办事指南")
    find = wait_page(qtbot, win, "find")
    taps.tap(find.mode_buttons["search"], "搜索")
    assert not find.consult_offer.isVisible()
    taps.tap(find.search_edit, "搜索框", "focus")
    qtbot.keyClicks(find.search_edit, "dbsq")
    qtbot.waitUntil(lambda: find.search_results.count() > 0)
    assert not find.consult_offer.isVisible()  # it found 低保申请
    qtbot.keyClicks(find.search_edit, "xyz")
    qtbot.waitUntil(lambda: find.search_results.count() == 0 and find.consult_offer.isVisible())
    taps.tap(find.consult_offer, "回答几个问题")
    page = wait_page(qtbot, win, "consult")
    _answer(taps, page, "child", "birth", "any")
    names = [b.text() for b in page.suggestions.values()]
    assert any("新生儿" in n for n in names[:3]), names
