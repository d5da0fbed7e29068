"""The logged-in agent, for the whole window: the band that says who it is, the agent's shorter idle
time, saving and resuming drafts, and logging out (explicitly, on idle, or when a sync disabled the
account). The window asks ``intercept_end`` before it ends a visit: an agent who finishes a filing goes
back to the dashboard still logged in; an idle agent is logged out, its filing saved as a draft first.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from ui.tasks import run_task
from ui.widgets.agent_bar import AgentBar

if TYPE_CHECKING:
    from kiosk.agents import AgentSession
    from kiosk.session import Session
    from ui.window import KioskWindow

log = logging.getLogger(__name__)


class AgentDesk(QObject):
    def __init__(self, win: KioskWindow) -> None:
        super().__init__(win)
        self.win = win
        self.agent: AgentSession | None = None
        self.draft_id: str | None = None  # the draft the filing under way came from, or was saved as
        self.notice = ""  # a message code for the login screen: why the last agent was logged out
        self.saving = 0  # drafts being written (tests wait for 0)
        self.bar = AgentBar()  # placed in the header while an agent is logged in
        self.bar.logout.clicked.connect(self.logout)
        self.bar.save.clicked.connect(lambda: self.save_draft(then_dashboard=True))
        win.bridge.agents_changed.connect(self._accounts_changed)

    @property
    def number(self) -> str:
        return self.agent.number if self.agent else ""

    def logged_in(self, agent: AgentSession) -> None:
        self.agent, self.notice, self.draft_id = agent, "", None
        self.bar.show_agent(self.win.header, agent.masked)
        self.bar.set_filing(False)
        cfg = self.win.terminal.config.section("agents")
        self._set_idle(float(cfg["idle_timeout_s"]), int(cfg["idle_countdown_s"]))
        self.win.go("agent_dashboard", remember=False)

    def _set_idle(self, timeout_s: float, countdown_s: int) -> None:
        self.win.idle.timer.setInterval(int(timeout_s * 1000))
        self.win.countdown.seconds = countdown_s
        self.win.idle.arm(True)

    def stamp(self, session: Session) -> None:
        """A filing starts: it carries the agent (number for the platform, masked name for the receipt)."""
        if self.agent is not None:
            session.agent_id, session.agent_label = self.agent.number, self.agent.masked
            self.bar.set_filing(True)

    def filing_under_way(self) -> bool:
        flow = self.win.flow
        return self.agent is not None and flow.session.item_code is not None and flow.result is None

    def snapshot(self) -> dict[str, Any]:
        from kiosk.drafts import session_payload

        flow = self.win.flow
        form = flow.form.values() if flow.form is not None else {}
        extra = {"missing": list(flow.missing), "supplement_receipt_no": flow.supplement_receipt_no}
        return session_payload(flow.session, form, extra)

    def save_draft(self, *, then_dashboard: bool = False) -> None:
        """Seal the filing under way for this agent (off the Qt thread); the same draft is replaced."""
        if not self.filing_under_way() or self.agent is None:
            return
        agent, payload, code = self.agent, self.snapshot(), self.win.flow.session.item_code or ""
        draft_id, box = self.draft_id, self.win.terminal.drafts
        self.saving += 1

        def saved(new_id: str | None, error: BaseException | None) -> None:
            self.saving -= 1
            if error is not None:  # the filing stays on screen: nothing is lost
                log.warning("draft not saved: %s", type(error).__name__)
                return
            if self.agent is agent:
                self.draft_id = new_id
            if then_dashboard and self.agent is agent:  # written first, then the screen is cleared
                self.draft_id = None
                self.win.end_session(reason="home")

        run_task(lambda: box.save(agent.number, agent.draft_key, code, payload, draft_id), saved)

    def resume(self, draft_id: str, shown: Any) -> None:
        """Open a draft and go on with it where the form starts; ``shown(error)`` when it cannot."""
        agent, box = self.agent, self.win.terminal.drafts
        if agent is None:
            return
        run_task(
            lambda: box.open(agent.number, agent.draft_key, draft_id),
            lambda p, e: self._resumed(draft_id, p, e, shown),
        )

    def _resumed(self, draft_id: str, payload: Any, error: BaseException | None, shown: Any) -> None:
        from kiosk.drafts import restore_session

        if error is not None or self.agent is None:
            shown(error)
            return
        flow = self.win.flow
        try:
            state = restore_session(payload, flow.session)
            flow.resume(state["form"], state["extra"])
        except Exception as exc:  # a draft from an older catalogue: its item or fields may be gone
            flow.wipe()
            shown(exc)
            return
        self.stamp(flow.session)
        self.draft_id = draft_id

    def submitted(self) -> None:
        """The filing was submitted: its draft is no longer needed."""
        agent, draft_id, box = self.agent, self.draft_id, self.win.terminal.drafts
        self.draft_id = None
        self.bar.set_filing(False)
        if agent is not None and draft_id is not None:
            run_task(lambda: box.delete(agent.number, draft_id))

    def intercept_end(self, reason: str) -> bool:
        """True: the visit ends but the agent stays logged in (back to the dashboard)."""
        if self.agent is None:
            return False
        if reason == "home":
            self.bar.set_filing(False)
            return True
        if reason == "idle" and self.filing_under_way():
            self.save_draft()
            self.notice = "agent.idle_logout"
        elif reason == "disabled":
            self.notice = "agent.logged_out_disabled"
        self._log_out()
        return False

    def logout(self) -> None:
        self.win.end_session(reason="logout")

    def _log_out(self) -> None:
        number, terminal = self.number, self.win.terminal
        run_task(lambda: terminal.audit_event("agent.logout", number))
        self.agent, self.draft_id = None, None
        self.bar.take_back()
        ui = terminal.config.section("ui")
        self._set_idle(float(ui["idle_timeout_s"]), int(ui["idle_countdown_s"]))

    def _accounts_changed(self) -> None:
        """A sync changed the accounts: an agent disabled (or gone) meanwhile is logged out, with words."""
        agent, terminal = self.agent, self.win.terminal
        if agent is None:
            return

        def checked(allowed: bool | None, _error: BaseException | None) -> None:
            if allowed is False and self.agent is agent:
                self.win.end_session(reason="disabled")
                self.win.go("agent")

        run_task(lambda: terminal.agent_allowed(agent.number), checked, owner=self.win)
