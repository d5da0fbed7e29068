"""Making a straightened page legible.

``document``: divide out the paper's own brightness (estimated by closing away the ink at a coarse scale)
so shadows and lighting gradients vanish and the paper turns white, then stretch the ink to black. Colour
is kept, because red seals (公章) and signatures in blue ink matter on Chinese certificates.
``photo``: keep colours (ID cards, photographs); only balance white and lift contrast gently.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

EnhanceMode = Literal["document", "photo"]
U8 = npt.NDArray[np.uint8]


def enhance(image: U8, mode: EnhanceMode = "document") -> U8:
    if mode == "document":
        return _document(image)
    if mode == "photo":
        return _photo(image)
    raise ValueError(f"unknown enhance mode {mode!r}")


def paper_background(image: U8) -> npt.NDArray[np.float32]:
    """The brightness the paper would have without ink, per channel, at full size."""
    h, w = image.shape[:2]
    scale = 256.0 / max(h, w)
    small = cv2.resize(
        image, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
    )
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)  # ink is darker than paper: closing removes it
    paper = cv2.medianBlur(paper, 7)
    paper = cv2.GaussianBlur(paper, (0, 0), 3)
    return np.asarray(cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)


def _document(image: U8) -> U8:
    img = image.astype(np.float32)
    paper = paper_background(image)
    # A photo or a filled box is not paper in shadow: never brighten more than a deep shadow would need.
    paper_level = np.percentile(paper.reshape(-1, paper.shape[-1]) if paper.ndim == 3 else paper, 95, axis=0)
    paper = np.maximum(paper, 0.45 * paper_level)
    flat = img / paper  # 1.0 = paper, lower = ink
    # Per-pixel luminance decides the stretch; chroma is carried along so a red seal stays red.
    lum = flat.mean(axis=2, keepdims=True) if flat.ndim == 3 else flat
    low = float(np.percentile(lum, 1.0))
    low = min(low, 0.6)
    stretched = (flat - low) / max(0.92 - low, 1e-3)  # paper slightly above 0.92 -> pure white
    out = np.clip(stretched, 0.0, 1.0) ** 1.2  # a little gamma darkens thin strokes
    return np.asarray(np.rint(out * 255.0), dtype=np.uint8)


def _photo(image: U8) -> U8:
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    img = image.astype(np.float32)
    # white balance on the brightest tenth (the card's light background), not the whole picture
    lum = img.mean(axis=2)
    bright = lum >= np.percentile(lum, 90)
    means = img[bright].mean(axis=0)
    img *= means.mean() / np.maximum(means, 1.0)
    balanced = np.clip(img, 0, 255).astype(np.uint8)
    lab = cv2.cvtColor(balanced, cv2.COLOR_BGR2LAB)
    clahe = cv2.createCLAHE(clipLimit=1.5, tileGridSize=(4, 4))
    lab[:, :, 0] = clahe.apply(lab[:, :, 0])
    return np.asarray(cv2.cvtColor(lab, cv2.COLOR_LAB2BGR), dtype=np.uint8)
