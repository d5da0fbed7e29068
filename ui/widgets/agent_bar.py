"""Who is logged in, in the header itself while an agent is: the station's words give way to "代办员 8001
王* 已登录", and 存为草稿 and 退出登录 sit beside them. A band of its own under the header cost the
screens below a touch target's height, and in elder mode some of them no longer fitted."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

from ui.widgets.common import button
from ui.widgets.header import Header


class AgentBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.save = button(QCoreApplication.translate("AgentBar", "存为草稿"), "header")
        self.logout = button(QCoreApplication.translate("AgentBar", "退出登录"), "header")
        lay.addWidget(self.save)
        lay.addWidget(self.logout)
        self.header: Header | None = None
        self.station_words = ""
        self.hide()

    def show_agent(self, header: Header, masked: str) -> None:
        self.take_back()
        self.header, self.station_words = header, header.station.text()
        header.station.setText(
            QCoreApplication.translate("AgentBar", "代办员 {who} 已登录").format(who=masked)
        )
        lay = header.layout()
        assert isinstance(lay, QBoxLayout)
        lay.insertWidget(lay.indexOf(header.station) + 1, self)
        self.show()

    @property
    def who(self) -> str:
        return self.header.station.text() if self.header is not None and self.isVisible() else ""

    def take_back(self) -> None:
        """The header is the station's again."""
        if self.header is not None:
            self.header.station.setText(self.station_words)
            self.header.layout().removeWidget(self)  # type: ignore[union-attr]
        self.hide()
        self.setParent(None)  # not deleted with a header the window rebuilds
        self.header = None

    def set_filing(self, filing: bool) -> None:
        """存为草稿 only while a filing is under way."""
        self.save.setVisible(filing)
