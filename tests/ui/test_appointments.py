"""Appointments (预约) through the touch surface against the demo's reference platform over HTTP: the hall's
times with the places left, booked with the ID card, the slip (time, place, what to bring, a QR code that
decodes), the booking cancelled at the terminal; a place another terminal took meanwhile said plainly;
offline, said plainly with the one-time notice offered."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ui_helpers import Tapper, wait_page

from kiosk.messages import message_for
from offline_cache import appointments
from offline_cache.platform_client import PlatformClient

CHINA = dt.timezone(dt.timedelta(hours=8))


def _slot(terminal: Any, capacity: int) -> Any:
    code = next(i.code for i in terminal.catalogue.items if i.short_name == "身份证办理")  # visit_hall
    start = (dt.datetime.now(CHINA) + dt.timedelta(days=3)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return terminal.embedded_platform.platform.appointments.add_slot(
        "GA01", "样例镇便民服务中心", code, start, 30, capacity, "样例镇政府一楼"
    )


def _open(win: Any, qtbot: Any, taps: Tapper, code: str) -> Any:
    win.flow.show_guide(code)  # the guide's other paths are other tests'
    guide = wait_page(qtbot, win, "guide")
    assert guide.book_button.isVisible()
    taps.tap(guide.book_button, "预约到大厅办理")
    return wait_page(qtbot, win, "appointment")


def _printed(terminal: Any, qtbot: Any) -> tuple[list[str], Any]:
    """The last job's lines and its picture (once the simulated printer has written all of it)."""
    from drivers.printing.decoder import decode
    from drivers.printing.profiles import get_profile

    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=20000)
    path = printer.printed()[-1]
    pictures: list[Any] = []
    qtbot.waitUntil(lambda: _picture(path.with_suffix(".png"), pictures), timeout=20000)
    return decode(path.read_bytes(), get_profile("default"), printer.dots).lines, pictures[0]


def _picture(path: Any, into: list[Any]) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with path.open("rb") as f, Image.open(f) as picture:
            picture.load()
            into.append(picture.copy())
    except (OSError, UnidentifiedImageError):  # not there yet, or still being written
        return False
    return True


def test_book_with_the_card_print_the_slip_then_cancel(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    import numpy as np

    from drivers.camera.qr import read_qr

    slot = _slot(terminal, capacity=2)
    page = _open(win, qtbot, taps, slot.item_code)
    qtbot.waitUntil(lambda: slot.slot_id in page.slot_buttons, timeout=20000)
    assert "还剩 2 个" in page.slot_buttons[slot.slot_id].text()
    taps.answer(page.slot_buttons[slot.slot_id], "09:30")
    wait_page(qtbot, win, "card")  # booking needs the card: read by the simulated reader
    wait_page(qtbot, win, "appointment")
    qtbot.waitUntil(lambda: "约好了" in page.status.plain, timeout=20000)
    qtbot.waitUntil(lambda: bool(page.cancel_buttons), timeout=20000)
    assert "还剩 1 个" in page.slot_buttons[slot.slot_id].text()
    lines, picture = _printed(terminal, qtbot)
    text = "".join(line.strip() for line in lines)  # long values wrap on the paper
    assert "预约单" in text and "样例镇便民服务中心" in text and "09:30" in text
    assert "请带上：" in text and "户口簿" in text  # the one-time notice's list
    [booking] = page.mine
    assert read_qr(np.asarray(picture.convert("RGB"))[:, :, ::-1].copy()) == f"KIOSK:Y:{booking.booking_no}"
    taps.tap(page.cancel_buttons[booking.booking_id], "取消这个预约")
    qtbot.waitUntil(lambda: "预约已取消" in page.status.plain and not page.cancel_buttons, timeout=20000)
    qtbot.waitUntil(lambda: "还剩 2 个" in page.slot_buttons[slot.slot_id].text(), timeout=20000)


def test_the_last_place_taken_by_another_terminal_meanwhile(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    slot = _slot(terminal, capacity=1)
    page = _open(win, qtbot, taps, slot.item_code)
    qtbot.waitUntil(lambda: slot.slot_id in page.slot_buttons, timeout=20000)
    # another terminal of the township books the last place over HTTP while this screen shows it free
    other = PlatformClient(PlatformClient.enrol(terminal.embedded_platform.url,
                                                terminal.embedded_platform.issue_enrolment_code("GA0102")))  # fmt: skip
    appointments.book(other, slot, "李示例", "520100197508200011")
    taps.answer(page.slot_buttons[slot.slot_id], "09:30")
    wait_page(qtbot, win, "card")
    wait_page(qtbot, win, "appointment")
    qtbot.waitUntil(lambda: page.status.plain == message_for("appointment.slot_full"), timeout=20000)
    qtbot.waitUntil(lambda: "还剩 0 个" in page.slot_buttons[slot.slot_id].text(), timeout=20000)
    assert not page.slot_buttons[slot.slot_id].isEnabled() and not page.mine


def test_offline_says_so_and_offers_the_notice(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    slot = _slot(terminal, capacity=1)
    terminal.embedded_platform.stop()
    page = _open(win, qtbot, taps, slot.item_code)
    qtbot.waitUntil(lambda: page.offline, timeout=40000)
    assert not page.slot_buttons
    taps.tap(page.notice_button, "打印一次性告知单")
    lines, _ = _printed(terminal, qtbot)
    assert "一次性告知单" in "\n".join(lines)
