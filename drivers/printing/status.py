"""Real-time printer status (DLE EOT n) and its meaning.

Each DLE EOT reply is one byte whose bits 0, 1, 4, 7 are fixed (0, 1, 1, 0). No byte at all within the
timeout is "no answer" — python-escpos reads that the same as "paper out"; we keep them apart.
"""

from __future__ import annotations

import enum

DLE_EOT_PRINTER = b"\x10\x04\x01"  # bit 3: offline
DLE_EOT_OFFLINE_CAUSE = b"\x10\x04\x02"  # bit 2: cover open, bit 5: stopped for paper end, bit 6: error
DLE_EOT_PAPER = b"\x10\x04\x04"  # bits 2-3: paper near end, bits 5-6: paper end


class PrinterStatus(enum.StrEnum):
    OK = "ok"
    PAPER_LOW = "paper_low"  # near-end sensor: still prints, tell the staff
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # cannot connect, or the printer says it is offline
    NO_ANSWER = "no_answer"  # connected, but the printer did not answer a status query
    UNKNOWN = "unknown"  # the connection cannot ask (file, CUPS), or the answer made no sense

    @property
    def can_print(self) -> bool:
        return self in (PrinterStatus.OK, PrinterStatus.PAPER_LOW, PrinterStatus.UNKNOWN)


def valid_reply(byte: int) -> bool:
    return byte & 0x93 == 0x12


def interpret(printer: int, cause: int, paper: int) -> PrinterStatus:
    """Combine the three DLE EOT replies (n = 1, 2, 4) into one status."""
    if not (valid_reply(printer) and valid_reply(cause) and valid_reply(paper)):
        return PrinterStatus.UNKNOWN
    if cause & 0x04:
        return PrinterStatus.COVER_OPEN
    if cause & 0x20 or paper & 0x60:
        return PrinterStatus.PAPER_OUT
    if printer & 0x08 or cause & 0x40:
        return PrinterStatus.OFFLINE
    if paper & 0x0C:
        return PrinterStatus.PAPER_LOW
    return PrinterStatus.OK


# Replies an emulator (or test) can give for each state: (DLE EOT 1, DLE EOT 2, DLE EOT 4).
REPLIES: dict[PrinterStatus, tuple[int, int, int]] = {
    PrinterStatus.OK: (0x16, 0x12, 0x12),
    PrinterStatus.PAPER_LOW: (0x16, 0x12, 0x1E),
    PrinterStatus.PAPER_OUT: (0x1E, 0x32, 0x72),
    PrinterStatus.COVER_OPEN: (0x1E, 0x16, 0x12),
    PrinterStatus.OFFLINE: (0x1E, 0x52, 0x12),
}
