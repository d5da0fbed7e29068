"""Render a document to ESC/POS bytes with python-escpos, for one paper width and printer profile.

Chinese text goes in the printer's own Chinese mode: GB18030 bytes we encode ourselves (python-escpos
only switches to GB18030 for strings with a CJK ideograph and never sends ``FS &``), preceded by
``FS &`` where the profile needs it. Printers without a Chinese font get each non-ASCII line as a
raster image drawn with a CJK font. QR codes use ``GS ( k`` or, without it, an image.
"""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING

import qrcode
from PIL import Image

from drivers.printing.document import Document
from drivers.printing.layout import BarcodeItem, CutItem, FeedItem, Item, Line, QrItem, layout
from drivers.printing.painter import Segment, paint_line
from drivers.printing.profiles import PrinterProfile

if TYPE_CHECKING:
    from escpos.printer import Dummy

log = logging.getLogger(__name__)

FS_CHINESE_ON = b"\x1c&"
FS_CHINESE_OFF = b"\x1c."
ESC_CODEPAGE_437 = b"\x1bt\x00"


def render(doc: Document, profile: PrinterProfile, dots: int) -> bytes:
    """ESC/POS bytes for ``doc`` on paper ``dots`` wide."""
    out = _dummy(profile, dots)
    out.hw("INIT")
    if profile.chinese_font and profile.needs_fs:
        out._raw(FS_CHINESE_ON)
    if not profile.chinese_font:
        out._raw(ESC_CODEPAGE_437)
    style = _Styler(out)
    raster_run: list[Line] = []
    for item in layout(doc, dots):
        if isinstance(item, Line) and not profile.chinese_font and not item.text.isascii():
            raster_run.append(item)
            continue
        _flush_raster(style, raster_run, dots)
        _emit(style, item, profile, dots)
    _flush_raster(style, raster_run, dots)
    style.apply()
    if profile.chinese_font and profile.needs_fs:
        out._raw(FS_CHINESE_OFF)
    data: bytes = out.output
    return data


def _dummy(profile: PrinterProfile, dots: int) -> Dummy:
    # Imported here: python-escpos loads its printer capability database on import (a third of a second),
    # which the terminal's start should not wait for; the first job pays it, on the printer's thread.
    from escpos.printer import Dummy

    out = Dummy(profile=profile.escpos_profile)
    # python-escpos shares profile data between instances; give this one its own copy with the paper width
    data = copy.deepcopy(out.profile.profile_data)
    data["media"]["width"]["pixels"] = dots
    out.profile.profile_data = data
    return out


def _emit(style: _Styler, item: Item, profile: PrinterProfile, dots: int) -> None:
    out = style.out
    match item:
        case Line():
            style.apply(item.align, item.bold, item.scale_w, item.scale_h)
            out._raw(item.text.encode("gb18030" if profile.chinese_font else "ascii") + b"\n")
        case FeedItem(lines=n):
            if n:
                out._raw(b"\n" * n)
        case QrItem(data=data, module=module):
            _qr(style, data, module, profile, dots)
        case BarcodeItem(data=data):
            _barcode(style, data, dots)
        case CutItem(partial=partial):
            style.apply()
            out.cut(mode="PART" if partial and profile.partial_cut else "FULL")


class _Styler:
    """Sends only the style commands that change: every byte counts at 9600 baud."""

    def __init__(self, out: Dummy) -> None:
        self.out = out
        self.align = ""
        self.bold: bool | None = None
        self.size: tuple[int, int] = (0, 0)

    def apply(self, align: str = "left", bold: bool = False, scale_w: int = 1, scale_h: int = 1) -> None:
        if align != self.align:
            self.out.set(align=align)
            self.align = align
        if bold != self.bold:
            self.out.set(bold=bold)
            self.bold = bold
        if (scale_w, scale_h) != self.size:
            self.out.set(custom_size=True, width=scale_w, height=scale_h)  # GS ! n
            self.size = (scale_w, scale_h)


def _flush_raster(style: _Styler, run: list[Line], dots: int) -> None:
    """Send consecutive non-ASCII lines as one raster image, cropped on the right to the last ink."""
    if not run:
        return
    images = [paint_line([Segment(ln.text, ln.bold, ln.scale_w, ln.scale_h)], ln.align, dots) for ln in run]
    sheet = Image.new("1", (dots, sum(im.height for im in images)), 1)
    y = 0
    for im in images:
        sheet.paste(im, (0, y))
        y += im.height
    bbox = Image.eval(sheet.convert("L"), lambda v: 255 - v).getbbox()
    right = bbox[2] if bbox else 8
    sheet = sheet.crop((0, 0, min(dots, (right + 7) // 8 * 8), sheet.height))
    style.apply()
    style.out.image(sheet, impl="bitImageRaster")
    run.clear()


def _qr(style: _Styler, data: str, size: int, profile: PrinterProfile, dots: int) -> None:
    """The layout already chose a module size that fits (``layout.qr_module``)."""
    if profile.native_qr:
        style.apply("center")
        style.out.qr(data, native=True, size=size, ec=1)  # 1 = QR_ECLEVEL_M
        return
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=size, border=0)
    code.add_data(data)
    code.make(fit=True)
    img = code.make_image().get_image().convert("1")
    sheet = Image.new("1", (dots, img.height), 1)
    sheet.paste(img, ((dots - img.width) // 2, 0))
    style.apply()
    style.out.image(sheet, impl="bitImageRaster")


def _barcode(style: _Styler, data: str, dots: int) -> None:
    """CODE128 with the printer's own command; the layout already checked that it fits."""
    modules = (len(data) + 3) * 11 + 2
    width = 3 if modules * 3 <= dots else 2
    style.apply("center")
    # _hw_barcode: barcode() would print "Using hardware barcode renderer" on stdout
    style.out._hw_barcode("{B" + data, "CODE128", 64, width, "BELOW", "A", False, "B", True)
    style.out._raw(b"\n")
