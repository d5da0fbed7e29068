"""补正 (needs supplement) completed at the terminal: the platform asks for a missing material, the agent
taps 补正材料, the applicant's card is read, the camera captures the material, review shows it is a
supplement, sign, submit -> the platform holds revision 2 of the SAME application with the captured bytes."""

from __future__ import annotations

import hashlib
from typing import Any

from ui_helpers import Tapper, submitted_then_sent_back, wait_page

from offline_cache import sealing

MISSING = "income_statement"  # 家庭收入及财产状况申报表 in the 低保 guide: captured, not an e-licence


def test_supplement_from_agent_dashboard_makes_revision_2(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    from agent_helpers import agents_synced, log_in, sign_consent, start_filing, submit, to_consent

    # the agent files for the villager; the platform asks for 补正
    agents_synced(terminal, qtbot)
    log_in(win, qtbot, taps)
    start_filing(win, qtbot, taps)
    to_consent(win, qtbot)
    sign_consent(win, qtbot, taps)
    submit(win, qtbot, taps)
    app_id = win.flow.result.submitted.app_id
    qtbot.waitUntil(lambda: terminal.store.application(app_id).delivered, timeout=30000)
    platform = terminal.embedded_platform
    platform.set_status(app_id, "needs_supplement", ["收入申报表缺少签字（样例）"], [MISSING])
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(app_id).status == "needs_supplement", timeout=30000)
    first = terminal.store.application(app_id)

    # back on the dashboard, the agent taps 补正材料 on the application
    win.end_session()
    board = wait_page(qtbot, win, "agent_dashboard")
    qtbot.waitUntil(lambda: app_id + ":supplement" in board.rows, timeout=10000)
    taps.tap(board.rows[app_id + ":supplement"], "补正材料")
    wait_page(qtbot, win, "card")

    # the applicant's card is read and matched, then the camera captures the missing material by itself
    capture = wait_page(qtbot, win, "capture", timeout=20000)
    assert capture.material.id == MISSING and not capture.later_button.isVisible()
    qtbot.waitUntil(lambda: bool(win.flow.session.pages.get(MISSING)), timeout=20000)
    review = sign_consent(win, qtbot, taps)  # on the villager's behalf: the consent again
    shown = "\n".join(t.plain for t in review.lines)
    assert f"受理编号 {first.local_receipt_no} 的补正材料" in shown
    assert "家庭收入及财产状况申报表：已拍" in shown
    captured = [p.jpeg for p in win.flow.session.pages[MISSING]]
    assert set(win.flow.session.pages) == {MISSING}
    receipt = submit(win, qtbot, taps)
    second = win.flow.result.submitted
    assert second.app_id == app_id and second.revision == 2
    assert receipt.title.plain == "补正材料已提交" and first.local_receipt_no in receipt.owed.plain
    printer = terminal.print_service.printer
    # the two consents, the first receipt and the supplement notice
    qtbot.waitUntil(lambda: len(printer.printed()) >= 4, timeout=15000)

    # the platform holds revision 2 of the same application, and still only one application
    def revisions() -> list[int]:
        apps = platform.applications()
        return [r["revision"] for r in apps[0]["revisions"]] if apps else []

    qtbot.waitUntil(lambda: revisions() == [1, 2], timeout=30000)
    apps = platform.applications()
    assert len(apps) == 1 and apps[0]["app_id"] == app_id
    manifest, key, blobs = platform.platform.open_revision(app_id, 2)
    sent = []
    for entry, blob in zip(manifest["attachments"], blobs, strict=True):
        clear = sealing.open_part(key, app_id, entry["part"], blob.read_bytes())
        assert hashlib.sha256(clear).hexdigest() == entry["sha256"]
        if entry["material"] == MISSING:
            sent.append(clear)
    assert sent == captured and captured


def test_supplement_from_progress_refuses_another_persons_card(
    win: Any, qtbot: Any, taps: Tapper, terminal: Any
) -> None:
    from drivers.card.samples import ELDER, FARMER
    from drivers.card.simulated import SimulatedReader

    app_id = submitted_then_sent_back(win, qtbot, taps, terminal, ["缺收入申报表（样例）"], (MISSING,))
    # the applicant queries progress with their card; then someone else's card is placed for the 补正
    terminal.card_reader = SimulatedReader([ELDER, FARMER, ELDER], loop=True)
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    taps.tap(progress.by_card)
    qtbot.waitUntil(lambda: app_id in progress.supplement_buttons, timeout=20000)
    taps.tap(progress.supplement_buttons[app_id], "补正材料")
    card = wait_page(qtbot, win, "card")
    qtbot.waitUntil(lambda: "不是这件申请的申请人" in card.message.plain, timeout=10000)
    assert win.current() is card and win.flow.session.identity is None
    taps.tap(card.retry_button, "再读一次")  # now the applicant's own card
    capture = wait_page(qtbot, win, "capture", timeout=20000)
    assert capture.material.id == MISSING
    assert win.flow.session.identity is not None and win.flow.session.identity.name == ELDER.name
