"""Printers over real connections: a network printer on loopback and a serial printer on a pty.

Status comes from DLE EOT answers of the emulators; "no answer" must never read as "paper out".
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printing import PrinterStatus, SimulatedPrinter, open_printer
from drivers.printing.connections import Printer
from drivers.printing.decoder import decode
from drivers.printing.document import QR, Cut, Document, KeyValue, Text, Title
from drivers.printing.emulator import NetworkPrinterEmulator, SerialPrinterEmulator
from drivers.printing.errors import (
    CoverOpen,
    PaperOut,
    PrinterConfigError,
    PrinterNoAnswer,
    PrinterOffline,
    PrinterUnavailable,
)

DOC = Document(
    [
        Title("办理进度单"),
        KeyValue("受理编号", "GA0101-20261127-0042"),
        Text("审核中，请耐心等待。"),
        QR("https://q.example/1"),
        Cut(),
    ],
    title="办理进度单",
)


@pytest.fixture
def net() -> Iterator[NetworkPrinterEmulator]:
    with NetworkPrinterEmulator() as emu:
        yield emu


@pytest.fixture
def pty_printer() -> Iterator[SerialPrinterEmulator]:
    with SerialPrinterEmulator() as emu:
        yield emu


def net_printer(emu: NetworkPrinterEmulator, **kw: object) -> Printer:
    section = {"backend": "network", "host": "127.0.0.1", "port": emu.port, "paper_mm": 58, **kw}
    return open_printer(section, Path("/nonexistent"))


def serial_printer(emu: SerialPrinterEmulator) -> Printer:
    return open_printer({"backend": "serial", "device": emu.device, "baud": 9600, "paper_mm": 80}, Path("/x"))


def test_network_printer_prints_the_document(net: NetworkPrinterEmulator) -> None:
    printer = net_printer(net)
    assert printer.status() == PrinterStatus.OK
    printer.print_document(DOC)
    out = decode(net.printed, printer.profile, printer.dots)
    assert out.lines[:2] == ["办理进度单", "受理编号：GA0101-20261127-0042"]
    assert out.qr_codes == ["https://q.example/1"] and out.cuts == ["full"]
    assert out.garbled == 0


@pytest.mark.parametrize(
    ("state", "error"),
    [
        (PrinterStatus.PAPER_OUT, PaperOut),
        (PrinterStatus.COVER_OPEN, CoverOpen),
        (PrinterStatus.NO_ANSWER, PrinterNoAnswer),
        (PrinterStatus.OFFLINE, PrinterOffline),
    ],
)
def test_network_printer_not_ready_is_typed_and_nothing_is_sent(
    net: NetworkPrinterEmulator, state: PrinterStatus, error: type[Exception]
) -> None:
    printer = net_printer(net)
    net.state = state
    assert printer.status() == state
    with pytest.raises(error):
        printer.print_document(DOC)
    assert b"\x1b@" not in net.printed  # status queries only, no receipt bytes


def test_no_answer_is_not_paper_out_and_paper_low_still_prints(net: NetworkPrinterEmulator) -> None:
    printer = net_printer(net)
    net.state = PrinterStatus.NO_ANSWER
    started = time.monotonic()
    assert printer.status() == PrinterStatus.NO_ANSWER
    assert time.monotonic() - started < 5
    net.state = PrinterStatus.PAPER_LOW
    assert printer.status() == PrinterStatus.PAPER_LOW
    printer.print_document(DOC)
    assert b"\x1b@" in net.printed


def test_network_printer_back_after_power_cycle(net: NetworkPrinterEmulator) -> None:
    printer = net_printer(net)
    net.power_off()
    assert printer.status() == PrinterStatus.OFFLINE
    net.power_on()
    assert printer.status() == PrinterStatus.OK
    printer.print_document(DOC)
    assert decode(net.printed, printer.profile, printer.dots).lines[0] == "办理进度单"


def test_paper_running_out_during_the_job_is_reported_after_sending(net: NetworkPrinterEmulator) -> None:
    printer = net_printer(net)

    class RunsOut:
        """Turns the emulator to paper-out right after the receipt bytes went through."""

        def __init__(self, inner: object) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def write(self, data: bytes) -> None:
            self.inner.write(data)  # type: ignore[attr-defined]
            if len(data) > 3:
                time.sleep(0.1)
                net.state = PrinterStatus.PAPER_OUT

    printer.transport = RunsOut(printer.transport)  # type: ignore[assignment]
    with pytest.raises(PaperOut) as info:
        printer.print_document(DOC)
    assert info.value.after_send is True


def test_serial_printer_on_a_pty(pty_printer: SerialPrinterEmulator) -> None:
    printer = serial_printer(pty_printer)
    assert printer.status() == PrinterStatus.OK
    printer.print_document(DOC)
    deadline = time.monotonic() + 5
    while b"\x1c." not in pty_printer.printed and time.monotonic() < deadline:
        time.sleep(0.02)
    out = decode(pty_printer.printed, printer.profile, printer.dots)
    assert out.lines[0] == "办理进度单" and out.qr_codes == ["https://q.example/1"]
    pty_printer.state = PrinterStatus.PAPER_OUT
    assert printer.status() == PrinterStatus.PAPER_OUT
    with pytest.raises(PaperOut):
        printer.print_document(DOC)
    pty_printer.state = PrinterStatus.NO_ANSWER  # a switched-off serial printer looks like this
    assert printer.status() == PrinterStatus.NO_ANSWER


def test_a_stalled_serial_printer_does_not_hang_the_worker(
    pty_printer: SerialPrinterEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drivers.printing import connections

    monkeypatch.setattr(connections, "WRITE_MIN_S", 0.5)
    printer = open_printer(
        {"backend": "serial", "device": pty_printer.device, "baud": 921600, "profile": "basic"}, Path("/x")
    )
    pty_printer.stalled = True
    started = time.monotonic()
    with pytest.raises(PrinterOffline):
        printer.print_bytes(b"\x1b@" + b"\x00" * 150_000)  # far more than a pty buffers
    assert time.monotonic() - started < 10
    pty_printer.stalled = False


def test_serial_device_missing_is_offline(tmp_path: Path) -> None:
    printer = open_printer({"backend": "serial", "device": str(tmp_path / "ttyUSB9")}, tmp_path)
    assert printer.status() == PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.print_document(DOC)


def test_simulated_printer_writes_bin_and_png_and_can_fail(tmp_path: Path) -> None:
    printer = open_printer({"backend": "simulated", "paper_mm": 58}, tmp_path)
    assert isinstance(printer, SimulatedPrinter)
    printer.print_document(DOC)
    printer.print_document(DOC)
    out_dir = tmp_path / "printer-out"
    assert sorted(p.name for p in out_dir.iterdir()) == ["1.bin", "1.png", "2.bin", "2.png"]
    assert decode((out_dir / "2.bin").read_bytes(), printer.profile, 384).lines[0] == "办理进度单"
    printer.simulate(PrinterStatus.PAPER_OUT)
    assert printer.status() == PrinterStatus.PAPER_OUT
    with pytest.raises(PaperOut):
        printer.print_document(DOC)
    printer.simulate(PrinterStatus.OFFLINE)
    assert printer.status() == PrinterStatus.OFFLINE
    assert len(printer.printed()) == 2


def test_file_backend_writes_the_bytes_and_cannot_ask_status(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    printer = open_printer({"backend": "file", "device": str(target)}, tmp_path)
    assert printer.status() == PrinterStatus.UNKNOWN
    printer.print_document(DOC)
    assert decode(target.read_bytes(), printer.profile, printer.dots).lines[0] == "办理进度单"


def test_usb_and_cups_say_why_they_are_unavailable(tmp_path: Path) -> None:
    usb = open_printer({"backend": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011}, tmp_path)
    cups = open_printer({"backend": "cups", "device": "receipt"}, tmp_path)
    for printer in (usb, cups):
        ok, why = printer.available()
        if not ok:
            assert why
            with pytest.raises(PrinterUnavailable):
                printer.print_document(DOC)


@pytest.mark.parametrize(
    "section",
    [
        {"backend": "laser"},
        {"backend": "network", "host": ""},
        {"backend": "serial", "device": ""},
        {"backend": "usb"},
        {"backend": "simulated", "paper_mm": 76},
        {"backend": "simulated", "profile": "nope"},
    ],
)
def test_bad_printer_sections_are_config_errors(section: dict[str, object], tmp_path: Path) -> None:
    with pytest.raises(PrinterConfigError):
        open_printer(section, tmp_path)


class FakeUsbDevice:
    """Stands in for python-escpos ``Usb`` (no USB device on a CI machine): same constructor, raw I/O."""

    made: list[dict[str, object]] = []
    state = PrinterStatus.OK

    @staticmethod
    def is_usable() -> bool:
        return True

    def __init__(self, **kwargs: object) -> None:
        FakeUsbDevice.made.append(kwargs)
        self.device = self
        self.sent = bytearray()
        self._replies: list[int] = []

    def open(self) -> None:
        pass

    def _raw(self, data: bytes) -> None:
        from drivers.printing.status import REPLIES

        if data[:2] == b"\x10\x04":
            self._replies.append(REPLIES[FakeUsbDevice.state][{1: 0, 2: 1, 4: 2}[data[2]]])
        else:
            self.sent += data

    def _read(self) -> bytes:
        return bytes([self._replies.pop(0)]) if self._replies else b""

    def close(self) -> None:
        pass


def test_usb_backend_goes_through_python_escpos_usb(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from escpos import printer as escpos_printer

    monkeypatch.setattr(escpos_printer, "Usb", FakeUsbDevice)
    printer = open_printer({"backend": "usb", "usb_vendor": 0x0416, "usb_product": 0x5011}, tmp_path)
    assert printer.available() == (True, "")
    assert printer.status() == PrinterStatus.OK
    printer.print_document(DOC)
    assert FakeUsbDevice.made[-1] == {"idVendor": 0x0416, "idProduct": 0x5011}
    FakeUsbDevice.state = PrinterStatus.COVER_OPEN
    try:
        assert printer.status() == PrinterStatus.COVER_OPEN
        with pytest.raises(CoverOpen):
            printer.print_document(DOC)
    finally:
        FakeUsbDevice.state = PrinterStatus.OK


def test_python_escpos_is_loaded_on_first_use_not_at_start(tmp_path: Path) -> None:
    """Its capability database costs a third of a second to load: not on the way to the first screen."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import kiosk.terminal\n"
        "from drivers.printing import open_printer\n"
        "p = open_printer({'backend': 'network', 'host': '127.0.0.1', 'port': 9}, Path(sys.argv[1]))\n"
        "print('before', any(m.startswith('escpos') for m in sys.modules))\n"
        "p.available()\n"
        "print('after', any(m.startswith('escpos') for m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()
    assert out == ["before", "False", "after", "True"]
