"""The service guide (办事指南): conditions, materials, fees, time limits, process; print the notice or apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import joined, note, pair, text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from ui.window import KioskWindow

NEED = {
    "original": QT_TRANSLATE_NOOP("GuidePage", "原件{n}份"),
    "copy": QT_TRANSLATE_NOOP("GuidePage", "复印件{n}份"),
    "original_and_copy": QT_TRANSLATE_NOOP("GuidePage", "原件和复印件各{n}份"),
}


def material_line(m: Any) -> str:
    need = QCoreApplication.translate("GuidePage", NEED.get(m.original_or_copy, "{n}份")).format(n=m.copies)
    extra = []
    if m.e_licence:
        extra.append(QCoreApplication.translate("GuidePage", "可用电子证照，不用带"))
    if m.deferrable:
        extra.append(text_for_code("limit.defer").format(d=m.defer_days or 0))
    if m.required_when:
        extra.append(m.required_when)
    named = note(m.name, need)
    return pair(named, joined(extra)) if extra else named


def faq_line(f: Any) -> str:
    """One common question and its answer, in the screen's language (the catalogue's translations)."""
    return QCoreApplication.translate("GuidePage", "问：{q}\n答：{a}").format(q=f.q, a=f.a)


def _limit(days: int) -> str:
    """As the one-time notice and the receipt say it (kiosk/messages/limits.py)."""
    return (
        text_for_code("limit.on_the_spot")
        if days == 0
        else text_for_code("limit.working_days").format(d=days)
    )


class GuidePage(Page):
    name = "guide"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        scroll = TouchScrollArea()
        inner = QWidget()
        self.sections = QVBoxLayout(inner)
        self.sections.setSpacing(8)
        scroll.setWidget(inner)
        self.scroll_area = scroll
        self.body.addWidget(scroll, 1)
        self.status = Text("", "muted")
        self.body.addWidget(self.status)
        self.print_button = self.add_footer_button(
            QCoreApplication.translate("GuidePage", "打印一次性告知单")
        )
        self.print_button.clicked.connect(self.print_notice)
        # 预约 (ui/pages/appointment.py): for an item the applicant must come to the hall for
        self.book_button = self.add_footer_button(QCoreApplication.translate("GuidePage", "预约到大厅办理"))
        self.book_button.clicked.connect(self.book)
        # A4 paper through CUPS (kiosk/a4_papers.py), where the station has an A4 printer
        self.a4_button = self.add_footer_button(
            QCoreApplication.translate("GuidePage", "A4纸打印告知单和申请表")
        )
        self.a4_button.clicked.connect(self.print_a4)
        self.a4_button.setVisible(win.terminal.a4_configured)
        self.apply_button = self.set_primary(QCoreApplication.translate("GuidePage", "立即办理"))
        self.apply_button.clicked.connect(self.apply)
        self.code = ""

    def enter(self, **kw: Any) -> None:
        if kw.get("back") and not kw.get("code"):
            return
        code = kw.get("code", self.code)
        self.status.set_plain("")
        self.scroll_area.verticalScrollBar().setValue(0)
        if code == self.code and self.sections.count():
            return  # the same guide again: it is still laid out
        self.code = code
        item = self.win.catalogue.item(self.code)
        self.title.set_plain(item.name)
        self.hint.set_plain(item.summary or "")
        self.book_button.setVisible(self.win.terminal.appointments_offered(item))
        self._render(item)

    def _render(self, item: Any) -> None:
        while self.sections.count():
            taken = self.sections.takeAt(0)
            w = taken.widget() if taken is not None else None
            if w is not None:
                w.deleteLater()
        g = item.guide
        fee = (
            QCoreApplication.translate("GuidePage", "不收费")
            if g.free
            else joined([f"{f.name} {f.amount}" for f in g.fees])
        )
        blocks = [
            (QCoreApplication.translate("GuidePage", "谁可以申请"), [g.applicant_scope]),
            (QCoreApplication.translate("GuidePage", "办理条件"), list(g.conditions)),
            (QCoreApplication.translate("GuidePage", "需要的材料"), [material_line(m) for m in g.materials]),
            (QCoreApplication.translate("GuidePage", "收费"), [fee]),
            (
                QCoreApplication.translate("GuidePage", "办理时间"),
                [
                    QCoreApplication.translate("GuidePage", "承诺时限：{x}").format(
                        x=_limit(g.promised_days)
                    ),
                    QCoreApplication.translate("GuidePage", "法定时限：{x}").format(x=_limit(g.legal_days)),
                    QCoreApplication.translate("GuidePage", "最多跑{n}次").format(n=g.max_visits),
                ],
            ),
            (
                QCoreApplication.translate("GuidePage", "办理流程"),
                [pair(note(s.name, s.actor), s.description) for s in g.process],
            ),
            (QCoreApplication.translate("GuidePage", "咨询电话"), [f"{c.name} {c.phone}" for c in g.consult]),
        ]
        if g.delivery:  # kiosk/delivery.py: the applicant chooses before the review
            ways = joined([text_for_code(f"delivery.method.{m}") for m in g.delivery], "ui.series")
            blocks.insert(5, (QCoreApplication.translate("GuidePage", "办好以后"), [ways]))
        if g.faq:
            blocks.append((QCoreApplication.translate("GuidePage", "常见问题"), [faq_line(f) for f in g.faq]))
        for heading, lines in blocks:
            self.sections.addWidget(Text(heading, "heading"))
            self.sections.addWidget(
                Text(
                    "\n".join(f"{n}. {x}" for n, x in enumerate(lines, 1))
                    if len(lines) > 1
                    else (lines[0] if lines else "")
                )
            )
        self.sections.addStretch(1)

    def print_a4(self) -> None:
        """The notice and the form to sign by hand, on A4. A stopped queue keeps them: the screen says so."""
        self.a4_button.setEnabled(False)
        terminal, code = self.win.terminal, self.code

        def both() -> bool:
            jobs = [terminal.print_a4("notice", code), terminal.print_a4("form", code)]
            return any(j.waiting for j in jobs)

        def done(waiting: bool | None, error: BaseException | None) -> None:
            self.a4_button.setEnabled(True)
            words = text_for(error) if error else text_for_code("a4.waiting" if waiting else "a4.sent")
            self.status.set_plain(words)
            self.win.say(words)

        run_task(both, done, owner=self)

    def book(self) -> None:
        self.win.go("appointment", code=self.code)

    def apply(self) -> None:
        self.win.flow.start(self.code)

    def print_notice(self) -> None:
        self.print_button.setEnabled(False)
        self.status.set_plain(QCoreApplication.translate("GuidePage", "正在打印一次性告知单……"))
        terminal, code = self.win.terminal, self.code

        def done(_: Any, error: BaseException | None) -> None:
            self.print_button.setEnabled(True)
            if error is None:
                self.status.set_plain(
                    QCoreApplication.translate("GuidePage", "已送去打印，请在出纸口取走告知单。")
                )
            else:
                self.status.set_plain(text_for(error))

        run_task(lambda: terminal.print_notice(code), done, owner=self)
