"""Review everything on one screen, sign on the screen to confirm, submit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.privacy import mask_id_number
from ui.messages import pair, text_for, text_for_code
from ui.pages.base import Page
from ui.widgets.common import Text, button
from ui.widgets.scrolling import TouchScrollArea
from ui.widgets.signature import SignaturePad

if TYPE_CHECKING:
    from ui.window import KioskWindow


class ReviewPage(Page):
    name = "review"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.title.set_plain(QCoreApplication.translate("ReviewPage", "请核对，没问题就签名提交"))
        self.hint.set_plain(QCoreApplication.translate("ReviewPage", "要改哪一项，点“返回”回去改。"))
        row = QHBoxLayout()
        self.scroll_area = TouchScrollArea()
        row.addWidget(self.scroll_area, 3)
        sign = QVBoxLayout()
        self.sign_heading = Text(
            QCoreApplication.translate(
                "ReviewPage", "我确认以上信息真实，同意提交。请用手指在下面框里签名："
            ),
            "heading",
        )
        sign.addWidget(self.sign_heading)
        self.pad = SignaturePad()
        sign.addWidget(self.pad, 1)
        self.clear_button = button(QCoreApplication.translate("ReviewPage", "擦掉重签"))
        self.clear_button.clicked.connect(self.pad.clear)
        sign.addWidget(self.clear_button)
        row.addLayout(sign, 2)
        self.body.addLayout(row, 1)
        self.status = Text("", "error")
        self.body.addWidget(self.status)
        self.submit_button = self.set_primary(QCoreApplication.translate("ReviewPage", "确认并提交"))
        self.submit_button.clicked.connect(self.submit)
        self.pad.changed.connect(lambda ink: self.submit_button.setEnabled(ink))
        self.lines: list[Text] = []
        self.delivery: Any = None  # ui.pages.delivery.DeliveryChoice: how the result comes

    def enter(self, **kw: Any) -> None:
        self.status.set_plain("")
        self.pad.clear()
        # On a villager's behalf both signed the consent already (ui/pages/agent_consent.py).
        signed = self.win.flow.session.consent is not None
        for w in (self.sign_heading, self.pad, self.clear_button):
            w.setVisible(not signed)
        self.submit_button.setEnabled(signed)
        self._render()

    def _render(self) -> None:
        flow = self.win.flow
        form, item, session = flow.form, flow.item, flow.session
        ident = session.identity
        # Review follows the card and the form pages (a 补正 has no form pages): these are set by then.
        assert item is not None and ident is not None
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.lines = []

        def add(text: str, role: str = "") -> None:
            t = Text(text, role)
            self.lines.append(t)
            lay.addWidget(t)

        add(item.name, "heading")
        if session.supplement_of is not None:
            add(
                QCoreApplication.translate("ReviewPage", "这是受理编号 {no} 的补正材料").format(
                    no=flow.supplement_receipt_no
                ),
                "heading",
            )
        add(
            QCoreApplication.translate("ReviewPage", "申请人：{name}　身份证号：{id}").format(
                name=ident.name, id=mask_id_number(ident.id_number)
            )
        )
        from ui.pages.delivery import DeliveryChoice

        # How the result comes, near the top: seen without scrolling (the nearest pickup is chosen already)
        self.delivery = DeliveryChoice(self.win) if session.supplement_of is None else None
        if self.delivery is not None and self.delivery.methods:
            lay.addWidget(self.delivery)
        if form is not None:
            self._add_answers(form, add)
        add(QCoreApplication.translate("ReviewPage", "材料"), "heading")
        for m in item.guide.materials:
            if m.e_licence:
                state = QCoreApplication.translate("ReviewPage", "使用电子证照")
            elif m.id in session.deferred:
                state = text_for_code("limit.deferred").format(d=m.defer_days or 0)
            elif m.id in session.pages:
                state = QCoreApplication.translate("ReviewPage", "已拍 {n} 页").format(
                    n=len(session.pages[m.id])
                )
            else:
                continue
            add(pair(m.name, state))
        lay.addStretch(1)
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll_area.setWidget(inner)

    @staticmethod
    def _add_answers(form: Any, add: Any) -> None:
        add(QCoreApplication.translate("ReviewPage", "填写的内容"), "heading")
        for spec in form.visible_fields():
            if spec.type == "group":
                rows = form.values().get(spec.id, [])
                add(
                    QCoreApplication.translate("ReviewPage", "{label}：{n}项").format(
                        label=spec.label, n=len(rows)
                    )
                )
                continue
            add(
                pair(
                    spec.label,
                    form.display_value(spec.id) or QCoreApplication.translate("ReviewPage", "（未填）"),
                )
            )

    def submit(self) -> None:
        if self.delivery is not None and self.delivery.methods and self.win.flow.session.delivery is None:
            self.status.set_plain(text_for_code("delivery.invalid"))
            return
        consent = self.win.flow.session.consent
        if consent is not None:  # filed by an agent: both signed on the consent page
            self.submit_button.setEnabled(False)
            self.back_button.setEnabled(False)
            self.status.set_plain(QCoreApplication.translate("ReviewPage", "正在保存您的申请，请稍等……"))
            self.win.flow.submit(consent["signature_png"], self._submitted)
            return
        if self.pad.is_empty():
            self.status.set_plain(QCoreApplication.translate("ReviewPage", "请先在框里签名。"))
            return
        self.submit_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.status.set_plain(QCoreApplication.translate("ReviewPage", "正在保存您的申请，请稍等……"))
        self.win.flow.submit(self.pad.png(), self._submitted)

    def _submitted(self, error: BaseException | None) -> None:
        self.back_button.setEnabled(True)
        if error is not None:
            self.submit_button.setEnabled(True)
            self.status.set_plain(text_for(error))
            self.win.say(text_for(error))

    def wipe(self) -> None:
        for t in self.lines:
            t.clear()
        self.lines = []
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.pad.clear()
        self.status.clear()
