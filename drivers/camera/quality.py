"""The quality gate: should the villager retake the shot, and why (in codes the UI turns into Chinese).

Measures, all on the page itself rather than the whole frame:
- sharpness: on the straightened page at a fixed scale (long side ``MEASURE_SIZE`` px), how steep the
  strongest edges are (second over first derivative), in x and in y separately so motion blur in one
  direction shows; unlike the variance of the Laplacian (also reported) it does not depend on how much
  text the page carries;
- glare: share of the page covered by blobs of clipped near-white pixels (a lamp's reflection burns the
  text away; paper itself is never fully clipped with normal exposure);
- cut off: a corner on or outside the frame border;
- too small: the page's shorter side spans under a quarter of the frame's (too far away to be legible).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.geometry import Quad, quad_area, side_lengths
from drivers.camera.warp import warp_page

U8 = npt.NDArray[np.uint8]

MEASURE_SIZE = 640
MIN_SHORT_SIDE = 0.25  # of the frame's shorter side
MIN_AREA_FRACTION = 0.05
BORDER_MARGIN = 0.006  # of the frame's shorter side
# Steepness of the strongest edges (|second derivative| / |first|, worse of x and y): crisp print
# measures 0.27-0.45, a shaken or defocused shot 0.07-0.19 (synthetic set, bench/bench_capture.py).
BLUR_STEEPNESS = 0.2
GLARE_LEVEL = 250
MAX_GLARE_FRACTION = 0.004

NO_PAGE = "quality.no_page"
CUT_OFF = "quality.cut_off"
TOO_SMALL = "quality.too_small"
BLURRY = "quality.blurry"
GLARE = "quality.glare"


@dataclasses.dataclass(frozen=True)
class QualityVerdict:
    ok: bool
    problems: list[str]
    measures: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "problems": list(self.problems), "measures": dict(self.measures)}


def assess(image: U8, quad: Quad | None, frame_shape: tuple[int, ...]) -> QualityVerdict:
    """Judge a shot. ``image`` is either the whole frame (same shape as ``frame_shape``) or the page
    already straightened from it; ``quad`` is where the page lies in the frame (None: no page found)."""
    if quad is None:
        return QualityVerdict(False, [NO_PAGE], {})
    fh, fw = frame_shape[:2]
    problems: list[str] = []
    measures: dict[str, float] = {}
    margin = max(2.0, BORDER_MARGIN * min(fw, fh))
    q = np.asarray(quad, dtype=np.float64)
    distance = float(np.min(np.concatenate([q[:, 0], q[:, 1], fw - 1 - q[:, 0], fh - 1 - q[:, 1]])))
    measures["border_distance_px"] = round(distance, 1)
    if distance < margin:
        problems.append(CUT_OFF)
    area = quad_area(q) / float(fw * fh)
    measures["area_fraction"] = round(area, 4)
    sides = side_lengths(q)
    short_side = float(min(sides[0] + sides[2], sides[1] + sides[3]) / 2.0) / min(fw, fh)
    measures["short_side_fraction"] = round(short_side, 4)
    # Judged by the page's shorter side, not its area: an ID card filling a third of the frame's height
    # is legible, though it covers only a tenth of the frame.
    if short_side < MIN_SHORT_SIDE or area < MIN_AREA_FRACTION:
        problems.append(TOO_SMALL)
    page = measuring_page(image, q, frame_shape)
    measures.update(sharpness_measures(page))
    measures["glare_fraction"] = round(glare_fraction(page), 5)
    if is_blurry(measures):
        problems.append(BLURRY)
    if measures["glare_fraction"] > MAX_GLARE_FRACTION:
        problems.append(GLARE)
    return QualityVerdict(not problems, problems, measures)


def measuring_page(image: U8, quad: npt.ArrayLike, frame_shape: tuple[int, ...]) -> U8:
    if image.shape[:2] == tuple(frame_shape[:2]):
        page = warp_page(image, quad, kind="free", max_side=MEASURE_SIZE)
    else:
        page = image
    h, w = page.shape[:2]
    scale = MEASURE_SIZE / max(h, w)
    if scale < 1.0:  # never enlarge: enlarging would itself look blurry
        page = np.asarray(
            cv2.resize(
                page, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA
            ),
            dtype=np.uint8,
        )
    return np.asarray(page, dtype=np.uint8)


def _grey(page: U8) -> U8:
    return page if page.ndim == 2 else np.asarray(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def sharpness_measures(page: U8) -> dict[str, float]:
    grey = _grey(page)
    h, w = grey.shape
    inner = grey[h // 20 : h - h // 20, w // 20 : w - w // 20]  # the page border is an edge, not text
    lap = cv2.Laplacian(inner, cv2.CV_32F, ksize=3)
    gx = cv2.Sobel(inner, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(inner, cv2.CV_32F, 0, 1, ksize=3)
    grad = cv2.magnitude(gx, gy)
    strong = grad >= max(float(np.percentile(grad, 98)), 20.0)
    steepness = float(np.abs(lap[strong]).mean() / grad[strong].mean()) if strong.any() else 0.0
    # Motion blur smears along one direction only, and edges across it stay crisp: judge each direction
    # by its own steepest edges and keep the worse.
    directional = []
    for dx, dy in ((1, 0), (0, 1)):
        first = np.abs(cv2.Sobel(inner, cv2.CV_32F, dx, dy, ksize=3))
        second = np.abs(cv2.Sobel(inner, cv2.CV_32F, 2 * dx, 2 * dy, ksize=3))
        top = first >= max(float(np.percentile(first, 98)), 20.0)
        directional.append(float(second[top].mean() / first[top].mean()) if top.any() else 0.0)
    return {
        "laplacian_var": round(float(lap.var()), 1),
        "edge_steepness": round(steepness, 4),
        "directional_steepness": round(min(directional), 4),
    }


def is_blurry(measures: dict[str, float]) -> bool:
    return measures.get("directional_steepness", 0.0) < BLUR_STEEPNESS


def glare_fraction(page: U8) -> float:
    """Share of the page inside blobs of clipped near-white pixels."""
    grey = page.min(axis=2) if page.ndim == 3 else page
    clipped = (grey >= GLARE_LEVEL).astype(np.uint8)
    clipped = cv2.morphologyEx(clipped, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(clipped, connectivity=8)
    min_blob = 0.0005 * grey.size
    total = sum(
        int(stats[i, cv2.CC_STAT_AREA]) for i in range(1, count) if stats[i, cv2.CC_STAT_AREA] >= min_blob
    )
    return total / float(grey.size)
