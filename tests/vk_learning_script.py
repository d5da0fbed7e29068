"""Run in its own process by tests/test_privacy.py: compose a name on the Qt Virtual Keyboard's pinyin one
character at a time (as a villager types a name the dictionary does not know), then type the same pinyin
again and take the first candidate. Prints both; the second must not be the composed name."""

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


def main(pinyin: str, picks: list[int]) -> int:
    app = application()

    def pump(n: int = 30) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as tmp:
        terminal = Terminal(load_config(None), Path(tmp), demo=True)
        win = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
        win.show()
        field = win.go("rating", app_id=None).comment
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
        windows = [shiboken6.wrapInstance(p, QQuickWindow) for p in ptrs]  # kept: items die with them
        roots = [w.contentItem() for w in windows]
        panels = [
            c for r in roots for c in r.childItems() if c.metaObject().className().startswith("InputPanel")
        ]
        assert panels, "the virtual keyboard did not appear"
        panel = panels[0]
        context = QQmlEngine.contextForObject(panel)
        win.activateWindow()
        field.setFocus()
        pump()

        def run(expr: str, n: int = 5) -> None:
            QQmlExpression(context, panel, f"InputContext.inputEngine.{expr}").evaluate()
            pump(n)

        def type_pinyin() -> None:
            for ch in pinyin:
                run(f"virtualKeyClick(Qt.Key_{ch.upper()}, '{ch}', 0)")

        type_pinyin()
        for k in picks:
            run(f"wordCandidateListModel.selectItem({k})", 30)
        print("COMPOSED=" + field.text(), flush=True)
        field.setText("")
        pump()
        type_pinyin()
        run("wordCandidateListModel.selectItem(0)", 30)
        print("AGAIN=" + field.text(), flush=True)
        win.allow_close()
        win.close()
        terminal.stop()
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1], [int(k) for k in sys.argv[2].split(",")])
    os._exit(code)  # the keyboard's QML objects outlive the QApplication in Python's teardown
