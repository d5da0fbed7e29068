"""UI fixtures: the themed application, a kiosk window on the demo terminal, a tap counter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def win(qtbot: Any, terminal: Any) -> Iterator[Any]:
    from ui.app import application, build_window

    application()
    w = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    try:
        yield w
    finally:
        w.current().leave()
        w.allow_close()
        w.close()
        w.deleteLater()


@pytest.fixture
def taps(qtbot: Any) -> Any:
    from ui_helpers import Tapper

    return Tapper(qtbot)
