"""The administrator PIN pad (opened by the hidden corner gesture); the right PIN opens the admin area
(``ui/pages/admin_home.py`` and its sections)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit

from kiosk.admin_pin import STATE_CODES, Outcome, PinCheck, PinState
from ui.keyboard import DigitEdit
from ui.messages import text_for, text_for_code
from ui.pages.admin_base import open_area
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text
from ui.widgets.keypad import DigitPad

if TYPE_CHECKING:
    from ui.window import KioskWindow


class AdminPage(Page):
    name = "admin"
    transient = True

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("AdminPage", "管理员"))
        self.hint.set_plain(QCoreApplication.translate("AdminPage", "请输入管理员密码。"))
        self.pin = DigitEdit()  # typed on the pad below it; Enter reaches the page (确定), once
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.pin.setMaxLength(12)
        self.body.addWidget(self.pin)
        row = QHBoxLayout()
        self.pad = DigitPad()
        self.pad.attach(self.pin)
        row.addWidget(self.pad, 1)
        row.addStretch(2)
        self.body.addLayout(row, 1)
        self.message = Text("", "error")
        self.body.addWidget(self.message)
        self.ok_button = self.set_primary(QCoreApplication.translate("AdminPage", "确定"))
        self.ok_button.clicked.connect(self.check)
        self.lock_timer = QTimer(self)  # the countdown of a lock; reads a number in memory, no file
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._show_lock)

    def enter(self, **kw: Any) -> None:
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
        self.pin.setEnabled(True)
        self.message.set_plain("")
        self.ok_button.setVisible(True)
        self.pin.setFocus()
        admin = self.win.admin_pin
        # The files are read off the Qt thread; a missing or damaged PIN, or a lock from before a restart,
        # is said before anyone types.
        run_task(lambda: (admin.state(), admin.read_lock()), self._state_known, owner=self)

    def _state_known(self, known: tuple[PinState, float] | None, error: BaseException | None) -> None:
        if known is not None and known[0] is not PinState.READY:
            self.message.set_plain(text_for_code(STATE_CODES[known[0]]))
        else:
            self._show_lock()

    def check(self) -> None:
        pin, admin, terminal = self.pin.text(), self.win.admin_pin, self.win.terminal
        if not pin:  # nothing typed yet: not a try
            return
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
        run_task(lambda: terminal.check_admin_pin(admin, pin), self._checked, owner=self)

    def _checked(self, result: PinCheck | None, error: BaseException | None) -> None:
        if result is None or result.outcome is not Outcome.OK:
            outcome = result.outcome if result is not None else None
            if outcome in (Outcome.NOT_SET, Outcome.DAMAGED):
                self.message.set_plain(text_for_code(STATE_CODES[PinState(outcome.value)]))
            elif not self._show_lock():
                self.message.set_plain(
                    text_for(error) if error is not None else text_for_code("ui.pin_wrong")
                )
            return
        self.lock_timer.stop()
        self.message.set_plain("")
        open_area(self.win)

    def _show_lock(self) -> bool:
        """Say how long the pad stays locked, and keep saying it each second until it opens again."""
        left = self.win.admin_pin.locked_for()
        if left <= 0:
            if self.lock_timer.isActive():
                self.lock_timer.stop()
                self.message.set_plain("")
            return False
        if left >= 60:
            text = QCoreApplication.translate("AdminPage", "输错次数太多，请{m}分钟后再试。").format(
                m=math.ceil(left / 60)
            )
        else:
            text = QCoreApplication.translate("AdminPage", "输错次数太多，请{s}秒后再试。").format(
                s=math.ceil(left)
            )
        self.message.set_plain(text)
        self.lock_timer.start()
        return True

    def leave(self) -> None:
        self.lock_timer.stop()
        self.pin.setText("")  # setText, unlike clear(), also drops the undo history
