"""The printer backends, one builder each, by the names ``drivers.backends.PRINTERS`` gives them: the
simulated printer, and ESC/POS over a network socket, a serial line, USB, a device file or a CUPS queue
(python-escpos's connection classes, imported when the backend is built)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drivers.printing.connections import EscposTransport, Printer, closing_network, escpos_class
from drivers.printing.errors import PrinterConfigError
from drivers.printing.profiles import PrinterProfile
from drivers.printing.simulated import SimulatedPrinter

STATUS_TIMEOUT_S = 1.5


def _required(section: dict[str, Any], key: str, backend: str) -> str:
    value = str(section.get(key, ""))
    if not value:
        raise PrinterConfigError(f"printer.{key} is empty for the {backend} backend")
    return value


def simulated(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    return SimulatedPrinter(home / "printer-out", profile, dots)


def network(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    host = _required(section, "host", "network")
    transport = EscposTransport(
        "network",
        closing_network,
        True,
        host=host,
        port=int(section.get("port", 9100)),
        timeout=STATUS_TIMEOUT_S,
    )
    return Printer(transport, profile, dots)


def serial(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    baud = int(section.get("baud", 9600))
    transport = EscposTransport(
        "serial",
        escpos_class("Serial"),
        True,
        devfile=_required(section, "device", "serial"),
        baudrate=baud,
        bytes_per_s=baud / 10,
        timeout=STATUS_TIMEOUT_S,
        dsrdtr=False,
    )
    return Printer(transport, profile, dots)


def usb(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    vendor, product = int(section.get("usb_vendor", 0)), int(section.get("usb_product", 0))
    if not vendor or not product:
        raise PrinterConfigError("printer.usb_vendor and printer.usb_product are needed for the usb backend")
    transport = EscposTransport("usb", escpos_class("Usb"), True, idVendor=vendor, idProduct=product)
    return Printer(transport, profile, dots)


def file(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    device = _required(section, "device", "file")
    return Printer(EscposTransport("file", escpos_class("File"), False, devfile=device), profile, dots)


def cups(section: dict[str, Any], home: Path, profile: PrinterProfile, dots: int) -> Printer:
    queue = _required(section, "device", "cups")  # the CUPS queue name goes in printer.device
    transport = EscposTransport("cups", escpos_class("CupsPrinter"), False, printer_name=queue)
    return Printer(transport, profile, dots)
