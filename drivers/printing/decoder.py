"""Turn the ESC/POS subset the project emits back into text and a picture.

The tests read receipts through this decoder, and the simulated printer shows what it "printed" with
it. Supported: ESC @, ESC ! / GS ! sizes, ESC E bold, ESC - underline, ESC a alignment, ESC M font A,
ESC t code pages, ESC 2/3 line spacing, ESC d / ESC J feeds, FS & / FS . Chinese mode (GB18030),
GS v 0 raster images, GS ( k QR codes, GS k CODE128 barcodes (with GS h/w/H/f), GS V cuts, DLE EOT
status queries. Anything else raises ``DecodeError``: the renderer must never emit what we cannot check.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import qrcode
from PIL import Image, ImageDraw

from drivers.printing.errors import DecodeError
from drivers.printing.painter import Segment, line_height, paint_line
from drivers.printing.profiles import CELL_W, PrinterProfile

_CODEPAGES = {0: "cp437", 2: "cp850", 16: "cp1252", 17: "cp866", 19: "cp858"}
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M}
_QR_EC |= {50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}
_ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


@dataclass
class Printout:
    """What a printer would have produced: one text event per line or graphic, and the paper picture."""

    dots: int
    events: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): text, qr, barcode, image, cut
    qr_codes: list[str] = field(default_factory=list)
    barcodes: list[str] = field(default_factory=list)
    cuts: list[str] = field(default_factory=list)
    images: int = 0
    garbled: int = 0  # bytes that did not decode to a character the printer's font has
    overflowed: int = 0  # lines wider than the paper, wrapped by the "printer"
    strips: list[Image.Image] = field(default_factory=list)

    @property
    def text(self) -> str:
        """One line per event: printed text as is, graphics and cuts as [QR] ..., [BARCODE] ..., [IMAGE wxh], [CUT]."""
        return "\n".join(_event_text(kind, text) for kind, text in self.events) + "\n"

    @property
    def lines(self) -> list[str]:
        """Printed text lines only (no markers), without blank lines."""
        return [text for kind, text in self.events if kind == "text" and text]

    def image(self) -> Image.Image:
        height = sum(s.height for s in self.strips) + 16
        sheet = Image.new("1", (self.dots, max(height, 1)), 1)
        y = 8
        for strip in self.strips:
            sheet.paste(strip, (0, y))
            y += strip.height
        return sheet

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.image().save(buf, format="PNG", optimize=True)
        return buf.getvalue()


def _event_text(kind: str, text: str) -> str:
    if kind == "text":
        return text
    if kind == "cut":
        return "[PARTIAL CUT]" if text == "partial" else "[CUT]"
    return f"[{kind.upper()}] {text}" if kind != "image" else f"[IMAGE {text}]"


@dataclass
class _State:
    chinese: bool
    align: str = "left"
    bold: bool = False
    scale_w: int = 1
    scale_h: int = 1
    codepage: int = 0
    barcode_h: int = 162
    barcode_w: int = 3
    hri: int = 0
    qr_size: int = 3
    qr_ec: int = qrcode.constants.ERROR_CORRECT_L
    qr_data: bytes = b""


class _Decoder:
    def __init__(self, data: bytes, profile: PrinterProfile, dots: int) -> None:
        self.data = data
        self.profile = profile
        self.out = Printout(dots)
        self.st = self._initial()
        self.line: list[Segment] = []
        self.line_dots = 0
        self.pos = 0

    def _initial(self) -> _State:
        return _State(chinese=self.profile.chinese_font and self.profile.starts_in_chinese)

    # ---- byte access
    def _take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DecodeError(f"command truncated at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def _byte(self) -> int:
        return self._take(1)[0]

    # ---- text
    def _add_char(self, ch: str, cells: int) -> None:
        width = CELL_W * cells * self.st.scale_w
        if self.line_dots + width > self.out.dots:
            self.out.overflowed += 1
            self._print_line()
        seg = Segment(ch, self.st.bold, self.st.scale_w, self.st.scale_h)
        if self.line and (self.line[-1].bold, self.line[-1].scale_w, self.line[-1].scale_h) == (
            seg.bold,
            seg.scale_w,
            seg.scale_h,
        ):
            last = self.line[-1]
            self.line[-1] = Segment(last.text + ch, last.bold, last.scale_w, last.scale_h)
        else:
            self.line.append(seg)
        self.line_dots += width

    def _print_line(self) -> None:
        if self.line:
            self.out.strips.append(paint_line(self.line, self.st.align, self.out.dots))
            self.out.events.append(("text", "".join(s.text for s in self.line).rstrip()))
        else:
            self.out.strips.append(Image.new("1", (self.out.dots, line_height(1)), 1))
            self.out.events.append(("text", ""))
        self.line, self.line_dots = [], 0

    def _flush(self) -> None:
        if self.line:
            self._print_line()

    def _text_byte(self, b: int) -> None:
        if self.st.chinese and not 0x81 <= b <= 0xFE and b >= 0x80:
            self.out.garbled += 1  # 0x80 and 0xFF lead no GB18030 character
            self._add_char("\ufffd", 1)
        elif self.st.chinese and b >= 0x80:
            second = self._take(1)
            raw = bytes([b]) + second
            if 0x30 <= second[0] <= 0x39:
                raw += self._take(2)
            try:
                ch = raw.decode("gb18030")
            except UnicodeDecodeError:
                ch = "\ufffd"
            if len(raw) == 4 or ch == "\ufffd":  # printer fonts carry the two-byte range only
                self.out.garbled += 1
                ch = "\ufffd"
            self._add_char(ch, 2)
        elif b >= 0x80:
            encoding = _CODEPAGES.get(self.st.codepage)
            if encoding is None:
                self.out.garbled += 1
                self._add_char("\ufffd", 1)
            else:
                self._add_char(bytes([b]).decode(encoding), 1)
        else:
            self._add_char(chr(b), 1)

    # ---- graphics
    def _place(self, img: Image.Image) -> None:
        strip = Image.new("1", (self.out.dots, img.height), 1)
        x = {"center": (self.out.dots - img.width) // 2, "right": self.out.dots - img.width}.get(
            self.st.align, 0
        )
        strip.paste(img, (max(0, x), 0))
        self.out.strips.append(strip)

    def _raster(self) -> None:
        self._flush()
        _mode, xl, xh, yl, yh = self._take(5)
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        bits = np.unpackbits(np.frombuffer(self._take(width_bytes * height), dtype=np.uint8))
        pixels = np.where(bits.reshape(height, width_bytes * 8) == 1, 0, 255).astype(np.uint8)
        img = Image.fromarray(pixels, mode="L").convert("1")
        if img.width > self.out.dots:
            self.out.overflowed += 1
            img = img.crop((0, 0, self.out.dots, img.height))
        self._place(img)
        self.out.images += 1
        self.out.events.append(("image", f"{width_bytes * 8}x{height}"))

    def _qr_command(self) -> None:
        pl, ph = self._take(2)
        body = self._take(pl + 256 * ph)
        if len(body) < 2 or body[0] != 49:
            raise DecodeError("GS ( k: only QR (cn 49) is supported")
        fn, args = body[1], body[2:]
        if fn == 65:
            return  # model
        if fn == 67:
            self.st.qr_size = args[0]
        elif fn == 69:
            self.st.qr_ec = _QR_EC.get(args[0], qrcode.constants.ERROR_CORRECT_L)
        elif fn == 80:
            self.st.qr_data = args[1:]
        elif fn == 81:
            self._print_qr()
        else:
            raise DecodeError(f"GS ( k function {fn} not supported")

    def _print_qr(self) -> None:
        self._flush()
        code = qrcode.QRCode(error_correction=self.st.qr_ec, box_size=self.st.qr_size, border=0)
        code.add_data(self.st.qr_data)
        code.make(fit=True)
        self._place(code.make_image().get_image().convert("1"))
        content = self.st.qr_data.decode("utf-8", errors="replace")
        self.out.qr_codes.append(content)
        self.out.events.append(("qr", content))

    def _barcode(self) -> None:
        self._flush()
        kind = self._byte()
        if kind != 73:
            raise DecodeError(f"GS k barcode type {kind} not supported (CODE128 only)")
        raw = self._take(self._byte()).decode("ascii", errors="replace")
        text = raw[2:] if raw[:2] in ("{A", "{B", "{C") else raw
        from barcode import Code128

        pattern = Code128(text).build()[0]
        width, height = len(pattern) * self.st.barcode_w, self.st.barcode_h
        img = Image.new("1", (width, height), 1)
        draw = ImageDraw.Draw(img)
        for k, bit in enumerate(pattern):
            if bit == "1":
                x = k * self.st.barcode_w
                draw.rectangle((x, 0, x + self.st.barcode_w - 1, height - 1), fill=0)
        self._place(img)
        if self.st.hri in (2, 3, 50, 51):
            self.out.strips.append(paint_line([Segment(text)], self.st.align, self.out.dots))
        self.out.barcodes.append(text)
        self.out.events.append(("barcode", text))

    def _cut(self) -> None:
        self._flush()
        m = self._byte()
        if m in (65, 66):
            self._feed_dots(self._byte())
        partial = m in (1, 49, 66)
        if m not in (0, 1, 48, 49, 65, 66):
            raise DecodeError(f"GS V mode {m} not supported")
        strip = Image.new("1", (self.out.dots, 5), 1)
        ImageDraw.Draw(strip).line((0, 2, self.out.dots, 2), fill=0, width=1)
        for x in range(0, self.out.dots, 8):
            ImageDraw.Draw(strip).line((x, 2, x + 3, 2), fill=1)
        self.out.strips.append(strip)
        self.out.cuts.append("partial" if partial else "full")
        self.out.events.append(("cut", "partial" if partial else "full"))

    def _feed_dots(self, n: int) -> None:
        if n:
            self.out.strips.append(Image.new("1", (self.out.dots, n), 1))

    # ---- dispatch
    def run(self) -> Printout:
        while self.pos < len(self.data):
            b = self._byte()
            if b == 0x0A:
                self._print_line()
            elif b == 0x0D:
                continue
            elif b == 0x1B:
                self._esc(self._byte())
            elif b == 0x1D:
                self._gs(self._byte())
            elif b == 0x1C:
                self._fs(self._byte())
            elif b == 0x10:
                if self._byte() != 0x04:
                    raise DecodeError("DLE: only DLE EOT is supported")
                self._byte()
            elif b < 0x20 or b == 0x7F:
                raise DecodeError(f"control byte 0x{b:02x} at {self.pos - 1} is not in the supported subset")
            else:
                self._text_byte(b)
        self._flush()
        return self.out

    def _esc(self, c: int) -> None:
        st = self.st
        if c == 0x40:  # ESC @
            self._flush()
            self.st = self._initial()
        elif c == 0x21:  # ESC ! n
            n = self._byte()
            st.bold = bool(n & 0x08)
            st.scale_h = 2 if n & 0x10 else 1
            st.scale_w = 2 if n & 0x20 else 1
        elif c == 0x45:  # ESC E
            st.bold = bool(self._byte() & 1)
        elif c == 0x2D:  # ESC -
            self._byte()
        elif c == 0x61:  # ESC a
            st.align = _ALIGN.get(self._byte(), "left")
        elif c == 0x4D:  # ESC M
            if self._byte() not in (0, 48):
                raise DecodeError("only font A is supported")
        elif c == 0x74:  # ESC t
            st.codepage = self._byte()
        elif c == 0x32:  # ESC 2
            pass
        elif c == 0x33:  # ESC 3 n: our line pitch is fixed; accepted for compatibility
            self._byte()
        elif c == 0x64:  # ESC d n
            self._flush()
            for _ in range(self._byte()):
                self._print_line()
        elif c == 0x4A:  # ESC J n
            self._flush()
            self._feed_dots(self._byte())
        else:
            raise DecodeError(f"ESC 0x{c:02x} is not in the supported subset")

    def _gs(self, c: int) -> None:
        st = self.st
        if c == 0x21:  # GS ! n
            n = self._byte()
            st.scale_w, st.scale_h = (n >> 4) + 1, (n & 0x0F) + 1
        elif c == 0x56:
            self._cut()
        elif c == 0x76:  # GS v 0
            if self._byte() != 0x30:
                raise DecodeError("GS v: only GS v 0 is supported")
            self._raster()
        elif c == 0x28:  # GS ( k
            if self._byte() != 0x6B:
                raise DecodeError("GS (: only GS ( k is supported")
            self._qr_command()
        elif c == 0x6B:
            self._barcode()
        elif c == 0x68:
            st.barcode_h = self._byte()
        elif c == 0x77:
            st.barcode_w = self._byte()
        elif c == 0x48:
            st.hri = self._byte()
        elif c == 0x66:
            self._byte()
        else:
            raise DecodeError(f"GS 0x{c:02x} is not in the supported subset")

    def _fs(self, c: int) -> None:
        if c == 0x26:  # FS & enters Chinese mode, if the printer has a Chinese font
            self.st.chinese = self.profile.chinese_font
        elif c == 0x2E:  # FS .
            self.st.chinese = False
        else:
            raise DecodeError(f"FS 0x{c:02x} is not in the supported subset")


def decode(data: bytes, profile: PrinterProfile, dots: int) -> Printout:
    """Decode ESC/POS ``data`` as a printer with ``profile`` and ``dots`` per line would print it."""
    try:
        return _Decoder(data, profile, dots).run()
    except DecodeError:
        raise
    except Exception as exc:  # malformed arguments inside a known command (bad sizes, bad QR data...)
        raise DecodeError(f"malformed command: {type(exc).__name__}") from exc
