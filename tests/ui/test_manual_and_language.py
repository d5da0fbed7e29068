"""Typing one's identity where the item allows it; switching the language on the home screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ui_helpers import Tapper, wait_page

from drivers.card.errors import NoCard
from drivers.card.samples import sample_id_number
from drivers.card.simulated import SimulatedReader


def test_manual_identity_where_the_item_allows_it(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    terminal.card_reader = SimulatedReader([NoCard("no card (sample)")], loop=True)  # nobody puts a card down
    code = next(i.code for i in terminal.catalogue.items if i.short_name == "居住证明")
    win.flow.start(code)
    card = wait_page(qtbot, win, "card")
    qtbot.waitUntil(lambda: card.manual_button.isVisible(), timeout=3000)
    taps.tap(card.manual_button)
    manual = wait_page(qtbot, win, "manual")
    # At the counter, on the PC's keyboard (a villager types pinyin on the screen: tests/ui/test_touch_keyboard.py)
    taps.tap(manual.name_edit, "姓名", "focus")
    qtbot.keyClicks(manual.name_edit, "Yang Liyi")
    number = sample_id_number(dt.date(1980, 5, 6), 3)
    assert not manual.pad.isVisible()  # the ID number's pad shows only while that field has the focus
    taps.tap(manual.next_button)
    assert manual.error.plain  # no ID number yet: said in words, still here
    assert win.current() is manual
    taps.tap(manual.id_edit, "身份证号码", "focus")
    taps.keys(manual.pad, number)
    taps.tap(manual.address_edit, "住址", "focus")
    qtbot.keyClicks(manual.address_edit, "Yangli Village")
    taps.tap(manual.next_button)
    wait_page(qtbot, win, "form")
    identity = win.flow.session.identity
    assert identity.id_number == number and identity.birth_date == dt.date(1980, 5, 6)
    assert identity.source.value == "manual"


def test_language_switch_on_the_home_screen(win: Any, qtbot: Any, taps: Tapper) -> None:
    assert win.pages["home"].tiles["apply"].text() == "办理业务"
    taps.tap(win.header.language)
    qtbot.waitUntil(lambda: win.pages["home"].tiles["apply"].text() == "Apply for a service", timeout=5000)
    assert win.header.elder.text() == "Large text"
    taps.tap(win.header.language)
    qtbot.waitUntil(lambda: win.pages["home"].tiles["apply"].text() == "办理业务", timeout=5000)
