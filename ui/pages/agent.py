"""The agent (代办员): log in with the agent number, see what still waits to reach the platform and which
applications came back "needs supplement" (补正), then file for a villager (who still places their ID card
and signs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.flow import SUPPLEMENT, supplement_request
from ui.keyboard import DigitEdit
from ui.messages import item_name, joined, text_for
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button, panel
from ui.widgets.keypad import DigitPad
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from kiosk.terminal import Terminal
    from ui.window import KioskWindow


def agent_overview(terminal: Terminal) -> dict[str, Any]:
    """Blocking (worker thread): the outbox and the applications that need a supplement, with reasons."""
    store = terminal.store
    waiting = store.outbox()
    supplements = []
    missing: dict[str, list[str]] = {}  # app id -> material ids the platform asked for
    for app in store.applications():
        if app.status == SUPPLEMENT:
            reasons, missing[app.app_id] = supplement_request(store.status_history(app.app_id))
            supplements.append((app, reasons))
    return {"waiting": waiting, "supplements": supplements, "missing": missing}


class AgentPage(Page):
    """An agent files for a villager: the agent's number goes with the application (consent is signed)."""

    name = "agent"

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.states = QStackedWidget()
        self.body.addWidget(self.states, 1)
        # login
        login = QWidget()
        row = QHBoxLayout(login)
        self.number = DigitEdit()  # typed on the pad beside it; Enter reaches the page (登录), once
        self.number.setPlaceholderText(QCoreApplication.translate("AgentPage", "代办员编号"))
        self.number.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.number.setMaxLength(12)
        col = QVBoxLayout()
        col.addWidget(self.number)
        self.error = Text("", "error")
        col.addWidget(self.error)
        col.addStretch(1)
        row.addLayout(col, 2)
        self.pad = DigitPad()
        self.pad.attach(self.number)
        row.addWidget(self.pad, 1)
        self.states.addWidget(login)
        self.login_box = login
        # dashboard
        self.dashboard = TouchScrollArea()
        self.states.addWidget(self.dashboard)
        self.login_button = self.set_primary(QCoreApplication.translate("AgentPage", "登录"))
        self.login_button.clicked.connect(self.primary_action)
        self.logged_in = False
        self.agent = ""
        self.overview: dict[str, Any] | None = None
        self.supplement_buttons: dict[str, QPushButton] = {}  # app id -> its 补正材料 button

    def enter(self, **kw: Any) -> None:
        if kw.get("back") and self.logged_in:
            self._load()
            return
        self.logged_in = False
        self.title.set_plain(QCoreApplication.translate("AgentPage", "代办员登录"))
        self.hint.set_plain(
            QCoreApplication.translate(
                "AgentPage", "请输入您的代办员编号。登录后为村民代办，村民本人要放身份证并签名。"
            )
        )
        self.login_button.setText(QCoreApplication.translate("AgentPage", "登录"))
        self.error.set_plain("")
        self.states.setCurrentWidget(self.login_box)
        self.number.setFocus()

    def primary_action(self) -> None:
        if self.logged_in:
            self.win.go("find", purpose="apply")
        else:
            self.login()

    def login(self) -> None:
        number = self.number.text().strip()
        if len(number) < 4:
            self.error.set_plain(QCoreApplication.translate("AgentPage", "请输入代办员编号。"))
            self._audit("agent.login_failed", "visitor")  # what was typed is not kept: it may be anything
            return
        self.win.flow.session.agent_id = number
        self.agent = number  # for the logout entry: the session is wiped before this page
        self._audit("agent.login", number)
        self.logged_in = True
        self.title.set_plain(QCoreApplication.translate("AgentPage", "代办员 {n}").format(n=number))
        self.hint.set_plain(QCoreApplication.translate("AgentPage", "正在读取本机的待办情况……"))
        self.login_button.setText(QCoreApplication.translate("AgentPage", "为村民办理"))
        self._load()

    def _audit(self, kind: str, actor: str) -> None:
        terminal = self.win.terminal
        run_task(lambda: terminal.audit_event(kind, actor))

    def _load(self) -> None:
        terminal = self.win.terminal
        run_task(lambda: agent_overview(terminal), self._show, owner=self)

    def _show(self, overview: dict[str, Any] | None, error: BaseException | None) -> None:
        if not self.logged_in:
            return
        if error is not None or overview is None:
            self.hint.set_plain(text_for(error) if error else "")
            return
        self.overview = overview
        waiting, supplements = overview["waiting"], overview["supplements"]
        self.hint.set_plain(
            QCoreApplication.translate("AgentPage", "待上传 {w} 件，需要补正 {s} 件。").format(
                w=len(waiting), s=len(supplements)
            )
        )
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.supplement_buttons = {}
        lay.addWidget(Text(QCoreApplication.translate("AgentPage", "需要补正的申请"), "heading"))
        if not supplements:
            lay.addWidget(Text(QCoreApplication.translate("AgentPage", "没有。"), "muted"))
        for app, reasons in supplements:
            box = panel("warn")
            bl = QVBoxLayout(box)
            name = item_name(self.win, app.item_code, app.item_name)
            bl.addWidget(Text(joined([name, app.local_receipt_no, app.masked_name], "ui.gap"), "heading"))
            if reasons:
                bl.addWidget(Text(joined(list(reasons))))
            missing = overview["missing"].get(app.app_id, [])
            if missing:  # the platform named what to bring: capture it now, as a new revision
                b = button(QCoreApplication.translate("AgentPage", "补正材料"), "primary")
                b.clicked.connect(lambda _=False, a=app, m=missing: self.win.flow.start_supplement(a, m))
                self.supplement_buttons[app.app_id] = b
                bl.addWidget(b)
            lay.addWidget(box)
        lay.addWidget(Text(QCoreApplication.translate("AgentPage", "还没送到政务服务平台的"), "heading"))
        if not waiting:
            lay.addWidget(Text(QCoreApplication.translate("AgentPage", "都已送到。"), "muted"))
        for row in waiting:
            what = row.item_name or QCoreApplication.translate("AgentPage", "服务评价")
            if row.item_name:
                what = item_name(self.win, "", row.item_name)
            tries = QCoreApplication.translate("AgentPage", "已尝试 {n} 次").format(n=row.attempts)
            lay.addWidget(Text(joined([what, row.local_receipt_no, tries], "ui.gap")))
        lay.addStretch(1)
        old = self.dashboard.takeWidget()
        if old is not None:
            old.deleteLater()
        self.dashboard.setWidget(inner)
        self.states.setCurrentWidget(self.dashboard)

    def wipe(self) -> None:
        if self.logged_in and self.agent:
            self._audit("agent.logout", self.agent)
        self.agent = ""
        self.number.setText("")  # setText, unlike clear(), also drops the undo history
        self.error.clear()
        self.logged_in = False
        self.overview = None
        self.supplement_buttons = {}
        old = self.dashboard.takeWidget()
        if old is not None:
            old.deleteLater()
        self.states.setCurrentWidget(self.login_box)
