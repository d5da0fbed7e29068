"""The same receipt ``Document`` on A4 paper, as a PDF, and a CUPS queue to print it on.

Township halls and many stations have an A4 printer beside the thermal one: the one-time notice, the
application form for a wet signature and the delegation consent are printed there. ``render_pdf`` lays a
``Document`` out on A4 with reportlab (well kept, embeds a subset of the CJK font with its Unicode map,
so the PDF's text is Chinese that ``pdftotext`` reads back); QR codes are drawn as vectors.

``CupsQueue`` hands the PDF to CUPS with ``lp`` (the client every CUPS install has; pycups would need
a C build) and asks ``lpstat`` how the queue is: a queue that is stopped (paused, out of paper, jammed)
keeps the job, and the screen says it waits. The terminal's thermal receipt does not depend on it.

Errors (``drivers/printing/errors.py`` draws the tree): ``A4Unavailable`` (no ``lp``, no such queue,
CUPS not answering).
"""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import subprocess
from typing import Any

from drivers.printing.document import QR, Barcode, Block, Document, KeyValue, Rule, Spacer, Text, Title
from drivers.printing.errors import A4Unavailable
from drivers.printing.fonts import find_cjk_font

FONT = "kiosk-cjk"
MARGIN_MM = 20.0


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = find_cjk_font()
        sub = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(FONT, str(path), **sub))
    return FONT


def render_pdf(doc: Document) -> bytes:
    """``doc`` on A4 pages (PDF bytes)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(doc.title or "")
    width, height = A4
    sheet = _Sheet(c, _font(), MARGIN_MM * mm, width - MARGIN_MM * mm, height - MARGIN_MM * mm)
    for block in doc.blocks:
        sheet.draw(block)
    c.showPage()
    c.save()
    return buf.getvalue()


class _Sheet:
    """Where the next block goes on the current page; a new page when the block does not fit."""

    def __init__(self, c: Any, font: str, left: float, right: float, top: float) -> None:
        self.c, self.font, self.left, self.right, self.top = c, font, left, right, top
        self.y = top

    def room(self, need: float) -> None:
        from reportlab.lib.units import mm

        if self.y - need < MARGIN_MM * mm:
            self.c.showPage()
            self.y = self.top

    def draw(self, block: Block) -> None:
        from reportlab.lib.units import mm

        c, centre = self.c, (self.left + self.right) / 2
        if isinstance(block, Title):
            self.room(14 * mm)
            c.setFont(self.font, 20)
            c.drawCentredString(centre, self.y - 8 * mm, block.text)
            self.y -= 14 * mm
        elif isinstance(block, Text | KeyValue):
            text = f"{block.key}：{block.value}" if isinstance(block, KeyValue) else block.text
            size = 14.0 if isinstance(block, KeyValue) or block.bold or block.large else 12.0
            for line in _wrap(text, self.font, size, self.right - self.left):
                self.room(size * 1.6)
                c.setFont(self.font, size)
                if isinstance(block, Text) and block.align == "center":
                    c.drawCentredString(centre, self.y - size, line)
                else:
                    c.drawString(self.left, self.y - size, line)
                self.y -= size * 1.6
        elif isinstance(block, Rule):
            self.room(6 * mm)
            c.setLineWidth(1.2 if block.style == "double" else 0.6)
            c.line(self.left, self.y - 3 * mm, self.right, self.y - 3 * mm)
            self.y -= 6 * mm
        elif isinstance(block, QR):
            self._qr(block)
        elif isinstance(block, Spacer | Barcode):
            self.y -= 6 * mm
        # Cut: nothing to do on a sheet

    def _qr(self, block: QR) -> None:
        from reportlab.graphics import renderPDF
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Drawing
        from reportlab.lib.units import mm

        side = 40 * mm
        self.room(side + 12 * mm)
        widget = QrCodeWidget(block.data, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, self.c, (self.left + self.right - side) / 2, self.y - side)
        self.y -= side
        if block.caption:
            self.c.setFont(self.font, 11)
            self.c.drawCentredString((self.left + self.right) / 2, self.y - 12, block.caption)
            self.y -= 20
        self.y -= 4 * mm


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (Chinese breaks between any two characters)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        for ch in para:
            if line and stringWidth(line + ch, font, size) > width:
                out.append(line)
                line = ch
            else:
                line += ch
        out.append(line)
    return out


# -- CUPS ---------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class A4Job:
    job_id: str  # CUPS's, e.g. "a4-12"
    waiting: bool  # the queue is stopped (paused, out of paper): CUPS keeps the job until it runs
    reason: str = ""  # what lpstat says about the queue, for the diagnostics page (no personal data)


class CupsQueue:
    """One CUPS queue, through the ``lp`` and ``lpstat`` commands (``server``: CUPS_SERVER, "" the default)."""

    def __init__(self, queue: str, server: str = "", timeout: float = 20.0) -> None:
        self.queue, self.server, self.timeout = queue, server, timeout

    def _run(self, *cmd: str, data: bytes | None = None) -> str:
        if shutil.which(cmd[0]) is None:
            raise A4Unavailable(f"{cmd[0]} is not installed (Debian: cups-client)")
        env = {**os.environ, **({"CUPS_SERVER": self.server} if self.server else {})}
        try:
            done = subprocess.run(
                list(cmd), input=data, capture_output=True, timeout=self.timeout, env=env, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise A4Unavailable(f"{cmd[0]} did not answer: {type(exc).__name__}") from None
        if done.returncode != 0:
            raise A4Unavailable(f"{cmd[0]} failed: {done.stderr.decode('utf-8', 'replace')[:200].strip()}")
        return done.stdout.decode("utf-8", "replace")

    def state(self) -> tuple[bool, str]:
        """(accepting and printing, what lpstat says): False when the queue is stopped."""
        text = self._run("lpstat", "-p", self.queue)
        return ("disabled" not in text and "stopped" not in text.lower()), " ".join(text.split())[:200]

    def submit(self, pdf: bytes, title: str) -> A4Job:
        out = self._run("lp", "-d", self.queue, "-t", title, "-o", "media=A4", "-", data=pdf)
        job = next((w for w in out.split() if w.startswith(f"{self.queue}-")), "")
        running, reason = self.state()
        return A4Job(job, not running, "" if running else reason)

    def pending(self) -> list[str]:
        """Jobs CUPS still holds for this queue (printed ones are gone)."""
        return [
            line.split()[0] for line in self._run("lpstat", "-o", self.queue).splitlines() if line.strip()
        ]
