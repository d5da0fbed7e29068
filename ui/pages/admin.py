"""The administrator PIN pad (opened by the hidden corner gesture) and what it unlocks: leaving the kiosk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit

from ui.messages import text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.keypad import DigitPad


class AdminPage(Page):
    name = "admin"
    transient = True

    def __init__(self, win: Any) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("AdminPage", "管理员"))
        self.hint.set_plain(QCoreApplication.translate("AdminPage", "请输入管理员密码。"))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.pin.setMaxLength(12)
        self.pin.returnPressed.connect(self.check)
        self.body.addWidget(self.pin)
        row = QHBoxLayout()
        self.pad = DigitPad()
        self.pad.attach(self.pin)
        row.addWidget(self.pad, 1)
        row.addStretch(2)
        self.body.addLayout(row, 1)
        self.message = Text("", "error")
        self.body.addWidget(self.message)
        self.quit_button = button(QCoreApplication.translate("AdminPage", "退出程序"))
        self.quit_button.clicked.connect(self.quit)
        self.footer.insertWidget(2, self.quit_button)
        self.ok_button = self.set_primary(QCoreApplication.translate("AdminPage", "确定"))
        self.ok_button.clicked.connect(self.check)
        self.unlocked = False

    def enter(self, **kw: Any) -> None:
        self.unlocked = False
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
        self.pin.setEnabled(True)
        self.message.set_plain("")
        self.quit_button.setVisible(False)
        self.ok_button.setVisible(True)
        self.pin.setFocus()

    def check(self) -> None:
        pin, admin, terminal = self.pin.text(), self.win.admin_pin, self.win.terminal
        if not pin:  # Enter in the PIN field also reaches the page, which presses 确定 again: not a try
            return
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
        run_task(lambda: terminal.check_admin_pin(admin, pin), self._checked, owner=self)

    def _checked(self, ok: bool | None, error: BaseException | None) -> None:
        if not ok:
            locked = self.win.admin_pin.locked_for()
            self.message.set_plain(
                QCoreApplication.translate("AdminPage", "输错次数太多，请{s}秒后再试。").format(
                    s=int(locked) + 1
                )
                if locked
                else text_for_code("ui.pin_wrong")
            )
            return
        self.unlocked = True
        self.message.set_plain("")
        self.hint.set_plain(QCoreApplication.translate("AdminPage", "密码正确。"))
        self.pin.setEnabled(False)
        self.quit_button.setVisible(True)
        self.ok_button.setVisible(False)

    def quit(self) -> None:
        if not self.unlocked:
            return
        terminal = self.win.terminal
        # Written before the window closes: the terminal (and its store) stops when the application ends.
        run_task(
            lambda: terminal.audit_event("admin.action", "admin", action="quit"), self._leave, owner=self
        )

    def _leave(self, _result: object, _error: BaseException | None) -> None:
        self.win.allow_close()
        self.win.close()
        app = QApplication.instance()
        if app is not None and self.win.kiosk_mode:
            app.quit()

    def leave(self) -> None:
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
        self.unlocked = False
