"""Text fields take Chinese through the Qt Virtual Keyboard's pinyin; number fields get the digit pad."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ui_helpers import wait_page

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def test_pinyin_on_the_virtual_keyboard() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", PYTHONPATH=f"{ROOT}:{HERE}")
    env.pop("QT_IM_MODULE", None)
    proc = subprocess.run(
        [sys.executable, str(HERE / "vk_script.py"), "nihao"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "TEXT=你好" in proc.stdout, proc.stdout[-500:] + proc.stderr[-1500:]


def test_number_fields_get_the_digit_pad(win: Any, qtbot: Any) -> None:
    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    form = wait_page(qtbot, win, "form")
    mobile = form.editors["mobile"]
    win.activateWindow()
    mobile.edit.setFocus()
    qtbot.waitUntil(lambda: form.pad.isVisible(), timeout=2000)
    for key in "139":
        qtbot.mouseClick(
            form.pad.buttons[key], __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton
        )
    assert mobile.edit.text() == "139"
    assert win.flow.form.get("mobile") == "139"
