"""A4 paper through CUPS, end to end against a real ``cupsd`` (tests/cups_server.py) whose queue writes each
job's PDF to a folder: the guide's A4 button prints the one-time notice and the application form to sign
by hand; their PDF text (pdftotext) holds the Chinese, their QR codes decode (pdftoppm, then the camera's
QR reader); a stopped queue keeps the jobs and the screen says so, the thermal printer prints on, and
the jobs come out when the queue runs again. The delegation consent comes from the same model."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui_helpers import Tapper, wait_page

from kiosk.messages import message_for
from tests.cups_server import Cups, available, cups_server
from tests.real_parts import missing_part


@pytest.fixture
def cups() -> Iterator[Cups]:
    if not available():
        missing_part("CUPS and poppler-utils (Debian: cups cups-client poppler-utils)")
    with cups_server() as running:
        yield running


@pytest.fixture
def terminal(tmp_path: Path, cups: Cups) -> Iterator[Any]:
    """The demo terminal of tests/conftest.py, with its A4 printer on the test's cupsd."""
    from drivers.card.samples import ELDER
    from drivers.card.simulated import SimulatedReader
    from kiosk.config import load_config
    from kiosk.terminal import Terminal

    site = tmp_path / "kiosk.toml"
    site.write_text(f'[a4]\nbackend = "cups"\nqueue = "{cups.queue}"\nserver = "{cups.server}"\n')
    term = Terminal(load_config(site), tmp_path / "home", demo=True)
    term.card_reader = SimulatedReader([ELDER], loop=True)
    term.start()
    try:
        yield term
    finally:
        term.stop()


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _qr(pdf: Path, tmp_path: Path) -> str | None:
    import cv2

    from drivers.camera.qr import read_qr

    folder = tmp_path / pdf.stem
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / "page")], check=True)
    found = [read_qr(cv2.imread(str(page))) for page in sorted(folder.glob("page*.png"))]
    return next((f for f in found if f), None)  # the code is on the last page the text reaches


def _guide(win: Any, qtbot: Any, short: str) -> Any:
    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == short)
    win.flow.show_guide(code)
    guide = wait_page(qtbot, win, "guide")
    assert guide.a4_button.isVisible()
    return guide


def test_notice_and_form_on_a4_through_cups(
    win: Any, qtbot: Any, taps: Tapper, cups: Cups, tmp_path: Path
) -> None:
    guide = _guide(win, qtbot, "低保申请")
    taps.tap(guide.a4_button, "A4纸打印")
    qtbot.waitUntil(lambda: guide.status.plain == message_for("a4.sent"), timeout=30000)
    qtbot.waitUntil(lambda: len(cups.printed()) == 2, timeout=30000)
    notice, form = cups.printed()
    text = _text(notice)
    assert "一次性告知单" in text and "最低生活保障申请" in text and "户口簿" in text
    assert "【样例 仅供演示 不作凭证】" in text
    form_text = _text(form)
    assert "申请表" in form_text and "申请人签名" in form_text and "按手印" in form_text
    assert "家庭人数" in form_text or "共同生活家庭人数" in form_text  # the item's own form fields
    basic = next(i.basic_code for i in win.terminal.catalogue.items if i.short_name == "低保申请")
    assert _qr(notice, tmp_path) == _qr(form, tmp_path) == f"https://zwfw.example.gov.cn/guide/{basic}"


def test_a_stopped_queue_keeps_the_job_and_the_screen_says_so(
    win: Any, qtbot: Any, taps: Tapper, cups: Cups, terminal: Any
) -> None:
    cups.stop_queue("paper out")
    guide = _guide(win, qtbot, "老年证办理")
    taps.tap(guide.a4_button, "A4纸打印")
    qtbot.waitUntil(lambda: guide.status.plain == message_for("a4.waiting"), timeout=30000)
    assert cups.printed() == [] and len(cups.run("lpstat", "-o", cups.queue).splitlines()) == 2
    taps.tap(guide.print_button, "打印一次性告知单")  # the thermal printer prints on
    qtbot.waitUntil(lambda: len(terminal.print_service.printer.printed()) == 1, timeout=20000)
    cups.start_queue()
    qtbot.waitUntil(lambda: len(cups.printed()) == 2, timeout=30000)  # nothing was lost meanwhile
    assert "老年人优待证" in _text(cups.printed()[0])


def test_the_delegation_consent_on_a4(terminal: Any, cups: Cups) -> None:
    code = next(i.code for i in terminal.catalogue.items if i.short_name == "高龄补贴")
    job = terminal.print_a4("consent", code, agent="代办员 8001")
    assert not job.waiting and job.job_id.startswith(cups.queue)
    import time

    deadline = time.monotonic() + 30
    while not cups.printed() and time.monotonic() < deadline:  # the job's file, once CUPS wrote it
        time.sleep(0.05)
    text = _text(cups.printed()[0])
    assert (
        "委托代办同意书" in text
        and "代办员 8001" in text
        and "委托人签名" in text
        and "不收取任何费用" in text
    )
