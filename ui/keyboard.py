"""The on-screen keyboard's place on the screen: one input surface per field, never over what it types into.

Text fields (names, addresses, the search box, the rating comment) type with the Qt Virtual Keyboard and its
pinyin; digit fields (phone, ID and account numbers, dates, the agent number, the PIN) type with the app's
own digit pad (``ui.widgets.keypad``), whose 1-2-3-on-top layout is a phone's. A digit field is therefore a
``DigitEdit``, which tells the input method it takes no input: otherwise both would open at once, with
opposite layouts (a plain QLineEdit says it takes input whatever its input-method attribute says).

In a widget program the keyboard is a window of its own along the bottom of the screen. ``KeyboardDock``
keeps it from hiding anything that matters:

- while it is up, the kiosk window gives up the band it covers (``KioskWindow.reserve_bottom``), so the
  page, its 下一步 and its fields lay themselves out above it, and the focused field is scrolled into view;
- the first time it appears it is narrowed to two thirds of the screen (its keys stay well above the
  60 px target: about 125x85 px on a 1920 px wide screen) and centred, so it takes 400 px of height
  (450 with its row of pinyin candidates) instead of 600;
- its languages are Chinese (pinyin) and English only: the 30-odd layouts Qt ships have no place on a
  township terminal; with two, the globe key switches between them in one tap instead of opening a list
  of 32 px rows.

The keyboard's QML is reached through its window (class ``QtVirtualKeyboard::InputView``), the way Qt's own
widget integration creates it; nothing here runs when the program was started without the virtual keyboard.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget

if TYPE_CHECKING:
    from PySide6.QtQuick import QQuickItem, QQuickWindow

    from ui.window import KioskWindow

log = logging.getLogger(__name__)

INPUT_VIEW = "QtVirtualKeyboard::InputView"
WIDTH_SHARE = 2 / 3  # of the screen's width
LANGUAGES = ("zh_CN", "en_US")
_SETTINGS_QML = b"""
import QtQuick
import QtQuick.VirtualKeyboard.Settings
QtObject {
    Component.onCompleted: VirtualKeyboardSettings.activeLocales = %s
}
"""


class DigitEdit(QLineEdit):
    """A line edit typed on the app's digit pad (or a hardware keyboard at the counter), never on the
    system's on-screen keyboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    # Qt calls the virtual one-argument form; the two-argument one is passed on as it is.
    def inputMethodQuery(self, query: Qt.InputMethodQuery, *argument: Any) -> Any:
        if query == Qt.InputMethodQuery.ImEnabled:
            return False
        return super().inputMethodQuery(query, *argument)


def keyboard_window() -> QQuickWindow | None:
    """The virtual keyboard's window, once Qt has made it (at the first tap into a text field)."""
    import shiboken6
    from PySide6.QtQuick import QQuickWindow  # only once the keyboard exists: Qt Quick is large

    for window in QGuiApplication.topLevelWindows():
        if window.metaObject().className() == INPUT_VIEW:
            found = shiboken6.wrapInstance(shiboken6.getCppPointer(window)[0], QQuickWindow)
            assert isinstance(found, QQuickWindow)
            return found
    return None


def keyboard_panel(window: QQuickWindow) -> QQuickItem | None:
    items = window.contentItem().childItems()
    return next((i for i in items if i.metaObject().className().startswith("InputPanel")), None)


def keyboard_rect() -> QRect:
    """Where the keyboard covers the screen now, in screen coordinates (empty while it is hidden). The
    keyboard's window spans the screen, so its scene coordinates are the screen's."""
    im = QGuiApplication.inputMethod()
    if not im.isVisible():
        return QRect()
    return im.keyboardRectangle().toAlignedRect()


class KeyboardDock(QObject):
    """Keeps the keyboard next to, never over, the field it types into (see the module text)."""

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.win = win
        self._configured: QQuickWindow | None = None
        self._settings: QObject | None = None
        im = QGuiApplication.inputMethod()
        im.visibleChanged.connect(self._changed)
        im.keyboardRectangleChanged.connect(self._changed)

    def _changed(self) -> None:
        if QGuiApplication.inputMethod().isVisible():
            self._configure()
        self.win.reserve_bottom(self._covered())
        # After the page has laid itself out in the space that is left.
        QTimer.singleShot(0, self, self.show_focus)

    def _covered(self) -> int:
        kb = keyboard_rect()
        if kb.isEmpty():
            return 0
        top_left = self.win.mapToGlobal(self.win.rect().topLeft())
        mine = QRect(top_left, self.win.size())
        if not mine.intersects(kb):
            return 0
        return max(0, mine.bottom() - kb.top() + 1)

    def show_focus(self) -> None:
        """Scroll the focused field into view inside its scroll area, if it has one."""
        focus = QApplication.focusWidget()
        if not isinstance(focus, QWidget) or not self.win.isAncestorOf(focus):
            return
        parent = focus.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(focus, 0, 24)

    # --- the keyboard's own settings ----------------------------------------------------------------
    def _configure(self) -> None:
        window = keyboard_window()
        if window is None or window is self._configured:
            return
        panel = keyboard_panel(window)
        if panel is None:
            return
        self._configured = window
        self._limit_languages(panel)
        self._evaluate(panel, "keyboard.style.languagePopupListEnabled = false")
        self._narrow(window, panel)
        window.widthChanged.connect(lambda _w: self._narrow(window, panel))

    def _limit_languages(self, panel: QQuickItem) -> None:
        from PySide6.QtQml import QQmlComponent, QQmlEngine

        context = QQmlEngine.contextForObject(panel)
        engine = context.engine() if context is not None else None
        if engine is None:
            log.warning("virtual keyboard: no QML engine; its language list is not limited")
            return
        component = QQmlComponent(engine)
        names = "[" + ", ".join(f'"{n}"' for n in LANGUAGES) + "]"
        component.setData(_SETTINGS_QML % names.encode(), QUrl())
        self._settings = component.create()
        if self._settings is None:
            log.warning("virtual keyboard: its language list could not be limited")

    @staticmethod
    def _evaluate(panel: QQuickItem, expression: str) -> None:
        from PySide6.QtQml import QQmlEngine, QQmlExpression

        context = QQmlEngine.contextForObject(panel)
        if context is None:
            return
        run = QQmlExpression(context, panel, expression)
        run.evaluate()
        if run.hasError():
            log.warning("virtual keyboard: %s failed", expression.split("=")[0].strip())

    @staticmethod
    def _narrow(window: QWindow, panel: QQuickItem) -> None:
        width = round(window.width() * WIDTH_SHARE)
        panel.setWidth(width)
        panel.setX((window.width() - width) / 2)
