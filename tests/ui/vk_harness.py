"""Drive the Qt Virtual Keyboard (pinyin) on the kiosk's comment field, in a process of its own.

The input method is chosen when the QApplication starts, so each script that uses this runs in a fresh
process and leaves with ``os._exit`` (the keyboard's QML objects outlive the QApplication otherwise).
"""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ui.app import application, build_window, prepare_environment

prepare_environment(virtual_keyboard=True)

import shiboken6  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlEngine, QQmlExpression  # noqa: E402
from PySide6.QtQuick import QQuickWindow  # noqa: E402

from kiosk.config import load_config  # noqa: E402
from kiosk.terminal import Terminal  # noqa: E402


def pump(app: Any, n: int = 30) -> None:
    for _ in range(n):
        app.processEvents()
        time.sleep(0.01)


class Keyboard:
    def __init__(self, app: Any, field: Any, panel: Any) -> None:
        self.field = field
        self._app = app
        self._panel = panel
        self._context = QQmlEngine.contextForObject(panel)

    def pump(self, n: int = 30) -> None:
        pump(self._app, n)

    def engine(self, expr: str, n: int = 5) -> None:
        QQmlExpression(self._context, self._panel, f"InputContext.inputEngine.{expr}").evaluate()
        self.pump(n)

    def type_pinyin(self, pinyin: str) -> None:
        for ch in pinyin:
            self.engine(f"virtualKeyClick(Qt.Key_{ch.upper()}, '{ch}', 0)")

    def pick(self, index: int, n: int = 30) -> None:
        self.engine(f"wordCandidateListModel.selectItem({index})", n)


@contextmanager
def keyboard_on_comment_field() -> Iterator[Keyboard]:
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        terminal = Terminal(load_config(None), Path(tmp), demo=True)
        win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
        win.show()
        field = win.go("rating", app_id=None).comment
        field.setFocus()
        pump(app)
        QGuiApplication.inputMethod().show()
        pump(app, 60)
        ptrs = [
            shiboken6.getCppPointer(w)[0]
            for w in QGuiApplication.topLevelWindows()
            if w.inherits("QQuickWindow")
        ]
        gc.collect()
        windows = [shiboken6.wrapInstance(p, QQuickWindow) for p in ptrs]  # kept: items die with them
        roots = [w.contentItem() for w in windows]
        panels = [
            c for r in roots for c in r.childItems() if c.metaObject().className().startswith("InputPanel")
        ]
        assert panels, "the virtual keyboard did not appear"
        kb = Keyboard(app, field, panels[0])
        win.activateWindow()  # offscreen the keyboard window took the focus
        field.setFocus()
        kb.pump()
        try:
            yield kb
        finally:
            del windows
            win.allow_close()
            win.close()
            terminal.stop()
