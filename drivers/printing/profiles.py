"""Printer profiles: what a model can do, chosen by name in ``[printer] profile``.

A profile says whether the printer has a Chinese (GB18030/GBK) font, whether it starts in Chinese mode
or needs ``FS &`` to enter it, whether it has the native QR command (``GS ( k``), partial cut and
real-time status (``DLE EOT``). Paper geometry comes from ``paper_mm`` and ``dpi``.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printing.errors import PrinterConfigError

CELL_W = 12  # font A: half-width cell, dots
CELL_H = 24  # font A: glyph height, dots; a full-width (Chinese) character is 24 x 24
LINE_GAP = 6  # dots between lines; the line pitch is CELL_H * height + LINE_GAP

_PAPER_DOTS = {(58, 203): 384, (80, 203): 576, (58, 180): 360, (80, 180): 512}


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    chinese_font: bool  # has a GB18030/GBK font; False -> Chinese text goes as raster images
    starts_in_chinese: bool  # in Chinese mode after power-on / ESC @
    needs_fs: bool  # send FS & before text and FS . at the end
    native_qr: bool  # GS ( k; False -> QR as a raster image
    partial_cut: bool
    realtime_status: bool  # answers DLE EOT; False -> status is "unknown", jobs are sent blind
    escpos_profile: str = "default"  # python-escpos capability profile


PROFILES: dict[str, PrinterProfile] = {
    p.name: p
    for p in (
        # Chinese thermal printers (Xprinter, Gprinter, Rongta, ...): GB18030 font, Chinese mode at power-on.
        # FS & is sent anyway: harmless there, and it undoes a previous program leaving single-byte mode.
        PrinterProfile("default", True, True, True, True, True, True),
        # Same printers, strictly without FS & / FS . (some clones print them as text).
        PrinterProfile("gb18030-nofs", True, True, False, True, True, True),
        # Epson TM with the Simplified Chinese font: single-byte mode at power-on, FS & required.
        PrinterProfile("epson-sc", True, False, True, True, True, True, "TM-T88V"),
        # No Chinese font: Chinese lines as raster, QR native.
        PrinterProfile("no-cjk", False, False, False, True, True, True),
        # No Chinese font, no QR command, no status: everything non-ASCII as raster.
        PrinterProfile("basic", False, False, False, False, False, False),
        # Chinese printer behind a print server that never answers DLE EOT.
        PrinterProfile("silent", True, True, True, True, True, False),
    )
}


def get_profile(name: str) -> PrinterProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise PrinterConfigError(f"unknown printer profile {name!r}; known: {sorted(PROFILES)}") from None


def paper_dots(paper_mm: int, dpi: int) -> int:
    """Printable dots per line: 384/576 at 203 dpi, 360/512 at 180 dpi."""
    try:
        return _PAPER_DOTS[(int(paper_mm), int(dpi))]
    except KeyError:
        raise PrinterConfigError(f"unsupported paper {paper_mm} mm at {dpi} dpi") from None


def columns(dots: int) -> int:
    """Half-width columns of font A on this paper (32/48 at 203 dpi, 30/42 at 180 dpi)."""
    return dots // CELL_W
