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
            text = str(sample_value(spec))
            if text.isascii():
                qtbot.keyClicks(editor.edit, text)
            else:  # QTest types ASCII only; Chinese arrives through the input method (test_virtual_keyboard)
                editor.edit.insert(text)
        choices += 1
    return choices


def _pick_first(combo: QComboBox) -> None:
    if combo.count() > 1:
        combo.setCurrentIndex(1)


def fast_to_review(win: Any, qtbot: Any, code: str | None = None, defer: bool = False) -> Any:
    """Skip the screens other tests cover: card read for real, answers and pages set directly."""
    from ui.tour import _sample_jpeg, answer_form

    cat = win.terminal.catalogue
    code = code or next(i.code for i in cat.items if i.short_name == "低保申请")
    win.flow.start(code)
    wait_page(qtbot, win, "form")
    answer_form(win.flow.form)
    for m in win.flow.materials():
        if defer and m.deferrable:
            win.flow.session.defer(m.id)
        else:
            win.flow.add_page(m.id, _sample_jpeg(), 10, 10)
    return win.go("review")


def sign_and_submit(taps: Tapper, qtbot: Any, win: Any) -> Any:
    review = win.pages["review"]
    taps.sign(review.pad)
    taps.tap(review.submit_button, "确认并提交")
    return wait_page(qtbot, win, "receipt", timeout=20000)


def submitted_then_sent_back(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any, reasons: list[str], missing: tuple[str, ...] = ()
) -> str:
    """Submit the 低保 sample, let it reach the platform, have the platform ask for 补正, wait for the status
    to come back, end the visit; the application's id."""
    fast_to_review(win, qtbot)
    sign_and_submit(taps, qtbot, win)
    app_id: str = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    terminal.embedded_platform.set_status(app_id, "needs_supplement", reasons, list(missing))
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "needs_supplement", timeout=30000)
    win.end_session()
    return app_id


def all_visible_text(root: QWidget) -> list[str]:
    """Every string the widget tree holds: labels, buttons, edits, combo and list items, item models."""
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QTextEdit

    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            found.append(w.text())
        elif isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            found.append(w.toPlainText())
        plain = getattr(w, "plain", None)
        if isinstance(plain, str):
            found.append(plain)
    for model in root.findChildren(QAbstractItemModel):
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                value = model.data(model.index(r, c))
                if isinstance(value, str):
                    found.append(value)
    return found
