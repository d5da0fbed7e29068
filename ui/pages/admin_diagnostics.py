"""Diagnostics: one tile per device and link, each checked on its own off the Qt thread
(``kiosk/admin/diagnostics.py``), coloured green, amber or red, with what to do and the device's test."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.admin import diagnostics
from kiosk.admin.diagnostics import Tile
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import text_for, text_for_code
from ui.pages.admin_base import AdminSection
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow

NAMES = {
    "printer": QT_TRANSLATE_NOOP("AdminDiagnostics", "打印机"),
    "card_reader": QT_TRANSLATE_NOOP("AdminDiagnostics", "身份证读卡器"),
    "ssc_reader": QT_TRANSLATE_NOOP("AdminDiagnostics", "社保卡读卡器"),
    "camera": QT_TRANSLATE_NOOP("AdminDiagnostics", "高拍仪"),
    "speaker": QT_TRANSLATE_NOOP("AdminDiagnostics", "语音"),
    "disk": QT_TRANSLATE_NOOP("AdminDiagnostics", "存储空间"),
    "clock": QT_TRANSLATE_NOOP("AdminDiagnostics", "时间"),
    "network": QT_TRANSLATE_NOOP("AdminDiagnostics", "网络和平台"),
}
LEVEL_WORDS = {
    "green": QT_TRANSLATE_NOOP("AdminDiagnostics", "正常"),
    "amber": QT_TRANSLATE_NOOP("AdminDiagnostics", "需留意"),
    "red": QT_TRANSLATE_NOOP("AdminDiagnostics", "有故障"),
}
COLOURS = {"green": "#2e7d32", "amber": "#8a5100", "red": "#c62828"}
TESTS = {
    "printer": QT_TRANSLATE_NOOP("AdminDiagnostics", "打印测试页"),
    "card_reader": QT_TRANSLATE_NOOP("AdminDiagnostics", "试读身份证"),
    "speaker": QT_TRANSLATE_NOOP("AdminDiagnostics", "试听语音"),
}

# The facts' labels kiosk/admin/diagnostics.py gives, marked for lupdate.
_MARKED = (
    QT_TRANSLATE_NOOP("AdminDiagnostics", "类型"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "纸宽"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "原因"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "待打印"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "状态"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "读卡器"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "帧率"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "清晰度"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "亮度"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "语音"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "关闭"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "可用空间"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "可存扫描"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "与平台相差"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "平台"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "域名解析"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "连接"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "加密连接"),
    QT_TRANSLATE_NOOP("AdminDiagnostics", "平台应答"),
)


class TileView(QFrame):
    """One tile: name, state, what to do, facts, and its buttons."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.level = ""
        self.setObjectName("tile")
        self.setProperty("role", "panel")
        lay = QVBoxLayout(self)
        self.heading = Text(QCoreApplication.translate("AdminDiagnostics", NAMES[name]), "heading")
        self.state = Text("", "heading")
        self.advice = Text("")
        self.facts = Text("", "muted")
        for w in (self.heading, self.state, self.advice, self.facts):
            lay.addWidget(w)
        row = QHBoxLayout()
        self.again = button(QCoreApplication.translate("AdminDiagnostics", "重新检测"))
        row.addWidget(self.again)
        self.test: QPushButton | None = None
        if name in TESTS:
            self.test = button(QCoreApplication.translate("AdminDiagnostics", TESTS[name]), "primary")
            row.addWidget(self.test)
        lay.addLayout(row)

    def checking(self) -> None:
        self.level = ""
        self.state.set_plain(QCoreApplication.translate("AdminDiagnostics", "正在检测……"))

    def show_tile(self, tile: Tile) -> None:
        self.level = tile.level
        self.state.set_plain(QCoreApplication.translate("AdminDiagnostics", LEVEL_WORDS[tile.level]))
        self.state.setStyleSheet(f"color: {COLOURS[tile.level]};")
        self.setStyleSheet(f"QFrame#tile {{ border: 4px solid {COLOURS[tile.level]}; border-radius: 12px; }}")
        self.advice.set_plain(text_for_code(tile.code))
        fact = QCoreApplication.translate("AdminDiagnostics", "{k}：{v}")
        self.facts.set_plain(
            QCoreApplication.translate("AdminDiagnostics", "；").join(
                fact.format(k=QCoreApplication.translate("AdminDiagnostics", k), v=v) for k, v in tile.facts
            )
        )

    def failed(self, error: BaseException) -> None:
        self.level = "red"
        self.state.set_plain(QCoreApplication.translate("AdminDiagnostics", LEVEL_WORDS["red"]))
        self.advice.set_plain(text_for(error))


class AdminDiagnosticsPage(AdminSection):
    name = "admin_diagnostics"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminDiagnostics", "设备检测"))
        self.add_status()
        area = TouchScrollArea()
        inner = QWidget()
        grid = QGridLayout(inner)
        self.tiles: dict[str, TileView] = {}
        for i, name in enumerate(diagnostics.TILES):
            view = TileView(name)
            view.again.clicked.connect(lambda _=False, n=name: self.check(n))
            if view.test is not None:
                view.test.clicked.connect(lambda _=False, n=name: self.run_test(n))
            grid.addWidget(view, i // 2, i % 2)
            self.tiles[name] = view
        area.setWidget(inner)
        self.body.addWidget(area, 1)
        self.check_all = self.set_primary(QCoreApplication.translate("AdminDiagnostics", "全部重新检测"))
        self.check_all.clicked.connect(self.shown)

    def shown(self, **kw: Any) -> None:
        for name in self.tiles:
            self.check(name)

    def check(self, name: str) -> None:
        terminal, view = self.win.terminal, self.tiles[name]
        view.checking()

        def done(tile: Tile | None, error: BaseException | None) -> None:
            if tile is not None:
                view.show_tile(tile)
            elif error is not None:
                view.failed(error)

        run_task(lambda: diagnostics.check(terminal, name), done, owner=self)

    def run_test(self, name: str) -> None:
        terminal = self.win.terminal
        if name == "printer":
            self.act("test_page", lambda: diagnostics.print_test_page(terminal), self._printed, device=name)
        elif name == "card_reader":
            self.act("card_test", lambda: diagnostics.read_card_masked(terminal), self._read, device=name)
        elif name == "speaker":
            sentence = text_for_code("admin.speaker_test")
            self.act("speaker_test", lambda: None, lambda _r: self._spoken(sentence), device=name)

    def _printed(self, job: int | None) -> None:
        self.say_code("admin.test_page_queued" if job is not None else "admin.printer_missing")

    def _read(self, masked: tuple[str, str]) -> None:
        self.say_code("admin.card_read", name=masked[0], number=masked[1])

    def _spoken(self, sentence: str) -> None:
        self.win.say(sentence)
        self.status.set_plain(sentence)
