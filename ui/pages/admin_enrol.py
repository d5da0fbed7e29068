"""Enrolment: the state (which platform, station, since when) and enrolling again with a code typed on
the on-screen keyboard (``kiosk/admin/enrolment.py``); the new credentials take effect at a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.admin import enrolment
from kiosk.admin.enrolment import EnrolmentState
from kiosk.china_time import in_china
from ui.messages import text_for_code
from ui.pages.admin_base import AdminSection
from ui.widgets.common import Text

if TYPE_CHECKING:
    from ui.window import KioskWindow


class AdminEnrolPage(AdminSection):
    name = "admin_enrol"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminEnrol", "注册"))
        self.state = Text("", "heading")
        self.body.addWidget(self.state)
        self.body.addWidget(Text(QCoreApplication.translate("AdminEnrol", "平台地址"), "muted"))
        self.url = QLineEdit()
        self.url.setInputMethodHints(
            Qt.InputMethodHint.ImhUrlCharactersOnly | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.body.addWidget(self.url)
        self.body.addWidget(
            Text(QCoreApplication.translate("AdminEnrol", "注册码（平台注册单上的）"), "muted")
        )
        self.code = QLineEdit()
        self.code.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhSensitiveData
        )
        self.body.addWidget(self.code)
        self.add_status()
        self.body.addStretch(1)
        self.enrol_button = self.set_primary(QCoreApplication.translate("AdminEnrol", "注册"))
        self.enrol_button.clicked.connect(self.enrol)

    def shown(self, **kw: Any) -> None:
        self.code.setText("")
        terminal = self.win.terminal
        self.work(lambda: enrolment.state(terminal), self._show)

    def _show(self, state: EnrolmentState) -> None:
        self.status.set_plain("")
        if state.enrolled:
            since = in_china(state.since).strftime("%Y-%m-%d %H:%M") if state.since else "-"
            self.state.set_plain(
                QCoreApplication.translate(
                    "AdminEnrol", "已注册：{url}\n站点编号 {station}，终端编号 {device}，注册于 {since}"
                ).format(url=state.url, station=state.station_code, device=state.device_id, since=since)
            )
            if not self.url.text():
                self.url.setText(state.url)
        elif state.problem:
            self.state.set_plain(text_for_code(state.problem))
        else:
            self.state.set_plain(QCoreApplication.translate("AdminEnrol", "尚未注册到政务服务平台。"))

    def enrol(self) -> None:
        url, code, terminal = self.url.text(), self.code.text(), self.win.terminal
        if not url.strip() or not code.strip():
            self.status.set_plain(QCoreApplication.translate("AdminEnrol", "请填写平台地址和注册码。"))
            return
        self.code.setText("")  # the code is spent or wrong: either way not kept on screen
        self.act("enrol", lambda: enrolment.enrol(terminal, url, code), self._enrolled)

    def _enrolled(self, state: EnrolmentState) -> None:
        self._show(state)
        self.status.set_plain(
            text_for_code("enroll.done") + QCoreApplication.translate("AdminEnrol", "请重新启动程序。")
        )
