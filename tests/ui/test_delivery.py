"""How the result comes (kiosk/delivery.py), through the touch surface against the demo's reference platform
over HTTP: the choice on the review (the village station until another is tapped; mail opens a screen for
the address read from the card and the courier's number), on the receipt (masked), sealed to the platform, and the "ready" / "mailed" status coming back in the progress query with where to go or
the courier's number. A mailing address too short, or without its village, is refused in plain words."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, all_visible_text, sign_and_submit, wait_page

from PySide6.QtCore import Qt

from drivers.card.samples import ELDER
from kiosk.messages import message_for

MOBILE = "13800138000"


def to_review(win: Any, qtbot: Any, short_name: str = "低保申请") -> Any:
    """The card read for real; the answers and the pages set directly (other tests cover those screens)."""
    from ui.tour import _sample_jpeg, answer_form

    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == short_name)
    win.flow.start(code)
    wait_page(qtbot, win, "form")
    answer_form(win.flow.form)
    for m in win.flow.materials():
        win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    win.flow.after_materials()
    return wait_page(qtbot, win, "review")


def to_mail(win: Any, qtbot: Any, taps: Tapper) -> Any:
    review = to_review(win, qtbot)
    taps.answer(review.delivery.buttons["mail"], "邮寄到家")
    return wait_page(qtbot, win, "delivery")


def _printed_lines(terminal: Any, qtbot: Any) -> list[str]:
    from drivers.printing.decoder import decode
    from drivers.printing.profiles import get_profile

    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=20000)
    lines = decode(printer.printed()[-1].read_bytes(), get_profile("default"), printer.dots).lines
    # A value too long for the paper's width wraps onto the next lines: joined again here.
    joined: list[str] = []
    for line in lines:
        if joined and line.startswith(" ") and line.strip():
            joined[-1] += line.strip()
        else:
            joined.append(line)
    return joined


def _progress_by_card(win: Any, qtbot: Any, taps: Tapper) -> list[str]:
    win.end_session()
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    progress.progress = None
    taps.tap(progress.by_card)
    qtbot.waitUntil(lambda: win.current() is progress and progress.progress is not None, timeout=30000)
    return all_visible_text(progress.results_scroll)


def test_mailed_to_the_address_on_the_card_with_the_couriers_number(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    review = to_review(win, qtbot)
    assert set(review.delivery.buttons) == {"station", "township", "mail"}
    assert review.delivery.buttons["station"].isChecked()  # the nearest until another is tapped
    taps.answer(review.delivery.buttons["mail"], "邮寄到家")
    page = wait_page(qtbot, win, "delivery")
    assert page.editors["method"].choices["mail"].isChecked()
    address = page.editors["address"].edit
    assert address is not None and address.text() == ELDER.address  # prefilled from the card, editable
    assert not address.isReadOnly()
    mobile = page.editors["mobile"].edit
    taps.tap(mobile, "手机号码", "focus")
    qtbot.waitUntil(page.pad.isVisible)
    taps.keys(page.pad, MOBILE)
    taps.tap(page.next_button, "下一步")
    review = wait_page(qtbot, win, "review")
    assert review.delivery.buttons["mail"].isChecked()
    shown = "\n".join(all_visible_text(review))
    assert ELDER.address in shown and "138****8000" in shown and MOBILE not in shown
    sign_and_submit(taps, qtbot, win)
    lines = _printed_lines(terminal, qtbot)
    assert "领取方式：邮寄到家（免费），快递员打138****8000联系您" in lines
    assert "还要跑：不用再跑" in lines
    text = "\n".join(lines)
    assert ELDER.address not in text and MOBILE not in text  # the receipt is masked
    app_id = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    platform = terminal.embedded_platform.platform
    manifest, _key, _files = platform.open_revision(app_id)
    assert manifest["delivery"] == {"method": "mail", "address": ELDER.address, "mobile": MOBILE}
    assert next(a for a in platform.list_applications() if a["app_id"] == app_id)["delivery"] == "mail"
    terminal.embedded_platform.set_status(app_id, "mailed", tracking_no="SF1234567890")
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "mailed", timeout=30000)
    found = _progress_by_card(win, qtbot, taps)
    assert any("已邮寄，快递单号 SF1234567890" in t for t in found), found


def test_picked_up_at_the_station_says_where_to_go(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    review = to_review(win, qtbot)
    taps.answer(review.delivery.buttons["township"], "乡镇领")
    assert "还要跑 1 次" in review.delivery.detail.plain  # the two-trips check, said where it is chosen
    taps.answer(review.delivery.buttons["station"], "村里领")
    assert (
        review.delivery.buttons["station"].isChecked() and not review.delivery.buttons["township"].isChecked()
    )
    assert "不用再跑" in review.delivery.detail.plain
    assert win.current() is review
    sign_and_submit(taps, qtbot, win)
    assert "领取方式：到本村便民服务站领取" in _printed_lines(terminal, qtbot)
    app_id = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    terminal.embedded_platform.set_status(app_id, "ready")
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "ready", timeout=30000)
    found = _progress_by_card(win, qtbot, taps)
    assert any(f"请带身份证到{terminal.station.name}领取" in t for t in found), found
    [slip] = terminal.print_progress(win.pages["progress"].progress)
    assert slip is not None


def test_a_mailing_address_too_short_or_without_a_village_is_refused(
    win: Any, qtbot: Any, taps: Tapper
) -> None:
    """At the counter, on a hardware keyboard (QTest's key clicks type Latin letters only)."""
    page = to_mail(win, qtbot, taps)
    taps.tap(page.editors["mobile"].edit, "手机号码", "focus")
    taps.keys(page.pad, MOBILE)
    address = page.editors["address"].edit
    for typed, code in (
        ("No 12", "delivery.address_short"),
        ("Main Street 12, Guian", "delivery.address_no_village"),
    ):
        taps.tap(address, "邮寄地址", "focus")
        qtbot.keyClick(address, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(address, Qt.Key.Key_Backspace)
        qtbot.keyClicks(address, typed)
        taps.tap(page.next_button, "下一步")
        assert win.current() is page  # not on to the review
        assert page.editors["address"].error.plain == message_for(code)
        assert win.flow.session.delivery.method == "station"  # what was chosen before stays
