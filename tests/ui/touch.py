"""A finger on the kiosk's screen, for tests: taps, drags and signature strokes as mouse events sent to the
window at the place where the widget is drawn, the way the system delivers a touch. Qt then finds the
widget under that point itself, so a tap lands only on what a person could touch there.

Before each tap the finger checks what a person would see: the widget is shown and enabled, its centre is
inside the visible part of the screen and of every scroll area around it, no other widget is drawn over
that point, and no on-screen input surface (the system keyboard, a digit pad) covers it. A widget inside
a scroll area but out of its view is first brought into view by dragging the area, as a finger would, and
that drag is counted too.

Every touch is counted by kind (``KINDS``): what the tap count of an application is made of.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QListWidget, QWidget

KINDS = {
    "nav": "navigation taps (start, the item, 下一步, 提交)",
    "answer": "answer taps (choice, count and place tiles)",
    "focus": "taps into a field to type in it",
    "key": "key presses (digit pad, on-screen keyboard)",
    "row": "list rows",
    "drag": "scroll drags",
    "stroke": "signature strokes",
}
DRAG_STEPS = 12
STEP_MS = 16  # a finger's drag takes time: the scroller follows it frame by frame, and flicks on its speed
REST_MS = 250


class Untouchable(AssertionError):
    """The test asked for a touch no person could make."""


def _visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` (in window coordinates) that its ancestors do not clip away."""
    window = widget.window()
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect &= QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect & window.rect()


def covering_surfaces(window: QWidget) -> list[tuple[str, QRect]]:
    """The on-screen input surfaces drawn over the window now, in window coordinates: the system keyboard
    (a window of its own) and every visible digit pad."""
    from ui.keyboard import keyboard_rect
    from ui.widgets.keypad import DigitPad

    found = []
    kb = keyboard_rect()
    if not kb.isEmpty():
        found.append(("keyboard", QRect(window.mapFromGlobal(kb.topLeft()), kb.size())))
    for pad in window.findChildren(DigitPad):
        if pad.isVisible():
            found.append(("digit pad", _visible_rect(pad)))
    return found


class Finger:
    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.counts: Counter[str] = Counter()
        self.log: list[str] = []

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def _count(self, kind: str, what: str) -> None:
        assert kind in KINDS, kind
        self.counts[kind] += 1
        self.log.append(f"{kind}:{what}")

    def breakdown(self) -> str:
        parts = [f"{self.counts[k]} {words}" for k, words in KINDS.items() if self.counts[k]]
        return f"{self.total} touches: " + ", ".join(parts)

    # --- where a person can touch --------------------------------------------------------------------
    def spot(self, widget: QWidget, why: str) -> QPoint:
        """The window point where a finger touches ``widget``; raises Untouchable if it cannot."""
        QApplication.processEvents()  # the event loop runs between two touches (layouts, scrolls)
        name = why or _name(widget)
        if not widget.isVisible():
            raise Untouchable(f"{name}: not on the screen")
        if not widget.isEnabled():
            raise Untouchable(f"{name}: disabled")
        window = widget.window()
        seen = _visible_rect(widget)
        if seen.isEmpty():
            raise Untouchable(f"{name}: scrolled or clipped out of view")
        point = seen.center()
        hit = window.childAt(point)
        if hit is None or not (hit is widget or widget.isAncestorOf(hit)):
            raise Untouchable(f"{name}: {_name(hit) if hit else 'nothing'} is drawn over it at {point}")
        for surface, rect in covering_surfaces(window):
            if rect.contains(point) and not _inside(widget, surface, window):
                raise Untouchable(f"{name}: under the {surface}")
        return point

    def can_touch(self, widget: QWidget) -> bool:
        try:
            self.spot(widget, "")
        except Untouchable:
            return False
        return True

    # --- touches -------------------------------------------------------------------------------------
    def tap(self, widget: QWidget, why: str = "", kind: str = "nav") -> None:
        self.bring_into_view(widget)
        point = self.spot(widget, why)
        what = why or _name(widget)  # before the tap: the tap may replace the widget (a tile's next level)
        window = widget.window().windowHandle()
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        self._count(kind, what)

    def answer(self, widget: QWidget, why: str = "") -> None:
        self.tap(widget, why, "answer")

    def keys(self, pad: Any, text: str) -> None:
        """Press ``text`` on a digit pad, key by key."""
        for ch in text:
            self.tap(pad.buttons[ch], ch, "key")

    def tap_row(self, lst: QListWidget, row: int, why: str = "") -> None:
        """Tap a row of a list, dragging the list first if the row is out of its view."""
        self.bring_into_view(lst)
        QApplication.processEvents()
        for _ in range(8):
            rect = lst.visualItemRect(lst.item(row))
            view = lst.viewport().rect()
            if view.contains(rect.center()):
                break
            dy = max(
                -view.height() * 2 // 3, min(view.height() * 2 // 3, view.center().y() - rect.center().y())
            )
            self._drag_view(lst, dy)
            self.qtbot.waitUntil(
                lambda: _scroller(lst).state() == _scroller(lst).State.Inactive, timeout=5000
            )
        centre = lst.viewport().mapTo(lst.window(), lst.visualItemRect(lst.item(row)).center())
        hit = lst.window().childAt(centre)
        if hit is not lst.viewport():
            raise Untouchable(f"row {row} of {_name(lst)}: {_name(hit)} is drawn over it")
        for surface, cover in covering_surfaces(lst.window()):
            if cover.contains(centre):
                raise Untouchable(f"row {row} of {_name(lst)}: under the {surface}")
        window = lst.window().windowHandle()
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        self._count("row", why or lst.item(row).text())

    def drag(self, widget: QWidget, dx: int, dy: int, why: str = "") -> None:
        """A finger put down on ``widget``, moved by (dx, dy) in small steps, lifted."""
        start = self.spot(widget, why)
        window = widget.window().windowHandle()
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, DRAG_STEPS + 1):
            at = start + QPoint(dx * i // DRAG_STEPS, dy * i // DRAG_STEPS)
            _moving(STEP_MS)
            QTest.mouseMove(window, at)
        QTest.mouseRelease(
            window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(dx, dy)
        )
        self._count("drag", why or _name(widget))

    def bring_into_view(self, widget: QWidget) -> None:
        """Drag the scroll areas around ``widget`` until a finger can reach it (each drag is counted)."""
        for _ in range(8):
            if self.can_touch(widget):
                return
            area = _scroll_area_of(widget)
            if area is None:
                return  # spot() says why it cannot be touched
            view = QRect(area.viewport().mapTo(area.window(), QPoint(0, 0)), area.viewport().size())
            mid = QRect(widget.mapTo(area.window(), QPoint(0, 0)), widget.size()).center()
            # Move the content so that the widget's middle comes to the middle of the view, at most a view's
            # height at a time; the finger starts on the view's middle (which may be another widget).
            dy = max(-view.height() * 2 // 3, min(view.height() * 2 // 3, view.center().y() - mid.y()))
            if dy == 0:
                return
            self._drag_view(area, dy)
            scroller = _scroller(area)
            self.qtbot.waitUntil(lambda s=scroller: s.state() == s.State.Inactive, timeout=5000)

    def _drag_view(self, area: QAbstractScrollArea, dy: int) -> None:
        viewport = area.viewport()
        start = viewport.mapTo(viewport.window(), viewport.rect().center() - QPoint(0, dy // 2))
        window = viewport.window().windowHandle()
        QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, DRAG_STEPS + 1):
            _moving(STEP_MS)
            QTest.mouseMove(window, start + QPoint(0, dy * i // DRAG_STEPS))
        # The finger rests before it lifts, so the page stops where it was put rather than flying on.
        _moving(REST_MS)
        QTest.mouseMove(window, start + QPoint(0, dy))
        QTest.mouseRelease(
            window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(0, dy)
        )

        self._count("drag", _name(area))

    def sign(self, pad: QWidget, strokes: int = 3) -> None:
        """A short signature: ``strokes`` strokes across the pad, each a press, moves and a release."""
        origin = self.spot(pad, "signature pad")
        seen = _visible_rect(pad)
        window = pad.window().windowHandle()
        width = max(60, seen.width() // (strokes + 1))
        for n in range(strokes):
            left = seen.left() + width // 2 + n * width
            top = origin.y() - seen.height() // 4
            path = [
                QPoint(left + x * width // 10, top + (x * 37 % 23) * seen.height() // 46) for x in range(11)
            ]
            QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[0])
            for point in path[1:]:
                QTest.mouseMove(window, point, 10)
            QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[-1])
            self._count("stroke", f"stroke {n + 1}")


def _moving(ms: int) -> None:
    """The finger is still moving: time passes with the event loop running (the gesture's own duration,
    not a wait for something to happen)."""
    QTest.qWait(ms)


def _inside(widget: QWidget, surface: str, window: QWidget) -> bool:
    """Whether ``widget`` is part of that input surface itself (a pad's own key)."""
    if surface != "digit pad":
        return False
    from ui.widgets.keypad import DigitPad

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, DigitPad):
            return True
        parent = parent.parentWidget()
    return False


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _scroller(area: QAbstractScrollArea) -> Any:
    from PySide6.QtWidgets import QScroller

    return QScroller.scroller(area.viewport())


def _name(widget: QWidget | None) -> str:
    if widget is None:
        return "?"
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    return widget.objectName() or type(widget).__name__
