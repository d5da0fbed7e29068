"""The review screen and the receipt as the visitor sees them: the ID number masked on every line of the
review; the receipt, its dates on China's clock and in working days, and on screen as legible as on paper."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from ui_helpers import Tapper, all_visible_text, fast_to_review, sign_and_submit, wait_page

from kiosk.privacy import mask_id_number


def test_the_review_screen_never_shows_the_whole_id_number(win: Any, qtbot: Any, taps: Tapper) -> None:
    review = fast_to_review(win, qtbot)
    identity = win.flow.session.identity
    assert win.flow.form.get("id_number") == identity.id_number  # the form holds it, read from the card
    text = "\n".join(all_visible_text(review))
    assert identity.name in text  # the review shows the answers...
    assert identity.id_number not in text  # ...but no line shows the whole number
    masked = mask_id_number(identity.id_number)
    assert text.count(masked) >= 2  # the header line and the form's answer, masked alike


def _other_zone_today() -> str:
    """A zone whose date differs from China's right now: a terminal whose system clock runs there showed
    its own date on the screen while the receipt number had China's."""
    now = dt.datetime.now(dt.UTC)
    china = (now + dt.timedelta(hours=8)).date()
    for zone, hours in (("Etc/GMT+12", -12), ("Etc/GMT-14", 14)):
        if (now + dt.timedelta(hours=hours)).date() != china:
            return zone
    raise AssertionError("one of the two zones always differs from China's date")


@pytest.fixture
def system_clock_elsewhere() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = _other_zone_today()
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _printed(terminal: Any, qtbot: Any, count: int) -> list[Any]:
    """The jobs the (simulated) printer printed, decoded from their ESC/POS bytes."""
    from drivers.printing.decoder import decode
    from drivers.printing.profiles import get_profile

    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= count, timeout=20000)
    return [decode(p.read_bytes(), get_profile("default"), printer.dots) for p in printer.printed()]


def _value(lines: list[str], key: str) -> str:
    return next(line.split("：", 1)[1] for line in lines if line.startswith(f"{key}："))


def _date(cn: str) -> dt.date:
    m = re.search(r"(\d{4})年(\d{2})月(\d{2})日", cn)
    assert m, cn
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def test_one_clock_for_the_receipt_number_the_screen_and_the_papers(
    system_clock_elsewhere: None, win: Any, qtbot: Any, taps: Tapper
) -> None:
    fast_to_review(win, qtbot, defer=True)
    receipt_page = sign_and_submit(taps, qtbot, win)
    terminal = win.terminal
    [receipt] = _printed(terminal, qtbot, 1)
    lines = receipt.lines
    number = _value(lines, "受理编号")
    day = dt.datetime.strptime(number.split("-")[1], "%Y%m%d").date()
    assert day == dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    accepted = _value(lines, "受理时间")
    assert _date(accepted) == day  # the receipt says when, on the receipt number's clock
    assert re.fullmatch(r"\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}", accepted)
    assert f"{day.year}年{day.month}月{day.day}日" in win.header.clock.text()  # and so does the screen
    assert number in receipt_page.number.plain
    assert "【样例 仅供演示 不作凭证】" in lines  # a demo's receipt proves nothing, like its notice and slip
    # 承诺办结 and the owed material's due date: working days on the catalogue's calendar
    item = win.flow.item
    calendar = terminal.catalogue.calendar
    promised = _date(_value(lines, "承诺办结"))
    worked = [day + dt.timedelta(days=n) for n in range(1, (promised - day).days + 1)]
    assert sum(map(calendar.is_workday, worked)) == item.guide.promised_days and calendar.is_workday(promised)
    owed = next(m for m in item.guide.materials if m.id in win.flow.session.deferred)
    due = _date(next(line for line in lines if "补交期限" in line))
    assert due == calendar.add_working_days(day, owed.defer_days)
    # the progress slip printed later the same visit: China's date again
    win.end_session()
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_card)
    qtbot.waitUntil(lambda: win.current() is progress and progress.print_button.isVisible(), timeout=20000)
    taps.tap(progress.print_button)
    slip = _printed(terminal, qtbot, 2)[1]
    assert _date(_value(slip.lines, "打印时间")) == day
    assert all(_date(line) == day for line in slip.lines if re.match(r"\d+\. \d{4}年", line))
    assert "【样例 仅供演示 不作凭证】" in slip.lines


def test_the_preview_keeps_every_stroke_of_the_printed_receipt(win: Any, qtbot: Any, taps: Tapper) -> None:
    fast_to_review(win, qtbot)
    page = sign_and_submit(taps, qtbot, win)
    qtbot.waitUntil(lambda: not page.preview.pixmap().isNull(), timeout=20000)
    [receipt] = _printed(win.terminal, qtbot, 1)
    printed = receipt.image()  # the paper as the printer makes it, 1 bit per dot
    shown = page.preview.pixmap().toImage()
    assert _strokes_kept(printed, _grey(shown))
    # where the screen has less room than the paper (a narrower screen, elder mode), still every stroke
    from PySide6.QtGui import QImage

    from ui.pages.receipt import preview_pixmap

    small = preview_pixmap(QImage(_png_path(win.terminal)), 400).toImage()
    assert small.width() == 400 and _strokes_kept(printed, _grey(small))


def _png_path(terminal: Any) -> str:
    return str(terminal.print_service.printer.printed()[0].with_suffix(".png"))


def _grey(image: Any) -> Any:
    import numpy as np

    from PySide6.QtGui import QImage

    g = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return np.array(g.constBits(), np.uint8).reshape(g.height(), g.bytesPerLine())[:, : g.width()]


def _strokes_kept(printed: Any, shown: Any) -> bool:
    """Every place the paper is mostly ink at the screen's scale is dark on the screen too."""
    import numpy as np
    from PIL import Image

    h, w = shown.shape
    paper = printed.convert("L")
    paper = paper.crop((0, 0, paper.width, min(paper.height, round(h * paper.width / w))))
    reference = np.asarray(paper.resize((w, h), Image.Resampling.BOX), np.uint8)
    inked = reference < 100  # at least ~60 % ink
    lost = inked & (shown > 200)
    return int(lost.sum()) == 0
