"""An ID card copy as service halls expect it: front above back, actual size, on one A4 sheet."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.warp import A4_MM, ID_CARD_MM, MM_PER_INCH

U8 = npt.NDArray[np.uint8]
SHEET_PPI = 300


def id_card_sheet(front: U8, back: U8, ppi: int = SHEET_PPI) -> U8:
    """A white A4 page (BGR) with both sides at their real size (85.6 x 54 mm), centred, one above the other."""
    px = ppi / MM_PER_INCH
    sheet_w, sheet_h = round(A4_MM[0] * px), round(A4_MM[1] * px)
    card_w, card_h = round(ID_CARD_MM[0] * px), round(ID_CARD_MM[1] * px)
    sheet = np.full((sheet_h, sheet_w, 3), 255, np.uint8)
    left = (sheet_w - card_w) // 2
    gap = round(20 * px)
    top = (sheet_h - 2 * card_h - gap) // 2 - round(30 * px)  # a bit above centre, like a photocopy
    for index, side in enumerate((front, back)):
        card = _landscape(_bgr(side))
        card = np.asarray(cv2.resize(card, (card_w, card_h), interpolation=cv2.INTER_AREA), dtype=np.uint8)
        y = top + index * (card_h + gap)
        sheet[y : y + card_h, left : left + card_w] = card
        cv2.rectangle(sheet, (left - 1, y - 1), (left + card_w, y + card_h), (160, 160, 160), 1)
    return sheet


def _bgr(image: U8) -> U8:
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8) if image.ndim == 2 else image


def _landscape(image: U8) -> U8:
    h, w = image.shape[:2]
    return np.asarray(cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE), dtype=np.uint8) if h > w else image
