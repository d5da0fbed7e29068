"""Perspective correction to the page's true shape: A4, an ID card, or whatever the page is ("free")."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.geometry import Quad, order_corners, side_lengths

PageKind = Literal["a4", "id_card", "free"]
U8 = npt.NDArray[np.uint8]

A4_MM = (210.0, 297.0)
ID_CARD_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1, the size of a resident ID card
MM_PER_INCH = 25.4
DEFAULT_PPI = 200  # text records are kept at 200-300 ppi
ID_CARD_PPI = 300  # cards are small: keep them sharp enough to read the ID number on a copy


def true_aspect(quad: npt.ArrayLike, frame_shape: tuple[int, ...]) -> float:
    """Width / height of the real rectangle seen as ``quad`` (Zhang & He, whiteboard scanning, 2007).

    Assumes square pixels and the principal point at the frame centre; when the view is nearly
    fronto-parallel (focal length not recoverable) the mean side lengths decide.
    """
    tl, tr, br, bl = order_corners(quad).astype(np.float64)
    cx, cy = frame_shape[1] / 2.0, frame_shape[0] / 2.0
    m1, m2, m3, m4 = (np.array([p[0] - cx, p[1] - cy, 1.0]) for p in (tl, tr, bl, br))
    lengths = side_lengths(np.array([tl, tr, br, bl]))
    fallback = float((lengths[0] + lengths[2]) / max(lengths[1] + lengths[3], 1e-9))
    d2 = float(np.dot(np.cross(m2, m4), m3))
    d3 = float(np.dot(np.cross(m3, m4), m2))
    if abs(d2) < 1e-9 or abs(d3) < 1e-9:
        return fallback
    k2 = float(np.dot(np.cross(m1, m4), m3)) / d2
    k3 = float(np.dot(np.cross(m1, m4), m2)) / d3
    n2 = k2 * m2 - m1
    n3 = k3 * m3 - m1
    if abs(n2[2] * n3[2]) < 1e-9:
        return fallback
    f2 = -(n2[0] * n3[0] + n2[1] * n3[1]) / (n2[2] * n3[2])
    if not np.isfinite(f2) or f2 <= 0:
        return fallback
    num = (n2[0] ** 2 + n2[1] ** 2) / f2 + n2[2] ** 2
    den = (n3[0] ** 2 + n3[1] ** 2) / f2 + n3[2] ** 2
    if den <= 0 or num <= 0:
        return fallback
    ratio = float(np.sqrt(num / den))
    # a wildly different answer means the focal estimate is unstable (near-affine view): trust sides
    return ratio if 0.6 < ratio / fallback < 1.6 else fallback


def guess_kind(quad: npt.ArrayLike, frame_shape: tuple[int, ...]) -> PageKind:
    """An ID card (85.6:54 = 1.59) or an A4 sheet (1.41) by the true aspect ratio; else "free"."""
    aspect = true_aspect(quad, frame_shape)
    ratio = max(aspect, 1.0 / aspect)
    if abs(ratio - 1.585) < 0.08:
        return "id_card"
    if abs(ratio - 1.414) < 0.07:
        return "a4"
    return "free"


def output_size(
    quad: Quad,
    kind: PageKind,
    frame_shape: tuple[int, ...],
    ppi: int | None = None,
    max_side: int | None = None,
) -> tuple[int, int]:
    """(width, height) in pixels of the straightened page."""
    aspect = true_aspect(quad, frame_shape)
    if kind == "free":
        lengths = side_lengths(order_corners(quad))
        height = max(lengths[1], lengths[3])
        width = height * aspect
        if max_side is not None and max(width, height) > max_side:
            shrink = max_side / max(width, height)
            width, height = width * shrink, height * shrink
        return max(1, round(width)), max(1, round(height))
    mm, default_ppi = (A4_MM, DEFAULT_PPI) if kind == "a4" else (ID_CARD_MM, ID_CARD_PPI)
    px_per_mm = (ppi or default_ppi) / MM_PER_INCH
    long_px, short_px = round(max(mm) * px_per_mm), round(min(mm) * px_per_mm)
    return (long_px, short_px) if aspect >= 1.0 else (short_px, long_px)


def warp_page(
    image: U8, quad: npt.ArrayLike, kind: PageKind = "a4", ppi: int | None = None, max_side: int | None = None
) -> U8:
    """The page inside ``quad`` straightened to its true aspect ratio.

    A4 and ID cards come out at a fixed physical resolution (200 and 300 ppi unless ``ppi`` says
    otherwise), upright or landscape as they lay; "free" keeps the measured shape at source resolution
    (at most ``max_side`` pixels on its long side, when given).
    """
    ordered = order_corners(quad)
    width, height = output_size(ordered, kind, image.shape, ppi, max_side)
    # page edges are at pixel borders: -0.5 .. size-0.5 in pixel-centre coordinates
    target = np.array(
        [[-0.5, -0.5], [width - 0.5, -0.5], [width - 0.5, height - 0.5], [-0.5, height - 0.5]],
        dtype=np.float32,
    )
    source_size = float(np.max(side_lengths(ordered)))
    interpolation = cv2.INTER_CUBIC if max(width, height) > source_size else cv2.INTER_LINEAR
    if max(width, height) < 0.6 * source_size:
        # Shrinking a lot: average first (warpPerspective only samples, which would alias fine print),
        # over the page's bounding box only.
        x0, y0 = (max(0, int(v) - 2) for v in ordered.min(axis=0))
        x1 = min(image.shape[1], int(ordered[:, 0].max()) + 3)
        y1 = min(image.shape[0], int(ordered[:, 1].max()) + 3)
        factor = max(width, height) / source_size
        crop = image[y0:y1, x0:x1]
        image = np.asarray(
            cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA), dtype=np.uint8
        )
        ordered = ((ordered - np.array([x0, y0], np.float32) + 0.5) * factor - 0.5).astype(np.float32)
    homography = cv2.getPerspectiveTransform(ordered, target)
    warped = cv2.warpPerspective(
        image, homography, (width, height), flags=interpolation, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(warped, dtype=np.uint8)
