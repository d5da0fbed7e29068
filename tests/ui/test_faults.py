"""Devices failing while a visitor is in the middle of something: words, no crash, nothing lost."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, fast_to_review, sign_and_submit, wait_page

from drivers.card.errors import CardRemoved
from drivers.card.samples import ELDER
from drivers.card.simulated import SimulatedReader
from drivers.printing.status import PrinterStatus
from ui.messages import text_for_code


def test_card_removed_mid_read_then_read_again(win: Any, qtbot: Any, terminal: Any) -> None:
    reader = SimulatedReader([ELDER], loop=True, delay=1.5)
    terminal.card_reader = reader
    code = next(i.code for i in terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    card = wait_page(qtbot, win, "card")
    qtbot.waitUntil(reader.in_read.is_set, timeout=5000)
    reader.remove_card()  # the villager lifts the card during the read
    removed = text_for_code(CardRemoved.code)
    qtbot.waitUntil(lambda: card.message.plain == removed, timeout=5000)
    assert win.current() is card and win.flow.session.identity is None
    # the card is put back (the next read succeeds) and the form follows by itself
    wait_page(qtbot, win, "form", timeout=10000)
    assert win.flow.session.identity is not None


def test_camera_unplugged_mid_capture(win: Any, qtbot: Any, terminal: Any) -> None:
    from ui.tour import answer_form

    code = next(i.code for i in terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    wait_page(qtbot, win, "form")
    answer_form(win.flow.form)
    win.flow.next_form_page(10)
    capture = wait_page(qtbot, win, "capture")
    qtbot.waitUntil(lambda: not capture.view.image.isNull(), timeout=10000)
    camera = terminal.camera
    camera.unplug()
    qtbot.waitUntil(lambda: text_for_code("ui.camera_lost") in capture.message.plain, timeout=10000)
    assert win.current() is capture  # still on the same material, nothing lost
    material = capture.material
    camera.replug()
    # frames come back and the page is captured automatically
    qtbot.waitUntil(lambda: bool(win.flow.session.pages.get(material.id)), timeout=30000)


def test_printer_out_of_paper_at_submit(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    service = terminal.print_service
    service.retry_s = service.max_retry_s = 0.1  # the pace of retries, so that the waits below are short
    printer = service.printer
    printer.simulate(PrinterStatus.PAPER_OUT)
    fast_to_review(win, qtbot)
    receipt = sign_and_submit(taps, qtbot, win)
    submitted = win.flow.result.submitted
    # the application is safe in the store whatever the printer does
    assert terminal.store.application(submitted.app_id) is not None
    qtbot.waitUntil(lambda: receipt.print_state.plain == text_for_code("ui.printer_later"), timeout=15000)
    assert printer.printed() == []
    assert terminal.print_service.pending()  # the receipt waits in the queue
    printer.simulate(PrinterStatus.OK)  # paper loaded
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=60000)
    qtbot.waitUntil(lambda: "正在打印" in receipt.print_state.plain, timeout=15000)
