"""Demo devices a visitor can see: the "place your card" screen waits for a card, the visitor picks the
sample card on the demo panel, and "读卡成功" is on the screen before the next step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import Tapper, wait_page

from drivers.card.samples import FARMER, YOUNG_MOTHER


@pytest.fixture
def demo_win(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """The window of `kiosk run --demo`: its terminal's own (simulated) reader, not a test's script."""
    from kiosk.config import load_config
    from kiosk.terminal import Terminal
    from ui.app import application, build_window

    term = Terminal(load_config(None), tmp_path / "home", demo=True)
    term.start()
    application()
    win = build_window(term, kiosk_mode=False, elder=False, language="zh_CN")
    win.resize(1920, 1080)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        win.current().leave()
        win.allow_close()
        win.close()
        win.deleteLater()
        term.stop()


def _card_page(win: Any, qtbot: Any, taps: Tapper) -> Any:
    taps.tap(win.pages["home"].tiles["apply"])
    find = wait_page(qtbot, win, "find")
    tile = next(
        t
        for t in find.frequent.findChildren(type(win.pages["home"].tiles["apply"]))
        if t.text() == "低保申请"
    )
    taps.tap(tile)
    return wait_page(qtbot, win, "card")


def test_the_visitor_places_the_sample_card_of_their_choice(demo_win: Any, qtbot: Any, taps: Tapper) -> None:
    win = demo_win
    card = _card_page(win, qtbot, taps)
    reader = win.terminal.card_reader
    qtbot.waitUntil(lambda: reader.reads >= 2, timeout=10000)  # it has looked for a card, twice
    assert win.current() is card and "读卡区" in card.message.plain  # and waits, asking for the card
    assert card.demo is not None and card.demo.frame.isVisible()
    taps.tap(card.demo.cards[FARMER.name], "农民的卡")
    qtbot.waitUntil(lambda: card.message.plain == "读卡成功，请拿走身份证。", timeout=10000)
    assert win.current() is card  # the confirmation is seen, not skipped
    wait_page(qtbot, win, "form")
    assert win.flow.session.identity == FARMER  # the card chosen, not the next one of a script
    assert reader.placed is None  # the visitor took the card along


def test_an_expired_sample_card_is_refused_on_the_card_screen(
    demo_win: Any, qtbot: Any, taps: Tapper
) -> None:
    from ui.messages import text_for_code

    win = demo_win
    card = _card_page(win, qtbot, taps)
    taps.tap(card.demo.cards["赵过期"], "过期的卡")
    qtbot.waitUntil(lambda: card.message.plain == text_for_code("card.expired"), timeout=10000)
    assert win.current() is card and card.retry_button.isVisible()
    taps.tap(card.demo.cards[YOUNG_MOTHER.name], "年轻妈妈的卡")
    wait_page(qtbot, win, "form")
    assert win.flow.session.identity == YOUNG_MOTHER


def test_the_progress_query_reads_the_card_placed(demo_win: Any, qtbot: Any, taps: Tapper) -> None:
    win = demo_win
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_card)
    card = wait_page(qtbot, win, "card")
    taps.tap(card.demo.cards[YOUNG_MOTHER.name], "年轻妈妈的卡")
    wait_page(qtbot, win, "progress")
    assert win.flow.session.identity == YOUNG_MOTHER
    assert win.terminal.card_reader.reads <= 3  # one read of the card placed, not five scripted ones


def test_a_real_reader_gets_no_demo_panel(win: Any) -> None:
    assert win.pages["card"].demo is not None  # the test terminal's reader is simulated (a demo)
    from ui.widgets.demo_panel import demo_reader

    win.terminal.demo = False
    assert demo_reader(win.terminal) is None
    win.terminal.demo = True
