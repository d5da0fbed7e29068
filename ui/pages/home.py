"""The home (attract) screen: five big choices with pictures; a tap anywhere else starts 办理业务."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout

from ui import theme
from ui.pages.base import Page
from ui.widgets.common import Text, TileButton, button

if TYPE_CHECKING:
    from ui.window import KioskWindow


MORE_ROW_PX = 96  # the row under the tiles, in both modes


class HomePage(Page):
    name = "home"
    has_back = False

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("HomePage", "您好！请选择要办理的事情"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "HomePage", "点屏幕任何地方开始办理。带上身份证，按提示一步一步操作就可以。"
            )
        )
        grid = QGridLayout()
        grid.setSpacing(theme.current().spacing_px * 2)
        self.tiles = {
            "apply": TileButton("apply", QCoreApplication.translate("HomePage", "办理业务"), "primary"),
            "progress": TileButton("progress", QCoreApplication.translate("HomePage", "查询进度"), ""),
            "guide": TileButton("guide", QCoreApplication.translate("HomePage", "办事指南"), ""),
            "rate": TileButton("rate", QCoreApplication.translate("HomePage", "评价服务"), ""),
            "agent": TileButton("agent", QCoreApplication.translate("HomePage", "代办员登录"), ""),
        }
        grid.addWidget(self.tiles["apply"], 0, 0, 3, 1)
        grid.addWidget(self.tiles["progress"], 0, 1)
        grid.addWidget(self.tiles["guide"], 0, 2)
        grid.addWidget(self.tiles["rate"], 1, 1)
        grid.addWidget(self.tiles["agent"], 1, 2)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        self._more_services(grid)
        self.body.addLayout(grid, 1)
        self.sample_note = Text("", "hint")
        self.body.addWidget(self.sample_note)
        self.tiles["apply"].clicked.connect(lambda: win.go("find", purpose="apply"))
        self.tiles["guide"].clicked.connect(lambda: win.go("find", purpose="guide"))
        self.tiles["progress"].clicked.connect(lambda: win.go("progress"))
        self.tiles["rate"].clicked.connect(lambda: win.go("rating", app_id=None))
        self.tiles["agent"].clicked.connect(lambda: win.go("agent"))

    def _more_services(self, grid: QGridLayout) -> None:
        """The services beside applying (kiosk/consult.py, kiosk/complaints.py): a row under the four small
        tiles, beside 办理业务, whose picture keeps its full height in both modes."""
        self.more = {
            "consult": button(QCoreApplication.translate("HomePage", "不知道办什么？问一问")),
            "complaint": button(QCoreApplication.translate("HomePage", "投诉建议 · 12345")),
        }
        self.more["consult"].clicked.connect(lambda: self.win.go("consult"))
        self.more["complaint"].clicked.connect(lambda: self.win.go("complaint"))
        for col, b in enumerate(self.more.values(), 1):
            b.setFixedHeight(MORE_ROW_PX)  # as tall in both modes: no height taken from the tiles' pictures
            grid.addWidget(b, 2, col)

    def enter(self, **kw: Any) -> None:
        notes = []
        if getattr(self.win.catalogue, "sample", False):
            notes.append(QCoreApplication.translate("HomePage", "本机使用的是样例事项目录，仅供演示。"))
        if self.win.terminal.demo:
            notes.append(
                QCoreApplication.translate("HomePage", "演示模式：身份证、摄像头、打印机均为模拟设备。")
            )
        self.sample_note.set_plain(" ".join(notes))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # A tap anywhere that is not a button starts the most common thing: applying.
        self.tiles["apply"].click()
