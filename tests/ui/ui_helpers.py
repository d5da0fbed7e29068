"""Driving the kiosk like a visitor: real clicks on real widgets, counted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget

from ui.tour import sample_value


class Tapper:
    """Clicks widgets with the mouse (as a finger would) and counts the taps."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    def tap(self, widget: QWidget, why: str = "") -> None:
        assert widget.isVisible(), f"cannot tap a hidden widget ({why or widget.objectName()})"
        assert widget.isEnabled(), f"cannot tap a disabled widget ({why or widget.objectName()})"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        self.count += 1
        self.log.append(
            why or (widget.text() if isinstance(widget, QAbstractButton) else widget.objectName())
        )

    def sign(self, pad: Any) -> None:
        """One stroke on the signature pad (counted as one tap)."""
        y = pad.height() // 2
        self.qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, y))
        for x in range(40, min(pad.width() - 40, 400), 20):
            self.qtbot.mouseMove(pad, QPoint(x, y + (x // 20 % 3) * 10))
        self.qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(400, y))
        if pad.is_empty():  # offscreen mouse moves without buttons can be dropped; draw the same stroke
            pad.stroke([QPointF(x, y) for x in range(40, 400, 20)])
        self.count += 1
        self.log.append("signature")


def wait_page(qtbot: Any, win: Any, name: str, timeout: int = 15000) -> Any:
    qtbot.waitUntil(lambda: win.current().name == name, timeout=timeout)
    return win.current()


def answer_form_page(taps: Tapper, qtbot: Any, page: Any, skip_optional_groups: bool = True) -> int:
    """Answer the visible form page through its widgets; returns the visitor's choices (one per field)."""
    choices = 0
    form = page.win.flow.form
    for fid, editor in list(page.editors.items()):
        spec = editor.spec
        if form.is_locked(fid) or form.get(fid) not in (None, "", []):
            continue
        if spec.type in ("choice", "yes_no"):
            value = "false" if spec.type == "yes_no" else spec.options[0].value
            taps.tap(editor.choices[value], f"{fid}={value}")
        elif spec.type == "region":
            for combo in editor.combos:
                _pick_first(combo)
        elif editor.edit is not None:
            editor.edit.setFocus()
            qtbot.keyClicks(editor.edit, str(sample_value(spec)))
        choices += 1
    return choices


def _pick_first(combo: QComboBox) -> None:
    if combo.count() > 1:
        combo.setCurrentIndex(1)
