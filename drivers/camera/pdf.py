"""Pages of one material into one PDF.

Each page is JPEG-encoded once, within a size budget, and img2pdf wraps those JPEG bytes into the PDF
as they are (no second lossy encoding). The physical page size follows from the pixel size and the
resolution written into the JPEG, so an A4 page straightened at 200 ppi prints as A4.
"""

from __future__ import annotations

import io

import cv2
import img2pdf
import numpy as np
import numpy.typing as npt
from PIL import Image

from drivers.camera.errors import PdfTooLarge

U8 = npt.NDArray[np.uint8]

DEFAULT_PAGE_BUDGET = 600_000  # bytes per page: an upload over a village line must stay reasonable
MIN_PPI = 150  # below this a text record is no longer acceptable


def encode_page(image: U8, ppi: int, budget: int = DEFAULT_PAGE_BUDGET) -> bytes:
    """JPEG bytes for one page within ``budget``: lower quality first, then fewer pixels (down to MIN_PPI)."""
    pil = _to_pil(image)
    current_ppi = float(ppi)
    while True:
        for quality in (88, 80, 72, 64, 56, 48):
            buffer = io.BytesIO()
            pil.save(buffer, format="JPEG", quality=quality, dpi=(current_ppi, current_ppi), optimize=True)
            if buffer.tell() <= budget:
                return buffer.getvalue()
        next_ppi = current_ppi * 0.85
        if next_ppi < MIN_PPI:
            raise PdfTooLarge("page does not fit its size budget")
        factor = next_ppi / current_ppi
        pil = pil.resize(
            (max(1, round(pil.width * factor)), max(1, round(pil.height * factor))), Image.Resampling.LANCZOS
        )
        current_ppi = next_ppi


def pages_to_pdf(images: list[U8], ppi: int = 200, page_budget: int = DEFAULT_PAGE_BUDGET) -> bytes:
    if not images:
        raise ValueError("no pages")
    jpegs = [encode_page(image, ppi, page_budget) for image in images]
    # img2pdf's own writer: plain output without optional PDF libraries, JPEG streams kept as they are
    pdf = img2pdf.convert(jpegs, engine=img2pdf.Engine.internal)
    if pdf is None:  # pragma: no cover - img2pdf returns None only when writing to a file object
        raise PdfTooLarge("no PDF produced")
    return bytes(pdf)


def _to_pil(image: U8) -> Image.Image:
    if image.ndim == 2:
        return Image.fromarray(image, mode="L")
    if _is_grey(image):  # one channel is a third of the bytes and what a text page needs
        return Image.fromarray(np.ascontiguousarray(image[:, :, 1]), mode="L")
    return Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), mode="RGB")


def _is_grey(image: U8) -> bool:
    small = image[::4, ::4].astype(np.int16)
    spread = small.max(axis=2) - small.min(axis=2)
    # a thin red seal covers well under 1 % of a page and must keep its colour
    return bool(np.mean(spread > 40) < 0.0005)
