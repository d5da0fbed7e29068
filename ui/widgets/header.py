"""The band at the top of every screen: station, date and time, network/sync and printer state, 大字 mode.

The top-left corner hides the administrator gesture: five taps within three seconds open the PIN pad.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk import china_time
from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import text_for_code
from ui.widgets.common import button

PRINTER_WORDS = {
    "ok": QT_TRANSLATE_NOOP("Header", "正常"),
    "paper_out": QT_TRANSLATE_NOOP("Header", "缺纸"),
    "paper_low": QT_TRANSLATE_NOOP("Header", "纸快用完"),
    "cover_open": QT_TRANSLATE_NOOP("Header", "盖子没关好"),
    "offline": QT_TRANSLATE_NOOP("Header", "未连接"),
    "no_answer": QT_TRANSLATE_NOOP("Header", "没有响应"),
    "unknown": QT_TRANSLATE_NOOP("Header", "未知"),
}

# Sync problems only an administrator can end: the header says so instead of "not connected".
DEVICE_PROBLEMS = ("sync.revoked", "sync.unauthorized")

WEEKDAYS = [
    QT_TRANSLATE_NOOP("Header", "星期一"),
    QT_TRANSLATE_NOOP("Header", "星期二"),
    QT_TRANSLATE_NOOP("Header", "星期三"),
    QT_TRANSLATE_NOOP("Header", "星期四"),
    QT_TRANSLATE_NOOP("Header", "星期五"),
    QT_TRANSLATE_NOOP("Header", "星期六"),
    QT_TRANSLATE_NOOP("Header", "星期日"),
]


class AdminCorner(QWidget):
    """An invisible tap target in the top-left corner."""

    triggered = Signal()
    TAPS, WINDOW_S = 5, 3.0

    def __init__(self) -> None:
        super().__init__()
        self._taps: list[float] = []
        self.setFixedSize(QSize(72, 72))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("admin-corner")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < self.WINDOW_S] + [now]
        if len(self._taps) >= self.TAPS:
            self._taps.clear()
            self.triggered.emit()


class Header(QWidget):
    elder_toggled = Signal(bool)
    language_clicked = Signal()

    def __init__(self, station_name: str) -> None:
        super().__init__()
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 16, 0)
        lay.setSpacing(20)
        self.corner = AdminCorner()
        lay.addWidget(self.corner)
        self.station = QLabel(station_name)
        self.station.setProperty("role", "title")
        lay.addWidget(self.station, 1)
        self.clock = QLabel()
        self.network = QLabel()
        self.printer = QLabel()
        for w in (self.clock, self.network, self.printer):
            lay.addWidget(w)
        self.language = button("English", "header")
        self.language.setToolTip(QCoreApplication.translate("Header", "切换语言"))
        self.language.clicked.connect(self.language_clicked)
        # Shown on the home screen only; its place stays when it is hidden, so that leaving home neither
        # moves the header's words nor repaints the whole header.
        keep = self.language.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.language.setSizePolicy(keep)
        lay.addWidget(self.language)
        self.elder: QPushButton = button(QCoreApplication.translate("Header", "大字模式"), "header")
        self.elder.setCheckable(True)
        self.elder.toggled.connect(self._elder)
        lay.addWidget(self.elder)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        # Until the terminal has tried its link and heard from its printer, the header says it is checking:
        # "未连接" and "未知" at every start, for the moment that takes, said something that was not known.
        self.network.setText(QCoreApplication.translate("Header", "网络：正在连接……"))
        self.printer.setText(QCoreApplication.translate("Header", "打印机：正在检查……"))
        self.printer_state = "unknown"
        self._printer_heard = False
        self.tick()

    def _elder(self, on: bool) -> None:
        self.elder.setText(
            QCoreApplication.translate("Header", "标准字号")
            if on
            else QCoreApplication.translate("Header", "大字模式")
        )
        self.elder_toggled.emit(on)

    def tick(self, now: dt.datetime | None = None) -> None:
        now = now or china_time.now()  # the clock of the receipt number, whatever the system's zone
        self.clock.setText(
            QCoreApplication.translate("Header", "{y}年{m}月{d}日 {w} {hm}").format(
                y=now.year,
                m=now.month,
                d=now.day,
                w=QCoreApplication.translate("Header", WEEKDAYS[now.weekday()]),
                hm=now.strftime("%H:%M"),
            )
        )

    def set_network(self, online: bool, pending: int, problem: str = "") -> None:
        if not online and problem in DEVICE_PROBLEMS:
            state = text_for_code(problem)
        elif online:
            state = QCoreApplication.translate("Header", "网络：已连接")
        else:
            state = QCoreApplication.translate("Header", "网络：未连接")
        if pending:
            state += QCoreApplication.translate("Header", "（{n}件待上传）").format(n=pending)
        self.network.setText(state)

    def set_printer(self, state: str, pending: int) -> None:
        if state == "unknown" and not self._printer_heard:
            return  # the print service has not asked the printer yet
        self._printer_heard = True
        words = QCoreApplication.translate("Header", PRINTER_WORDS.get(state, PRINTER_WORDS["unknown"]))
        self.printer.setText(QCoreApplication.translate("Header", "打印机：{s}").format(s=words))
        self.printer_state = state

    def set_elder(self, on: bool) -> None:
        self.elder.blockSignals(True)
        self.elder.setChecked(on)
        self.elder.setText(
            QCoreApplication.translate("Header", "标准字号")
            if on
            else QCoreApplication.translate("Header", "大字模式")
        )
        self.elder.blockSignals(False)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, theme.current().target_px + 16)
