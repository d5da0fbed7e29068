"""Text fields take Chinese through the Qt Virtual Keyboard's pinyin; number fields get the digit pad only."""

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


def test_number_fields_get_the_digit_pad_only(win: Any, qtbot: Any, taps: Any) -> None:
    """A tap into the phone number brings the app's pad (1-2-3 on top), and the field tells the input
    method it takes nothing from it, so the system keyboard does not open beside the pad."""
    from PySide6.QtCore import Qt

    code = next(i.code for i in win.terminal.catalogue.items if i.short_name == "低保申请")
    win.flow.start(code)
    form = wait_page(qtbot, win, "form")
    mobile = form.editors["mobile"]
    taps.tap(mobile.edit, "手机号码", "focus")
    qtbot.waitUntil(lambda: form.pad.isVisible(), timeout=2000)
    assert mobile.edit.inputMethodQuery(Qt.InputMethodQuery.ImEnabled) is False
    assert [form.pad.buttons[k].text() for k in "123"] == ["1", "2", "3"]
    assert form.pad.buttons["1"].y() < form.pad.buttons["7"].y()  # a phone's keypad, not a calculator's
    taps.keys(form.pad, "139")
    assert mobile.edit.text() == "139"
    assert win.flow.form.get("mobile") == "139"
