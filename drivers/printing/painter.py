"""Draw text lines the way a thermal printer does: 12 x 24 half-width cells, 24 x 24 full-width cells.

Both the raster fallback (text sent as images to printers without a Chinese font) and the decoder's
PNG rendering use this painter, so a receipt printed either way looks the same dot for dot.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFont

from drivers.printing.fonts import find_cjk_font
from drivers.printing.profiles import CELL_H, CELL_W, LINE_GAP
from drivers.printing.textfit import char_width

_FONT_PX = 22
_BASELINE = 20


@dataclass(frozen=True)
class Segment:
    text: str
    bold: bool = False
    scale_w: int = 1
    scale_h: int = 1


@functools.cache
def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_cjk_font()), _FONT_PX)


@functools.lru_cache(maxsize=8192)
def _glyph(ch: str, bold: bool) -> Image.Image:
    width = CELL_W * char_width(ch)
    cell = Image.new("L", (width, CELL_H), 255)
    draw = ImageDraw.Draw(cell)
    draw.text((width / 2, _BASELINE), ch, font=_font(), fill=0, anchor="ms")
    if bold:  # emphasized mode: the head prints each dot column twice
        shifted = Image.new("L", cell.size, 255)
        shifted.paste(cell.crop((0, 0, width - 1, CELL_H)), (1, 0))
        cell = ImageChops.darker(cell, shifted)
    return cell


def _segment_image(seg: Segment) -> Image.Image:
    width = sum(CELL_W * char_width(ch) for ch in seg.text)
    img = Image.new("L", (max(width, 1), CELL_H), 255)
    x = 0
    for ch in seg.text:
        if ch != " ":
            img.paste(_glyph(ch, seg.bold), (x, 0))
        x += CELL_W * char_width(ch)
    if seg.scale_w != 1 or seg.scale_h != 1:
        img = img.resize((img.width * seg.scale_w, CELL_H * seg.scale_h), Image.Resampling.NEAREST)
    return img


def line_height(scale_h: int) -> int:
    return CELL_H * scale_h + LINE_GAP


def paint_line(segments: list[Segment], align: str, dots: int) -> Image.Image:
    """One printed line, ``dots`` wide, as a 1-bit image (glyphs bottom-aligned, gap below)."""
    parts = [_segment_image(s) for s in segments if s.text]
    scale_h = max((s.scale_h for s in segments), default=1)
    height = line_height(scale_h)
    line = Image.new("L", (dots, height), 255)
    total = sum(p.width for p in parts)
    x = {"center": (dots - total) // 2, "right": dots - total}.get(align, 0)
    x = max(0, x)
    for part in parts:
        line.paste(part, (x, CELL_H * scale_h - part.height))
        x += part.width
    return line.point(lambda v: 255 if v >= 128 else 0, mode="1")
