"""Where the page might be: candidate quadrilaterals from outlines, unions of regions and straight edges.

Each source covers a failure of the others: a closed outline is exact when the page border is visible
all round; a union of two touching regions recovers a page cut in two by a cast shadow; quads from the
longest straight edges survive a thumb over a corner or a faint white-on-white border that leaves the
outline open. ``detect.py`` scores them all.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from drivers.camera.edges import edge_support
from drivers.camera.geometry import FloatArray, corner_angles, intersect, is_convex, line_through, quad_area

U8 = npt.NDArray[np.uint8]
MIN_AREA_FRACTION = 0.08  # smaller pages would be refused as too small anyway (quality.too_small)
MAX_HULLS = 10
MAX_LINES = 10
MAX_UNION_HULLS = 7


def candidate_hulls(flat: U8, thresholds: tuple[int, int]) -> list[npt.NDArray[np.int32]]:
    h, w = flat.shape[:2]
    min_area = MIN_AREA_FRACTION * w * h
    edges: U8 = np.zeros((h, w), np.uint8)
    for channel in cv2.split(flat):
        edges |= np.asarray(cv2.Canny(channel, thresholds[0], thresholds[1], L2gradient=True), dtype=np.uint8)
    edges = np.asarray(cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))), dtype=np.uint8)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    hulls: list[tuple[float, npt.NDArray[np.int32]]] = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw * ch < min_area:
            continue
        hull = cv2.convexHull(contour)
        area = float(cv2.contourArea(hull))
        if area >= min_area:
            hulls.append((area, np.asarray(hull, dtype=np.int32)))
    hulls.sort(key=lambda item: -item[0])
    return [hull for _, hull in hulls[:MAX_HULLS]]


def quad_of(hull: npt.NDArray[np.int32], shape: tuple[int, ...]) -> FloatArray | None:
    quad = hull_to_quad(hull.reshape(-1, 2).astype(np.float64))
    return quad if quad is not None and plausible(quad, shape[1], shape[0]) else None


def union_quads(hulls: list[npt.NDArray[np.int32]], shape: tuple[int, ...]) -> list[FloatArray]:
    """Quads around pairs of touching regions: the lit and the shadowed part of one page."""
    boxes = [tuple(int(v) for v in cv2.boundingRect(h)) for h in hulls]
    out: list[FloatArray] = []
    for i in range(len(hulls)):
        for j in range(i + 1, len(hulls)):
            if not _boxes_touch(boxes[i], boxes[j]):  # type: ignore[arg-type]
                continue
            merged = np.asarray(cv2.convexHull(np.vstack([hulls[i], hulls[j]])), dtype=np.int32)
            quad = quad_of(merged, shape)
            if quad is not None:
                out.append(quad)
    return out


def line_quads(
    flat: U8, gx: npt.NDArray[np.float32], gy: npt.NDArray[np.float32], busyness: float = 10.0
) -> list[FloatArray]:
    """Quads from the longest straight edges: two roughly parallel lines crossed by two others.

    ``busyness`` is the desk's typical gradient (Sobel units, 10 for a plain desk): on wood the grain
    itself forms long straight edges, so the edge thresholds rise with it, and every segment counts
    only as far as a real one-way step backs it (``gx``, ``gy``: the Sobel derivatives of ``flat``),
    or grain crowds out the page.
    """
    h, w = flat.shape[:2]
    grey = cv2.cvtColor(flat[:, :, :3], cv2.COLOR_BGR2GRAY) if flat.ndim == 3 else flat
    low = 5.0 * busyness / 10.0
    edges: U8 = np.asarray(cv2.Canny(grey, low, 3 * low, L2gradient=True), dtype=np.uint8)
    for channel in cv2.split(flat) if flat.ndim == 3 else []:
        edges |= np.asarray(
            cv2.Canny(channel, 1.2 * busyness, 3.6 * busyness, L2gradient=True), dtype=np.uint8
        )
    min_length = 0.12 * min(w, h)
    segments = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=25, minLineLength=min_length, maxLineGap=6)
    if segments is None:
        return []
    raw = segments.reshape(-1, 4).astype(np.float64)
    ends = raw.reshape(-1, 2, 2)
    as_quads = np.concatenate([ends, ends[:, ::-1] + 0.01], axis=1)  # side 0 is the segment itself
    backing = edge_support(gx, gy, as_quads, (w, h), busyness)[0][:, 0]
    keep = backing >= 0.5
    lines = _merge_segments(raw[keep], backing[keep])
    quads: list[FloatArray] = []
    pairs = [
        (i, j)
        for i in range(len(lines))
        for j in range(i + 1, len(lines))
        if _angle_between(lines[i][0], lines[j][0]) < np.deg2rad(35)
        and abs(lines[i][1] - lines[j][1]) > min_length
    ]
    for a, b in pairs:
        for c, d in pairs:
            if c <= a or len({a, b, c, d}) < 4:
                continue
            if _angle_between(lines[a][0], lines[c][0]) < np.deg2rad(40):
                continue
            hom = [_homogeneous(lines[k]) for k in (a, c, b, d)]
            corners = [intersect(hom[k], hom[(k + 1) % 4]) for k in range(4)]
            if any(p is None for p in corners):
                continue
            quad = np.array(corners, dtype=np.float64)
            if plausible(quad, w, h) and quad_area(quad) >= MIN_AREA_FRACTION * w * h:
                quads.append(quad)
    return quads


def _merge_segments(segments: FloatArray, weights: FloatArray) -> list[tuple[float, float, float]]:
    """Collinear segments as lines (angle, offset, backed length), longest first, at most MAX_LINES."""
    dx = segments[:, 2] - segments[:, 0]
    dy = segments[:, 3] - segments[:, 1]
    lengths = np.hypot(dx, dy) * weights
    theta = np.mod(np.arctan2(dy, dx) + np.pi / 2, np.pi)  # normal angle in [0, pi)
    rho = segments[:, 0] * np.cos(theta) + segments[:, 1] * np.sin(theta)
    lines: list[list[float]] = []
    for k in np.argsort(-lengths):
        for line in lines:
            if (
                _angle_between(line[0], theta[k]) < np.deg2rad(3)
                and abs(_rho_at(line[0], line[1], theta[k]) - rho[k]) < 4
            ):
                line[2] += lengths[k]
                break
        else:
            lines.append([float(theta[k]), float(rho[k]), float(lengths[k])])
    lines.sort(key=lambda line: -line[2])
    return [(line[0], line[1], line[2]) for line in lines[:MAX_LINES]]


def _rho_at(theta: float, rho: float, other: float) -> float:
    # a line stored as (theta, rho) compared at a nearly equal angle: flip the sign across the 0/pi seam
    return -rho if abs(theta - other) > np.pi / 2 else rho


def _angle_between(t1: float, t2: float) -> float:
    d = abs(t1 - t2) % np.pi
    return float(min(d, np.pi - d))


def _homogeneous(line: tuple[float, float, float]) -> FloatArray:
    theta, rho, _ = line
    return np.array([np.cos(theta), np.sin(theta), -rho])


def _boxes_touch(a: tuple[int, int, int, int], b: tuple[int, int, int, int], gap: int = 4) -> bool:
    return not (
        a[0] + a[2] + gap < b[0]
        or b[0] + b[2] + gap < a[0]
        or a[1] + a[3] + gap < b[1]
        or b[1] + b[3] + gap < a[1]
    )


def hull_to_quad(hull: FloatArray) -> FloatArray | None:
    """Reduce a convex polygon to four vertices, each step adding the least area.

    Replacing an edge by the meeting point of its two neighbours re-creates a corner that was cut off
    (by a thumb, a shadow or the frame border) instead of dropping it.
    """
    perimeter = float(cv2.arcLength(hull.astype(np.float32).reshape(-1, 1, 2), True))
    pts = cv2.approxPolyDP(hull.astype(np.float32).reshape(-1, 1, 2), 0.01 * perimeter, True)
    poly = [p for p in pts.reshape(-1, 2).astype(np.float64)]
    while len(poly) > 4:
        n = len(poly)
        best_i, best_area, best_point = -1, np.inf, None
        for i in range(n):
            a, b, c, d = poly[i - 1], poly[i], poly[(i + 1) % n], poly[(i + 2) % n]
            p = intersect(line_through(a, b), line_through(c, d))
            if p is None:
                continue
            # the new vertex must lie beyond edge b-c (outside the polygon), not behind a or d
            if np.dot(p - b, b - a) < 0 or np.dot(p - c, c - d) < 0:
                continue
            added = abs((c[0] - b[0]) * (p[1] - b[1]) - (c[1] - b[1]) * (p[0] - b[0])) / 2.0
            if added < best_area:
                best_i, best_area, best_point = i, added, p
        if best_point is None:
            return None
        i = best_i
        poly[i] = best_point
        del poly[(i + 1) % n]
    if len(poly) < 4:
        return None
    return np.asarray(poly, dtype=np.float64)


def plausible(quad: FloatArray, w: int, h: int) -> bool:
    if not is_convex(quad):
        return False
    margin = 0.25 * max(w, h)
    if np.any(quad[:, 0] < -margin) or np.any(quad[:, 0] > w + margin):
        return False
    if np.any(quad[:, 1] < -margin) or np.any(quad[:, 1] > h + margin):
        return False
    angles = corner_angles(quad)
    return bool(np.all(angles > 35) and np.all(angles < 145))
