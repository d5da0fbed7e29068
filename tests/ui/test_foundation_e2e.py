"""Issue 2's end-to-end path through every layer, with the platform's side checked.

home -> choose 低保申请 -> read the (simulated) ID card -> form prefilled from the card -> capture the
materials with the (simulated) camera -> review -> sign -> submit (sealed and queued, the UI never waits
for the network) -> receipt printed -> delivered in the background to the reference platform over HTTP
-> a status change made on the platform shows up on the terminal's progress screen.

The platform opens what it received with its private key: exactly one application, the card's identity,
the form's values, and attachments byte-identical to the pages the camera captured.
"""

from __future__ import annotations

import hashlib
from typing import Any

from test_apply import apply_low_income
from ui_helpers import Tapper, wait_page

from offline_cache import sealing


def test_apply_deliver_and_status_back(win: Any, qtbot: Any, taps: Tapper, terminal: Any) -> None:
    apply_low_income(win, qtbot, taps, defer=False)
    session = win.flow.session
    identity = session.identity
    captured = {mid: [p.jpeg for p in pages] for mid, pages in session.pages.items()}
    submitted = win.flow.result.submitted
    assert captured, "the camera captured no material"

    # Delivered in the background: the platform holds exactly one application, once.
    platform = terminal.embedded_platform
    qtbot.waitUntil(lambda: len(platform.applications()) == 1, timeout=30000)
    qtbot.waitUntil(lambda: terminal.store.pending_count() == 0, timeout=30000)
    apps = platform.applications()
    assert len(apps) == 1 and apps[0]["app_id"] == submitted.app_id
    assert apps[0]["station_code"] == terminal.station.code

    # What it received opens with the platform key and is the application that was made at the screen.
    manifest, key, blobs = platform.platform.open_revision(submitted.app_id)
    assert manifest["local_receipt_no"] == submitted.local_receipt_no
    assert manifest["item"]["name"].startswith("最低生活保障")
    assert manifest["applicant"]["id_number"] == identity.id_number
    assert manifest["applicant"]["name"] == identity.name
    assert manifest["form"]["name"] == identity.name  # prefilled from the card
    assert manifest["consent"]["signature_png"]  # the signature travelled with it
    sent = {}
    for entry, blob in zip(manifest["attachments"], blobs, strict=True):
        clear = sealing.open_part(key, submitted.app_id, entry["part"], blob.read_bytes())
        assert hashlib.sha256(clear).hexdigest() == entry["sha256"]
        sent.setdefault(entry["material"], []).append(clear)
    assert sent == captured  # byte-identical, every page of every material

    # The receipt came out of the printer.
    printer = terminal.print_service.printer
    qtbot.waitUntil(lambda: len(printer.printed()) >= 1, timeout=15000)

    # Staff approve it on the platform; the terminal pulls the change and the progress screen shows it.
    taps.tap(win.pages["receipt"].finish_button, "办完了")
    wait_page(qtbot, win, "home")
    platform.set_status(submitted.app_id, "approved")
    terminal.sync.wake()
    qtbot.waitUntil(lambda: terminal.store.application(submitted.app_id).status == "approved", timeout=30000)
    taps.tap(win.pages["home"].tiles["progress"])
    progress = wait_page(qtbot, win, "progress")
    progress.progress = None
    taps.tap(progress.by_card)
    qtbot.waitUntil(lambda: progress.progress is not None, timeout=20000)
    shown = progress.progress.applications
    assert [a.app_id for a in shown] == [submitted.app_id]
    assert shown[0].status == "approved"
