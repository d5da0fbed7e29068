"""UI fixtures: the themed application, a kiosk window on the demo terminal, a finger that counts.

The offscreen platform's screen is the kiosk's, 1920x1080 (its default is 800x800): a window larger than
its screen loses touches below and right of 800 px, because Qt looks for the window under a delayed press
(a scroll area holds a press back to tell a tap from a drag) by the screen that point is on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SCREEN = Path(__file__).resolve().parent / "offscreen-1920x1080.json"
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"


@pytest.fixture
def win(qtbot: Any, terminal: Any) -> Iterator[Any]:
    from ui.app import application, build_window

    application()
    w = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()  # as on the kiosk: the window has the focus, so a focused field gets its keypad
    qtbot.waitActive(w)
    try:
        yield w
    finally:
        w.current().leave()
        w.allow_close()
        w.close()
        w.deleteLater()


@pytest.fixture
def taps(qtbot: Any) -> Any:
    from touch import Finger

    return Finger(qtbot)
