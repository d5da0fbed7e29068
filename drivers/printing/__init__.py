"""Receipt printing: printer-independent documents, ESC/POS rendering, connections, status, decoding.

``open_printer(section, home)`` builds a ``Printer`` from the ``[printer]`` configuration section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drivers.printing.connections import EscposTransport, Printer, closing_network, escpos_class
from drivers.printing.document import Document, document_to_text, render_png
from drivers.printing.errors import PrinterConfigError
from drivers.printing.profiles import get_profile, paper_dots
from drivers.printing.simulated import SimulatedPrinter
from drivers.printing.status import PrinterStatus

__all__ = [
    "Document",
    "Printer",
    "PrinterStatus",
    "SimulatedPrinter",
    "document_to_text",
    "open_printer",
    "render_png",
]

STATUS_TIMEOUT_S = 1.5


def open_printer(section: dict[str, Any], home: Path) -> Printer:
    """The printer the ``[printer]`` section describes. Nothing is opened until the first job or status."""
    profile = get_profile(str(section.get("profile", "default")))
    dots = paper_dots(int(section.get("paper_mm", 80)), int(section.get("dpi", 203)))
    backend = str(section.get("backend", "simulated"))
    if backend == "simulated":
        return SimulatedPrinter(Path(home) / "printer-out", profile, dots)
    if backend == "network":
        host = str(section.get("host", ""))
        if not host:
            raise PrinterConfigError("printer.host is empty for the network backend")
        transport = EscposTransport(
            "network",
            closing_network,
            True,
            host=host,
            port=int(section.get("port", 9100)),
            timeout=STATUS_TIMEOUT_S,
        )
    elif backend == "serial":
        device = _required(section, "device", backend)
        transport = EscposTransport(
            "serial",
            escpos_class("Serial"),
            True,
            devfile=device,
            baudrate=int(section.get("baud", 9600)),
            bytes_per_s=int(section.get("baud", 9600)) / 10,
            timeout=STATUS_TIMEOUT_S,
            dsrdtr=False,
        )
    elif backend == "usb":
        vendor, product = int(section.get("usb_vendor", 0)), int(section.get("usb_product", 0))
        if not vendor or not product:
            raise PrinterConfigError(
                "printer.usb_vendor and printer.usb_product are needed for the usb backend"
            )
        transport = EscposTransport("usb", escpos_class("Usb"), True, idVendor=vendor, idProduct=product)
    elif backend == "file":
        transport = EscposTransport(
            "file", escpos_class("File"), False, devfile=_required(section, "device", backend)
        )
    elif backend == "cups":
        # the CUPS queue name goes in printer.device
        transport = EscposTransport(
            "cups", escpos_class("CupsPrinter"), False, printer_name=_required(section, "device", backend)
        )
    else:
        raise PrinterConfigError(f"unknown printer backend {backend!r}")
    return Printer(transport, profile, dots)


def _required(section: dict[str, Any], key: str, backend: str) -> str:
    value = str(section.get(key, ""))
    if not value:
        raise PrinterConfigError(f"printer.{key} is empty for the {backend} backend")
    return value
