"""Receipt printing: printer-independent documents, ESC/POS rendering, connections, status, decoding.

``open_printer(section, home)`` builds a ``Printer`` from the ``[printer]`` configuration section.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drivers.printing.connections import Printer
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


def open_printer(section: dict[str, Any], home: Path) -> Printer:
    """The printer the ``[printer]`` section describes (its backend from ``drivers.backends.PRINTERS``).
    Nothing is opened until the first job or status."""
    from drivers.backends import PRINTERS, describe

    profile = get_profile(str(section.get("profile", "default")))
    dots = paper_dots(int(section.get("paper_mm", 80)), int(section.get("dpi", 203)))
    backend = str(section.get("backend", "simulated"))
    build = PRINTERS.builder(backend)
    if build is None:
        raise PrinterConfigError(f"unknown printer backend {backend!r} (known: {describe(PRINTERS)})")
    return build(section, Path(home), profile, dots)
