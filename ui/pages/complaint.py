"""Complaints and suggestions (监督举报; kiosk/complaints.py): about a service, a department or this station;
named (the ID card is read) or anonymous, with what each means said plainly; common problems to tap and
free text on the pinyin keyboard; a slip with its number and QR code. The 12345 hotline is always shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.messages import text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow

MAX_TEXT = 300  # offline_cache.complaints.MAX_TEXT


class ComplaintPage(Page):
    name = "complaint"

    def __init__(self, win: KioskWindow) -> None:
        from kiosk.complaints import ABOUT, PROBLEMS

        super().__init__(win)
        self._groups: list[tuple[QButtonGroup, bool]] = []  # (group, exclusive): cleared at each visit
        content = QWidget()
        col = QVBoxLayout(content)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(Text(text_for_code("complaint.about"), "heading"))
        self.about = self._choices(col, [(a, f"complaint.about.{a}") for a in ABOUT], exclusive=True)
        self.departments = QWidget()
        dl = QGridLayout(self.departments)
        dl.setContentsMargins(0, 0, 0, 0)
        self.department_group = QButtonGroup(self)
        self._groups.append((self.department_group, True))
        self.department: dict[str, QPushButton] = {}
        for n, d in enumerate(win.catalogue.departments):
            b = button(d.name, "choice")
            b.setCheckable(True)
            self.department_group.addButton(b)
            dl.addWidget(b, n // 3, n % 3)
            self.department[d.id] = b
        col.addWidget(self.departments)
        col.addWidget(Text(text_for_code("complaint.who"), "heading"))
        self.who = self._choices(
            col, [("named", "complaint.named"), ("anonymous", "complaint.anonymous")], exclusive=True
        )
        self.means = Text("", "hint")
        col.addWidget(self.means)
        col.addWidget(Text(text_for_code("complaint.problems"), "heading"))
        self.problems = self._choices(col, [(p, f"complaint.problem.{p}") for p in PROBLEMS], exclusive=False)
        col.addWidget(Text(text_for_code("complaint.text")))
        self.text_edit = QLineEdit()
        self.text_edit.setMaxLength(MAX_TEXT)
        self.text_edit.setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        col.addWidget(self.text_edit)
        col.addStretch(1)
        self.scroll_area = TouchScrollArea()
        self.scroll_area.setWidget(content)
        self.body.addWidget(self.scroll_area, 1)
        self.status = Text("", "heading")
        self.body.addWidget(self.status)
        self.hotline = Text("", "muted")
        self.body.addWidget(self.hotline)
        self.send_button = self.set_primary(QCoreApplication.translate("ComplaintPage", "提交"))
        self.send_button.clicked.connect(self.send)
        for b in self.about.values():
            b.clicked.connect(self._about_changed)
        for b in self.who.values():
            b.clicked.connect(self._who_changed)
        self.item_code = ""
        self.filed: Any = None

    def _choices(
        self, col: QVBoxLayout, entries: list[tuple[str, str]], *, exclusive: bool
    ) -> dict[str, Any]:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(self)
        group.setExclusive(exclusive)
        self._groups.append((group, exclusive))
        out: dict[str, QPushButton] = {}
        for n, (key, code) in enumerate(entries):
            b = button(text_for_code(code), "choice")
            b.setCheckable(True)
            b.setObjectName(f"complaint:{key}")
            group.addButton(b)
            grid.addWidget(b, n // 4, n % 4)
            out[key] = b
        col.addWidget(box)
        return out

    def enter(self, **kw: Any) -> None:
        self.title.set_plain(text_for_code("complaint.title"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "ComplaintPage", "您反映的问题会加密送到政务服务平台，由工作人员答复。"
            )
        )
        self.hotline.set_plain(text_for_code("complaint.hotline"))
        if kw.get("back"):  # back from the card: named, and the card is read
            if self.win.flow.session.identity is not None and self.filed is None:
                self.send()
            return
        self._reset()
        self.item_code = str(kw.get("item_code") or "")
        if kw.get("about") in self.about:
            self.about[kw["about"]].setChecked(True)
        self._about_changed()

    def _reset(self) -> None:
        self.filed = None
        for group, exclusive in self._groups:  # an exclusive group keeps one checked unless told
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(exclusive)
        self.text_edit.setText("")
        self.status.set_plain("")
        self.means.set_plain("")
        self.send_button.setEnabled(True)

    def _about_changed(self) -> None:
        self.departments.setVisible(self.about["department"].isChecked())

    def _who_changed(self) -> None:
        code = "complaint.named_means" if self.who["named"].isChecked() else "complaint.anonymous_means"
        self.means.set_plain(text_for_code(code))

    def _chosen(self, group: dict[str, QPushButton]) -> list[str]:
        return [k for k, b in group.items() if b.isChecked()]

    def send(self) -> None:
        about, who = self._chosen(self.about), self._chosen(self.who)
        problems, text = self._chosen(self.problems), self.text_edit.text().strip()
        if not about or not who:
            self.status.set_plain(
                QCoreApplication.translate("ComplaintPage", "请先选反映的是什么，再选留不留名字。")
            )
            return
        if not problems and not text:
            self.status.set_plain(text_for_code("complaint.invalid"))
            return
        session = self.win.flow.session
        if who == ["named"] and session.identity is None:
            self.win.go("card", purpose="complaint")  # back here once the card is read
            return
        identity = session.identity if who == ["named"] else None
        department = next(iter(self._chosen(self.department)), "") if about == ["department"] else ""
        terminal, item_code = self.win.terminal, self.item_code if about == ["service"] else ""
        self.send_button.setEnabled(False)
        self.status.set_plain(QCoreApplication.translate("ComplaintPage", "正在提交，请稍等……"))

        def file() -> Any:
            key = session.applicant_key_for(identity, terminal.applicant_key) if identity else None
            return terminal.complain(
                about[0],
                text,
                problems,
                identity,
                item_code=item_code,
                department_id=department,
                applicant_key=key,
            )

        run_task(file, self._filed, owner=self)

    def _filed(self, result: Any, error: BaseException | None) -> None:
        if error is not None:
            self.send_button.setEnabled(True)
            self.status.set_plain(text_for(error))
            return
        self.filed, _job = result
        self.text_edit.setText("")  # what was typed is sealed and gone from the screen
        self.status.set_plain(text_for_code("complaint.sent").format(no=self.filed.local_no))
        self.win.say(self.status.plain)

    def wipe(self) -> None:
        self._reset()
        self.item_code = ""


def complaint_box(c: Any) -> QWidget:
    """A complaint in the progress query: its number, what it was about, and the reply once there is one
    (``offline_cache.complaints.ComplaintSummary``: nothing personal; the text stays sealed)."""
    from kiosk.china_time import in_china
    from ui.widgets.common import panel

    box = panel()
    lay = QVBoxLayout(box)
    lay.addWidget(
        Text(
            QCoreApplication.translate("ComplaintPage", "投诉建议 {no}（{about}）").format(
                no=c.local_no, about=text_for_code(f"complaint.about.{c.about}")
            ),
            "heading",
        )
    )
    if c.reply:
        when = in_china(c.replied_at).strftime("%Y-%m-%d %H:%M") if c.replied_at else ""
        lay.addWidget(
            Text(
                QCoreApplication.translate("ComplaintPage", "答复（{when}）：{reply}").format(
                    when=when, reply=c.reply
                )
            )
        )
    else:
        lay.addWidget(
            Text(
                QCoreApplication.translate("ComplaintPage", "已送到政务服务平台，还没有答复。")
                if c.delivered
                else QCoreApplication.translate("ComplaintPage", "已在本机保存，联网后送到政务服务平台。")
            )
        )
    lay.addWidget(Text(text_for_code("complaint.hotline"), "muted"))
    return box
