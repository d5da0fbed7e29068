"""The band under the header while an agent is logged in: who it is, 存草稿, 退出登录."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui import theme
from ui.widgets.common import Text, button, panel


class AgentBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        box = panel("warn")
        outer.addWidget(box)
        lay = QHBoxLayout(box)
        t = theme.current()
        lay.setContentsMargins(t.margin_px, t.spacing_px // 2, t.margin_px, t.spacing_px // 2)
        self.who = Text("", "heading")
        self.who.setWordWrap(False)  # one line: the band stays low
        self.save = button(QCoreApplication.translate("AgentBar", "存为草稿"))
        self.logout = button(QCoreApplication.translate("AgentBar", "退出登录"))
        lay.addWidget(self.who)
        lay.addStretch(1)
        lay.addWidget(self.save)
        lay.addWidget(self.logout)
        self.hide()

    def show_agent(self, masked: str) -> None:
        self.who.set_plain(QCoreApplication.translate("AgentBar", "代办员 {who} 已登录").format(who=masked))
        self.show()

    def set_filing(self, filing: bool) -> None:
        """存为草稿 only while a filing is under way."""
        self.save.setVisible(filing)
