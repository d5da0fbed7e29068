"""Typing one's details where the item allows it (no ID card at hand)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from drivers.card.identity import CardSource, Identity
from kiosk.identifiers import IdentifierError
from ui.keyboard import DigitEdit
from ui.messages import text_for
from ui.pages.base import Page
from ui.widgets.common import Text
from ui.widgets.keypad import DigitPad
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow


def manual_identity(name: str, id_number: str, address: str) -> Identity:
    """An identity typed by the visitor; the ID number is checked (python-stdnum) and gives sex and birth."""
    from kiosk.identifiers import sex_from_id, validate_resident_id

    number = validate_resident_id(id_number.strip().upper())
    birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return Identity(
        name=name.strip(),
        sex=sex_from_id(number),
        nation="",
        birth_date=birth,
        address=address.strip(),
        id_number=number,
        source=CardSource.MANUAL,
    )


class ManualPage(Page):
    name = "manual"
    transient = True

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("ManualPage", "手动填写身份信息"))
        self.hint.set_plain(
            QCoreApplication.translate("ManualPage", "请照着身份证填写。提交时工作人员会再核对一次。")
        )
        row = QHBoxLayout()
        fields = QWidget()  # scrolls: with the keyboard up only part of it fits above the keyboard
        col = QVBoxLayout(fields)
        col.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(QCoreApplication.translate("ManualPage", "姓名（可用拼音输入）"))
        self.id_edit = DigitEdit()  # the pad (with its X key) types it, never the system keyboard as well
        self.id_edit.setPlaceholderText(QCoreApplication.translate("ManualPage", "身份证号码，18位"))
        self.id_edit.setMaxLength(18)
        self.id_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferNumbers | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(QCoreApplication.translate("ManualPage", "住址"))
        for label, edit in (
            (QCoreApplication.translate("ManualPage", "姓名"), self.name_edit),
            (QCoreApplication.translate("ManualPage", "身份证号码"), self.id_edit),
            (QCoreApplication.translate("ManualPage", "住址"), self.address_edit),
        ):
            col.addWidget(Text(label))
            col.addWidget(edit)
        self.error = Text("", "error")
        col.addWidget(self.error)
        col.addStretch(1)
        self.scroll_area = TouchScrollArea()
        self.scroll_area.setWidget(fields)
        row.addWidget(self.scroll_area, 3)
        self.pad = DigitPad(extra="X")
        self.pad.attach(self.id_edit)
        self.pad.setVisible(False)  # shown while the ID number has the focus: one keyboard at a time
        self.id_edit.installEventFilter(self)
        row.addWidget(self.pad, 1)
        self.body.addLayout(row, 1)
        self.next_button = self.set_primary(QCoreApplication.translate("ManualPage", "下一步"))
        self.next_button.clicked.connect(self.next)
        self.purpose = "apply"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.id_edit and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.pad.setVisible(event.type() == QEvent.Type.FocusIn)
        return False

    def enter(self, **kw: Any) -> None:
        self.purpose = kw.get("purpose", self.purpose)
        self.error.set_plain("")
        self.name_edit.setFocus()

    def enter_pressed(self, focused: QWidget | None) -> None:
        """Enter in a field goes to the next empty one; from the last, or when all are filled, 下一步."""
        waiting = self.next_empty([self.name_edit, self.id_edit, self.address_edit], focused)
        if waiting is not None:
            waiting.setFocus()
        else:
            super().enter_pressed(focused)

    def next(self) -> None:
        if not self.name_edit.text().strip():
            self.error.set_plain(QCoreApplication.translate("ManualPage", "请填写姓名。"))
            return
        try:
            identity = manual_identity(self.name_edit.text(), self.id_edit.text(), self.address_edit.text())
        except IdentifierError as exc:  # the words come from the error's code
            self.error.set_plain(text_for(exc))
            return
        self.win.identity_read(self.purpose, identity)

    def wipe(self) -> None:
        for e in (self.name_edit, self.id_edit, self.address_edit):
            e.setText("")  # setText, unlike clear(), also drops the undo history
        self.error.clear()
