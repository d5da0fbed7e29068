"""The admin area's home, after the administrator PIN: one tile per section, restart, exit to desktop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton

from kiosk import __version__
from ui.i18n import QT_TRANSLATE_NOOP
from ui.pages.admin_base import AdminSection, close_area
from ui.widgets.common import Text, button

if TYPE_CHECKING:
    from ui.window import KioskWindow

RESTART_EXIT = 75  # kiosk/commands/run.py starts the program again when the event loop ends with it

SECTIONS = (
    ("admin_diagnostics", QT_TRANSLATE_NOOP("AdminHomePage", "设备检测")),
    ("admin_sync", QT_TRANSLATE_NOOP("AdminHomePage", "同步监控")),
    ("admin_settings", QT_TRANSLATE_NOOP("AdminHomePage", "设置")),
    ("admin_enrol", QT_TRANSLATE_NOOP("AdminHomePage", "注册")),
    ("admin_logs", QT_TRANSLATE_NOOP("AdminHomePage", "导出日志")),
    ("admin_pin", QT_TRANSLATE_NOOP("AdminHomePage", "修改管理员密码")),
)


class AdminHomePage(AdminSection):
    name = "admin_home"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminHomePage", "终端管理"))
        self.about = Text("", "muted")
        self.body.addWidget(self.about)
        grid = QGridLayout()
        self.tiles: dict[str, QPushButton] = {}
        for i, (page, label) in enumerate(SECTIONS):
            b = button(QCoreApplication.translate("AdminHomePage", label), "primary")
            b.clicked.connect(lambda _=False, p=page: self.win.go(p, remember=False))
            grid.addWidget(b, i // 3, i % 3)
            self.tiles[page] = b
        self.body.addLayout(grid)
        self.add_status()
        self.body.addStretch(1)
        self.restart_button = self.add_footer_button(
            QCoreApplication.translate("AdminHomePage", "重新启动程序")
        )
        self.restart_button.clicked.connect(lambda: self.leave_app("restart", RESTART_EXIT))
        self.quit_button = self.add_footer_button(QCoreApplication.translate("AdminHomePage", "退出到桌面"))
        self.quit_button.clicked.connect(lambda: self.leave_app("quit", 0))

    def shown(self, **kw: Any) -> None:
        station = self.win.terminal.station
        self.about.set_plain(
            QCoreApplication.translate("AdminHomePage", "{name}（{code}），软件版本 {version}").format(
                name=station.name, code=station.code, version=__version__
            )
        )

    def go_back(self) -> None:
        close_area(self.win)
        self.win.end_session()

    def leave_app(self, action: str, code: int) -> None:
        """Written before the window closes: the terminal (and its store) stops when the application ends."""
        self.act(action, lambda: None, lambda _r: self._leave(code))

    def _leave(self, code: int) -> None:
        self.win.allow_close()
        self.win.close()
        app = QApplication.instance()
        if app is not None and (self.win.kiosk_mode or code == RESTART_EXIT):
            app.exit(code)
