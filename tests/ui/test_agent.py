"""Agents (代办员) end to end with the demo's reference platform over HTTP: accounts from the platform,
login with number and PIN on the digit pad, the lockout, filing on a villager's behalf (the villager's
card, the consent printed and decoded from the ESC/POS bytes, both signatures), a draft saved half-way,
the idle logout, the draft resumed, the 补正 from the dashboard's badge, and what the platform records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent_helpers import (
    PINS,
    agents_synced,
    log_in,
    sign_consent,
    start_filing,
    submit,
    to_consent,
    try_login,
)
from ui_helpers import Tapper, all_visible_text, wait_page

from drivers.card.samples import ELDER
from drivers.printing.decoder import decode
from drivers.printing.profiles import get_profile

MISSING = "income_statement"


def printed_texts(terminal: Any) -> list[str]:
    out = Path(terminal.home) / "printer-out"
    files = sorted(out.glob("*.bin"), key=lambda p: int(p.stem))
    return [decode(p.read_bytes(), get_profile("default"), 576).text for p in files]


def audit(terminal: Any) -> list[tuple[str, str]]:
    return [(e.kind, e.actor) for e in terminal.store.audit.entries()]


def test_wrong_pins_lock_the_account_and_a_new_window_finds_it_locked(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    from ui.app import build_window

    agents_synced(terminal, qtbot)
    page = try_login(win, qtbot, taps, "9999", "135790")
    assert "没有这个代办员编号" in page.error.plain
    for left in (4, 3, 2, 1):
        page = try_login(win, qtbot, taps, "8002", "975310")
        assert f"还可以再试 {left} 次" in page.error.plain and page.pin.text() == ""
    page = try_login(win, qtbot, taps, "8002", "975310")
    assert "账号已锁定，请 1 分钟后再试" in page.error.plain
    page = try_login(win, qtbot, taps, "8002", PINS["8002"])  # the right PIN, too late
    assert "已锁定" in page.error.plain and win.current() is page
    assert ("agent.locked_out", "system") in audit(terminal)
    assert all("975310" not in str(e) for e in terminal.store.audit.entries())

    win.allow_close()
    win.close()
    again = build_window(terminal, kiosk_mode=False, elder=False, language="zh_CN")
    again.show()
    try:
        qtbot.waitExposed(again)
        page = try_login(again, qtbot, taps, "8002", PINS["8002"])
        assert "已锁定" in page.error.plain and again.agents.agent is None
    finally:
        again.allow_close()
        again.close()
        again.deleteLater()


def test_an_agent_files_for_a_villager_saves_a_draft_resumes_it_and_completes_the_supplement(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    agents_synced(terminal, qtbot)
    board = log_in(win, qtbot, taps)
    assert win.agents.bar.isVisible() and win.header.station.text() == "代办员 8001 王* 已登录"
    assert win.idle.timer.interval() == 60_000  # the agent's idle time, shorter than a villager's

    # half-way: the form is answered, then 存为草稿; back on the dashboard the draft is listed
    start_filing(win, qtbot, taps)
    taps.tap(win.agents.bar.save, "存为草稿")
    board = wait_page(qtbot, win, "agent_dashboard")
    qtbot.waitUntil(lambda: win.agents.saving == 0 and len(board.drafts) == 1, timeout=15000)
    assert win.flow.session.identity is None

    # resume it, then leave the terminal alone: the countdown ends the session and keeps the filing
    taps.tap(board.tabs["drafts"], "草稿")
    draft_id = board.drafts[0].draft_id
    taps.tap(board.rows[draft_id], "继续办理")
    wait_page(qtbot, win, "form", timeout=15000)
    assert win.flow.session.identity == ELDER and win.flow.form.values()
    to_consent(win, qtbot)
    win.idle.timer.timeout.emit()  # what the idle timer does when nobody touched the screen
    taps.tap(win.countdown.end_button, "结束办理")
    wait_page(qtbot, win, "home")
    qtbot.waitUntil(lambda: win.agents.saving == 0, timeout=15000)
    assert win.agents.agent is None and not win.agents.bar.isVisible()
    assert win.header.station.text() == terminal.station.name
    assert ELDER.name not in "\n".join(all_visible_text(win))
    assert win.idle.timer.interval() == 90_000
    assert ("agent.logout", "8001") in audit(terminal)

    # log in again: the same draft (saved again at the idle logout), resumed; the consent; submit
    board = log_in(win, qtbot, taps)
    assert "已退出登录" not in board.hint.plain
    taps.tap(board.tabs["drafts"], "草稿")
    assert [d.draft_id for d in board.drafts] == [draft_id]
    taps.tap(board.rows[draft_id], "继续办理")
    wait_page(qtbot, win, "form", timeout=15000)
    to_consent(win, qtbot)
    sign_consent(win, qtbot, taps)
    consent_paper = printed_texts(terminal)[-1]
    assert "委托代办授权书" in consent_paper and "8001 王*" in consent_paper
    assert ELDER.name not in consent_paper and "免费" in consent_paper
    receipt = submit(win, qtbot, taps)
    app_id = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: "代办员：8001 王*" in printed_texts(terminal)[-1], timeout=15000)
    assert receipt is win.current()
    qtbot.waitUntil(lambda: not terminal.drafts.list("8001"), timeout=10000)  # its draft is gone

    # delivered; the agent logs out; the platform asks for 补正 with a missing material
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    win.end_session()  # 完成 on the receipt: back to the dashboard, still logged in
    board = wait_page(qtbot, win, "agent_dashboard")
    taps.tap(win.agents.bar.logout, "退出登录")
    wait_page(qtbot, win, "home")
    terminal.embedded_platform.set_status(
        app_id, "needs_supplement", ["收入申报表缺少签字（样例）"], [MISSING]
    )
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "needs_supplement", timeout=30000)

    # the badge after the sync; the 补正 under the agent's name, with the consent again
    board = log_in(win, qtbot, taps)
    assert "有 1 件申请有新进展" in board.hint.plain and board.tabs["supplement"].isChecked()
    taps.tap(board.rows[app_id + ":supplement"], "补正材料")
    wait_page(qtbot, win, "capture", timeout=20000)
    qtbot.waitUntil(lambda: bool(win.flow.session.pages.get(MISSING)), timeout=20000)
    wait_page(qtbot, win, "agent_consent", timeout=15000)
    sign_consent(win, qtbot, taps)
    submit(win, qtbot, taps)
    assert win.flow.result.submitted.revision == 2

    platform = terminal.embedded_platform.platform
    qtbot.waitUntil(lambda: len(platform.agents.filings(app_id)) == 2, timeout=30000)
    apps = platform.list_applications()
    assert [a["app_id"] for a in apps] == [app_id]
    filings = platform.agents.filings(app_id)
    assert [f["revision"] for f in filings] == [1, 2]
    for f in filings:
        assert f["agent_no"] == "8001" and f["presence"] == "id_card" and f["agent_flag"] == ""
        assert f["consent_version"] and len(f["consent_sha256"]) == 64
    manifest, _key, _blobs = platform.open_revision(app_id, 2)
    assert manifest["consent"]["signature_png"] and manifest["consent"]["agent_signature_png"]
    assert manifest["consent"]["agent_id"] == "8001" and manifest["consent"]["presence"] == "id_card"


def test_a_second_agent_sees_nothing_of_the_first(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    agents_synced(terminal, qtbot)
    log_in(win, qtbot, taps, "8001")
    start_filing(win, qtbot, taps)
    taps.tap(win.agents.bar.save, "存为草稿")
    board = wait_page(qtbot, win, "agent_dashboard")
    qtbot.waitUntil(lambda: win.agents.saving == 0 and len(board.drafts) == 1, timeout=15000)
    start_filing(win, qtbot, taps)
    to_consent(win, qtbot)
    sign_consent(win, qtbot, taps)
    submit(win, qtbot, taps)
    win.end_session()
    board = wait_page(qtbot, win, "agent_dashboard")
    qtbot.waitUntil(
        lambda: board.queues is not None and len(board.queues.queues["today"]) == 1, timeout=15000
    )
    taps.tap(win.agents.bar.logout, "退出登录")

    board = log_in(win, qtbot, taps, "8002")
    assert board.drafts == [] and all(q == [] for q in board.queues.queues.values())
    first = terminal.drafts.list("8001")[0].draft_id
    from kiosk.drafts import DraftMissing

    try:  # even asked for by id, 8002's key opens nothing of 8001's
        terminal.drafts.open("8002", win.agents.agent.draft_key, first)
        raise AssertionError("opened another agent's draft")
    except DraftMissing:
        pass


def test_disabling_the_agent_on_the_platform_logs_it_out_and_refuses_the_next_login(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    agents_synced(terminal, qtbot)
    log_in(win, qtbot, taps, "8001")
    terminal.embedded_platform.platform.agents.set_disabled("8001", True)
    terminal.sync.wake()
    page = wait_page(qtbot, win, "agent", timeout=30000)
    assert win.agents.agent is None and "已在平台停用，已退出登录" in page.error.plain
    page = try_login(win, qtbot, taps, "8001", PINS["8001"])
    assert "账号已停用" in page.error.plain and win.current() is page
