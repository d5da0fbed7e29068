"""Typed errors of the printing driver.

    PrintError                      printer.error
    ├── PrinterConfigError          printer.config        bad [printer] section, unknown backend/profile
    ├── PrinterUnavailable          printer.unavailable   backend library missing on this machine
    ├── NoCjkFont                   printer.no_cjk_font   no CJK font for raster fallback / PNG rendering
    ├── DecodeError                 printer.decode        bytes outside the ESC/POS subset we emit
    ├── DocumentError               printer.document      a stored document that cannot be read back
    ├── A4Unavailable               printer.cups_unavailable  a4.py: no lp, no such queue, CUPS silent
    └── PrinterNotReady             printer.not_ready     the printer cannot take a job now
        ├── PrinterOffline          printer.offline       cannot connect / printer reports offline
        ├── PrinterNoAnswer         printer.no_answer     connected, but no reply to a status query
        ├── PaperOut                printer.paper_out     paper end sensor
        └── CoverOpen               printer.cover_open    cover open

Messages never carry personal data; the Chinese text shown to villagers is chosen from ``code`` in
``kiosk/messages/printer.py``.
"""

from __future__ import annotations

from typing import ClassVar


class PrintError(Exception):
    code: ClassVar[str] = "printer.error"


class PrinterConfigError(PrintError):
    code: ClassVar[str] = "printer.config"


class PrinterUnavailable(PrintError):
    code: ClassVar[str] = "printer.unavailable"


class A4Unavailable(PrintError):
    code: ClassVar[str] = "printer.cups_unavailable"


class NoCjkFont(PrintError):
    code: ClassVar[str] = "printer.no_cjk_font"


class DecodeError(PrintError):
    code: ClassVar[str] = "printer.decode"


class DocumentError(PrintError):
    code: ClassVar[str] = "printer.document"


class PrinterNotReady(PrintError):
    """``after_send`` is True when the job's bytes went out but the printer then reported paper out or an
    open cover: the receipt is probably incomplete and the job is printed again when the printer is back."""

    code: ClassVar[str] = "printer.not_ready"

    def __init__(self, message: str = "", after_send: bool = False) -> None:
        super().__init__(message)
        self.after_send = after_send


class PrinterOffline(PrinterNotReady):
    code: ClassVar[str] = "printer.offline"


class PrinterNoAnswer(PrinterNotReady):
    code: ClassVar[str] = "printer.no_answer"


class PaperOut(PrinterNotReady):
    code: ClassVar[str] = "printer.paper_out"


class CoverOpen(PrinterNotReady):
    code: ClassVar[str] = "printer.cover_open"
