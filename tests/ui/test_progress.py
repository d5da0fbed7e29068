"""Progress query by ID card and by the receipt's QR code held to the camera; online and offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qrcode
from ui_helpers import Tapper, fast_to_review, sign_and_submit, wait_page

from drivers.camera.simulated import SimulatedCamera
from ui.messages import text_for_code


def _derive_again(_identity: Any) -> str:
    raise AssertionError("the visit derived its applicant key a second time")


def _submit_one(win: Any, qtbot: Any, taps: Tapper) -> str:
    fast_to_review(win, qtbot)
    sign_and_submit(taps, qtbot, win)
    no = win.flow.result.submitted.local_receipt_no
    taps.tap(win.pages["receipt"].finish_button, "办完了")
    wait_page(qtbot, win, "home")
    return str(no)


def test_progress_by_card_online_then_offline(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    receipt_no = _submit_one(win, qtbot, taps)
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_card)
    wait_page(qtbot, win, "progress")
    qtbot.waitUntil(lambda: progress.progress is not None, timeout=20000)
    assert progress.source.plain == text_for_code("ui.online_copy")
    assert [a.local_receipt_no for a in progress.progress.applications] == [receipt_no]
    assert progress.progress.history[progress.progress.applications[0].app_id]  # a status history
    session = win.flow.session  # the slow applicant key was derived once, when the card was read
    assert session.applicant_key_for(session.identity, _derive_again) == terminal.applicant_key(
        session.identity
    )
    taps.tap(progress.print_button)
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 2, timeout=20000)  # receipt + progress slip
    # the platform goes away: the terminal's own copy answers, and says so
    win.end_session()
    terminal.embedded_platform.stop()
    taps.tap(win.pages["home"].tiles["progress"])
    wait_page(qtbot, win, "progress")
    progress.progress = None
    taps.tap(progress.by_card)
    wait_page(qtbot, win, "progress")
    qtbot.waitUntil(lambda: progress.progress is not None, timeout=40000)
    assert progress.source.plain == text_for_code("ui.offline_copy")
    assert [a.local_receipt_no for a in progress.progress.applications] == [receipt_no]


def _camera_sees(terminal: Any, picture: Path) -> None:
    terminal.camera.close()
    terminal.camera = SimulatedCamera([picture], fps=15)


def test_progress_by_the_printed_receipts_qr(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    receipt_no = _submit_one(win, qtbot, taps)
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=20000)
    # the camera sees the receipt as it came out of the printer, QR code and all
    printed = printer.printed()[0].with_suffix(".png")
    qtbot.waitUntil(printed.exists, timeout=20000)
    _camera_sees(terminal, printed)
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_qr)
    qtbot.waitUntil(lambda: progress.progress is not None, timeout=20000)
    assert [a.local_receipt_no for a in progress.progress.applications] == [receipt_no]
    assert "最低生活保障" in progress.progress.applications[0].item_name


NUMBER_ONLY = text_for_code("progress.number_only")


def _all_text(widget: Any) -> str:
    from PySide6.QtWidgets import QWidget

    return "\n".join(getattr(w, "plain", "") for w in widget.findChildren(QWidget))


def test_a_receipt_number_alone_shows_nothing_personal(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any, tmp_path: Path
) -> None:
    receipt_no = _submit_one(win, qtbot, taps)
    [app] = terminal.store.applications()
    # a receipt printed before query tokens (its QR holds the number), and a guessed next number
    for n, number in enumerate([receipt_no, receipt_no[:-4] + "0002"]):
        picture = tmp_path / f"old-{n}.png"
        qrcode.make(f"KIOSK:{number}", box_size=8, border=6).save(picture)
        _camera_sees(terminal, picture)
        win.end_session()
        taps.tap(win.pages["home"].tiles["progress"])
        progress = wait_page(qtbot, win, "progress")
        taps.tap(progress.by_qr)
        qtbot.waitUntil(lambda p=progress: p.hint.plain == NUMBER_ONLY, timeout=20000)
        assert progress.progress is None  # nothing looked up, so nothing to show or to print
        assert progress.states.currentWidget() is progress.choose  # the card is the way on
        shown = _all_text(progress)
        assert app.masked_name not in shown and app.item_name not in shown and receipt_no not in shown
