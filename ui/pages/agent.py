"""The agent (代办员) logs in: agent number and PIN on the digit pad, checked off the Qt thread
(``Terminal.agent_login``: argon2id, slow on purpose), a lockout said with the minutes left. Then the
agent's dashboard (ui/pages/agent_dashboard.py)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.agents import AgentLocked, WrongPin
from ui.keyboard import DigitEdit
from ui.messages import text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text
from ui.widgets.keypad import DigitPad

if TYPE_CHECKING:
    from kiosk.agents import AgentSession
    from ui.window import KioskWindow


def lock_words(seconds: float) -> str:
    return QCoreApplication.translate("AgentPage", "账号已锁定，请 {m} 分钟后再试。").format(
        m=max(1, math.ceil(seconds / 60))
    )


class AgentPage(Page):
    name = "agent"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        row = QHBoxLayout()
        col = QVBoxLayout()
        col.addWidget(Text(QCoreApplication.translate("AgentPage", "代办员编号"), "heading"))
        self.number = DigitEdit()  # typed on the pad beside it; Enter reaches the page, once
        self.number.setPlaceholderText(QCoreApplication.translate("AgentPage", "例如 8001"))
        self.number.setMaxLength(12)
        col.addWidget(self.number)
        col.addWidget(Text(QCoreApplication.translate("AgentPage", "密码"), "heading"))
        self.pin = DigitEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        col.addWidget(self.pin)
        for edit in (self.number, self.pin):
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.error = Text("", "error")
        col.addWidget(self.error)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.pad = DigitPad()
        self.pad.attach(self.number)
        row.addWidget(self.pad, 1)
        holder = QWidget()
        holder.setLayout(row)
        self.body.addWidget(holder, 1)
        self.login_button = self.set_primary(QCoreApplication.translate("AgentPage", "登录"))
        self.login_button.clicked.connect(self.login)
        self.checking = False
        self.outcome: BaseException | None = None  # the last refusal, for tests and the tour
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: object, new: object) -> None:
        if new in (self.number, self.pin):  # the pad types into the field the finger chose
            self.pad.attach(new)

    def enter(self, **kw: Any) -> None:
        self.title.set_plain(QCoreApplication.translate("AgentPage", "代办员登录"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "AgentPage", "请输入代办员编号和密码。登录后为村民代办：村民本人放身份证，并签授权书。"
            )
        )
        notice = self.win.agents.notice
        self.error.set_plain(text_for_code(notice) if notice else "")
        self.win.agents.notice = ""
        self.number.setFocus()
        self.pad.attach(self.number)

    def enter_pressed(self, focused: QWidget | None) -> None:
        if focused is not self.pin and self.number.text() and not self.pin.text():
            self.pin.setFocus()  # number first, then the PIN, then 登录 (the pad follows the focus)
            self.pad.attach(self.pin)
            return
        super().enter_pressed(focused)

    def login(self) -> None:
        number, pin = self.number.text().strip(), self.pin.text()
        self.pin.setText("")  # the PIN leaves the screen at once, whatever the answer
        if self.checking:
            return
        if len(number) < 4 or not pin:
            self.error.set_plain(QCoreApplication.translate("AgentPage", "请输入代办员编号和密码。"))
            return
        self.checking = True
        self.login_button.setEnabled(False)
        self.error.set_plain(QCoreApplication.translate("AgentPage", "正在核对，请稍等……"))
        terminal = self.win.terminal
        run_task(lambda: terminal.agent_login(number, pin), self._checked, owner=self)

    def _checked(self, agent: AgentSession | None, error: BaseException | None) -> None:
        self.checking = False
        self.login_button.setEnabled(True)
        self.outcome = error
        if agent is not None:
            self.error.set_plain("")
            self.number.setText("")
            self.win.agents.logged_in(agent)
            return
        if isinstance(error, WrongPin):
            words = (
                lock_words(error.locked_for)
                if error.locked_for > 0
                else QCoreApplication.translate("AgentPage", "密码不对，还可以再试 {n} 次。").format(
                    n=error.tries_left
                )
            )
        elif isinstance(error, AgentLocked):
            words = lock_words(error.seconds)
        else:
            words = text_for(error) if error is not None else ""
        self.error.set_plain(words)
        self.win.say(words)
        self.pin.setFocus()

    def wipe(self) -> None:
        for edit in (self.number, self.pin):
            edit.setText("")  # setText, unlike clear(), also drops the undo history
        self.error.clear()
        self.outcome = None
