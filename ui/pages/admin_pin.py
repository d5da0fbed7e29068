"""Change the administrator PIN: the new one twice on the digit pad (``kiosk/admin_pin.py`` keeps it as a
salted scrypt hash; the lockout is cleared)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from ui.i18n import QT_TRANSLATE_NOOP
from ui.keyboard import DigitEdit
from ui.pages.admin_base import AdminSection
from ui.widgets.common import Text
from ui.widgets.keypad import DigitPad

if TYPE_CHECKING:
    from ui.window import KioskWindow


class AdminPinPage(AdminSection):
    name = "admin_pin"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win, QCoreApplication.translate("AdminPin", "修改管理员密码"))
        self.hint.set_plain(QCoreApplication.translate("AdminPin", "新密码为6到12位数字，请输入两次。"))
        row = QHBoxLayout()
        col = QVBoxLayout()
        self.first, self.second = DigitEdit(), DigitEdit()
        for edit, label in (
            (self.first, QT_TRANSLATE_NOOP("AdminPin", "新密码")),
            (self.second, QT_TRANSLATE_NOOP("AdminPin", "再输入一次")),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
            edit.setMaxLength(12)
            col.addWidget(Text(QCoreApplication.translate("AdminPin", label), "muted"))
            col.addWidget(edit)
        col.addWidget(self.status)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.pad = DigitPad()
        self.pad.attach(self.first)
        for edit in (self.first, self.second):  # the pad types into the field last tapped
            edit.installEventFilter(self)
        row.addWidget(self.pad, 1)
        self.body.addLayout(row, 1)
        self.save_button = self.set_primary(QCoreApplication.translate("AdminPin", "保存新密码"))
        self.save_button.clicked.connect(self.save)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.first, self.second):
            self.pad.attach(watched)
        return False

    def shown(self, **kw: Any) -> None:
        self.first.setText("")
        self.second.setText("")
        self.first.setFocus()

    def save(self) -> None:
        first, second = self.first.text(), self.second.text()
        self.first.setText("")
        self.second.setText("")
        if first != second or not first.isdigit() or not 6 <= len(first) <= 12:
            self.say_code("admin.pin_too_short")
            self.first.setFocus()
            return
        admin_pin = self.win.admin_pin
        self.act(
            "pin_changed", lambda: admin_pin.set_pin(first), lambda _r: self.say_code("admin.pin_changed")
        )

    def wipe(self) -> None:
        self.first.setText("")
        self.second.setText("")
        super().wipe()
