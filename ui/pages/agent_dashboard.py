"""The agent's dashboard: the workqueues of what this agent filed here (kiosk/agent_desk.py), the drafts,
a badge (and a sound) for what came back since the last login. Tap a filing: its status history, a
progress slip to reprint, its 补正 (the existing flow, now under the agent's name)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.china_time import in_china
from ui.messages import item_name, joined, status_word, text_for, text_for_code
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.common import Text, button, panel
from ui.widgets.scrolling import TouchScrollArea

if TYPE_CHECKING:
    from kiosk.agent_desk import AgentQueues, Filing
    from kiosk.drafts import DraftInfo
    from ui.window import KioskWindow

TABS = ("today", "waiting", "delivered", "supplement", "done", "drafts")


def _tab_words(tab: str) -> str:
    return {
        "today": QCoreApplication.translate("AgentDashboard", "今日办理"),
        "waiting": QCoreApplication.translate("AgentDashboard", "待上传"),
        "delivered": QCoreApplication.translate("AgentDashboard", "已送达"),
        "supplement": QCoreApplication.translate("AgentDashboard", "需要补正"),
        "done": QCoreApplication.translate("AgentDashboard", "已办结"),
        "drafts": QCoreApplication.translate("AgentDashboard", "草稿"),
    }[tab]


def _when(t: dt.datetime | None) -> str:
    return in_china(t).strftime("%m-%d %H:%M") if t else ""


class AgentDashboardPage(Page):
    name = "agent_dashboard"
    has_back = False  # the agent leaves by 退出登录 on the band above

    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        tabs = QHBoxLayout()
        self.tabs: dict[str, QPushButton] = {}
        for tab in TABS:
            b = button(_tab_words(tab))
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, t=tab: self.show_tab(t))
            tabs.addWidget(b)
            self.tabs[tab] = b
        self.body.addLayout(tabs)
        self.area = TouchScrollArea()
        self.body.addWidget(self.area, 1)
        self.new_button = self.set_primary(QCoreApplication.translate("AgentDashboard", "为村民办理"))
        # The badge's words sit in the footer, beside 为村民办理: above the queues they cost the list a line,
        # and in elder mode under the agent's band the screen did not fit.
        outer = self.layout()
        assert outer is not None
        outer.removeWidget(self.hint)
        self.footer.insertWidget(1, self.hint, 1)
        self.new_button.clicked.connect(lambda: self.win.go("find", purpose="apply"))
        self.queues: AgentQueues | None = None
        self.drafts: list[DraftInfo] = []
        self.tab = "today"
        self.announced = False  # the badge's sound: once per login
        self.rows: dict[str, QPushButton] = {}  # app id or draft id -> its main button, for tests
        self.fresh = True

    def enter(self, **kw: Any) -> None:
        agent = self.win.agents.agent
        if agent is None:
            return
        self.title.set_plain(
            QCoreApplication.translate("AgentDashboard", "{who} 的工作台").format(who=agent.masked)
        )
        self.fresh = True  # the first list shown after coming here: the 补正 queue when it has any
        self.hint.set_plain(QCoreApplication.translate("AgentDashboard", "正在读取……"))
        self.load()

    def load(self) -> None:
        from kiosk.agent_desk import agent_queues

        agent, terminal = self.win.agents.agent, self.win.terminal
        if agent is None:
            return

        def read() -> tuple[AgentQueues, list[DraftInfo]]:
            now = dt.datetime.now(dt.UTC)
            box = terminal.drafts
            box.wipe_expired(now)
            return agent_queues(terminal.store, agent.number, agent.previous_login, now), box.list(
                agent.number, now
            )

        run_task(read, self._loaded, owner=self)

    def _loaded(self, data: tuple[AgentQueues, list[DraftInfo]] | None, error: BaseException | None) -> None:
        if data is None or self.win.agents.agent is None:
            self.hint.set_plain(text_for(error) if error else "")
            return
        self.queues, self.drafts = data
        for tab, b in self.tabs.items():
            n = len(self.drafts) if tab == "drafts" else len(self.queues.queues[tab])
            b.setText(f"{_tab_words(tab)} {n}")
        news = self.queues.news
        expiring = sum(d.expires_soon for d in self.drafts)
        parts = []
        if news:
            parts.append(QCoreApplication.translate("AgentDashboard", "有 {n} 件申请有新进展").format(n=news))
        if expiring:
            parts.append(
                QCoreApplication.translate("AgentDashboard", "{n} 份草稿明天将自动清除").format(n=expiring)
            )
        self.hint.set_plain(
            joined(parts) if parts else QCoreApplication.translate("AgentDashboard", "没有新消息。")
        )
        if news and not self.announced:
            self.announced = True
            QApplication.beep()
            self.win.say(self.hint.plain)
        fresh, self.fresh = self.fresh, False
        self.show_tab("supplement" if fresh and self.queues.queues["supplement"] else self.tab)

    # --- lists -----------------------------------------------------------------------------------------
    def show_tab(self, tab: str) -> None:
        self.tab = tab
        for t, b in self.tabs.items():
            b.setChecked(t == tab)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.rows = {}
        if tab == "drafts":
            for d in self.drafts:
                lay.addWidget(self._draft_row(d))
            empty = not self.drafts
        else:
            filings = self.queues.queues[tab] if self.queues else []
            for f in filings:
                lay.addWidget(self._filing_row(f))
            empty = not filings
        if empty:
            lay.addWidget(Text(QCoreApplication.translate("AgentDashboard", "没有。"), "muted"))
        lay.addStretch(1)
        self._replace(inner)

    def _replace(self, inner: QWidget) -> None:
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.area.setWidget(inner)

    def _filing_row(self, f: Filing) -> QWidget:
        box = panel("warn" if f.app.status == "needs_supplement" or f.news else "panel")
        bl = QVBoxLayout(box)
        name = item_name(self.win, f.app.item_code, f.app.item_name)
        head = joined([name, f.app.local_receipt_no, f.app.masked_name, status_word(f.app.status)], "ui.gap")
        bl.addWidget(Text(head, "heading"))
        if f.waiting is not None:
            age = (dt.datetime.now(dt.UTC) - f.waiting.created_at).total_seconds() // 3600
            line = QCoreApplication.translate("AgentDashboard", "已等 {h} 小时，已尝试 {n} 次").format(
                h=int(age), n=f.waiting.attempts
            )
            if f.waiting.last_error and f.waiting.attempts >= 3:  # one that keeps failing says why
                line = joined([line, text_for_code(f.waiting.last_error)], "ui.gap")
            bl.addWidget(Text(line))
        reasons, missing = f.supplement
        if f.app.status == "needs_supplement" and reasons:
            bl.addWidget(Text(joined(reasons)))
        row = QHBoxLayout()
        more = button(QCoreApplication.translate("AgentDashboard", "详情"))
        more.clicked.connect(lambda _=False, fi=f: self.show_filing(fi))
        row.addWidget(more)
        self.rows[f.app.app_id] = more
        if f.app.status == "needs_supplement" and missing:
            b = button(QCoreApplication.translate("AgentDashboard", "补正材料"), "primary")
            b.clicked.connect(lambda _=False, a=f.app, m=missing: self.win.flow.start_supplement(a, m))
            row.addWidget(b)
            self.rows[f.app.app_id + ":supplement"] = b
        row.addStretch(1)
        bl.addLayout(row)
        return box

    def show_filing(self, f: Filing) -> None:
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addWidget(Text(item_name(self.win, f.app.item_code, f.app.item_name), "heading"))
        for change in f.history:
            lay.addWidget(
                Text(joined([_when(change.at), status_word(change.status), *change.reasons], "ui.gap"))
            )
        row = QHBoxLayout()
        slip = button(QCoreApplication.translate("AgentDashboard", "补打进度单"))
        slip.clicked.connect(lambda: self._reprint(f))
        back = button(QCoreApplication.translate("AgentDashboard", "回到列表"))
        back.clicked.connect(lambda: self.show_tab(self.tab))
        row.addWidget(slip)
        row.addWidget(back)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        self.rows = {"slip": slip, "list": back}
        self._replace(inner)

    def _reprint(self, f: Filing) -> None:
        from kiosk.terminal import Progress

        terminal = self.win.terminal
        run_task(lambda: terminal.print_progress(Progress([f.app], {f.app.app_id: f.history}, False)))

    def _draft_row(self, d: DraftInfo) -> QWidget:
        box = panel("warn" if d.damaged or d.expires_soon else "panel")
        bl = QVBoxLayout(box)
        if d.damaged:
            bl.addWidget(Text(text_for_code("draft.damaged")))
        else:
            name = item_name(self.win, d.item_code, d.item_code)
            saved = QCoreApplication.translate("AgentDashboard", "保存于 {t}").format(t=_when(d.saved_at))
            bl.addWidget(Text(joined([name, saved], "ui.gap"), "heading"))
            if d.expires_soon:
                bl.addWidget(
                    Text(QCoreApplication.translate("AgentDashboard", "这份草稿明天将自动清除。"), "error")
                )
        row = QHBoxLayout()
        if not d.damaged:
            go = button(QCoreApplication.translate("AgentDashboard", "继续办理"), "primary")
            go.clicked.connect(lambda _=False, i=d.draft_id: self.win.agents.resume(i, self._not_resumed))
            row.addWidget(go)
            self.rows[d.draft_id] = go
        drop = button(QCoreApplication.translate("AgentDashboard", "删除"))
        drop.clicked.connect(lambda _=False, i=d.draft_id: self._delete(i))
        row.addWidget(drop)
        self.rows[d.draft_id + ":delete"] = drop
        row.addStretch(1)
        bl.addLayout(row)
        return box

    def _not_resumed(self, error: BaseException | None) -> None:
        self.hint.set_plain(text_for(error) if error else text_for_code("draft.error"))
        self.load()

    def _delete(self, draft_id: str) -> None:
        agent, box = self.win.agents.agent, self.win.terminal.drafts
        if agent is None:
            return
        self.tab = "drafts"
        run_task(lambda: box.delete(agent.number, draft_id), lambda _r, _e: self.load(), owner=self)

    def wipe(self) -> None:
        if self.win.agents.agent is None:  # logged out: the next login is announced again
            self.announced, self.tab = False, "today"
        self.queues, self.drafts, self.rows = None, [], {}
        old = self.area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.hint.set_plain("")
