"""On-screen digit pads: for numeric fields (ID number, phone, amounts) and the administrator PIN.

Text fields use the Qt Virtual Keyboard (pinyin); numbers use this pad, whose keys are far bigger than a
full keyboard's and cannot produce letters by mistake.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from ui import theme
from ui.widgets.common import button


class DigitPad(QWidget):
    key = Signal(str)  # "0".."9", "X", "." or "back" / "clear"

    def __init__(self, extra: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(theme.current().spacing_px // 2)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", extra or "clear", "0", "back"]
        labels = {
            "back": QCoreApplication.translate("DigitPad", "删除"),
            "clear": QCoreApplication.translate("DigitPad", "清空"),
        }
        self.buttons: dict[str, QPushButton] = {}
        for i, k in enumerate(keys):
            b = button(labels.get(k, k), "key" if len(k) == 1 else "")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
            b.setMinimumSize(theme.current().target_px + 24, theme.current().target_px)
            b.clicked.connect(lambda _=False, k=k: self.key.emit(k))
            grid.addWidget(b, i // 3, i % 3)
            self.buttons[k] = b
        self.target: QLineEdit | None = None
        self.key.connect(self._type)

    def attach(self, edit: QLineEdit | None) -> None:
        self.target = edit

    def _type(self, k: str) -> None:
        edit = self.target
        if edit is None or edit.isReadOnly():
            return
        if k == "back":
            edit.backspace()
        elif k == "clear":
            edit.clear()
        else:
            edit.insert(k)
