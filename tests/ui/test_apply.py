"""The apply path end to end, driven through the real widgets: home -> item -> card -> prefilled form ->
materials by camera -> review -> signature -> submit -> receipt shown and printed -> rating."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from ui_helpers import Tapper, answer_form_page, wait_page

LOW_INCOME = "低保申请"


def low_income_tile(win: Any) -> Any:
    find = win.pages["find"]
    return next(
        b
        for b in find.frequent.findChildren(type(win.pages["home"].tiles["apply"]))
        if b.text() == LOW_INCOME
    )


# The common case: an elderly villager living alone, an estimated income, the bank book at hand.
COMMON = {"household_size": 1, "monthly_income_total": "600"}


def apply_low_income(
    win: Any, qtbot: Any, finger: Tapper, defer: bool, answers: dict[str, Any] | None = None
) -> dict[str, int]:
    """Home to receipt by touch; returns the questions the visitor answered. Leaves the receipt on screen."""
    home = win.pages["home"]
    finger.tap(home.tiles["apply"], "办理业务")
    wait_page(qtbot, win, "find")
    finger.tap(low_income_tile(win), LOW_INCOME)
    form_page = wait_page(qtbot, win, "form")  # the card was read with no tap at all
    identity = win.flow.session.identity
    assert identity is not None and identity.sample
    assert win.flow.form.get("name") == identity.name  # prefilled from the card
    choices = 0
    seen = 0
    while win.current().name == "form":
        seen += 1
        index = form_page.index
        choices += answer_form_page(finger, qtbot, form_page, COMMON if answers is None else answers)
        finger.tap(form_page.next_button, "下一步")
        qtbot.waitUntil(lambda i=index: win.current().name != "form" or form_page.index != i, timeout=5000)
    assert seen >= 4
    capture = wait_page(qtbot, win, "capture")
    materials = win.flow.materials()
    for material in materials:
        qtbot.waitUntil(
            lambda m=material: win.current().name != "capture" or capture.material.id == m.id, timeout=5000
        )
        if win.current().name != "capture":
            break
        if defer and material.deferrable:
            finger.answer(capture.later_button, "我以后再带来")
            choices += 1  # deciding to bring it later is the visitor's choice
        else:
            # auto-capture: steady, sharp page -> picture -> on to the next material by itself
            qtbot.waitUntil(lambda m=material: bool(win.flow.session.pages.get(m.id)), timeout=20000)
        qtbot.waitUntil(
            lambda m=material: win.current().name != "capture" or capture.material.id != m.id, timeout=8000
        )
    review = wait_page(qtbot, win, "review")
    # how the result comes: on the review, the village station chosen until the visitor taps another
    assert review.delivery.buttons["station"].isChecked()
    assert not review.submit_button.isEnabled()  # no signature yet
    finger.sign(review.pad)
    assert not review.pad.is_empty()  # the strokes themselves signed: nothing drew them for the test
    finger.tap(review.submit_button, "确认并提交")
    wait_page(qtbot, win, "receipt", timeout=20000)
    return {"choices": choices}


def _rating_rows(terminal: Any) -> list[tuple[str, str]]:
    with sqlite3.connect(terminal.home / "kiosk.db") as db:
        return list(db.execute("SELECT rating_id, body FROM ratings"))


@pytest.mark.parametrize("defer", [False, True], ids=["all-materials", "deferred-bank-book"])
def test_apply_end_to_end(win: Any, qtbot: Any, taps: Tapper, terminal: Any, defer: bool) -> None:
    result = apply_low_income(win, qtbot, taps, defer)
    receipt = win.pages["receipt"]
    submitted = win.flow.result.submitted
    assert submitted.local_receipt_no in receipt.number.plain
    # the application is sealed in the store, waiting for (or already through) delivery
    app = terminal.store.application(submitted.app_id)
    assert app is not None and app.item_name.startswith("最低生活保障")
    deferred = win.flow.session.deferred
    assert bool(deferred) == defer
    if defer:
        assert "还要补交" in receipt.owed.plain
    # the receipt is shown on screen and comes out of the (simulated) printer
    qtbot.waitUntil(
        lambda: receipt.preview.pixmap() is not None and not receipt.preview.pixmap().isNull(), timeout=10000
    )
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=15000)
    # straight on to the rating screen
    taps.tap(receipt.rate_button, "评价本次服务")
    rating = wait_page(qtbot, win, "rating")
    taps.tap(rating.faces[5], "非常满意")
    taps.tap(rating.send_button, "提交评价")
    qtbot.waitUntil(lambda: "谢谢" in rating.status.plain, timeout=5000)
    rows = _rating_rows(terminal)
    assert len(rows) == 1 and '"level": 5' in rows[0][1] and submitted.app_id in rows[0][1]
    assert result["choices"] >= 10 and taps.counts["stroke"] == 3


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_common_application_needs_few_touches(win: Any, qtbot: Any, taps: Tapper, elder: bool) -> None:
    """低保 from home to receipt with a simulated card and camera, every touch counted (taps, key presses,
    scroll drags, signature strokes): at most 25 in all, and what is not an answer (navigation, taps into
    fields, drags) at most the answers + 8. In elder mode too, where the first form page needs a drag."""
    if elder:
        win.header.elder.setChecked(True)  # before the visit: not counted
    try:
        result = apply_low_income(win, qtbot, taps, defer=False)
    finally:
        win.header.elder.setChecked(False)
    answers = result["choices"]
    overhead = taps.counts["nav"] + taps.counts["focus"] + taps.counts["drag"]
    mode = "elder mode" if elder else "normal mode"
    print(f"\n低保申请 home -> receipt, {mode}: {taps.breakdown()}; the form asked {answers} questions")
    print("touches:", " | ".join(taps.log))
    assert taps.total <= 25, taps.breakdown()
    assert overhead <= answers + 8, taps.breakdown()
