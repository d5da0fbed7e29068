"""Lay a document out for a paper width: the same lines go to Chinese-mode text and to raster images."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import qrcode

from drivers.printing.document import QR, Barcode, Block, Cut, Document, KeyValue, Rule, Spacer, Text, Title
from drivers.printing.profiles import CELL_W
from drivers.printing.textfit import pad_to, sanitize, text_width, wrap

log = logging.getLogger(__name__)

_EMPTY = "—"  # an empty field is printed visibly, never as a blank


@dataclass(frozen=True)
class Line:
    text: str  # printable, at most ``columns // scale_w`` cells
    align: str = "left"
    bold: bool = False
    scale_w: int = 1
    scale_h: int = 1


@dataclass(frozen=True)
class QrItem:
    data: str
    module: int


@dataclass(frozen=True)
class BarcodeItem:
    data: str


@dataclass(frozen=True)
class FeedItem:
    lines: int


@dataclass(frozen=True)
class CutItem:
    partial: bool


Item = Line | QrItem | BarcodeItem | FeedItem | CutItem


QR_QUIET = 4  # modules of white a scanner wants around a QR code
QR_TOO_LONG = "（二维码内容过长，无法打印）"


def layout(doc: Document, dots: int) -> list[Item]:
    columns = dots // CELL_W
    items: list[Item] = []
    for block in doc.blocks:
        if isinstance(block, QR):
            items.extend(_qr_items(block, columns, dots))
        else:
            items.extend(_block_items(block, columns))
    return items


def qr_module(data: str, wanted: int, dots: int) -> int | None:
    """The module size (dots) that fits the code and its quiet zone on the paper; None if it cannot fit."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    try:
        code.add_data(data)
        version = code.best_fit()  # the size only: no mask search, ~100x cheaper than make()
    except (qrcode.exceptions.DataOverflowError, ValueError):
        return None
    count = 4 * int(version) + 17
    size = min(max(wanted, 1), dots // (count + 2 * QR_QUIET), 16)
    return size if size >= 2 else None  # 2 dots is the least a phone reads reliably


def _qr_items(block: QR, columns: int, dots: int) -> list[Item]:
    items: list[Item] = []
    if block.data:
        size = qr_module(block.data, block.module, dots)
        if size is None:
            log.warning(
                "QR data (%d chars) does not fit the paper; a notice is printed instead", len(block.data)
            )
            items.append(Line(QR_TOO_LONG, "center"))
        else:
            items += [FeedItem(1), QrItem(block.data, size), FeedItem(1)]
    for para in _paragraphs(block.caption, "qr caption"):
        if para:
            items += [Line(line, "center") for line in wrap(para, columns)]
    return items


def _paragraphs(text: str, where: str) -> list[str]:
    return [sanitize(part, where) for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _block_items(block: Block, columns: int) -> list[Item]:
    match block:
        case Title(text=text):
            half = columns // 2
            return [
                Line(line, "center", True, 2, 2)
                for para in _paragraphs(text or _EMPTY, "title")
                for line in wrap(para, half)
            ]
        case Text(text=text, align=align, bold=bold, large=large, indent=indent):
            return [
                Line(line, align, bold, 1, 2 if large else 1)
                for para in _paragraphs(text, "text")
                for line in _hanging(para, columns, indent)
            ]
        case KeyValue(key=key, value=value):
            return _key_value(key, value, columns)
        case Rule(style=style):
            return [Line(("=" if style == "double" else "-") * columns)]
        case Barcode(data=data):
            if barcode_fits(data, columns * CELL_W):
                return [BarcodeItem(data)]
            # not CODE128-printable or wider than the paper: print the data as text, visibly
            log.warning("barcode (%d chars) cannot be printed as CODE128; printed as text", len(data))
            return [Line(line, "center") for line in wrap(sanitize(data, "barcode") or _EMPTY, columns)]
        case Spacer(lines=n):
            return [FeedItem(max(0, min(n, 10)))]
        case Cut(partial=partial):
            return [CutItem(partial)]
    raise AssertionError(f"unhandled block {block!r}")


def _hanging(para: str, columns: int, indent: int) -> list[str]:
    lines = wrap(para, columns)
    indent = max(0, min(indent, columns // 2))
    if not indent or len(lines) < 2:
        return lines
    rest = para[len(lines[0]) :].lstrip(" ")
    return [lines[0], *(" " * indent + line for line in wrap(rest, columns - indent))]


def barcode_fits(data: str, dots: int) -> bool:
    """CODE128 (code set B) at two dots per module: 11 modules per character, start, check and stop."""
    modules = (len(data) + 3) * 11 + 2
    return data.isascii() and data.isprintable() and 0 < len(data) <= 40 and modules * 2 <= dots


def _key_value(key: str, value: str, columns: int) -> list[Item]:
    key = sanitize(key, "key").strip() or _EMPTY
    label = key + "："
    paras = [p for p in _paragraphs(value, "value")] if value.strip() else [_EMPTY]
    label_w = text_width(label)
    if label_w <= columns * 2 // 5:
        # value column under the value: "受理编号：GA0101-..." / "          continued"
        rows: list[Item] = []
        first = True
        for para in paras:
            for line in wrap(para, columns - label_w):
                rows.append(Line((label if first else pad_to("", label_w, "left")) + line))
                first = False
        return rows
    # long key: key on its own line(s), value indented by two cells
    rows = [Line(line) for line in wrap(label, columns)]
    rows += [Line("  " + line) for para in paras for line in wrap(para, columns - 2)]
    return rows
