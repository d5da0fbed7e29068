"""Small things a person notices: blank bands in the service guide, and a header that claims "未连接" and
"未知" at every start before anything was tried."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.exceptions import TimeoutError
from ui_helpers import Tapper, wait_page


def _ink_rows(widget: Any) -> int:
    """How many pixel rows of the widget, as drawn, hold any ink."""
    import numpy as np

    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    grey = np.array(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[
        :, : image.width()
    ]
    rows = np.where((grey < 128).any(axis=1))[0]
    return int(rows[-1] - rows[0] + 1) if len(rows) else 0


@pytest.mark.parametrize("elder", [False, True])
def test_the_guide_has_no_blank_bands(win: Any, qtbot: Any, taps: Tapper, elder: bool) -> None:
    from ui.widgets.common import Text

    if elder:
        taps.tap(win.header.elder, "大字模式")
    taps.tap(win.pages["home"].tiles["guide"])
    find = wait_page(qtbot, win, "find")
    tile = next(
        t
        for t in find.frequent.findChildren(type(win.pages["home"].tiles["apply"]))
        if t.text() == "低保申请"
    )
    taps.tap(tile)
    guide = wait_page(qtbot, win, "guide")
    qtbot.waitUntil(lambda: guide.sections.count() > 10, timeout=5000)
    labels = [guide.sections.itemAt(i).widget() for i in range(guide.sections.count())]
    texts = [w for w in labels if isinstance(w, Text) and w.plain]
    assert len(texts) >= 10

    def banded() -> list[tuple[str, int, int]]:
        # a label is its lines and their spacing, never room for a line it does not draw
        return [
            (t.plain[:12], t.height(), _ink_rows(t))
            for t in texts
            if t.height() - _ink_rows(t) >= t.fontMetrics().lineSpacing()
        ]

    with contextlib.suppress(TimeoutError):  # the layout settles over a few passes; said below if not
        qtbot.waitUntil(lambda: not banded(), timeout=3000)
    assert banded() == []


@pytest.fixture
def unstarted(tmp_path: Path) -> Iterator[Any]:
    """A demo terminal as `kiosk run` has it when the window first shows: not started yet."""
    from kiosk.config import load_config
    from kiosk.terminal import Terminal

    term = Terminal(load_config(None), tmp_path / "home", demo=True)
    try:
        yield term
    finally:
        term.stop()


def test_the_header_says_checking_until_it_knows(qtbot: Any, unstarted: Any) -> None:
    from ui.app import application, build_window
    from ui.tasks import run_task

    application()
    win = build_window(unstarted, kiosk_mode=False, elder=False, language="zh_CN")
    win.show()
    qtbot.waitExposed(win)
    seen: list[str] = []

    def header() -> str:
        text = f"{win.header.network.text()} | {win.header.printer.text()}"
        seen.append(text)
        return text

    try:
        qtbot.wait(300)  # the first status answer (from the unstarted terminal) has come back by now
        assert header() == "网络：正在连接…… | 打印机：正在检查……"
        run_task(unstarted.start, lambda _r, _e: win.refresh_status(), owner=win)  # as `kiosk run` does
        qtbot.waitUntil(lambda: header() == "网络：已连接 | 打印机：正常", timeout=30000)
        assert not [t for t in seen if "未连接" in t or "未知" in t], seen
    finally:
        win.allow_close()
        win.close()
        win.deleteLater()
