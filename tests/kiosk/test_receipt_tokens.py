"""Receipt QR codes carry an unguessable query token that the terminal keeps only hashed; a receipt number
alone (typed, guessed, or in an old receipt's QR code) shows nothing. On a demo terminal with its printer,
reading what the printer printed."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.card.samples import ELDER
from drivers.printing.decoder import Printout, decode
from kiosk.print_service import NO_QR_ON_REPRINT
from kiosk.query_codes import TOKEN_PREFIX, NumberIsNotEnough
from kiosk.session import Session
from kiosk.terminal import Terminal
from offline_cache.query_tokens import new_token


def _wait(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _printed(terminal: Terminal, count: int) -> list[Printout]:
    """What came out of the (simulated) printer so far, once ``count`` jobs are out and the queue is idle."""
    service = terminal.print_service
    assert service is not None
    printer = service.printer
    _wait(lambda: len(printer.printed()) >= count and not service.pending())
    return [decode(p.read_bytes(), printer.sim.profile, printer.sim.dots) for p in printer.printed()]


def _token(printout: Printout) -> str:
    [qr] = printout.qr_codes
    assert qr.startswith(TOKEN_PREFIX)
    return qr[len(TOKEN_PREFIX) :]


def _submit(terminal: Terminal) -> str:
    item = terminal.catalogue.items[0]
    return terminal.submit(Session(item_code=item.code, identity=ELDER, signature_png=b"s")).submitted.app_id


def _disk_bytes(home: Path) -> bytes:
    """Everything a copied disk holds of the terminal, but the simulated printer's paper."""
    return b"".join(
        p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.is_relative_to(home / "printer-out")
    )


def test_the_printed_qr_opens_the_application_and_the_disk_keeps_no_working_code(terminal: Terminal) -> None:
    app_id = _submit(terminal)
    [receipt] = _printed(terminal, 1)
    token = _token(receipt)
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8 >= 128
    found = terminal.progress(token=token)
    assert [a.app_id for a in found.applications] == [app_id] and found.history[app_id]
    assert terminal.progress(token=new_token()).applications == []  # a made-up token finds nothing
    assert token.encode() not in _disk_bytes(terminal.home)


def test_a_receipt_number_alone_shows_nothing_and_says_nothing_about_existence(terminal: Terminal) -> None:
    app_id = _submit(terminal)
    number = terminal.store.application(app_id).local_receipt_no  # type: ignore[union-attr]
    for offered in (number, number[:-4] + "0002", "no such number", ""):
        with pytest.raises(NumberIsNotEnough) as raised:
            terminal.progress(receipt_no=offered)
        assert raised.value.code == "progress.number_only"


def test_a_progress_slip_gets_a_fresh_token_and_a_reprint_none(terminal: Terminal) -> None:
    app_id = _submit(terminal)
    progress = terminal.progress(identity=ELDER)
    terminal.print_progress(progress)
    receipt, slip = _printed(terminal, 2)
    first, second = _token(receipt), _token(slip)
    assert first != second
    for token in (first, second):
        assert [a.app_id for a in terminal.progress(token=token).applications] == [app_id]
    service = terminal.print_service
    assert service is not None and service.reprint_last("acceptance") is not None
    reprint = _printed(terminal, 3)[2]
    assert reprint.qr_codes == [] and NO_QR_ON_REPRINT in reprint.text  # the kept copy lost its token
    disk = _disk_bytes(terminal.home)
    assert first.encode() not in disk and second.encode() not in disk
