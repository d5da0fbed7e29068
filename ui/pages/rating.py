"""好差评: the five national levels as big faces with words; reasons for the two lowest; optional comment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import text_for
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.faces import FaceButton
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow

LEVELS = [
    (5, QT_TRANSLATE_NOOP("RatingPage", "非常满意")),
    (4, QT_TRANSLATE_NOOP("RatingPage", "满意")),
    (3, QT_TRANSLATE_NOOP("RatingPage", "基本满意")),
    (2, QT_TRANSLATE_NOOP("RatingPage", "不满意")),
    (1, QT_TRANSLATE_NOOP("RatingPage", "非常不满意")),
]
# Reasons offered for the two lowest levels (after GB/T 39734-2020's evaluation items).
REASONS = [
    QT_TRANSLATE_NOOP("RatingPage", "办事指南说得不清楚"),
    QT_TRANSLATE_NOOP("RatingPage", "要跑的次数太多"),
    QT_TRANSLATE_NOOP("RatingPage", "办理时间太长"),
    QT_TRANSLATE_NOOP("RatingPage", "工作人员态度不好"),
    QT_TRANSLATE_NOOP("RatingPage", "机器不好用"),
    QT_TRANSLATE_NOOP("RatingPage", "要交的材料太多"),
    QT_TRANSLATE_NOOP("RatingPage", "收费不合理"),
    QT_TRANSLATE_NOOP("RatingPage", "其他问题"),
]
THANKS_MS = 4000


class RatingPage(Page):
    name = "rating"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("RatingPage", "请为这次服务打个分"))
        self.hint.set_plain(QCoreApplication.translate("RatingPage", "您的评价只用于改进服务，不会给别人。"))
        # Faces, reasons and the comment scroll together: with the keyboard up for the comment there is room
        # above it for the comment box and 提交评价, not for everything (ui/keyboard.py).
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(theme.current().spacing_px)
        faces = QHBoxLayout()
        self.face_group = QButtonGroup(self)
        self.faces: dict[int, FaceButton] = {}
        for level, words in LEVELS:
            b = FaceButton(level, QCoreApplication.translate("RatingPage", words))
            b.setObjectName(f"level:{level}")
            self.face_group.addButton(b)
            b.clicked.connect(lambda _=False, lv=level: self.pick(lv))
            faces.addWidget(b)
            self.faces[level] = b
        column.addLayout(faces, 2)
        self.reason_box = QWidget()
        grid = QGridLayout(self.reason_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.reason_title = Text(
            QCoreApplication.translate("RatingPage", "哪里让您不满意？可以选几项："), "heading"
        )
        grid.addWidget(self.reason_title, 0, 0, 1, 4)
        self.reasons: dict[str, QPushButton] = {}
        for n, reason in enumerate(REASONS):
            r = button(QCoreApplication.translate("RatingPage", reason), "choice")
            r.setCheckable(True)
            grid.addWidget(r, 1 + n // 4, n % 4)
            self.reasons[reason] = r
        column.addWidget(self.reason_box)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText(
            QCoreApplication.translate("RatingPage", "想说的话（可不填，可用拼音输入）")
        )
        self.comment.setMaxLength(200)
        column.addWidget(self.comment)
        column.addStretch(1)
        self.scroll_area = TouchScrollArea()
        self.scroll_area.setWidget(content)
        self.body.addWidget(self.scroll_area, 1)
        self.status = Text("", "heading")
        self.body.addWidget(self.status)
        # 监督举报 from here too (ui/pages/complaint.py), about the service just rated
        self.complain_button = self.add_footer_button(QCoreApplication.translate("RatingPage", "投诉建议"))
        self.complain_button.clicked.connect(self._complain)
        self.send_button = self.set_primary(QCoreApplication.translate("RatingPage", "提交评价"))
        self.send_button.clicked.connect(self.send)
        self.done_timer = QTimer(self)
        self.done_timer.setSingleShot(True)
        self.done_timer.timeout.connect(self.win.end_session)
        self.app_id: str | None = None
        self.level = 0

    def enter(self, **kw: Any) -> None:
        if kw.get("back"):
            return
        self.app_id = kw.get("app_id")
        self.level = 0
        self.face_group.setExclusive(False)
        for b in self.faces.values():
            b.setChecked(False)
        self.face_group.setExclusive(True)
        for r in self.reasons.values():
            r.setChecked(False)
        self.comment.setText("")  # setText, unlike clear(), also drops the undo history
        self.reason_box.setVisible(False)
        self.status.set_plain("")
        self.send_button.setEnabled(False)
        self.win.say(self.title.plain)

    def _complain(self) -> None:
        item = self.win.flow.item if self.app_id else None  # the item just applied for, if any
        self.win.go("complaint", about="service", item_code=item.code if item else "")

    def pick(self, level: int) -> None:
        self.level = level
        self.faces[level].setChecked(True)
        self.reason_box.setVisible(level <= 2)
        self.send_button.setEnabled(True)

    def chosen_reasons(self) -> list[str]:
        return [r for r, b in self.reasons.items() if b.isChecked()] if self.level <= 2 else []

    def send(self) -> None:
        if not self.level:
            return
        if self.level <= 2 and not self.chosen_reasons():
            self.status.set_plain(
                QCoreApplication.translate("RatingPage", "请选一下不满意的原因，方便我们改进。")
            )
            return
        self.send_button.setEnabled(False)
        terminal = self.win.terminal
        app_id, level, reasons, comment = (
            self.app_id,
            self.level,
            self.chosen_reasons(),
            self.comment.text().strip(),
        )
        run_task(lambda: terminal.rate(app_id, level, reasons, comment), self._sent, owner=self)

    def _sent(self, rating_id: Any, error: BaseException | None) -> None:
        if error is not None:
            self.send_button.setEnabled(True)
            self.status.set_plain(text_for(error))
            return
        self.status.set_plain(QCoreApplication.translate("RatingPage", "谢谢您的评价！"))
        self.win.say(QCoreApplication.translate("RatingPage", "谢谢您的评价！"))
        self.done_timer.start(THANKS_MS)

    def wipe(self) -> None:
        self.done_timer.stop()
        self.comment.setText("")  # setText, unlike clear(), also drops the undo history
        self.app_id = None
