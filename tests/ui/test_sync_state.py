"""The header's word on sync: a terminal its administrator revoked says so, and what it holds stays."""

from __future__ import annotations

from typing import Any

from ui.messages import text_for_code


def test_a_revoked_terminal_says_so_and_keeps_its_outbox(win: Any, qtbot: Any, terminal: Any) -> None:
    network = win.header.network
    qtbot.waitUntil(lambda: "已连接" in network.text(), timeout=20000)  # the first pass went through
    platform = terminal.embedded_platform.platform
    platform.revoke(terminal.credentials.device_id)
    terminal.rate(None, 2, ["办理时间太长"], "")  # queued, and the sync thread is woken for it
    qtbot.waitUntil(lambda: "本终端已停用，请联系管理员" in network.text(), timeout=20000)
    assert network.text().startswith(text_for_code("sync.revoked")) and "1件待上传" in network.text()
    [row] = terminal.store.outbox()
    assert row.kind == "rating" and row.attempts == 0 and not row.last_error
    assert platform.ratings() == []
    win.refresh_status()  # the terminal's status, asked afresh (as after a language change), agrees
    qtbot.waitUntil(lambda: terminal.status().sync_problem == "sync.revoked", timeout=5000)
    qtbot.waitUntil(lambda: "本终端已停用" in win.header.network.text(), timeout=5000)
