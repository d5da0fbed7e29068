"""Complaints and suggestions (监督举报) through the touch surface, against the demo's reference platform over
HTTP: from home, anonymous, what anonymous means said plainly, common problems tapped, text that holds a
phone number kept sealed; the slip printed with its number and QR code; delivered, answered by the staff,
and the answer shown in the progress query by the slip's QR code (anonymous) or by the card (named, from
the rating screen). The 12345 hotline is on the screen whatever is chosen."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from ui_helpers import Tapper, all_visible_text, wait_page

from drivers.camera.simulated import SimulatedCamera
from drivers.card.samples import ELDER
from kiosk.messages import message_for

PHONE = "13912345678"


def _slip_picture(terminal: Any, qtbot: Any, count: int) -> Path:
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= count, timeout=20000)
    picture = printer.printed()[count - 1].with_suffix(".png")
    qtbot.waitUntil(picture.exists, timeout=20000)
    return picture


def _delivered(terminal: Any, qtbot: Any, complaint_id: str) -> dict[str, Any]:
    platform = terminal.embedded_platform.platform
    terminal.sync.wake()
    qtbot.waitUntil(
        lambda: any(r["complaint_id"] == complaint_id for r in platform.complaints.queue()), timeout=30000
    )
    return next(r for r in platform.complaints.queue() if r["complaint_id"] == complaint_id)


def test_an_anonymous_complaint_sealed_answered_and_read_by_its_slip(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    taps.tap(win.pages["home"].more["complaint"], "投诉建议")
    page = wait_page(qtbot, win, "complaint")
    assert "12345" in page.hotline.plain
    taps.answer(page.about["station"], "本服务站")
    taps.answer(page.who["anonymous"], "匿名")
    assert page.means.plain == message_for("complaint.anonymous_means")
    assert "工作人员能看到" in page.means.plain and "回执二维码" in page.means.plain  # what anonymous means
    taps.answer(page.problems["not_open"], "上班时间没有人")
    taps.answer(page.problems["slow"], "办得太慢")
    taps.tap(page.text_edit, "想说的话", "focus")  # at the counter: a hardware keyboard (Latin letters)
    qtbot.keyClicks(page.text_edit, f"closed at 3pm, call {PHONE}")
    taps.tap(page.send_button, "提交")
    qtbot.waitUntil(lambda: page.filed is not None, timeout=20000)
    filed = page.filed
    assert filed.local_no in page.status.plain and page.text_edit.text() == ""
    # kept sealed on the terminal: neither the typed text nor the number is in the database in clear
    raw = b"".join(p.read_bytes() for p in terminal.home.glob("kiosk.db*"))
    assert PHONE.encode() not in raw and b"closed at 3pm" not in raw
    slip = _slip_picture(terminal, qtbot, 1)
    row = _delivered(terminal, qtbot, filed.complaint_id)
    assert row["named"] is False and row["name"] == "" and row["id_number"] == ""
    assert row["text"] == f"closed at 3pm, call {PHONE}"  # the staff see what was typed, as typed
    assert row["problems"] == ["办得太慢", "上班时间没有人"] and row["about"] == "station"
    terminal.embedded_platform.platform.complaints.reply(filed.complaint_id, "已安排专人值班，感谢监督。")
    # the slip held to the camera: the reply comes back with the progress query
    terminal.camera.close()
    terminal.camera = SimulatedCamera([slip], fps=15)
    win.end_session()
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_qr)
    qtbot.waitUntil(lambda: progress.progress is not None, timeout=30000)
    [shown] = progress.progress.complaints
    assert shown.local_no == filed.local_no and shown.reply == "已安排专人值班，感谢监督。"
    text = "\n".join(all_visible_text(progress.results_scroll))
    assert "已安排专人值班" in text and "12345" in text and PHONE not in text


def test_a_named_complaint_from_the_rating_screen_is_found_by_the_card(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    taps.tap(win.pages["home"].tiles["rate"], "评价服务")
    rating = wait_page(qtbot, win, "rating")
    taps.tap(rating.complain_button, "投诉建议")
    page = wait_page(qtbot, win, "complaint")
    assert page.about["service"].isChecked()  # about the service just rated
    taps.answer(page.who["named"], "实名")
    assert page.means.plain == message_for("complaint.named_means")
    taps.tap(page.send_button, "提交")
    assert page.status.plain == message_for("complaint.invalid")  # nothing said yet: refused plainly
    taps.answer(page.problems["many_trips"], "跑了很多次")
    taps.tap(page.send_button, "提交")
    wait_page(qtbot, win, "card")  # the card is read (the simulated reader has the sample villager)...
    wait_page(qtbot, win, "complaint")  # ...and the form files it
    qtbot.waitUntil(lambda: page.filed is not None, timeout=20000)
    row = _delivered(terminal, qtbot, page.filed.complaint_id)
    assert row["named"] is True and row["name"] == ELDER.name and row["id_number"] == ELDER.id_number
    with sqlite3.connect(terminal.home / "kiosk.db") as db:  # the terminal keeps neither in clear
        body = db.execute("SELECT body FROM complaints").fetchone()[0]
    assert ELDER.name not in body and ELDER.id_number not in body
    terminal.embedded_platform.platform.complaints.reply(page.filed.complaint_id, "已核实，下次一次办好。")
    win.end_session()
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_card)
    qtbot.waitUntil(lambda: win.current() is progress and progress.progress is not None, timeout=30000)
    qtbot.waitUntil(lambda: any(c.reply for c in progress.progress.complaints), timeout=5000)
    assert "已核实，下次一次办好。" in "\n".join(all_visible_text(progress.results_scroll))
