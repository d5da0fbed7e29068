"""Run in its own process (the input method is chosen when the QApplication starts): type pinyin on the
Qt Virtual Keyboard into the kiosk's comment field and pick the first candidate. Prints the field's text."""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import time
from pathlib import Path

from ui.app import application, build_window, prepare_environment

prepare_environment(virtual_keyboard=True)

import shiboken6  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtQml import QQmlEngine, QQmlExpression  # noqa: E402
from PySide6.QtQuick import QQuickWindow  # noqa: E402

from kiosk.config import load_config  # noqa: E402
from kiosk.terminal import Terminal  # noqa: E402


def main() -> int:
    app = application()

    def pump(n: int = 30) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as tmp:
        terminal = Terminal(load_config(None), Path(tmp), demo=True)
        win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
        win.show()
        rating = win.go("rating", app_id=None)
        field = rating.comment
        field.setFocus()
        pump()
        QGuiApplication.inputMethod().show()
        pump(60)
        ptrs = [
            shiboken6.getCppPointer(w)[0]
            for w in QGuiApplication.topLevelWindows()
            if w.inherits("QQuickWindow")
        ]
        gc.collect()
        windows = [shiboken6.wrapInstance(p, QQuickWindow) for p in ptrs]
        roots = [w.contentItem() for w in windows]
        panels = [
            c for r in roots for c in r.childItems() if c.metaObject().className().startswith("InputPanel")
        ]
        assert panels, "the virtual keyboard did not appear"
        panel = panels[0]
        context = QQmlEngine.contextForObject(panel)
        win.activateWindow()  # offscreen the keyboard window took the focus
        field.setFocus()
        pump()
        for ch in sys.argv[1]:
            QQmlExpression(
                context, panel, f"InputContext.inputEngine.virtualKeyClick(Qt.Key_{ch.upper()}, '{ch}', 0)"
            ).evaluate()
            pump(5)
        QQmlExpression(
            context, panel, "InputContext.inputEngine.wordCandidateListModel.selectItem(0)"
        ).evaluate()
        pump()
        print("TEXT=" + field.text(), flush=True)
        win.allow_close()
        win.close()
        terminal.stop()
    return 0


if __name__ == "__main__":
    code = main()
    # Leave without Python's teardown: the keyboard's QML objects outlive the QApplication otherwise.
    os._exit(code)
