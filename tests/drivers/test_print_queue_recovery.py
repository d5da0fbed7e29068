"""Nothing silently lost: jobs survive the printer being off, paper out, and a restart of the app.

Real parts throughout: the SQLite queue on disk, the print service on the printer worker thread, and
printers on loopback TCP and on a pty answering DLE EOT.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.printing import PrinterStatus, open_printer
from drivers.printing.connections import Printer
from drivers.printing.decoder import decode
from drivers.printing.document import Cut, Document, KeyValue, Title
from drivers.printing.emulator import NetworkPrinterEmulator, SerialPrinterEmulator
from kiosk.print_service import REPRINT_MARK, PrintService, PrintServiceState
from offline_cache.print_queue import PrintQueue


def receipt(n: int) -> Document:
    return Document(
        [Title("受理回执"), KeyValue("受理编号", f"GA0101-20261127-{n:04d}"), Cut()], title="受理回执"
    )


def wait_for(cond: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


def numbers(data: bytes, printer: Printer) -> list[str]:
    return [
        ln.split("：")[1]
        for ln in decode(data, printer.profile, printer.dots).lines
        if ln.startswith("受理编号")
    ]


@pytest.fixture
def net() -> Iterator[NetworkPrinterEmulator]:
    with NetworkPrinterEmulator() as emu:
        yield emu


def service(home: Path, printer: Printer) -> PrintService:
    svc = PrintService(
        PrintQueue(home / "print_queue.db"), printer, retry_s=0.05, max_retry_s=0.2, status_poll_s=0.2
    )
    svc.start()
    return svc


def net_printer(emu: NetworkPrinterEmulator, home: Path) -> Printer:
    return open_printer({"backend": "network", "host": "127.0.0.1", "port": emu.port, "paper_mm": 58}, home)


def test_jobs_wait_while_the_network_printer_is_off(net: NetworkPrinterEmulator, tmp_path: Path) -> None:
    printer = net_printer(net, tmp_path)
    net.power_off()
    svc = service(tmp_path, printer)
    try:
        started = time.monotonic()
        ids = [svc.enqueue(receipt(n), "acceptance") for n in (1, 2, 3)]
        assert time.monotonic() - started < 0.5  # never waits for the device
        assert wait_for(lambda: svc.paper_state() == "offline")
        assert [j.id for j in svc.pending()] == ids
        net.power_on()
        assert wait_for(lambda: not svc.pending())
        assert numbers(net.printed, printer) == [
            "GA0101-20261127-0001",
            "GA0101-20261127-0002",
            "GA0101-20261127-0003",
        ]
        assert svc.paper_state() == "ok"
    finally:
        svc.stop()


def test_paper_out_holds_the_job_until_paper_is_back(net: NetworkPrinterEmulator, tmp_path: Path) -> None:
    printer = net_printer(net, tmp_path)
    net.state = PrinterStatus.PAPER_OUT
    svc = service(tmp_path, printer)
    seen: list[PrintServiceState] = []
    svc.on_change = seen.append
    try:
        svc.enqueue(receipt(7), "acceptance")
        assert wait_for(lambda: svc.paper_state() == "paper_out")
        assert wait_for(lambda: svc.pending()[0].attempts >= 3)  # tried again, and again: still held
        assert len(svc.pending()) == 1 and numbers(net.printed, printer) == []
        assert any(s.last_error == "printer.paper_out" and s.pending == 1 for s in seen)
        net.state = PrinterStatus.OK
        assert wait_for(lambda: not svc.pending())
        assert numbers(net.printed, printer) == ["GA0101-20261127-0007"]
        assert seen[-1].paper_state == "ok" and seen[-1].pending == 0
    finally:
        svc.stop()


def test_no_answer_is_reported_as_such_and_the_job_waits(net: NetworkPrinterEmulator, tmp_path: Path) -> None:
    printer = net_printer(net, tmp_path)
    net.state = PrinterStatus.NO_ANSWER
    svc = service(tmp_path, printer)
    try:
        svc.enqueue(receipt(8), "acceptance")
        assert wait_for(lambda: svc.paper_state() == "no_answer")
        assert len(svc.pending()) == 1
    finally:
        svc.stop()
    net.state = PrinterStatus.OK
    svc = service(tmp_path, printer)
    try:
        assert wait_for(lambda: not svc.pending())
        assert numbers(net.printed, printer) == ["GA0101-20261127-0008"]
    finally:
        svc.stop()


def test_jobs_survive_a_restart_of_the_app(net: NetworkPrinterEmulator, tmp_path: Path) -> None:
    printer = net_printer(net, tmp_path)
    net.power_off()
    svc = service(tmp_path, printer)
    svc.enqueue(receipt(11), "acceptance")
    svc.enqueue(receipt(12), "acceptance")
    svc.stop()
    svc.queue.close()
    # a crash in the middle of sending leaves a job "printing": the next start sends it again
    queue = PrintQueue(tmp_path / "print_queue.db")
    assert queue.take() is not None
    queue.close()

    net.power_on()
    svc = service(tmp_path, net_printer(net, tmp_path))
    try:
        assert svc.queue.recovered == 1
        assert wait_for(lambda: not svc.pending())
        assert numbers(net.printed, printer) == ["GA0101-20261127-0011", "GA0101-20261127-0012"]
    finally:
        svc.stop()


def test_serial_printer_jobs_wait_while_it_does_not_answer(tmp_path: Path) -> None:
    with SerialPrinterEmulator() as emu:
        printer = open_printer({"backend": "serial", "device": emu.device, "paper_mm": 80}, tmp_path)
        emu.state = PrinterStatus.NO_ANSWER  # switched off: the line stays, nothing answers
        svc = service(tmp_path, printer)
        try:
            svc.enqueue(receipt(21), "acceptance")
            assert wait_for(lambda: svc.paper_state() == "no_answer")
            emu.state = PrinterStatus.PAPER_OUT
            assert wait_for(lambda: svc.paper_state() == "paper_out")
            assert len(svc.pending()) == 1
            emu.state = PrinterStatus.OK
            assert wait_for(lambda: not svc.pending())
            assert wait_for(lambda: b"\x1c." in emu.printed)
            assert numbers(emu.printed, printer) == ["GA0101-20261127-0021"]
        finally:
            svc.stop()


def test_reprint_last_marks_the_copy(tmp_path: Path) -> None:
    printer = open_printer({"backend": "simulated", "paper_mm": 58}, tmp_path)
    svc = service(tmp_path, printer)
    try:
        assert svc.reprint_last() is None
        svc.enqueue(receipt(31), "acceptance")
        svc.enqueue(Document([Title("办理进度单"), Cut()]), "progress_slip")
        assert wait_for(lambda: not svc.pending())
        job = svc.reprint_last("acceptance")
        assert job is not None
        assert wait_for(lambda: not svc.pending())
        files = sorted((tmp_path / "printer-out").glob("*.bin"), key=lambda p: int(p.stem))
        assert len(files) == 3
        lines = decode(files[-1].read_bytes(), printer.profile, printer.dots).lines
        assert lines[:3] == ["受理回执", REPRINT_MARK, "受理编号：GA0101-20261127-0031"]
        assert svc.queue.get(job) is not None and svc.queue.get(job).reprint_of == 1  # type: ignore[union-attr]
        assert [j.kind for j in svc.recent()] == ["acceptance", "progress_slip", "acceptance"]
        slip = svc.recent(kind="progress_slip")[0]
        again = svc.reprint(slip.id)
        assert again is not None and svc.reprint(10_000) is None
        assert wait_for(lambda: not svc.pending())
        assert len(list((tmp_path / "printer-out").glob("*.bin"))) == 4
    finally:
        svc.stop()


def test_an_unreadable_stored_job_is_marked_failed_and_the_rest_print(tmp_path: Path) -> None:
    printer = open_printer({"backend": "simulated"}, tmp_path)
    queue = PrintQueue(tmp_path / "print_queue.db")
    bad = queue.add("acceptance", '{"version": 1, "blocks": [{"type": "hologram"}]}')
    queue.close()
    svc = service(tmp_path, printer)
    try:
        svc.enqueue(receipt(41), "acceptance")
        assert wait_for(lambda: not svc.pending())
        assert [j.id for j in svc.queue.failed()] == [bad]
        assert len(list((tmp_path / "printer-out").glob("*.bin"))) == 1
    finally:
        svc.stop()
