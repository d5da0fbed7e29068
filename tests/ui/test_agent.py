"""The agent's dashboard: what waits to reach the platform, and what came back "needs supplement"."""

from __future__ import annotations

from typing import Any

from ui_helpers import Tapper, submitted_then_sent_back, wait_page


def test_agent_sees_supplements_and_files_with_their_number(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    app_id = submitted_then_sent_back(win, qtbot, taps, terminal, ["收入证明缺少村委会盖章（样例）"])
    taps.tap(win.pages["home"].tiles["agent"])
    agent = wait_page(qtbot, win, "agent")
    for ch in "8001":
        taps.tap(agent.pad.buttons[ch])
    taps.tap(agent.login_button, "登录")
    qtbot.waitUntil(lambda: agent.overview is not None, timeout=10000)
    assert [a.app_id for a, _ in agent.overview["supplements"]] == [app_id]
    assert "村委会盖章" in "\n".join(
        t.plain for t in agent.dashboard.widget().findChildren(type(agent.title))
    )
    taps.tap(agent.login_button, "为村民办理")
    wait_page(qtbot, win, "find")
    assert win.flow.session.agent_id == "8001"
    qtbot.waitUntil(lambda: ("agent.login", "8001", {}) in audit_entries(terminal), timeout=5000)
    win.end_session()
    qtbot.waitUntil(lambda: ("agent.logout", "8001", {}) in audit_entries(terminal), timeout=5000)
    assert ("session.wiped", "8001", {"reason": "home"}) in audit_entries(terminal)


def audit_entries(terminal: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [(e.kind, e.actor, dict(e.details)) for e in terminal.store.audit.entries()]


def test_a_failed_agent_login_is_recorded_without_what_was_typed(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    taps.tap(win.pages["home"].tiles["agent"])
    agent = wait_page(qtbot, win, "agent")
    for ch in "13":
        taps.tap(agent.pad.buttons[ch])
    taps.tap(agent.login_button, "登录")
    qtbot.waitUntil(lambda: ("agent.login_failed", "visitor", {}) in audit_entries(terminal), timeout=5000)
    assert not agent.logged_in
    # What was typed is in no entry of the login attempt (other entries carry random ids, which may hold "13").
    failed = [e for e in terminal.store.audit.entries() if e.kind == "agent.login_failed"]
    assert failed and all(e.subject == "" and "13" not in str(dict(e.details)) for e in failed)
