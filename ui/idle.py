"""Idle watch: no touch for ``idle_timeout_s`` -> "还在吗?" with a countdown -> the session is wiped."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui import theme
from ui.widgets.common import Text, button, panel

_INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """``idle`` fires once after ``timeout_s`` without a touch, a click or a key.

    It watches the application's top-level windows (the kiosk window, the virtual keyboard's panel), where
    every touch, mouse and key event from the system arrives before Qt hands it to a widget. An
    application-wide filter would see every event of every widget instead (shows, paints, layouts), a
    Python call each, a good share of the time a screen change takes (bench/bench_ui.py).
    """

    idle = Signal()

    def __init__(self, timeout_s: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(int(timeout_s * 1000))
        self.timer.timeout.connect(self.idle)
        self.enabled = False
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # A window that appears later (the keyboard's panel) is watched from when it shows or takes focus.
            app.focusWindowChanged.connect(self._windows_changed)
            app.inputMethod().visibleChanged.connect(self.watch_windows)

    def _windows_changed(self, _window: object) -> None:
        self.watch_windows()

    def watch_windows(self) -> None:
        # Installing a filter twice on one object keeps one; the windows are few.
        for window in QGuiApplication.topLevelWindows():
            window.installEventFilter(self)

    def stop_watching(self) -> None:
        for window in QGuiApplication.topLevelWindows():
            window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A mouse that moves with no button held is no sign of anybody: Qt also sends such moves by itself
        # when the screen changes under a resting pointer, which would keep a forgotten session alive.
        hover = (
            isinstance(event, QMouseEvent) and event.type() == QEvent.Type.MouseMove and not event.buttons()
        )
        if self.enabled and not hover and event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False

    def arm(self, on: bool) -> None:
        self.enabled = on
        if on:
            self.watch_windows()
            self.timer.start()
        else:
            self.timer.stop()


class CountdownOverlay(QWidget):
    """Covers the screen: "还在吗?" and the seconds left; 继续办理 keeps the session, 结束 ends it."""

    keep = Signal()
    expired = Signal()

    def __init__(self, seconds: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self.left = seconds
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("CountdownOverlay { background: rgba(0, 0, 0, 150); }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = panel()
        box.setMinimumWidth(900)
        lay = QVBoxLayout(box)
        t = theme.current()
        lay.setContentsMargins(t.margin_px * 2, t.margin_px, t.margin_px * 2, t.margin_px)
        self.question = Text(QCoreApplication.translate("Idle", "还在吗？"), "title")
        self.count = Text("", "heading")
        lay.addWidget(self.question)
        lay.addWidget(self.count)
        row = QHBoxLayout()
        self.end_button = button(QCoreApplication.translate("Idle", "结束办理"))
        self.keep_button = button(QCoreApplication.translate("Idle", "继续办理"), "primary")
        row.addWidget(self.end_button)
        row.addStretch(1)
        row.addWidget(self.keep_button)
        lay.addLayout(row)
        mid = QHBoxLayout()
        mid.addStretch(1)
        mid.addWidget(box)
        mid.addStretch(1)
        outer.addLayout(mid)
        outer.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.keep_button.clicked.connect(self._keep)
        self.end_button.clicked.connect(self._expire)
        self.hide()

    def start(self) -> None:
        self.left = self.seconds
        self._show_left()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.keep_button.setFocus()
        self.timer.start()

    def _show_left(self) -> None:
        self.count.set_plain(
            QCoreApplication.translate("Idle", "{n} 秒后将结束办理，并清除您在本机填写的所有信息。").format(
                n=self.left
            )
        )

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self._expire()
        else:
            self._show_left()

    def _keep(self) -> None:
        self.timer.stop()
        self.hide()
        self.keep.emit()

    def _expire(self) -> None:
        self.timer.stop()
        self.hide()
        self.expired.emit()
